"""What a translator hits in the first hour: a mistyped --db, several termbases, `show`, `stats`,
no-argument help, help text on every option, ``import -`` (issue 9)."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from termbase.cli import build_parser, main
from tests.helpers import run_cli

READING = [
    ["lookup", "Баку"],
    ["show", "baku"],
    ["stats"],
    ["export", "-f", "tsv", "-o", "OUT"],
    ["tm", "search", "巴库"],
    ["tm", "concordance", "Баку"],
    ["tm", "export", "-o", "OUT"],
    ["recognize", "в Баку", "--lang", "ru"],
    ["check", "PAIRS", "--source", "ru", "--target", "az"],
]


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMBASE_DB", raising=False)


@pytest.mark.parametrize("argv", READING, ids=lambda a: " ".join(a[:2]))
def test_reading_a_missing_termbase_is_an_error_and_creates_nothing(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "keep.tsv"
    keep.write_text("precious\n", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("Баку\tBakı\n", encoding="utf-8")
    before = sorted(os.listdir(tmp_path))
    typo = tmp_path / "my.tbb"
    args = [str(keep) if a == "OUT" else str(pairs) if a == "PAIRS" else a for a in argv]
    status, out, err = run_cli(capsys, *args, "--db", str(typo))
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and "my.tbb: no such termbase file" in err
    assert sorted(os.listdir(tmp_path)) == before  # no termbase, no temporary file
    assert keep.read_text(encoding="utf-8") == "precious\n"


def test_writing_creates_a_termbase_only_in_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = tmp_path / "no" / "such" / "dir" / "x.tb"
    status, _, err = run_cli(capsys, "add", "baku", "en=Baku", "--category", "city", "--db", str(nowhere))
    assert status == 1 and "no such folder" in err and err.count("\n") == 1
    assert not (tmp_path / "no").exists()
    mine = tmp_path / "my.tb"
    status, _, err = run_cli(capsys, "add", "baku", "en=Baku", "--category", "city", "--db", str(mine))
    assert status == 0 and f"created {mine}" in err and mine.exists()
    status, _out, err = run_cli(capsys, "add", "baku", "ru=Баку", "--db", str(mine))
    assert status == 0 and "created" not in err  # said once, when it was made


def test_a_failed_tm_import_into_a_new_file_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu><tuv', encoding="utf-8")
    new = tmp_path / "new.tb"
    status, _, err = run_cli(capsys, "tm", "import", str(bad), "--db", str(new))
    assert status == 1 and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tmx"]


def test_no_arguments_prints_the_command_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys)
    assert status == 0 and err == ""
    for command in ("lookup", "show", "stats", "add", "export", "import", "tm", "recognize", "check"):
        assert f"    {command}" in out


def _parsers(
    parser: argparse.ArgumentParser, path: str = "termbase"
) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _parsers(child, f"{path} {name}")
    return found


def test_every_option_and_argument_has_help_text() -> None:
    missing = [
        f"{path}: {'/'.join(action.option_strings) or action.dest}"
        for path, parser in _parsers(build_parser())
        for action in parser._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert missing == []


def test_show_is_case_insensitive_and_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "show", "BAKU")
    assert status == 0 and out.startswith("baku  (city")
    status, out, err = run_cli(capsys, "show", "bakku")
    assert status == 1 and out == "" and "did you mean baku?" in err and err.count("\n") == 1


def _own(tmp_path: Path, name: str, *terms: str, concept: str = "gyandzha") -> Path:
    import termbase
    from termbase.model import Category, Concept, Term

    path = tmp_path / name
    tb = termbase.open(path)
    tb.add(
        Concept(
            concept,
            Category.CITY,
            [Term(t.split("=", 1)[1], t.split("=", 1)[0]) for t in terms],
            definitions={"en": "the second city of Azerbaijan"},
            sources=["my notes"],
        )
    )
    tb.close()
    return path


def test_several_termbases_are_searched_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _own(tmp_path, "first.tb", "ru=Гянджа", "az-Latn=Gəncə")
    second = _own(tmp_path, "second.tb", "ru=Баку", concept="my-baku")
    status, out, _ = run_cli(
        capsys, "lookup", "Баку", "--json", "--db", str(first), "--db", str(second), "--bundled"
    )
    assert status == 0
    found = {(m["id"], m["termbase"]) for m in json.loads(out)}
    assert found == {("my-baku", str(second)), ("baku", "bundled glossary")}
    monkeypatch.setenv("TERMBASE_DB", os.pathsep.join([str(first), str(second)]))
    status, out, _ = run_cli(capsys, "lookup", "Гянджа", "--json")
    assert status == 0 and [(m["id"], m["termbase"]) for m in json.loads(out)] == [("gyandzha", str(first))]
    status, out, _ = run_cli(capsys, "lookup", "Баку", "--json")  # not the bundled glossary: not asked
    assert [m["id"] for m in json.loads(out)] == ["my-baku"]
    status, out, _ = run_cli(capsys, "lookup", "Баку")
    assert status == 0 and f"in {second}" in out
    # writes go to the first
    status, _, _ = run_cli(capsys, "add", "gyandzha", "en=Ganja")
    assert status == 0
    import termbase

    assert [t.text for t in termbase.open(first)["gyandzha"].terms("en")] == ["Ganja"]
    assert termbase.open(second).get("gyandzha") is None


def test_show_prints_definitions_sources_and_term_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _own(tmp_path, "own.tb", "ru=Гянджа")
    run_cli(capsys, "add", "gyandzha", "en=Ganja", "--note", "old spelling Gandzha", "--db", str(own))
    status, out, _ = run_cli(capsys, "show", "gyandzha", "--db", str(own))
    assert status == 0
    assert "definition (en): the second city of Azerbaijan" in out
    assert "source: my notes" in out
    assert "term en 'Ganja': old spelling Gandzha" in out


def test_stats_counts_units_and_segments_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import termbase
    from termbase.model import TranslationUnit

    path = tmp_path / "tm.tb"
    tb = termbase.open(path)
    tb.memory.add_units(
        [
            TranslationUnit("u1", {"en": "Baku", "ru": "Баку"}),
            TranslationUnit("u2", {"en": "Ganja", "az-Latn": "Gəncə", "ru": "Гянджа"}),
        ]
    )
    tb.close()
    status, out, _ = run_cli(capsys, "stats", "--json", "--db", str(path))
    data = json.loads(out)
    assert status == 0 and data["units"] == 2 and data["segments"] == {"az-Latn": 1, "en": 2, "ru": 2}
    status, out, _ = run_cli(capsys, "stats", "--db", str(path))
    assert "2 translation units" in out and "segments:" in out


def test_import_reads_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    data = "id,category,ru,az-Latn\ngyandzha,city,Гянджа,Gəncə\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    own = tmp_path / "own.tb"
    status, out, err = run_cli(capsys, "import", "-", "--format", "csv", "--db", str(own))
    assert status == 0, err
    assert out.startswith("imported <stdin>: 1 concept added")
    status, out, _ = run_cli(capsys, "lookup", "Gəncə", "--json", "--db", str(own))
    assert json.loads(out)[0]["id"] == "gyandzha"


def test_main_turns_os_errors_into_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["tm", "export", "-o", str(tmp_path)])
    _, err = capsys.readouterr()
    assert status == 1 and err.count("\n") == 1 and "Traceback" not in err
    status = main(["tm", "export", "-o", str(tmp_path / "no" / "o.tmx")])
    _, err = capsys.readouterr()
    assert status == 1 and err.count("\n") == 1


# -- files from the real world ---------------------------------------------------------------
EXCEL_ROWS = [
    ("id", "category", "ru", "az-Latn", "zh-Hans"),
    ("gyandzha", "city", "Гянджа", "Gəncə", "占贾"),
    ("shusha", "city", "Шуша", "Şuşa", "舒沙"),
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [True, False])
def test_excel_csv_delimiter_is_detected_and_a_bom_accepted(
    delimiter: str, bom: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\r\n".join(delimiter.join(row) for row in EXCEL_ROWS) + "\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    db = str(tmp_path / "t.tb")
    status, out, err = run_cli(capsys, "import", str(path), "--db", db)
    assert status == 0, err
    assert "2 concepts added" in out
    status, out, _ = run_cli(capsys, "show", "shusha", "--json", "--db", db)
    assert json.loads(out)["terms"][0]["text"] == "Шуша"


@pytest.mark.parametrize(
    ("encoding", "column", "word"),
    [("windows-1251", "ru", "Гянджа"), ("windows-1254", "tr", "Gence Şehri"), ("gb18030", "zh-Hans", "占贾")],
)
def test_legacy_encodings_are_read_with_encoding(
    encoding: str, column: str, word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(f"id;category;{column}\r\ngyandzha;city;{word}\r\n".encode(encoding))
    db = str(tmp_path / "t.tb")
    status, _, err = run_cli(capsys, "import", str(path), "--encoding", encoding, "--db", db)
    assert status == 0, err
    status, out, _ = run_cli(capsys, "lookup", word, "--json", "--db", db)
    assert status == 0 and json.loads(out)[0]["id"] == "gyandzha"


def test_a_file_not_valid_in_its_encoding_is_one_line_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("id,category,ru\r\nbaku,city,Баку\r\n".encode() + b"ganja,city,\xff\xfe\r\n")
    db = tmp_path / "t.tb"
    status, _, err = run_cli(capsys, "import", str(path), "--db", str(db))
    assert status == 1 and err.count("\n") == 1 and f"{path}:3:" in err
    assert not db.exists()  # nothing half-imported, no empty termbase


# -- readable memory output ------------------------------------------------------------------
LONG_ZH = "俄罗斯在巴库设有大使馆，而阿塞拜疆亦在莫斯科和圣彼得堡设使馆。"
LONG_RU = "У России есть посольство в Баку, а у Азербайджана — представительства в Москве и Санкт-Петербурге."


@pytest.fixture
def memory_db(tmp_path: Path) -> str:
    import termbase
    from termbase.model import TranslationUnit

    path = tmp_path / "m.tb"
    tb = termbase.open(path)
    tb.memory.add_units(
        [
            TranslationUnit("u1", {"zh-Hans": LONG_ZH, "ru": LONG_RU}),
            TranslationUnit(
                "u2", {"az-Latn": "Rusiyanın Bakıda səfirliyi var", "en": "Russia has an embassy in Baku"}
            ),
        ]
    )
    tb.close()
    return str(path)


def _as_terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))


def test_tm_search_wraps_whole_segments_and_highlights_on_a_terminal(
    memory_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "俄罗斯在巴库设有大使馆，而阿塞拜疆在莫斯科设使馆。"
    monkeypatch.delenv("NO_COLOR", raising=False)
    status, piped, _ = run_cli(capsys, "tm", "search", query, "--min", "50", "--db", memory_db)
    assert status == 0 and LONG_ZH in piped and LONG_RU in piped and "\x1b" not in piped
    _as_terminal(monkeypatch, 40)
    status, shown, _ = run_cli(capsys, "tm", "search", query, "--min", "50", "--db", memory_db)
    assert status == 0 and "\x1b[1;33m" in shown  # the differences, in colour
    from termbase.cli._render import width

    plain = [line.replace("\x1b[1;33m", "").replace("\x1b[0m", "") for line in shown.splitlines()]
    assert all(width(line) <= 40 for line in plain)
    ru_lines = "".join(line.strip() for line in plain if not line.startswith("  zh") and "%" not in line)
    assert "".join(LONG_RU.split()) in "".join(ru_lines.split()).replace("ru", "", 1)  # nothing cut away
    monkeypatch.setenv("NO_COLOR", "1")
    status, no_colour, _ = run_cli(capsys, "tm", "search", query, "--min", "50", "--db", memory_db)
    assert "\x1b" not in no_colour and "[" in no_colour


def test_tm_concordance_is_centred_on_the_match_and_uses_turkic_casing(
    memory_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run_cli(capsys, "tm", "concordance", "BAKI", "--db", memory_db)
    assert status == 0 and "Rusiyanın Bakıda səfirliyi var" in out  # BAKI is Bakı in Azerbaijani
    status, out, _ = run_cli(capsys, "tm", "concordance", "Санкт", "--db", memory_db)
    assert out.strip().endswith(LONG_RU)  # piped: the whole segment
    _as_terminal(monkeypatch, 50)
    monkeypatch.setenv("NO_COLOR", "1")
    status, out, _ = run_cli(capsys, "tm", "concordance", "Санкт", "--db", memory_db)
    (line,) = out.splitlines()
    assert "[Санкт]" in line and line.endswith("Санкт]-Петербурге.") and "…" in line


def test_tm_search_guesses_the_source_language_and_says_so(
    memory_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "tm", "search", "Rusiyanın Bakıda səfirliyi var", "--to", "en", "--db", memory_db
    )
    assert status == 0 and "searching az-Latn segments (guessed" in err
    assert "Russia has an embassy in Baku" in out
    status, _, err = run_cli(capsys, "tm", "search", "12345", "--db", memory_db)
    assert status == 2 and "give --from TAG" in err


# -- progress on long work -------------------------------------------------------------------
def _big_csv(tmp_path: Path, rows: int = 3000) -> Path:
    path = tmp_path / "big.csv"
    path.write_text(
        "id,category,en\n" + "".join(f"c{i},other,Term number {i}\n" for i in range(rows)), encoding="utf-8"
    )
    return path


def test_import_shows_a_byte_progress_bar_on_a_terminal_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from termbase.cli import exchange

    big = _big_csv(tmp_path)
    monkeypatch.setattr(exchange, "PROGRESS_MIN_BYTES", 0)
    status, _, err = run_cli(capsys, "import", str(big), "--db", str(tmp_path / "a.tb"))
    assert status == 0 and "importing" not in err  # piped: nothing extra
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "150")
    status, _, err = run_cli(capsys, "import", str(big), "--quiet", "--db", str(tmp_path / "b.tb"))
    assert status == 0 and "importing" not in err  # --quiet
    status, _, err = run_cli(capsys, "import", str(big), "--db", str(tmp_path / "c.tb"))
    assert status == 0 and f"importing {big}" in err
    size = f"/{big.stat().st_size / 1024:.1f}k"  # tqdm: done/total in KiB (unit_divisor 1024)
    assert size in err and "B/s" in err  # bytes of the file's size, and the rate


def test_tqdm_is_imported_only_when_a_bar_is_shown(tmp_path: Path) -> None:
    import subprocess
    import sys

    big = _big_csv(tmp_path, 10)
    code = (
        "import sys; from termbase.cli import main; "
        f"main(['import', {str(big)!r}, '--db', {str(tmp_path / 'x.tb')!r}]); "
        "print('tqdm' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip().endswith("False"), result.stderr


def test_ctrl_c_during_a_shown_import_exits_130_and_rolls_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from termbase.cli import _progress, exchange
    from termbase.results import ImportProgress

    big = _big_csv(tmp_path)
    monkeypatch.setattr(exchange, "PROGRESS_MIN_BYTES", 0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    real = _progress.ImportBar.__call__

    def interrupt(self: _progress.ImportBar, progress: ImportProgress) -> None:
        real(self, progress)
        if progress.entries >= 1000:
            raise KeyboardInterrupt

    monkeypatch.setattr(_progress.ImportBar, "__call__", interrupt)
    db = tmp_path / "new.tb"
    status, _, err = run_cli(capsys, "import", str(big), "--db", str(db))
    assert status == 130 and "interrupted" in err
    assert not db.exists()  # the new termbase is gone: nothing half-imported


def test_the_wide_csv_says_it_is_lossy_and_csv_long_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import termbase
    from termbase.model import Category, Concept, Status, Term, TermType

    status, out, _ = run_cli(capsys, "export", "--help")
    assert status == 0 and "lossy" in out and "csv-long" in out
    concept = Concept(
        "ganja",
        Category.CITY,
        [
            Term("Gəncə", "az"),
            Term("Gandja", "az", TermType.SHORT_FORM, Status.DEPRECATED, note="old spelling"),
            Term("Ganja", "en", source="BGN", region="GB"),
        ],
        definitions={"en": "a city"},
        notes={"en": "second city"},
        sources=["wiki"],
    )
    tb = termbase.open(":memory:")
    tb.add(concept)
    for fmt, same in (("csv", False), ("csv-long", True)):
        out_path = tmp_path / f"o.{fmt}"
        tb.export(fmt, out_path)
        back = termbase.open(tmp_path / f"{fmt}.tb")
        back.import_file(out_path, format=fmt)
        assert (back["ganja"] == concept) is same, fmt  # the wide CSV drops what its help says
        back.close()


TMX_BODY = (
    '<tmx version="1.4"><header srclang="ru" datatype="plaintext" segtype="sentence" adminlang="en"'
    ' o-tmf="x" creationtool="t" creationtoolversion="1"/><body><tu tuid="u1"><tuv xml:lang="ru">'
    '<seg>Я в Баку</seg></tuv><tuv xml:lang="en"><seg>I am in Baku</seg></tuv></tu></body></tmx>'
)


@pytest.mark.parametrize("declared", ["UTF-16", "utf-32", "ISO-8859-1", "windows-1251"])
def test_a_tmx_whose_declared_encoding_contradicts_its_bytes_is_refused_plainly(
    declared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "e.tmx"
    path.write_bytes(f'<?xml version="1.0" encoding="{declared}"?>{TMX_BODY}'.encode())
    db = tmp_path / "e.tb"
    status, _, err = run_cli(capsys, "tm", "import", str(path), "--db", str(db))
    assert status == 1 and err.count("\n") == 1
    assert f"declares encoding {declared!r} but its bytes are" in err
    assert not db.exists()
    honest = tmp_path / "u16.tmx"
    honest.write_bytes(f'<?xml version="1.0" encoding="UTF-16"?>{TMX_BODY}'.encode("utf-16"))
    status, _, err = run_cli(capsys, "tm", "import", str(honest), "--db", str(db))
    assert status == 0, err


# -- text from a pipe --------------------------------------------------------------------------------
PIPED = [
    (["convert", "--to", "zh-Hant-TW"], "俄罗斯总统普京访问巴库\n", "俄羅斯總統普丁訪問巴庫\n"),
    (["transcribe", "--from", "ru", "--to", "zh-Hans"], "Кабаева\n", "Кабаева\t卡巴耶娃\n"),
    (["recognize", "--lang", "ru", "--json"], "Путин прибыл в Баку", '"concept": "baku"'),
    (["tm", "search", "--from", "zh-Hans", "--to", "ru", "--json"], "概况", '"score": 100'),
    (["tm", "concordance", "--json"], "巴库", '"id": "article-0005"'),
]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "piped", "expected"), PIPED, ids=lambda a: " ".join(a[:2]) if isinstance(a, list) else ""
)
def test_text_left_out_is_read_from_a_pipe_and_asked_for_at_a_terminal(
    argv: list[str],
    piped: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(piped))
    status, out, err = run_cli(capsys, *argv)
    assert status == 0, err
    assert expected in out
    monkeypatch.setattr(sys, "stdin", _Terminal(piped))
    status, out, err = run_cli(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "pipe it in" in err


def test_a_real_pipe_into_convert() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "termbase", "convert", "--to", "pinyin"],
        input="巴库\n莫斯科\n".encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == ["Bākù", "Mòsīkē"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Президент Ильхам Алиев прибыл в Москву", "ru"),
        ("伊利哈姆·阿利耶夫抵達莫斯科", "zh-Hant"),
        ("İlham Əliyev Moskvaya səfər etdi", "az-Latn"),
        ("Илһам Әлијев Москваја сәфәр етди", "az-Cyrl"),
        ("Aliyev arrived in Moscow", "en"),
    ],
)
def test_recognize_without_lang_guesses_it_from_the_script(
    text: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``recognize TEXT`` with no --lang reads the text in the language its script tells (said on
    stderr), and finds what --lang with that language finds."""
    status, out, err = run_cli(capsys, "recognize", text, "--json")
    assert err == f"termbase: reading {lang} text (guessed from the script; --lang sets it)\n"
    assert (status, out) == run_cli(capsys, "recognize", text, "--json", "--lang", lang)[:2]
    assert status == 0 and "moscow" in {found["concept"] for found in json.loads(out)}


def test_recognize_text_of_no_script_asks_for_lang(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "recognize", "ничего")
    assert (status, out) == (1, "")
    assert err == "no term found in ru text (guessed from the script; --lang sets it)\n"
    status, out, err = run_cli(capsys, "recognize", "2008 — 2024\n")
    assert (status, out) == (2, "")
    assert (
        err == "termbase: error: cannot tell the language of '2008 — 2024' from its script; give --lang TAG\n"
    )
