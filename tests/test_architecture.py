"""The layering rules of docs/architecture.md, enforced on the source tree.

`planner/` and `forecasting/` are Qt-free so they run headless and in the CLI; only
`planner/rostering/` may import OR-Tools so the solver can be swapped or isolated.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("planner", "forecasting", "ui")


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in a file (incl. inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def source_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_source_tree_is_found() -> None:
    # guards against the rules below passing vacuously on an empty or moved tree
    assert len(source_files("planner")) >= 5
    assert source_files("forecasting")


@pytest.mark.parametrize("package", ["planner", "forecasting"])
def test_core_never_imports_qt(package: str) -> None:
    offenders = [str(p.relative_to(ROOT)) for p in source_files(package)
                 if imported_modules(p) & {"PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6"}]
    assert offenders == []


def test_only_rostering_imports_ortools() -> None:
    offenders = [str(p.relative_to(ROOT)) for pkg in PACKAGES for p in source_files(pkg)
                 if "ortools" in imported_modules(p)
                 and not p.is_relative_to(ROOT / "planner" / "rostering")]
    assert offenders == []


def test_rostering_package_init_does_not_load_ortools() -> None:
    # the validator lives in planner.rostering and must be usable without loading the solver
    assert "ortools" not in imported_modules(ROOT / "planner" / "rostering" / "__init__.py")


def test_checker_detects_violations(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n    import ortools.sat.python.cp_model\n")
    assert {"PySide6", "ortools"} <= imported_modules(bad)
