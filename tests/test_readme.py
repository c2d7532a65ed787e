"""The README's promises: its CLI examples run, its set-up commands are the ones CI runs, its coverage table is true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import termbase
from termbase.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def test_readme_has_the_two_set_up_commands() -> None:
    for marker in ("<!-- main-command -->", "<!-- test-command -->"):
        block = TEXT.split(marker, 1)[1].split("```", 2)[1]
        command = block.splitlines()[1]
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert "termbase lookup" in TEXT.split("<!-- main-command -->", 1)[1].split("```", 2)[1]
    assert "pytest" in TEXT.split("<!-- test-command -->", 1)[1].split("```", 2)[1]


CLI_EXAMPLES = re.findall(r"^\$ termbase (.+)$", TEXT, flags=re.MULTILINE)


@pytest.mark.parametrize("line", CLI_EXAMPLES)
def test_cli_examples_run(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(line)
    # Examples run as they are written, with no other input: one that pipes or redirects cannot.
    assert not {"<", "|", ">"} & set(argv), f"README example needs other input: {line}"
    assert main(argv) == 0
    assert capsys.readouterr().out.strip()


def test_coverage_table_matches_the_glossary() -> None:
    stats = termbase.open().stats()
    categories = stats.categories
    terms = stats.terms
    section = TEXT.split("## Glossary coverage", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `?([\w-]+)`? \| (\d+) \|", section, flags=re.MULTILINE))
    for category, count in categories.items():
        assert rows.get(category) == str(count), (
            f"README says {rows.get(category)} {category}, data has {count}"
        )
    for lang, count in terms.items():
        assert rows.get(lang) == str(count), f"README says {rows.get(lang)} {lang} terms, data has {count}"
    assert f"{stats.concepts} concepts" in section
