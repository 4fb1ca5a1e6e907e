"""A screen shown for the first time is styled once, not twice.

Textual styles each widget as it is mounted, then styles the whole screen again when a pushed
screen resumes (ScreenResume.refresh_styles): that pass is for app-wide changes (a theme)
made while a screen was hidden. A screen that has just been mounted was never hidden, and a
theme change restyles every screen on the stack anyway (App.refresh_css): the second pass
changed nothing, at a cost the launch benchmark shows. Later resumes (a kept
dialog shown again, after being off the stack) are styled as Textual does.
"""

from textual import events

from ..textual_internals import ResumeHook


class StyledOnce(ResumeHook):
    """Put before the Textual screen class: `class HelpScreen(StyledOnce, ModalScreen[None])`."""

    _resumed = False

    def resuming(self, event: events.ScreenResume) -> None:
        if not self._resumed and event.refresh_styles:
            event.refresh_styles = False
            self.app.stylesheet.update_nodes([self], animate=False)  # the screen itself: cheap, and
            # what Textual would restyle if the screen brought CSS of its own (ours are app-wide)
        self._resumed = True
        # Screen's own handler runs next (Textual dispatches every class's in the MRO): calling
        # it from here as well refreshed every resume twice.
