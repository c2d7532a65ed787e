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


# -- the command table and the exit-status paragraph (issue 9) -------------------------------
def _commands_in_parser() -> dict[str, set[str]]:
    import argparse

    from termbase.cli import build_parser

    out: dict[str, set[str]] = {}

    def walk(path: list[str], parser: argparse.ArgumentParser) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and path:
            out[" ".join(path)] = {o for a in parser._actions for o in a.option_strings}
        for action in subs:
            for name, child in action.choices.items():
                walk([*path, name], child)

    walk([], build_parser())
    return out


def test_the_command_table_lists_every_command_with_real_options() -> None:
    table = TEXT.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    cells = re.findall(r"`termbase ([^`]+)`", table)
    parser = _commands_in_parser()
    named: set[str] = set()
    for cell in cells:
        words = cell.split()
        command = " ".join(words[:2]) if words[0] == "tm" else words[0]
        assert command in parser, f"README names an unknown command: {command}"
        named.add(command)
        for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", cell):
            assert option in parser[command], f"README: {command} has no option {option}"
    assert named == set(parser), f"commands missing from the README table: {set(parser) - named}"


def test_the_exit_status_paragraph_states_the_contract_the_tests_check() -> None:
    paragraph = TEXT.split("**Exit status**", 1)[1].split("\n\n", 1)[0]
    for status in ("**0**", "**1**", "**2**", "**130**"):
        assert status in paragraph
    # what tests/test_cli_fuzz.py and tests/test_cli_everyday.py hold every command to
    for promise in ("one line on", "never a traceback", "checked no", "missing", "usage error"):
        assert promise in " ".join(paragraph.split())
