"""Escaping user text for the place it lands in a CommonMark + GFM document.

Every user string in the post-mortem goes through exactly one of these functions, chosen by
where it lands: inline text (a sentence inside our own markup), a table cell, a heading, a
list item, a block of paragraphs, an inline code span or a fenced code block. Whatever the
user typed, the document keeps the structure we built (no new headings, lists, tables, links,
emphasis or raw HTML); their text shows literally.

How:
- Control and bidi characters are stripped with ``domain.text.clean_text``.
- ASCII punctuation that starts inline constructs anywhere on a line is backslash-escaped:
  ``\\ ` * _ [ ] < > | ~ $`` and ``&`` before a letter, digit or ``#`` (``<`` so raw HTML
  shows as text, ``&`` so entity references like ``&lt;`` do too,
  ``|`` for table cells, ``~`` and ``$`` for GitHub's strikethrough and math).
- What only matters at the start of a line (``#`` headings, ``-``/``+`` bullets, ``=``/``-``
  setext underlines, ``1.``/``1)`` ordered lists, indented code) is handled per line:
  leading spaces and tabs are dropped and the first marker character is escaped.
- Line breaks inside a paragraph or list item become hard breaks (a trailing backslash);
  inside a table cell they become ``<br>``, the only HTML this module generates.

Escapes are added only where they matter, so the raw Markdown stays readable
("release 2.3.1" stays as it is; "snake_case" becomes ``snake\\_case``).
"""

from __future__ import annotations

import re

from ..domain.text import clean_text

__all__ = [
    "LINE_BREAK_IN_CELL",
    "code_span",
    "escape_block",
    "escape_cell",
    "escape_heading",
    "escape_inline",
    "escape_list_item",
    "fenced_block",
]

#: The one piece of HTML we write ourselves: a line break inside a table cell.
LINE_BREAK_IN_CELL = "<br>"

# Characters that open or close an inline construct wherever they stand; "&" only where it
# could start an entity or character reference ("&amp;", "&#60;"), so "A & B" stays as is.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>|~$]|&(?=[A-Za-z0-9#])")
# The same plus "#", for headings (a trailing "#" run would close an ATX heading).
_INLINE_AND_HASH = re.compile(r"[\\`*_\[\]<>|~$#]|&(?=[A-Za-z0-9#])")
# A line that would start an ordered list item ("1." or "1)").
_ORDERED_MARKER = re.compile(r"(\d+)([.)])")
# First characters that start a block (heading, bullet, setext underline) at a line start.
# ("*", ">", "_", "`", "~", "<" and "|" are already escaped by _INLINE_SPECIAL.)
_BLOCK_START = frozenset("#-+=")
_BACKTICK_RUN = re.compile(r"`+")
_HARD_BREAK = "\\\n"


def _escape_line(line: str, *, every_hash: bool = False) -> str:
    """One line of user text, safe wherever a line of inline content may start."""
    line = line.strip(" \t")
    pattern = _INLINE_AND_HASH if every_hash else _INLINE_SPECIAL
    escaped = pattern.sub(lambda m: "\\" + m.group(), line)
    ordered = _ORDERED_MARKER.match(escaped)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{escaped[ordered.end() :]}"
    if escaped[:1] in _BLOCK_START:
        return "\\" + escaped
    return escaped


def _lines(text: str) -> list[str]:
    return clean_text(text, multiline=True).split("\n")


def escape_inline(text: str) -> str:
    """Text inside one line of our own markup (a sentence, a list item's label...).

    Newlines become spaces. Safe at the start of a line too.
    """
    return _escape_line(clean_text(text, multiline=False))


def escape_heading(text: str) -> str:
    """The text of an ATX heading: one line, and every ``#`` escaped.

    (A trailing ``#`` run would otherwise be taken as the heading's closing sequence.)
    """
    return _escape_line(clean_text(text, multiline=False), every_hash=True)


def escape_cell(text: str) -> str:
    """The content of a GFM table cell: pipes escaped, line breaks as ``<br>``.

    Blank lines are kept as one empty line (``<br><br>``) so paragraphs stay apart.
    """
    out: list[str] = []
    for line in _lines(text):
        escaped = _escape_line(line)
        if escaped or (out and out[-1]):
            out.append(escaped)
    while out and not out[-1]:
        out.pop()
    return LINE_BREAK_IN_CELL.join(out)


def escape_list_item(text: str, indent: int = 2) -> str:
    """The text after a list marker (``- `` or ``1. ``); ``indent`` is the marker's width.

    Every line stays inside the one item: lines are joined with hard breaks and indented
    under the marker. Blank lines are dropped, so the list stays tight.
    """
    lines = [_escape_line(line) for line in _lines(text)]
    return (_HARD_BREAK + " " * indent).join(line for line in lines if line)


def escape_block(text: str) -> str:
    """Free text as one or more paragraphs (blank lines separate them, as the user typed).

    The caller puts it on its own lines, separated from other blocks by blank lines.
    """
    paragraphs: list[list[str]] = [[]]
    for line in _lines(text):
        escaped = _escape_line(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(_HARD_BREAK.join(p) for p in paragraphs if p)


def _longest_backtick_run(text: str) -> int:
    return max((len(m.group()) for m in _BACKTICK_RUN.finditer(text)), default=0)


def code_span(text: str, *, in_table: bool = False) -> str:
    """Inline code showing ``text`` literally (one line).

    The backtick fence is longer than any backtick run inside; a space pads content that
    starts or ends with a backtick. In a table cell ``|`` still splits the row even inside
    code, so ``in_table`` escapes it as ``\\|`` (GFM removes that backslash again).
    """
    content = clean_text(text, multiline=False)
    fence = "`" * (_longest_backtick_run(content) + 1)
    if (
        content.startswith("`")
        or content.endswith("`")
        or (content.startswith(" ") and content.endswith(" ") and content.strip(" "))
        or not content
    ):
        content = f" {content} "
    if in_table:
        content = content.replace("|", "\\|")
    return f"{fence}{content}{fence}"


def _clean_keep_indent(text: str) -> str:
    # clean_text strips the text's ends; sentinels keep the first line's indentation.
    return clean_text(f".{text}.", multiline=True)[1:-1].rstrip("\n")


def fenced_block(text: str, info: str = "") -> str:
    """A fenced code block showing ``text`` verbatim (indentation kept).

    The fence is a backtick run longer than any inside the text (at least three), so no
    line of the text can close it. ``info`` (e.g. a language) is cleaned to one line
    without backticks, which a backtick fence's info string may not contain.
    """
    content = _clean_keep_indent(text)
    fence = "`" * max(3, _longest_backtick_run(content) + 1)
    info = clean_text(info, multiline=False).replace("`", "")
    body = f"{content}\n" if content else ""
    return f"{fence}{info}\n{body}{fence}"
