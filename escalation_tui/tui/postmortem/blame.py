"""The blame check list: each flagged sentence with where it is and why it was flagged.

The check only points; the author's words are shown exactly as written. A flag in a lesson
or in one of the free texts can be edited from here; the others are edited where they were
written, and the row says where that is.
"""

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.widgets.option_list import Option

from ...domain.blameless import BlameFlag
from ..controls.nav import VimOptionList
from ..keys import bindings
from .lessons import TEXT_LABELS, StyleOf, hanging, theme_style

# Where the rest is changed, by the first part of a flag's ref.
ELSEWHERE = {
    "title": "the incident title: it is set when the incident is declared",
    "whys": "change it in the war room's 5 Whys pane (3)",
    "problems": "change it in the war room's 5 Whys pane (3)",
    "actions": "change it in the war room's Action items pane (4)",
    "timeline": "a timeline entry: the timeline keeps what was logged",
    "updates": "a sent update: it stays as it was sent",
}


def editable(flag: BlameFlag) -> bool:
    """A lesson or one of the free texts: this screen can open it for editing."""
    parts = flag.ref.split(".")
    return (parts[0] == "lessons" and len(parts) == 3) or (len(parts) == 1 and parts[0] in TEXT_LABELS)


def flag_prompt(flag: BlameFlag, style: StyleOf) -> Group:
    """Where, the sentence with the flagged words marked, and why; user text as Text, never markup."""
    hint = "e or enter edits it" if editable(flag) else ELSEWHERE.get(flag.ref.split(".")[0], "")
    where = Text.assemble((flag.where, style("blame--where")), "  ", (hint, style("blame--hint")))
    sentence = Text(flag.sentence)
    sentence.stylize(style("blame--phrase"), flag.start, flag.start + len(flag.phrase))
    reason = Text(flag.reason, style=style("blame--reason"))
    return Group(where, hanging("  ", sentence), hanging("  ", reason))


def flag_options(flags: list[BlameFlag], style: StyleOf) -> list[Option | None]:
    """One option per flag (id: its index), a separator line between them."""
    options: list[Option | None] = []
    for n, flag in enumerate(flags):
        if n:
            options.append(None)
        options.append(Option(flag_prompt(flag, style), id=str(n)))
    return options


class BlameList(VimOptionList):
    BINDINGS = bindings("postmortem", widget="blame")
    COMPONENT_CLASSES: ClassVar[set[str]] = {"blame--where", "blame--hint", "blame--phrase", "blame--reason"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flags: list[BlameFlag] = []

    @property
    def flag(self) -> BlameFlag | None:
        option = self.highlighted_option
        return self.flags[int(option.id)] if option is not None and option.id else None

    def show(self, flags: list[BlameFlag]) -> None:
        keep = int(self.highlighted_option.id or 0) if self.highlighted_option else 0
        self.flags = list(flags)
        self.set_options(flag_options(self.flags, lambda name: theme_style(self, name)))
        if self.flags:
            self.highlighted = self.get_option_index(str(min(keep, len(self.flags) - 1)))
