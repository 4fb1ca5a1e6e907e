"""A screen shown for the first time is styled once, not twice.

Textual styles each widget as it is mounted, then styles the whole screen again when a pushed
screen resumes (ScreenResume.refresh_styles): that pass is for app-wide changes (a theme)
made while a screen was hidden. A screen that has just been mounted was never hidden, and a
theme change restyles every screen on the stack anyway (App.refresh_css): the second pass
changed nothing, at a cost the launch benchmark shows. Later resumes (a kept
dialog shown again, after being off the stack) are styled as Textual does.
"""

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen as _Screen
else:
    _Screen = object  # a mixin, not a DOM class: Textual's CSS type names follow the first DOM base


class StyledOnce(_Screen):
    """Put before the Textual screen class: `class HelpScreen(StyledOnce, ModalScreen[None])`."""

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed and event.refresh_styles:
            event.refresh_styles = False
            self.app.stylesheet.update_nodes([self], animate=False)  # the screen itself: cheap, and
            # what Textual would restyle if the screen brought CSS of its own (ours are app-wide)
        self._resumed = True
        # No super() call: Textual dispatches the handler of every class in the MRO, so
        # Screen's own runs next anyway (calling it here refreshed every resume twice).
