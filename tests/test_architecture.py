"""The shape of the code (docs/architecture.md): imports run one way, from the roof down to
the ground, and no module grows past what a reader takes in at once."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Each folder of the portal and the folders it may import. The ground imports no app; the
#: rooms import the ground and the rooms below them; the pages combine the rooms; only
#: Django imports the roof.
MAY_IMPORT = {
    "core": set(),
    "species": {"core"},
    "rangestates": {"core"},
    "programme": {"core", "species", "rangestates"},
    "reporting": {"core", "programme", "species", "rangestates"},
    "pages": {"core", "programme", "species", "rangestates", "reporting"},
    "cami_portal": {"core", "programme", "species", "rangestates", "reporting", "pages"},
}
#: The one import against the flow, documented where it is: an activity's JSON nests the
#: statuses per range state that reporting owns.
EXCEPTIONS = {
    ("programme/api/serializers.py", "reporting"),
    ("programme/api/views.py", "reporting"),
}
#: The longest a module may be, generated migrations aside.
MAX_LINES = 450


def imported_folders(source: str) -> set[str]:
    """The top-level packages a module's source imports (anywhere in it), absolute imports
    only: a relative import stays within its own folder."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def violations(folder: str, relative_path: str, source: str) -> list[str]:
    """The imports of one module that break the flow, as readable lines."""
    wrong = []
    for target in sorted(imported_folders(source) & MAY_IMPORT.keys()):
        if target == folder or target in MAY_IMPORT[folder]:
            continue
        if (relative_path, target) in EXCEPTIONS:
            continue
        wrong.append(f"{relative_path} imports {target}")
    return wrong


def portal_modules():
    for folder in MAY_IMPORT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield folder, path, path.relative_to(ROOT).as_posix()


def test_imports_run_one_way():
    wrong = []
    for folder, path, relative in portal_modules():
        wrong += violations(folder, relative, path.read_text(encoding="utf-8"))
    assert wrong == []


def test_the_one_exception_is_still_needed():
    """An exception that no longer happens is removed from the list (and from the map)."""
    for relative, target in EXCEPTIONS:
        assert target in imported_folders((ROOT / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "folder, path, source, target",
    [
        ("core", "core/web.py", "from programme.models import Activity", "programme"),
        ("core", "core/x.py", "def f():\n    import reporting.models\n", "reporting"),
        ("programme", "programme/views.py", "from cami_portal import settings", "cami_portal"),
        ("species", "species/models.py", "from rangestates.models import X", "rangestates"),
        ("programme", "programme/models.py", "from reporting.models import Report", "reporting"),
        ("reporting", "reporting/views.py", "from pages.listing import filtered", "pages"),
    ],
)
def test_the_check_finds_an_import_against_the_flow(folder, path, source, target):
    assert violations(folder, path, source) == [f"{path} imports {target}"]


@pytest.mark.parametrize(
    "folder, path, source",
    [
        ("reporting", "reporting/views.py", "from programme.models import Activity"),
        ("pages", "pages/views/home.py", "from reporting import public"),
        ("cami_portal", "cami_portal/urls.py", "from pages import urls"),
        ("programme", "programme/api/views.py", "from reporting.models import Report"),
        ("programme", "programme/views.py", "from .models import Activity"),
        ("core", "core/web.py", "from django.db import models"),
    ],
)
def test_the_check_lets_the_flow_pass(folder, path, source):
    assert violations(folder, path, source) == []


#: Folders held to the length rule besides the portal's own: its tests and benchmarks.
ALSO_SHORT = ("tests", "bench")


def test_no_module_is_too_long():
    long = []
    modules = [*portal_modules()]
    for folder in ALSO_SHORT:
        modules += [
            (folder, p, p.relative_to(ROOT).as_posix()) for p in (ROOT / folder).rglob("*.py")
        ]
    for _folder, path, relative in modules:
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{relative}: {lines} lines")
    assert long == []
