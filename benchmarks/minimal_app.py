"""The yardstick for start-up: a minimal Textual app (Header + Static + Footer)."""

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
