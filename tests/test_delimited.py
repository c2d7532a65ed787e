"""CSV/TSV glossaries, the long CSV and OmegaT TSV: round trips, neutralisation, bad input."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from termbase.errors import InputError
from termbase.formats import csv_long, delimited, detect_format, omegat, read, write
from termbase.model import Category, Concept, Status, Term, TermType
from tests.helpers import multi_column_view as _multi_column_view
from tests.strategies import concept_lists, concepts, terms, tricky_note

_counter = iter(range(10**9))


def _file(folder: Path, data: bytes, suffix: str = ".csv") -> Path:
    path = folder / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("delimited")


# -- round trips ----------------------------------------------------------------------------------
@given(concept_lists, st.booleans())
def test_long_csv_is_lossless(folder: Path, items: list[Concept], bom: bool) -> None:
    out = io.BytesIO()
    assert csv_long.write_long(out, items, bom=bom) == len(items)
    path = _file(folder, out.getvalue())
    assert list(csv_long.read_long(path)) == items
    assert detect_format(path) == "csv-long"


@given(concept_lists, st.sampled_from([",", "\t"]), st.booleans())
def test_multi_column_round_trip(folder: Path, items: list[Concept], delimiter: str, bom: bool) -> None:
    out = io.BytesIO()
    assert delimited.write_csv(out, items, delimiter=delimiter, bom=bom) == len(items)
    path = _file(folder, out.getvalue(), ".csv" if delimiter == "," else ".tsv")
    back = list(delimited.read_csv(path, delimiter=delimiter))
    assert [_multi_column_view(c) for c in back] == [_multi_column_view(c) for c in items]
    assert detect_format(path) == ("csv" if delimiter == "," else "tsv")


def _pair_view(concept: Concept, source: str, target: str) -> tuple[list[str], list[str], str | None]:
    return (
        [t.text for t in concept.terms(source)],
        [t.text for t in concept.terms(target)],
        concept.notes.get(target),
    )


@st.composite
def pair_glossaries(draw: st.DrawFn) -> tuple[list[Concept], str, str]:
    source, target = draw(st.sampled_from([("ru", "en"), ("zh-Hans", "az-Latn"), ("en", "zh-Hant-TW")]))
    items = draw(st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id))
    note = draw(st.none() | tricky_note)
    # Every concept gets a term in both languages (besides whatever it drew).
    items = [
        c.with_terms(
            list(
                {(t.lang, t.text): t for t in (draw(terms(source)), draw(terms(target)), *c.terms())}.values()
            )
        )
        for c in items
    ]
    if items and note is not None:
        first = items[0]
        items[0] = Concept(first.id, first.category, first.terms(), notes={target: note})
    return items, source, target


@given(pair_glossaries())
def test_omegat_round_trip_for_a_language_pair(folder: Path, drawn: tuple[list[Concept], str, str]) -> None:
    items, source, target = drawn
    # Neighbouring concepts that share a term cannot be told apart in OmegaT's format.
    for lang in (source, target):
        texts = [t.text for c in items for t in c.terms(lang)]
        assume(len(texts) == len(set(texts)))
    out = io.BytesIO()
    omegat.write_omegat(out, items, source=source, target=target)
    path = _file(folder, out.getvalue(), ".txt")
    back = list(omegat.read_omegat(path))  # the languages come from our first line
    assert [_pair_view(c, source, target) for c in back] == [_pair_view(c, source, target) for c in items]
    assert len(back) == len(items) >= 1
    assert detect_format(path) == "omegat"


def test_registry_round_trip_with_a_multiline_note(folder: Path) -> None:
    concept = Concept(
        "baku",
        Category.CITY,
        [Term("巴库", "zh-Hans"), Term("Баку", "ru"), Term("Bakı", "az-Latn"), Term("Baku", "en")],
        notes={"en": 'capital, "largest" city\non the Caspian\t(=sea)'},
    )
    for fmt in ("csv", "tsv", "csv-long"):
        out = io.BytesIO()
        write(fmt, out, [concept])
        path = _file(folder, out.getvalue())
        (back,) = list(read(path, fmt))
        assert isinstance(back, Concept)
        assert back.notes == concept.notes
        assert [t.text for t in back.terms()] == ["巴库", "Баку", "Bakı", "Baku"]


# -- our writer's escapes -------------------------------------------------------------------------
@given(st.lists(st.text(min_size=1).filter(lambda s: s.strip() == s), min_size=1, max_size=4))
def test_join_and_split_terms(texts: list[str]) -> None:
    assert delimited.split_terms(delimited.join_terms(texts)) == texts


@given(st.text())
def test_neutralize_then_restore(cell: str) -> None:
    safe = delimited.neutralize(cell)
    assert delimited.restore(safe) == cell
    assert safe[:1] not in ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+7 495", "-ово", "@SUM(1)", "\tx", "\rx", "'x"])
def test_formula_cells_get_an_apostrophe(cell: str) -> None:
    out = io.BytesIO()
    delimited.write_csv(out, [Concept("c", "other", [Term("Baku", "en")], notes={"en": cell})], langs=["en"])
    header, row = csv.reader(io.StringIO(out.getvalue().decode(), newline=""))
    assert row[header.index("note:en")] == "'" + cell


def test_foreign_apostrophe_kept_ours_restored(folder: Path) -> None:
    foreign = _file(folder, b"id,en,note\nc1,'=not a formula,'quoted\n")
    (concept,) = list(delimited.read_csv(foreign))
    assert [t.text for t in concept.terms("en")] == ["'=not a formula"]
    assert concept.notes == {"en": "'quoted"}
    out = io.BytesIO()
    delimited.write_csv(out, [concept], langs=["en"])
    assert b"''=not a formula" in out.getvalue()
    (again,) = list(delimited.read_csv(_file(folder, out.getvalue())))
    assert again.terms("en")[0].text == "'=not a formula"
    assert again.notes == {"en": "'quoted"}


def test_foreign_omegat_backslashes_kept(folder: Path) -> None:
    path = _file(folder, b"C:\\dir\\n\tpath\\t\tnote\n", ".txt")
    (concept,) = list(omegat.read_omegat(path, source="en", target="ru"))
    assert [t.text for t in concept.terms("en")] == ["C:\\dir\\n"]
    assert [t.text for t in concept.terms("ru")] == ["path\\t"]


# -- header detection -----------------------------------------------------------------------------
def test_header_tags_normalised_and_several_terms(folder: Path) -> None:
    data = "ID,Category,zh-CN,ZH_tw,RU-ru,az,en-US,de-AT,Note\n"
    data += "baku,CITY,巴库,巴庫,Баку,Bakı,Baku | Baky,Baku,capital\n"
    (concept,) = list(delimited.read_csv(_file(folder, data.encode())))
    assert concept.languages() == ("zh-Hans", "zh-Hant-TW", "ru", "az-Latn", "en", "de-AT")
    assert concept.category is Category.CITY
    assert [(t.text, t.status) for t in concept.terms("en")] == [
        ("Baku", Status.PREFERRED),
        ("Baky", Status.ADMITTED),
    ]
    assert concept.notes == {"en": "capital"}


def test_rows_without_id_get_auto_ids_by_line(folder: Path) -> None:
    (first, second) = list(delimited.read_csv(_file(folder, "en,ru\nBaku,Баку\n\nGanja,Гянджа\n".encode())))
    assert (first.id, second.id) == ("auto:2", "auto:4")
    assert first.category is Category.OTHER


def test_long_csv_defaults_and_concept_rows(folder: Path) -> None:
    data = "concept_id,lang,text\nbaku,az,Bakı\nbaku,ru,Баку\n"
    (concept,) = list(csv_long.read_long(_file(folder, data.encode())))
    assert concept.terms() == (Term("Bakı", "az-Latn"), Term("Баку", "ru"))
    empty = Concept("nothing", Category.EVENT)
    out = io.BytesIO()
    csv_long.write_long(out, [empty])
    assert list(csv_long.read_long(_file(folder, out.getvalue()))) == [empty]


def test_utf16_with_bom_is_read(folder: Path) -> None:
    data = codecs.BOM_UTF16_LE + "id,en,ru\r\nbaku,Baku,Баку\r\n".encode("utf-16-le")
    (concept,) = list(delimited.read_csv(_file(folder, data)))
    assert [t.text for t in concept.terms()] == ["Baku", "Баку"]


def test_bom_written_on_request() -> None:
    out = io.BytesIO()
    delimited.write_csv(out, [Concept("c", "other", [Term("Bakı", "az-Latn")])], bom=True)
    assert out.getvalue().startswith(codecs.BOM_UTF8)
    assert out.getvalue().count(codecs.BOM_UTF8) == 1


# -- bad input ------------------------------------------------------------------------------------
BAD_INPUT = [
    ("ragged row", b"id,en,ru\nbaku,Baku,\xd0\x91\xd0\xb0\xd0\xba\xd1\x83\nganja,Ganja\n", 3, "2 cells"),
    ("bad tag", b"id,en,ru!\nbaku,Baku,x\n", 1, "nor a language tag"),
    ("unknown category", b"id,category,en\nbaku,town,Baku\n", 2, "unknown category"),
    ("empty file", b"", 1, "empty file"),
    ("only a BOM", codecs.BOM_UTF8, 1, "empty file"),
    ("UTF-8 BOM then UTF-16", codecs.BOM_UTF8 + "id,en\n".encode("utf-16-le"), 1, "NUL"),
    ("UTF-16 without BOM", "id,en\nbaku,Baku\n".encode("utf-16-le"), 1, "NUL"),
    ("Latin-1", b"id,az\nbaku,Bak\xc4\xb1\ngence,G\xe4nc\xe4\n", 3, "not UTF-8"),
    ("unclosed quote", b'id,en\nbaku,"Baku\n', 2, "malformed CSV"),
    ("unnamed column", b"id,en,\nbaku,Baku,x\n", 1, "no name"),
]


@pytest.mark.parametrize(("what", "data", "line", "message"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_names_file_and_line(folder: Path, what: str, data: bytes, line: int, message: str) -> None:
    path = _file(folder, data)
    with pytest.raises(InputError) as caught:
        list(delimited.read_csv(path))
    assert caught.value.path == str(path)
    assert caught.value.line == line, what
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


def test_long_csv_rejects_scattered_concepts(folder: Path) -> None:
    data = b"concept_id,lang,text\na,en,A\nb,en,B\na,ru,X\n"
    with pytest.raises(InputError, match="not together") as caught:
        list(csv_long.read_long(_file(folder, data)))
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"concept_id,lang,text,colour\n", "colour"),
        (b"concept_id,lang,text,type\nbaku,en,Baku,longForm\n", "unknown term type"),
        (b"concept_id,lang,text\nbaku,en,\n", "without text"),
    ],
)
def test_long_csv_bad_values(folder: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(csv_long.read_long(_file(folder, data)))


def test_omegat_line_with_one_field(folder: Path) -> None:
    with pytest.raises(InputError) as caught:
        list(omegat.read_omegat(_file(folder, "# comment\nBaku\tБаку\nGanja\n".encode(), ".txt")))
    assert caught.value.line == 3


def test_readers_stream(folder: Path) -> None:
    """The first concept comes out before a bad row further down is read."""
    path = _file(folder, b"id,en\nbaku,Baku\nganja,Ganja,extra\n")
    rows = delimited.read_csv(path)
    assert next(rows).id == "baku"
    with pytest.raises(InputError):
        next(rows)


def test_term_types_survive_the_long_format(folder: Path) -> None:
    concept = Concept(
        "un", "organization", [Term("ООН", "ru", TermType.ABBREVIATION, region="RU", source="x")]
    )
    out = io.BytesIO()
    csv_long.write_long(out, [concept])
    assert list(csv_long.read_long(_file(folder, out.getvalue()))) == [concept]


# -- format detection and atomic output ------------------------------------------------------------
DETECT = [
    (
        "a.xml",
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">',
        "tmx",
    ),
    ("a.dat", b'<?xml version="1.0"?><tbx type="TBX-Basic" style="dca">', "tbx"),
    ("a.tbx", b"<martif type='TBX' xml:lang='en'>", "tbx2008"),
    ("a.tsv", b"id\tzh-Hans\ten\n", "tsv"),
    ("a.txt", b"zh-CN\ten-US\n", "tsv"),
    ("a.csv", b"concept_id,category,record,lang,text\n", "csv-long"),
    ("a.csv", "# comment\nБаку\tBaku\n".encode(), "omegat"),
    ("a.utf8", b"", "omegat"),
    ("a.tbx", b"", "tbx"),
]


@pytest.mark.parametrize(("name", "data", "expected"), DETECT)
def test_detect_format(folder: Path, name: str, data: bytes, expected: str) -> None:
    path = folder / name
    path.write_bytes(data)
    assert detect_format(path) == expected


def test_detect_gzipped_tmx(folder: Path) -> None:
    import gzip

    path = folder / "memory.tmx.gz"
    path.write_bytes(gzip.compress(b'<?xml version="1.0"?><tmx version="1.4"><header/></tmx>'))
    assert detect_format(path) == "tmx"


def test_detect_format_gives_up_with_a_one_line_error(folder: Path) -> None:
    path = folder / "notes.dat"
    path.write_bytes(b"just some words\n")
    with pytest.raises(InputError, match="--format"):
        detect_format(path)


def test_atomic_output_removes_its_temp_file_on_keyboard_interrupt(folder: Path) -> None:
    from termbase.formats._atomic import atomic_output

    target = folder / "atomic" / "out.csv"
    target.parent.mkdir()
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as out:
        out.write(b"half a row")
        raise KeyboardInterrupt
    assert list(target.parent.iterdir()) == []
    with atomic_output(target) as out:
        out.write(b"whole")
    assert target.read_bytes() == b"whole"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it, not mkstemp's 0600


def test_atomic_output_dash_is_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from termbase.formats._atomic import atomic_output

    with atomic_output("-") as out:
        out.write("Bakı\n".encode())
    assert capsysbinary.readouterr().out == "Bakı\n".encode()
