"""The post-mortem preview: Textual's Markdown widget, with tables drawn safely and cheaply.

Upstream (Textual 8.2.8) draws a Markdown table as a grid with one widget per cell, and
`MarkdownTableContent.compose` gives each body cell the tooltip `cell.plain`, a *str*.
A tooltip is a Static, which parses a str as markup when it is shown: hovering a cell whose
text reads `a [/ b` raises MarkupError and takes the app down, and `[b]x[/b]` would be
styled instead of shown (textual #6642). The Markdown escapes (`\\[`) are already resolved
in `cell.plain`, so no escaping of the document can prevent it.

Here a table is one Static holding a Rich Table of Rich Text cells: there is nothing per
cell to hover, no tooltip, and no markup parsing. It also means one widget per table
instead of one per cell, a fraction of the widgets, and laying them out was most of the time
the preview took.

Cell line breaks: the widget drops inline HTML, so `a<br>b` (the one piece of HTML the
export writes, for a newline in a cell) would show as "ab". Table cells turn it into a
line break here. Only the preview changes; the saved file is what render_postmortem returns.
"""

from markdown_it.token import Token
from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Markdown, Static

from ..textual_internals import (
    CellTokens,
    MarkdownBlock,
    MarkdownTable,
    MarkdownTD,
    MarkdownTH,
    markdown_table_cells,
)

BREAK_TAGS = frozenset({"<br>", "<br/>", "<br />"})
# The inline styles Markdown gives cell text (CSS class names), as Rich styles.
INLINE_STYLES = {".strong": "bold", ".em": "italic", ".s": "strike", ".code_inline": "bold"}


def rich_text(content: Content) -> Text:
    """A cell's Content as Rich Text: the same characters, the inline styles we know."""
    text = Text(content.plain)
    for span in content.spans:
        style = INLINE_STYLES.get(span.style) if isinstance(span.style, str) else None
        if style:
            text.stylize(style, span.start, span.end)
    return text


class PreviewTable(MarkdownTable):
    """A whole table as one Rich Table: no cell widgets, so no cell tooltips to crash."""

    def compose(self) -> ComposeResult:
        headers, rows = markdown_table_cells(self)
        table = Table(box=box.ROUNDED, show_lines=True, expand=True, header_style="bold", border_style="dim")
        for header in headers:
            table.add_column(rich_text(header))
        for row in rows:
            table.add_row(*(rich_text(cell) for cell in row))
        self.table = table
        yield Static(table, classes="preview-table")


def _with_breaks(token: Token) -> Token:
    """The inline token with each `<br>` as a hard line break."""
    if not token.children:
        return token
    children = [
        Token("hardbreak", "br", 0)
        if c.type == "html_inline" and c.content.strip().lower() in BREAK_TAGS
        else c
        for c in token.children
    ]
    return token.copy(children=children)


class BreakingTD(CellTokens, MarkdownTD):
    def cell_token(self, token: Token) -> Token:
        return _with_breaks(token)


class BreakingTH(CellTokens, MarkdownTH):
    def cell_token(self, token: Token) -> Token:
        return _with_breaks(token)


class PostMortemPreview(Markdown):
    """Markdown that never opens links and survives any text in its tables."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {  # noqa: RUF012 (Markdown declares it per instance)
        **Markdown.BLOCKS,
        "table_open": PreviewTable,
        "td_open": BreakingTD,
        "th_open": BreakingTH,
    }

    def __init__(self, markdown: str | None = None, **kwargs) -> None:
        kwargs["open_links"] = False  # a link in a post-mortem is read, not followed from here
        super().__init__(markdown, **kwargs)
