"""What a real terminal shows: every frame the app sends, played into a terminal emulator.

Pilot runs headless, so nothing is written anywhere and the tests' screen_text draws the whole
screen afresh: a repaint that never reached the terminal would go unnoticed. The app draws
fewer frames than Textual would on its own (controls/same_frame.py) and keeps drawn table
cells across changes (controls/kept_cells.py), so the tests replay the frames themselves
(pyte) and compare the result, character and colour, with a full redraw from nothing kept.
"""

import pyte
from pyte.screens import Char
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import DataTable

from escalation_tui.tui.controls.kept_cells import KeepsDrawnCells


class Terminal:
    def __init__(self, app: App, size: tuple[int, int]) -> None:
        self.app = app
        self.size = size
        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        self.frames = 0
        original = app._display

        def display(screen, renderable) -> None:
            # What App._display writes to a real terminal (it writes nothing when headless).
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.stream.feed(renderable.render_segments(app.console))
                self.frames += 1
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def shows(self) -> list[list[Char]]:
        return _cells(self.screen, self.size)

    def redrawn(self) -> list[list[Char]]:
        """The screen drawn whole, now, into a fresh terminal, with every table's drawn
        lines and cells forgotten first (the app keeps them across changes: kept_cells.py)."""
        for table in self.app.screen.query(DataTable):
            assert isinstance(table, KeepsDrawnCells), "every table keeps its drawn cells: see nav.py"
            table.forget_drawn()
            table._styles_cache.clear()
        screen = pyte.Screen(*self.size)
        full = self.app.screen._compositor.render_update(full=True, screen_stack=self.app._background_screens)
        pyte.Stream(screen).feed(full.render_segments(self.app.console))
        return _cells(screen, self.size)

    def stale_lines(self) -> list[str]:
        """The lines the terminal shows differently from a full redraw (text or colours)."""
        shown, redrawn = self.shows(), self.redrawn()
        return [
            f"line {y}: shows {line_text(a)!r}, redrawn {line_text(b)!r}, first differing cell "
            f"{next(((x, c, d) for x, (c, d) in enumerate(zip(a, b, strict=True)) if c != d), None)}"
            for y, (a, b) in enumerate(zip(shown, redrawn, strict=True))
            if a != b
        ]


def _cells(screen: pyte.Screen, size: tuple[int, int]) -> list[list[Char]]:
    width, height = size
    return [[screen.buffer[y][x] for x in range(width)] for y in range(height)]


def line_text(line: list[Char]) -> str:
    return "".join(char.data for char in line).rstrip()
