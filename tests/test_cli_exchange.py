"""``termbase export`` / ``termbase import``: round trips per format, errors, atomic output."""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import termbase
import termbase.formats
from termbase.model import Category, Concept, Status, Term, TermType, TranslationUnit
from tests.helpers import multi_column_view as _multi_column_view
from tests.helpers import run_cli as run
from tests.strategies import concept_lists

SAMPLE = [
    Concept(
        "baku",
        Category.CITY,
        [
            Term("巴库", "zh-Hans"),
            Term("巴庫", "zh-Hant-TW"),
            Term("Баку", "ru"),
            Term("Bakı", "az-Latn"),
            Term("Baku", "en"),
            Term("Baky", "en", TermType.VARIANT, Status.DEPRECATED, note='old, "Anglo" spelling'),
        ],
        wikidata="Q9248",
        definitions={"en": "Capital of Azerbaijan,\non the Caspian Sea"},
        notes={"en": "=not a formula & <not markup>", "az-Latn": "-paytaxt\t🇦🇿"},
        sources=["zh.wikipedia 俄罗斯—阿塞拜疆关系 | lead", "@twitter"],
    ),
    Concept(
        "ganja",
        Category.CITY,
        [Term("占贾", "zh-Hans"), Term("Гянджа", "ru"), Term("Gəncə", "az-Latn"), Term("Ganja", "en")],
    ),
    Concept(
        "shusha",
        Category.CITY,
        [Term("舒沙", "zh-Hans"), Term("Шуша", "ru"), Term("Şuşa", "az-Latn"), Term("Shusha", "en")],
    ),
    Concept(
        "khankendi",
        Category.CITY,
        [
            Term("汉肯迪", "zh-Hans"),
            Term("Ханкенди", "ru"),
            Term("Xankəndi", "az-Latn"),
            Term("Khankendi", "en"),
        ],
    ),
    Concept(
        "ismayilli",
        Category.REGION,
        [
            Term("伊斯梅利", "zh-Hans"),
            Term("Исмаиллы", "ru"),
            Term("İsmayıllı", "az-Latn"),
            Term("Ismayilli", "en"),
        ],
    ),
]


def _db(folder: Path, items: list[Concept], name: str = "source.tb") -> Path:
    path = folder / name
    tb = termbase.open(path)
    tb.import_concepts(items)
    tb.close()
    return path


def _concepts(path: Path | str) -> list[Concept]:
    tb = termbase.open(path)
    try:
        return list(tb.concepts())
    finally:
        tb.close()


def _counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM concept").fetchone()[0], conn.execute(
            "SELECT count(*) FROM term"
        ).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def source_db(tmp_path: Path) -> Path:
    return _db(tmp_path, SAMPLE)


# -- round trips through the CLI (into a termbase of each backend, and out of it again) --------------
@pytest.mark.parametrize("fmt", ["csv-long", "tmx", "tbx", "tbx2008", "xlsx"])
def test_lossless_formats_round_trip(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str], fmt: str, db_target: str
) -> None:
    exported = tmp_path / f"out.{fmt}"
    status, _, err = run(capsys, "export", "--format", fmt, "-o", str(exported), "--db", str(source_db))
    assert status == 0, err
    status, out, err = run(capsys, "import", str(exported), "--format", fmt, "--db", db_target)
    assert status == 0, err
    assert "5 concepts added" in out
    if fmt != "xlsx":
        assert _concepts(db_target) == _concepts(source_db)  # every field of every concept
    again = tmp_path / f"again.{fmt}"
    assert run(capsys, "export", "--format", fmt, "-o", str(again), "--db", db_target)[0] == 0
    if fmt == "xlsx":  # a workbook's zip has timestamps: compare what it holds
        assert _concepts(_imported(tmp_path, again)) == _concepts(_imported(tmp_path, exported))
    else:  # byte for byte, but for the time of writing

        def undated(data: bytes) -> bytes:
            return re.sub(rb'creationdate="[^"]*"| on \d{4}-\d\d-\d\dT[\d:]+Z', b"", data)

        assert undated(again.read_bytes()) == undated(exported.read_bytes())


def _imported(folder: Path, exported: Path) -> Path:
    target = folder / f"{exported.name}.tb"
    tb = termbase.open(target)
    tb.import_file(exported)
    tb.close()
    return target


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_multi_column_round_trip(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str], fmt: str, db_target: str
) -> None:
    exported = tmp_path / f"out.{fmt}"
    assert run(capsys, "export", "-f", fmt, "-o", str(exported), "--db", str(source_db), "--bom")[0] == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")
    target = db_target
    status, _, err = run(capsys, "import", str(exported), "--db", str(target))  # format detected
    assert status == 0, err
    assert [_multi_column_view(c) for c in _concepts(target)] == [
        _multi_column_view(c) for c in SAMPLE_SORTED
    ]


SAMPLE_SORTED = sorted(SAMPLE, key=lambda c: c.id)


def test_omegat_round_trip(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str], db_target: str
) -> None:
    exported = tmp_path / "glossary.utf8"
    status, _, err = run(
        capsys,
        "export",
        "-f",
        "omegat",
        "--source",
        "ru",
        "--target",
        "en",
        "-o",
        str(exported),
        "--db",
        str(source_db),
    )
    assert status == 0, err
    target = db_target
    status, out, err = run(
        capsys, "import", str(exported), "--db", target, "--source", "ru", "--target", "en"
    )
    assert status == 0, err
    assert "5 concepts added" in out

    def view(c: Concept) -> tuple[list[str], list[str], str | None]:
        return [t.text for t in c.terms("ru")], [t.text for t in c.terms("en")], c.notes.get("en")

    assert sorted(map(view, _concepts(target))) == sorted(map(view, SAMPLE))


@settings(max_examples=8)
@given(concept_lists)
def test_generated_termbases_round_trip_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    new_target: Callable[[], str],
    items: list[Concept],
) -> None:
    folder = tmp_path_factory.mktemp("gen")
    source = _db(folder, items)
    for fmt in ("csv-long", "csv", "tmx", "tbx", "tbx2008"):
        exported = folder / f"out.{fmt}"
        assert run(capsys, "export", "-f", fmt, "-o", str(exported), "--db", str(source))[0] == 0
        target = new_target()
        status, _, err = run(capsys, "import", str(exported), "--format", fmt, "--db", target)
        assert status == 0, err
        if fmt != "csv":
            assert _concepts(target) == _concepts(source)
        else:
            assert list(map(_multi_column_view, _concepts(target))) == list(
                map(_multi_column_view, _concepts(source))
            )


def test_stdout_output(source_db: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, _ = run(
        capsysbinary, "export", "-f", "csv", "-o", "-", "--db", str(source_db), "--langs", "az", "en"
    )
    assert status == 0
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    assert rows[0][:5] == ["id", "category", "wikidata", "az-Latn", "en"]
    assert [r[0] for r in rows[1:]] == ["baku", "ganja", "ismayilli", "khankendi", "shusha"]  # by id


def test_export_sorted_by_the_source_language(
    source_db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status, out, _ = run(
        capsysbinary, "export", "-f", "csv", "-o", "-", "--db", str(source_db), "--source", "az"
    )
    assert status == 0
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    az = rows[0].index("az-Latn")
    # Azerbaijani alphabet order (1992): b < g < x < i < ş — Bakı, Gəncə, Xankəndi, İsmayıllı, Şuşa.
    assert [r[az].split(" | ")[0] for r in rows[1:]] == ["Bakı", "Gəncə", "Xankəndi", "İsmayıllı", "Şuşa"]


def test_export_filters_and_derived_forms(
    source_db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status, out, err = run(
        capsysbinary,
        "export",
        "-f",
        "csv-long",
        "-o",
        "-",
        "--db",
        str(source_db),
        "--ids",
        "baku",
        "--langs",
        "zh-Hans",
        "--derived",
        "pinyin",
    )
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
    terms = [(r["lang"], r["text"], r["type"]) for r in rows if r["record"] == "term"]
    # The pinyin scheme's own example (termbase.scripts): 巴库 → Bākù, tagged zh-Latn-pinyin.
    assert terms == [("zh-Hans", "巴库", "fullForm"), ("zh-Latn-pinyin", "Bākù", "variant")]
    status, out, _ = run(
        capsysbinary, "export", "-f", "csv", "-o", "-", "--db", str(source_db), "--category", "region"
    )
    assert [r[0] for r in csv.reader(io.StringIO(out.decode(), newline=""))][1:] == ["ismayilli"]


# -- translate-toolkit ------------------------------------------------------------------------------
def test_translate_toolkit_reads_our_exports(
    source_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from translate.storage.csvl10n import csvfile

    # Multi-column CSV: translate-toolkit sees the header's "id" column and every row; its
    # unit model has no per-language columns, so the languages are checked on the raw row dicts.
    exported = tmp_path / "g.csv"
    assert run(capsys, "export", "-f", "csv", "-o", str(exported), "--db", str(source_db))[0] == 0
    with open(exported, "rb") as handle:
        store = csvfile(handle)
    assert [u.getid() for u in store.units] == [c.id for c in SAMPLE_SORTED]
    assert {"zh-Hans", "zh-Hant-TW", "ru", "az-Latn", "en"} <= set(store.fieldnames)

    # OmegaT TSV as a bilingual source/target file: every pair is a unit (after our one comment line,
    # which translate-toolkit's CSV reader has no notion of).
    exported = tmp_path / "g.txt"
    assert (
        run(
            capsys,
            "export",
            "-f",
            "omegat",
            "--source",
            "ru",
            "--target",
            "az",
            "-o",
            str(exported),
            "--db",
            str(source_db),
        )[0]
        == 0
    )
    store = csvfile(fieldnames=["source", "target", "translator_comments"])
    store.parse(exported.read_bytes(), dialect="excel-tab")  # its sniffer cannot guess tabs from this sample
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs[0][0].startswith("# termbase OmegaT")
    expected = [(c.terms("ru")[0].text, c.terms("az-Latn")[0].text) for c in SAMPLE_SORTED]
    assert sorted(pairs[1:]) == sorted(expected)


# -- bad input --------------------------------------------------------------------------------------
BAD_FILES = [
    ("ragged.csv", "id,en,ru\nbaku,Baku,Баку\nganja,Ganja,Гянджа\nshusha,Shusha\n".encode(), 4),
    ("badtag.csv", "id,en,Русский\nbaku,Baku,Баку\n".encode(), 1),
    ("empty.csv", b"", 1),
    ("utf16.csv", b"\xef\xbb\xbf" + "id,en\nbaku,Baku\n".encode("utf-16-le"), 1),
    ("long.csv", b"concept_id,lang,text\nbaku,en,Baku\nbaku,xx-!!,B\n", 3),
    ("gloss.txt", "Баку\tBaku\nГянджа\n".encode(), 2),
]


@pytest.mark.parametrize(("name", "data", "line"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_one_line_and_imports_nothing(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, line: int
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    before = source_db.read_bytes(), _counts(source_db)
    status, out, err = run(capsys, "import", str(bad), "--db", str(source_db))
    assert status == 1
    assert err.startswith(f"termbase: error: {bad}:{line}: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    assert _counts(source_db) == before[1]
    assert source_db.read_bytes() == before[0]
    # A termbase that did not exist is not left behind either.
    fresh = tmp_path / "fresh.tb"
    assert run(capsys, "import", str(bad), "--db", str(fresh))[0] == 1
    assert not fresh.exists()


def test_import_needs_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMBASE_DB", raising=False)
    good = tmp_path / "g.csv"
    good.write_text("id,en\nbaku,Baku\n", encoding="utf-8")
    status, _, err = run(capsys, "import", str(good))
    assert status == 2
    assert "--db" in err and err.count("\n") == 1


def test_on_conflict(tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update = tmp_path / "u.csv"
    update.write_text("id,category,en\nbaku,city,Baku | Bakou\nnew-one,other,Nakhchivan\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", str(update), "--db", str(source_db), "--on-conflict", "skip")
    assert status == 0
    assert "1 concept added, 0 merged, 1 skipped" in out
    status, out, _ = run(capsys, "import", str(update), "--db", str(source_db))
    assert "0 concepts added, 2 merged" in out and "; 1 term added" in out  # new-one came in the first time
    assert [t.text for t in termbase.open(source_db)["baku"].terms("en")] == [
        "Baku",
        "Bakou",
        "Baky",
    ]  # preferred, admitted, deprecated


def test_unknown_tags_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "f.csv"
    foreign.write_text("id,en,de-AT\nbaku,Baku,Baku\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", str(foreign), "--db", str(tmp_path / "t.tb"))
    assert status == 0
    assert "de-AT" in out


def test_tmx_units_go_to_the_memory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from termbase.formats import tmx

    path = tmp_path / "tm.tmx"
    units = [
        TranslationUnit(
            "u1", {"zh-Hans": "俄罗斯在巴库设有大使馆。", "ru": "Россия имеет посольство в Баку."}
        ),
        TranslationUnit(
            "u2", {"zh-Hans": "阿塞拜疆在莫斯科设有大使馆。", "en": "Azerbaijan has an embassy in Moscow."}
        ),
    ]
    with open(path, "wb") as handle:
        tmx.write_tmx(handle, concepts=SAMPLE[:1], units=units)
    db = tmp_path / "t.tb"
    status, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert status == 0, err
    assert "1 concept added" in out and "2 translation units added" in out
    tb = termbase.open(db)
    assert len(tb.memory) == 2
    assert tb["baku"].terms("az-Latn")[0].text == "Bakı"


def test_progress_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from termbase.cli import exchange

    good = tmp_path / "g.csv"
    good.write_text("id,en\n" + "".join(f"c{i},Term {i}\n" for i in range(3)), encoding="utf-8")
    monkeypatch.setattr(exchange, "PROGRESS_MIN_BYTES", 0)
    monkeypatch.setattr(exchange, "_PROGRESS_EVERY", 2)
    status, _, err = run(capsys, "import", str(good), "--db", str(tmp_path / "quiet.tb"))
    assert status == 0 and "importing" not in err  # stderr is not a terminal here
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    status, _, err = run(capsys, "import", str(good), "--db", str(tmp_path / "t.tb"))
    assert status == 0
    assert "importing" in err


# -- atomic output ----------------------------------------------------------------------------------
def _boom(*_: object, **__: object) -> Iterator[str]:
    raise KeyboardInterrupt


def test_interrupted_export_leaves_no_file(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from termbase.formats import delimited

    calls = {"n": 0}
    real = delimited.join_terms

    def flaky(texts: Any) -> str:
        calls["n"] += 1
        if calls["n"] > 12:  # after the first rows have been written
            raise KeyboardInterrupt
        return real(texts)

    monkeypatch.setattr(delimited, "join_terms", flaky)
    target = tmp_path / "out" / "g.csv"
    target.parent.mkdir()
    status, _, err = run(capsys, "export", "-f", "csv", "-o", str(target), "--db", str(source_db))
    assert status == 130 and "interrupted" in err
    assert calls["n"] > 12
    assert os.listdir(target.parent) == []
    # An existing file is left exactly as it was.
    target.write_bytes(b"precious")
    calls["n"] = 0
    assert run(capsys, "export", "-f", "csv", "-o", str(target), "--db", str(source_db))[0] == 130
    assert target.read_bytes() == b"precious"
    assert os.listdir(target.parent) == ["g.csv"]


def test_export_error_in_a_writer_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # XML 1.0 forbids U+000B; the TMX writer refuses it (an InputError) after writing the first concept.
    db = _db(tmp_path, [SAMPLE[1], Concept("zz", "other", [Term("bad\x0bterm", "en")])])
    target = tmp_path / "x.tmx"
    status, _, err = run(capsys, "export", "-f", "tmx", "-o", str(target), "--db", str(db))
    assert status == 1 and err.startswith("termbase: error:")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x.tmx")] == []


def test_unwritable_output_and_unreadable_input(
    tmp_path: Path, source_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "g.csv"
    status, _, err = run(capsys, "export", "-f", "csv", "-o", str(missing), "--db", str(source_db))
    assert status == 1 and err.startswith(f"termbase: error: {missing}: cannot write")
    status, _, err = run(capsys, "import", str(tmp_path), "--format", "csv", "--db", str(tmp_path / "t.tb"))
    assert status == 1 and err.startswith(f"termbase: error: {tmp_path}: ") and err.count("\n") == 1
    status, _, err = run(capsys, "import", str(tmp_path / "absent.csv"), "--db", str(tmp_path / "t.tb"))
    assert status == 1 and "no such file" in err


def test_export_of_the_bundled_glossary(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMBASE_DB", raising=False)
    status, out, err = run(
        capsysbinary, "export", "-f", "omegat", "--source", "zh", "--target", "az", "-o", "-", "--ids", "baku"
    )
    assert status == 0, err
    lines = out.decode("utf-8").splitlines()
    assert lines[0].startswith("# termbase OmegaT glossary v1 source=zh-Hans target=az-Latn")
    assert "巴库\tBakı" in lines[1:]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("g.tbx", "tbx"),
        ("g.TMX", "tmx"),
        ("g.csv", "csv"),
        ("g.tsv", "tsv"),
        ("g.xlsx", "xlsx"),
        ("g.txt", "omegat"),
    ],
)
def test_export_names_its_format_by_the_file_ending(
    name: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``termbase export FILE``: the ending names the format (import detects it back)."""
    status, _, err = run(
        capsys, "export", str(tmp_path / name), "--ids", "baku", "--source", "zh", "--target", "az"
    )
    assert status == 0, err

    assert termbase.formats.detect_format(tmp_path / name) == fmt


def test_export_output_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in [
        (["export"], "give the output file"),
        (["export", str(tmp_path / "g.dat")], "cannot tell the format from the name"),
        (["export", "-"], "give the format (--format) for standard output"),
        (["export", str(tmp_path / "a.tbx"), "-o", str(tmp_path / "b.tbx")], "two output files"),
    ]:
        status, out, err = run(capsys, *argv)
        assert (status, out) == (2, "") and message in err and err.count("\n") == 1, (argv, err)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["csv", "tsv", "omegat", "tbx", "csv-long"])
def test_a_gzipped_export_imports_back(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"glossary.{fmt}.gz"
    argv = ["export", "--format", fmt, "-o", str(path), "--ids", "baku", "--source", "ru", "--target", "en"]
    assert run(capsys, *argv)[0] == 0
    with open(path, "rb") as raw:
        assert raw.read(2) == b"\x1f\x8b"
    status, out, err = run(capsys, "import", str(path), "--format", fmt, "--db", str(tmp_path / "mine.tb"))
    assert status == 0 and out.startswith(f"imported {path}: 1 concept added"), err
    assert run(capsys, "lookup", "Баку", "--db", str(tmp_path / "mine.tb"))[0] == 0
    cut = tmp_path / f"cut.{fmt}.gz"
    cut.write_bytes(path.read_bytes()[:-12])  # the stream's end and its checksum lost
    status, out, err = run(capsys, "import", str(cut), "--format", fmt, "--db", str(tmp_path / "cut.tb"))
    assert (status, out) == (1, "") and err.startswith(f"termbase: error: {cut}") and err.count("\n") == 1
    assert not (tmp_path / "cut.tb").exists()


def test_tm_export_to_a_gzipped_file_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    path = tmp_path / "memory.tmx.gz"
    status, _, err = run(capsys, "tm", "export", str(path))
    written = int(err.split()[2])
    assert err == f"termbase: wrote {written} translation units to {path}\n"
    assert status == 0 and written > 0
    with gzip.open(path) as packed:
        assert packed.read().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    status, out, _ = run(capsys, "import", str(path), "--db", str(tmp_path / "mine.tb"))
    assert status == 0 and out == f"imported {path}: {written} translation units added\n"
