"""Cleaning of user text where it enters the domain.

Textual sends ESC, NUL and C1 characters straight to the terminal even with markup off,
so a title could clear the screen or write the clipboard. We strip every control
character except newline and tab (in multi-line text) and the bidi controls that can
make text read differently from how it is stored.
"""

import re
import unicodedata

# Bidi embeddings, overrides and isolates (LRE..RLO, LRI..PDI).
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def clean_text(value: str, *, multiline: bool) -> str:
    """Normalise line breaks and strip control and bidi characters.

    One-line text gets newlines and tabs turned into spaces, so a pasted title
    stays a title.
    """
    text = _LINE_BREAKS.sub("\n", value)
    text = unicodedata.normalize("NFC", text)
    if multiline:
        return _CONTROL_MULTILINE.sub("", text).strip()
    text = re.sub(r"[\n\t]+", " ", text)
    return _CONTROL_ONE_LINE.sub("", text).strip()


def first_line(text: str, width: int = 60) -> str:
    """The first line of text, shortened with an ellipsis to fit width."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def slugify(text: str, max_len: int = 40) -> str:
    """A lowercase ASCII slug for file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "incident"
