"""domain/, store/, export/ and service/ never import Textual (checked two ways)."""

import ast
import subprocess
import sys
from pathlib import Path

import escalation_tui

PACKAGE = Path(escalation_tui.__file__).parent
TEXTUAL_FREE = ["domain", "store", "export", "service", "web"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_packages_do_not_import_textual_or_rich():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for layer in TEXTUAL_FREE
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in {"textual", "rich"}
    ]
    assert offenders == []


def test_only_the_store_imports_tinydb():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "tinydb" for name in _imports(path))
    ]
    assert offenders == []


def test_importing_the_core_and_cli_loads_no_textual():
    code = (
        "import sys, escalation_tui.cli, escalation_tui.service, escalation_tui.export.json_format;"
        "import escalation_tui.domain.playbooks, escalation_tui.domain.metrics;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
