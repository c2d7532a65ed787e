"""Lint, format and type checks run with the test suite, so CI and a contributor see the same thing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    if shutil.which(name, path=str(Path(sys.executable).parent)):
        return [str(Path(sys.executable).parent / name)]
    raise AssertionError(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_ruff_lint() -> None:
    _run([*_tool("ruff"), "check", "termbase", "glossary", "tests", "benchmarks"])


def test_ruff_format() -> None:
    _run([*_tool("ruff"), "format", "--check", "termbase", "glossary", "tests", "benchmarks"])


def test_mypy_strict() -> None:
    _run([*_tool("mypy"), "--strict", "termbase"])


def test_heavy_modules_are_not_imported_by_a_lookup() -> None:
    code = (
        "import sys; from termbase.cli import main; main(['lookup', 'Baku', '--json']); "
        "heavy = [m for m in ('opencc', 'pypinyin', 'babel', 'lxml', 'pymorphy3', 'rapidfuzz', 'ahocorasick') "
        "if m in sys.modules]; print('HEAVY', heavy, file=sys.stderr)"
    )
    # The cache is built first, so the measured run only looks up (check=True: a failure raises).
    subprocess.run([sys.executable, "-c", "import termbase; termbase.open()"], check=True)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in result.stderr, result.stderr


def test_public_api_is_sorted_and_every_name_resolves() -> None:
    import termbase

    assert termbase.__all__ == sorted(termbase.__all__)
    for name in termbase.__all__:
        assert getattr(termbase, name) is not None, name
    with pytest.raises(AttributeError):
        termbase.no_such_name  # noqa: B018
