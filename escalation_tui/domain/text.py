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
# Lone surrogates: what Python makes of bytes that are not UTF-8 (in argv, in file names)
# and what JSON's "\ud800" decodes to. They cannot be written out as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(value: str, *, multiline: bool) -> str:
    """Normalise line breaks and strip control and bidi characters.

    One-line text gets newlines and tabs turned into spaces, so a pasted title
    stays a title.
    """
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        # Nothing below would change it: every character the patterns remove or replace
        # (controls, bidi, line separators, surrogates, newline and tab) is not printable.
        # Most text takes this path, and loading an incident cleans every field of it.
        return value.strip()
    text = _SURROGATES.sub(REPLACEMENT, _LINE_BREAKS.sub("\n", value))
    text = unicodedata.normalize("NFC", text)
    if multiline:
        return _CONTROL_MULTILINE.sub("", text).strip()
    text = re.sub(r"[\n\t]+", " ", text)
    return _CONTROL_ONE_LINE.sub("", text).strip()


# -- the one sanitiser for terminal output ------------------------------------------
# Everything the program writes to a terminal (stdout, stderr, toasts, dialog messages)
# passes through for_terminal, whatever it is made of: our own words, data that the
# validators cleaned, and data they never saw (file names, config keys, store keys).
_TERMINAL_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_TERMINAL_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_VISIBLE = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _visible(match: re.Match) -> str:
    char = match.group()
    if char in _VISIBLE:
        return _VISIBLE[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """Text that cannot act on a terminal: control and bidi characters shown as escapes.

    ESC becomes the four characters ``\\x1b``, so an OSC or CSI sequence is shown, never
    run; a lone surrogate becomes U+FFFD, so writing never fails. Newline and tab are
    kept, unless ``one_line`` (an error or warning line), where they are escaped too.
    Text without such characters comes back unchanged.
    """
    pattern = _TERMINAL_UNSAFE_ONE_LINE if one_line else _TERMINAL_UNSAFE
    return pattern.sub(_visible, text)


def shown_path(path: object) -> str:
    """A file or folder name as printed anywhere: one line, through the same sanitiser as data.

    A name may hold a newline or an escape sequence (`-o $'new\\nline.md'`); it is shown as
    an escape, so "wrote …" stays one line that cannot act on the terminal.
    """
    return for_terminal(str(path), one_line=True)


def first_line(text: str, width: int = 60) -> str:
    """The first line of text, shortened with an ellipsis to fit width."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def slugify(text: str, max_len: int = 40) -> str:
    """A lowercase ASCII slug for file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "incident"
