"""The yardstick for start-up: a minimal Textual app (Header + Static + Footer) that also
imports pydantic's BaseModel, which the TUI needs too (pydantic imports lazily: a bare
`import pydantic` would leave the model machinery out of the yardstick)."""

from pydantic import BaseModel  # noqa: F401  # loaded, as the TUI loads it
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "Minimal first frame"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
