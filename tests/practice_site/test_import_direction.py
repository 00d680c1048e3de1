"""Imports point the way ARCHITECTURE.md draws them, migrations included."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["practice_site", "procedures", "gallery", "testimonials", "consultations"]
# What each app may import of ours, besides itself.
ALLOWED = {
    "practice_site": set(APPS),
    "procedures": set(),
    "gallery": {"procedures"},
    "testimonials": {"procedures"},
    "consultations": {"procedures"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_what_it_may(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for other, line in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    ]
    assert wrong == []
