"""The footer's key hints drawn as one line by one widget.

Textual's Footer mounts a widget per key and recomposes on every focus change: in the war
room that restyled dozens of widgets per pane switch and cost more than the switch itself. This
bar only repaints; a click on a key presses it, as the Footer's keys do.
"""

from itertools import groupby
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

DIM = Style(dim=True)  # a key that does nothing here


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    compact = reactive(False, toggle_class="-compact")
    show_command_palette = reactive(True)

    def __init__(self, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.compact, compact)
        self.set_class(compact, "-compact")
        self.hits: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled
        self.drawn: tuple | None = None  # looks() as last rendered

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # Panes ask for this after most changes; a repaint of keys that look the same still
        # costs the screen another frame (a key's screen update waited for it).
        if self.is_attached and screen is self.screen and self.looks() != self.drawn:
            self.refresh()

    def looks(self) -> tuple:
        """What render draws from: the keys shown, whether each is enabled, the palette key."""
        shown = tuple((binding.key, binding.description, enabled) for binding, enabled in self.shown())
        palette = self.palette_binding()
        return shown, palette.key if palette is not None else None

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings to show, one per action, in the order the screen gives them."""
        seen: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled)
        return list(seen.values())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        gap = "" if self.compact else " "  # as Footer: " k desc " wide, "k desc " compact
        lead = " " if self.compact else ""
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        self.hits = []
        self.drawn = self.looks()

        def add_key(binding: Binding, enabled: bool) -> None:
            start = line.cell_len
            style = key_style if enabled else key_style + DIM
            line.append(f"{gap}{self.app.get_key_display(binding)}{gap}", style)
            self.hits.append((start, line.cell_len, binding.key, enabled))

        for group, members in groupby(self.shown(), lambda item: item[0].group):
            items = list(members)
            if group is not None and len(items) > 1:
                for binding, enabled in items:
                    add_key(binding, enabled)
                line.append(f"{lead}{group.description} ", text_style)
            else:
                for binding, enabled in items:
                    add_key(binding, enabled)
                    line.append(f"{lead}{binding.description} ", text_style if enabled else text_style + DIM)
        palette = self.palette_binding()
        if palette is not None:
            key = self.app.get_key_display(palette)
            hint = Text.assemble((f" {key}", key_style), (f" {palette.description} ", text_style))
            room = self.size.width - hint.cell_len
            if room > 0:
                line.truncate(room, overflow="ellipsis", pad=True)
                start = line.cell_len
                line.append_text(hint)
                self.hits.append((start, line.cell_len, palette.key, True))
        return line

    def palette_binding(self) -> Binding | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return active.binding if active is not None else None

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self.hits:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
