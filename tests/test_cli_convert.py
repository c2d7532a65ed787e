"""`termbase convert` and `termbase schemes`, and the registry's contract."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from hypothesis import given

import termbase
from termbase.errors import UsageError
from termbase.scripts import convert, schemes
from tests.helpers import run_cli as run
from tests.strategies import any_text


@pytest.mark.parametrize(
    ("text", "scheme", "expected"),
    [
        # Examples of the issue and the standards' tables (see tests/test_russian.py, test_azerbaijani.py).
        ("Bakı", "az-Cyrl", "Бакы"),
        ("Щукин", "bgn-pcgn", "Shchukin"),
        ("Екатеринбург", "bgn-pcgn", "Yekaterinburg"),
        ("Екатеринбург", "iso9", "Ekaterinburg"),
        ("巴库", "zh-Hant", "巴庫"),
    ],
)
def test_convert_cli(capsys: pytest.CaptureFixture[str], text: str, scheme: str, expected: str) -> None:
    status, out, _ = run(capsys, "convert", text, "--to", scheme)
    assert status == 0 and out == expected + "\n"


def test_convert_back_from_a_reversible_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    # ISO 9:1995: щ ↔ ŝ; GOST 7.79 B: щ ↔ shh.
    assert run(capsys, "convert", "Ŝukin", "--to", "ru", "--from", "iso9")[1] == "Щукин\n"
    assert run(capsys, "convert", "Shhukin", "--to", "ru", "--from", "gost-b")[1] == "Щукин\n"
    assert convert("Бакы", to="az-Latn", source="az-Cyrl") == "Bakı"


def test_unknown_scheme_is_one_line_listing_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "convert", "Баку", "--to", "klingon")
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert all(s.name in err for s in schemes())


def test_wrong_source_for_a_scheme_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="converts from"):
        convert("Baku", to="iso9", source="en")


def test_stdin_converts_line_by_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Баку\nМосква\n\nАлиев"))
    status, out, _ = run(capsys, "convert", "-", "--to", "bgn-pcgn")
    assert status == 0
    assert out == "Baku\nMoskva\n\nAliyev"


def test_stdin_streams_a_large_input_in_a_subprocess() -> None:
    lines = "Азербайджан и Россия\n" * 20000
    result = subprocess.run(
        [sys.executable, "-m", "termbase", "convert", "-", "--to", "iso9"],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    # ISO 9: й → j, ж → ž.
    assert result.stdout == "Azerbajdžan i Rossiâ\n" * 20000


def test_schemes_lists_every_scheme_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schemes")
    assert status == 0
    for scheme in schemes():
        line = next(line for line in out.splitlines() if line.split()[0] == scheme.name)
        assert scheme.tag in line and scheme.example[1] in line


def test_every_registered_example_holds() -> None:
    for scheme in schemes():
        source, expected = scheme.example
        assert termbase.convert(source, to=scheme.name) == expected, scheme.name


@given(any_text)
def test_mixed_script_text_converts_what_applies(text: str) -> None:
    for scheme in ("iso9", "az-Cyrl", "zh-Hant", "bgn-pcgn"):
        out = convert(text, to=scheme)
        digits = [c for c in text if c.isdigit()]
        assert [c for c in out if c.isdigit()] == digits
