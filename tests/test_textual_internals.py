"""The guard for Textual's private names (escalation_tui/tui/textual_internals.py).

tests/conftest.py runs the same check before any test and stops the run, naming what changed:
a patch whose private hook was renamed upstream would otherwise do nothing, silently. Run this
file first when moving the Textual pin (README, "Moving the Textual pin")."""

import pytest
from textual.screen import Screen
from textual.widgets import DataTable

from escalation_tui.tui import textual_internals
from escalation_tui.tui.textual_internals import RELIED_ON, Relied, problem, problems


@pytest.mark.parametrize("relied", RELIED_ON, ids=lambda r: f"{r.owner}.{r.name}")
def test_each_private_name_is_there_as_expected(relied: Relied):
    assert problem(relied) is None


def test_a_renamed_method_is_named(monkeypatch):
    monkeypatch.delattr(DataTable, "_render_cell")
    assert problems() == [
        "textual.widgets.DataTable._render_cell: not found"
        " (works around: every visible cell redrawn after any change to any row)"
    ]


def test_a_changed_signature_is_named(monkeypatch):
    monkeypatch.setattr(Screen, "_refresh_layout", lambda self, size=None: None)
    assert problems() == [
        "textual.screen.Screen._refresh_layout: parameters (self, size), expected (self, size, scroll)"
    ]


def test_a_renamed_attribute_is_named(monkeypatch):
    monkeypatch.setattr(
        textual_internals, "RELIED_ON", (Relied("textual.widgets:Tree", "_line_cache_renamed", why="x"),)
    )
    assert problems() == ["textual.widgets.Tree._line_cache_renamed: not found (works around: x)"]


def test_every_private_name_in_use_is_listed():
    """The module names nothing private that the guard does not check."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(textual_internals))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
    }
    used |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("textual", "rich"))
        for alias in node.names
        if alias.name.startswith("_")
    }
    listed = {relied.name for relied in RELIED_ON}
    assert used - listed == set()
