"""No traceback, ever: the CLI driven with generated argument lists (issue 9).

The arguments are drawn from the real parser: every command and subcommand, its options and
positionals, filled with odd values (empty strings, unknown tags, negative numbers, words in
several scripts), files that do not exist, folders where files are expected, empty files and
a real bilingual file. Whatever the combination: exit status 0, 1 or 2, a failure says so in
one line on stderr, and nothing is ever a traceback.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termbase.cli import build_parser, main
from tests.strategies import azerbaijani_word, han_word, russian_word


def _commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    out: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(path: list[str], parser: argparse.ArgumentParser) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            out.append((path, parser))
        for action in subs:
            for name, child in action.choices.items():
                walk([*path, name], child)

    walk([], build_parser())
    return out


# `serve` runs until stopped: its arguments are tested with the server (tests/test_server_*.py).
COMMANDS = [(path, parser) for path, parser in _commands() if path != ["serve"]]
ODD = [
    "",
    " ",
    "-",
    "0",
    "-5",
    "101",
    "x",
    "klingon",
    "ru",
    "zh_TW",
    "az",
    "RU",
    "de-DE",
    "ru=",
    "=x",
    "ru=Баку",
    "en=Baku",
    "city",
    "tmx",
    "csv",
    "pinyin",
    "baku",
    "BAKU",
    "巴库",
    "Bakı",
    "Медведевым",
    "a\nb",
]
PLACES = ["MISSING", "FOLDER", "EMPTY", "PAIRS", "NEWFILE", "NOFOLDER/x", "OWN", "TMX"]


def _values(tmp: Path) -> st.SearchStrategy[str]:
    places = {
        "MISSING": str(tmp / "missing.tb"),
        "FOLDER": str(tmp / "folder"),
        "EMPTY": str(tmp / "empty.tsv"),
        "PAIRS": str(tmp / "pairs.tsv"),
        "NEWFILE": str(tmp / "out" / "new.tmx"),
        "NOFOLDER/x": str(tmp / "nofolder" / "x.tb"),
        "OWN": str(tmp / "own.tb"),
        "TMX": str(tmp / "pairs.tmx"),
    }
    return st.one_of(
        st.sampled_from(ODD),
        st.sampled_from(PLACES).map(places.__getitem__),
        russian_word,
        azerbaijani_word,
        han_word,
    )


def _argv(draw: st.DrawFn, tmp: Path) -> list[str]:
    path, parser = draw(st.sampled_from(COMMANDS))
    values = _values(tmp)
    own = str(tmp / "own.tb")
    argv = list(path)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if not action.option_strings:  # a positional: usually given
            if draw(st.integers(0, 9)):
                count = 1 if action.nargs in (None, "?") else draw(st.integers(0, 3))
                argv += [draw(values) for _ in range(count)]
            continue
        if action.dest == "db":  # mostly one's own termbase, sometimes a bad path
            if draw(st.integers(0, 3)):
                argv += ["--db", own if draw(st.integers(0, 2)) else draw(values)]
            continue
        if not action.required and draw(st.booleans()):
            continue
        option = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(option)
        elif action.choices is not None and draw(st.booleans()):
            argv += [option, str(draw(st.sampled_from(list(action.choices))))]
        else:
            argv += [option, draw(values)]
    if draw(st.integers(0, 9)) == 0:
        argv.append(draw(st.sampled_from(["--bogus", "extra", "--json"])))
    return argv


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("fuzz")
    (tmp / "folder").mkdir()
    (tmp / "out").mkdir()
    (tmp / "empty.tsv").write_text("", encoding="utf-8")
    (tmp / "pairs.tsv").write_text("Я в Баку\tMən Bakıdayam\n", encoding="utf-8")
    (tmp / "pairs.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>'
        '<tu tuid="u1"><tuv xml:lang="ru"><seg>Я в Баку</seg></tuv><tuv xml:lang="az"><seg>Mən Bakıdayam</seg>'
        "</tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    main(["add", "baku", "ru=Баку", "az=Bakı", "--category", "city", "--db", str(tmp / "own.tb")])
    main(["tm", "import", str(tmp / "pairs.tmx"), "--db", str(tmp / "own.tb")])
    return tmp


@settings(max_examples=int(__import__("os").environ.get("FUZZ_N", "250")))
@given(data=st.data())
def test_the_cli_never_shows_a_traceback(
    data: st.DataObject,
    playground: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = data.draw(st.composite(lambda draw: _argv(draw, playground))(), label="argv")
    monkeypatch.delenv("TERMBASE_DB", raising=False)
    monkeypatch.chdir(playground)  # relative paths the fuzzer makes up land in the playground
    monkeypatch.setattr(sys, "stdin", io.StringIO("Я в Баку\n"))
    try:
        status = main(argv)
    except SystemExit as stop:  # only argparse may exit this way, and only with 0 or 2
        status = stop.code if isinstance(stop.code, int) else 2
    finally:
        created = (playground / "missing.tb").exists()
        for leftover in playground.glob("missing.tb*"):
            leftover.unlink()
    out, err = capsys.readouterr()
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err and "Traceback" not in out
    if status:
        assert err.count("\n") <= 1, repr((argv, err))
    assert not (playground / "nofolder").exists()
    missing = str(playground / "missing.tb")
    as_output = any(a == missing and (i == 0 or argv[i - 1] != "--db") for i, a in enumerate(argv))
    if created and not as_output:  # only a writing command may create a termbase
        assert argv[0] in ("add", "remove", "import") or argv[:2] == ["tm", "import"], argv


SEEN = [  # the tracebacks and wrong statuses of issue 9, and their kin
    (["add", "", "en=x", "--category", "city", "--db", "OWN"], 2),
    (["tm", "export", "-o", "NOFOLDER/o.tmx"], 1),
    (["tm", "export", "-o", "FOLDER"], 1),
    (["export", "-f", "tsv", "-o", "FOLDER"], 1),
    (["export", "-f", "tsv", "-o", "NOFOLDER/o.tsv"], 1),
    (["import", "FOLDER", "--db", "OWN"], 1),
    (["tm", "import", "FOLDER", "--db", "OWN"], 1),
    (["check", "FOLDER", "--source", "ru", "--target", "az"], 1),
    (["check", "MISSING", "--source", "ru", "--target", "az"], 1),
    (["import", "MISSING", "--db", "OWN"], 1),
    (["lookup", "x", "--in", "xx"], 2),
    (["lookup", "Баку", "--db", "FOLDER"], 1),
    (["recognize", "Баку", "--lang", "klingon"], 2),
    (["recognize", "ничего", "--lang", "ru"], 1),
]


@pytest.mark.parametrize(
    ("argv", "expected"), SEEN, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)
)
def test_seen_failures_are_one_line_with_the_contract_status(
    argv: list[str],
    expected: int,
    playground: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TERMBASE_DB", raising=False)
    places = {
        "OWN": str(playground / "own.tb"),
        "FOLDER": str(playground / "folder"),
        "MISSING": str(playground / "missing.tsv"),
        "NOFOLDER/o.tmx": str(playground / "nofolder" / "o.tmx"),
        "NOFOLDER/o.tsv": str(playground / "nofolder" / "o.tsv"),
    }
    status = main([places.get(a, a) for a in argv])
    out, err = capsys.readouterr()
    assert status == expected, err
    assert out == "" or status == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ".part" not in err  # errors name the file asked for, not a temporary one
    assert not (playground / "nofolder").exists()
