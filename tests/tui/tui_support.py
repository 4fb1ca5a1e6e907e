"""Helpers for the Pilot tests: terminal sizes, and what notifications said.

Sizes:

`size` (a fixture in conftest.py) runs a test at both sizes: for what the layout decides
(what is on screen, what is clipped, compact tabs or all panes). A test whose assertions are
about the store, the keys or a dialog's content runs once, with `@one_size` (80x24: the
tightest, where dialogs must still fit); `@large_size` for one that only matters wide.
"""

import pytest
from textual.app import App

COMPACT = (80, 24)
LARGE = (160, 50)
SIZES = [COMPACT, LARGE]


def _at(size: tuple[int, int]):
    return pytest.mark.parametrize("size", [size], ids=[f"{size[0]}x{size[1]}"])


one_size = _at(COMPACT)
large_size = _at(LARGE)


def notices(app: App) -> list[str]:
    """The messages of the notifications raised so far (tests/tui/conftest.py makes them last
    the whole test, so this does not depend on how long the steps took)."""
    return [str(n.message) for n in app._notifications]
