"""set_own_class restyles only the widget that carries the class (controls/own_class.py). That
is right only while no rule styles a descendant through it: the class may appear only in a
selector's last compound (`.pane.-active`, never `.pane.-active DataTable`)."""

import re
from pathlib import Path

import escalation_tui
from escalation_tui.tui.controls.own_class import OWN_CLASSES

TCSS = sorted(Path(escalation_tui.__file__).parent.rglob("*.tcss"))
RULE = re.compile(r"([^{}]+)\{[^{}]*\}")


def selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [s.strip() for match in RULE.finditer(css) for s in match.group(1).split(",")]


def test_own_classes_style_only_the_widget_that_carries_them():
    offending = []
    for path in TCSS:
        for selector in selectors(path.read_text()):
            *ancestors, _last = re.split(r"\s*>\s*|\s+", selector)
            for name in OWN_CLASSES:
                if any(re.search(rf"\.{re.escape(name)}(?![\w-])", part) for part in ancestors):
                    offending.append(f"{path.name}: {selector}")
    assert TCSS and not offending


def test_the_check_finds_a_descendant_rule():
    *ancestors, _last = re.split(r"\s*>\s*|\s+", ".pane.-active DataTable")
    assert any(".-active" in part for part in ancestors)
    assert selectors("/* c */ A.-x B, C { color: red; }") == ["A.-x B", "C"]
