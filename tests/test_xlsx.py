"""XLSX glossaries: the wide layout in a workbook (openpyxl), round trips, hostile and broken files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from termbase.errors import InputError
from termbase.formats import detect_format, read, write
from termbase.formats.xlsx import read_xlsx, write_xlsx
from termbase.model import Concept
from tests.helpers import multi_column_view as _multi_column_view
from tests.helpers import run_cli as run
from tests.strategies import concept_lists

_counter = iter(range(10**9))


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xlsx")


@settings(max_examples=30)
@given(concept_lists)
def test_round_trip(folder: Path, items: list[Concept]) -> None:
    out = io.BytesIO()
    assert write_xlsx(out, items) == len(items)
    path = folder / f"g{next(_counter)}.xlsx"
    path.write_bytes(out.getvalue())
    back = list(read_xlsx(path))
    assert [_multi_column_view(c) for c in back] == [_multi_column_view(c) for c in items]
    assert detect_format(path) == "xlsx"
    assert [_multi_column_view(c) for c in read(path)] == [_multi_column_view(c) for c in items]  # type: ignore[arg-type]


def _workbook(rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_made_by_hand(folder: Path) -> None:
    path = folder / "hand.xlsx"
    path.write_bytes(
        _workbook(
            [
                [None],
                ["zh-CN", "ru", "az", "note", None],
                ["巴库", "Баку", "Bakı | Baki", "capital", None],
                [None, None, None, None, None],
                [2003, "Москва", None, None, None],
            ]
        )
    )
    found = list(read_xlsx(path))
    assert [c.id for c in found] == ["auto:3", "auto:5"]
    assert [(t.lang, t.text, t.status.value) for t in found[0].terms()] == [
        ("zh-Hans", "巴库", "preferred"),
        ("ru", "Баку", "preferred"),
        ("az-Latn", "Bakı", "preferred"),
        ("az-Latn", "Baki", "admitted"),
    ]
    assert found[0].notes == {"en": "capital"}
    assert [t.text for t in found[1].terms()] == ["2003", "Москва"]  # a number read as text, not 2003.0


def test_formula_looking_terms_are_text(folder: Path) -> None:
    out = io.BytesIO()
    from termbase.model import Term

    write("xlsx", out, [Concept("x", "other", [Term("=SUM(A1)", "en"), Term("+7", "ru")])])
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no formula cell
    path = folder / "f.xlsx"
    path.write_bytes(out.getvalue())
    assert [t.text for t in next(read_xlsx(path)).terms()] == [
        "+7",
        "=SUM(A1)",
    ]  # columns in the order of KNOWN_TAGS


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], r"empty workbook"),
        ([["id", "category"], ["a", "city"]], r":1: the header names no language column"),
        ([["en", "klingon!"], ["a", "b"]], r":1: header column 2 'klingon!'"),
        ([["en"], ["a", "stray"]], r":2: row has cells right of the header"),
        ([["id", "en", "category"], ["a", "b", "no-such-category"]], r":2: "),
    ],
)
def test_bad_workbooks(folder: Path, rows: list[list[Any]], message: str) -> None:
    import re

    path = folder / f"bad{next(_counter)}.xlsx"
    path.write_bytes(_workbook(rows))
    with pytest.raises(InputError) as caught:
        list(read_xlsx(path))
    assert re.search(message, str(caught.value)), str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_not_a_zip_and_an_entity_bomb(folder: Path) -> None:
    junk = folder / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not an XLSX workbook"):
        list(read_xlsx(junk))
    good = _workbook([["en"], ["Baku"]])
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + data
            target.writestr(info, data)
    path = folder / "bomb.xlsx"
    path.write_bytes(bomb.getvalue())
    with pytest.raises(InputError, match="not a readable XLSX"):
        list(read_xlsx(path))


def test_cli_export_and_import(capsys: pytest.CaptureFixture[Any], folder: Path) -> None:
    out = folder / "glossary.xlsx"
    status, _, _ = run(
        capsys, "export", "--format", "xlsx", "-o", str(out), "--langs", "zh-Hans", "ru", "az", "en"
    )
    assert status == 0
    import openpyxl

    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:7] == ("id", "category", "wikidata", "zh-Hans", "ru", "az-Latn", "en")
    db = folder / "mine.tb"
    status, stdout, _ = run(capsys, "import", str(out), "--db", str(db))
    assert status == 0 and "imported" in stdout
    status, stdout, _ = run(capsys, "lookup", "Bakı", "--db", str(db), "--json")
    assert status == 0 and "baku" in stdout
