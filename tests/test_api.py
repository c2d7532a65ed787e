"""The Python API of a termbase called directly: import_file, export, transaction, get/[],
to_dict, Stats, Concept.replace, language names, the one ``source=`` option of the writers."""

from __future__ import annotations

import collections
import dataclasses
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.errors import InputError, NotFoundError, UsageError
from termbase.model import Category, Concept, Status, Term, TermType, TranslationUnit
from tests.helpers import multi_column_view, run_cli
from tests.strategies import concept_lists, concepts, slugs

LOSSLESS = ["csv-long", "tmx", "tbx", "tbx2008"]

SAMPLE = [
    Concept(
        "baku",
        Category.CITY,
        [Term("巴库", "zh-Hans"), Term("Баку", "ru"), Term("Bakı", "az-Latn"), Term("Baku", "en")],
        notes={"en": "capital"},
    ),
    Concept(
        "ganja",
        Category.CITY,
        [Term("占贾", "zh-Hans"), Term("Гянджа", "ru"), Term("Gəncə", "az-Latn"), Term("Ganja", "en")],
    ),
    Concept("shusha", Category.CITY, [Term("舒沙", "zh-Hans"), Term("Шуша", "ru"), Term("Şuşa", "az-Latn")]),
]


def _memory_tb(items: list[Concept]) -> termbase.Termbase:
    tb = termbase.open(":memory:")
    tb.import_concepts(items)
    return tb


def _units(tb: termbase.Termbase) -> list[TranslationUnit]:
    return list(tb.memory.units())


# -- export -> import_file ------------------------------------------------------------------------
@settings(max_examples=10)
@given(concept_lists, st.sampled_from([*LOSSLESS, "csv", "tsv"]))
def test_export_then_import_file_round_trips(
    tmp_path_factory: pytest.TempPathFactory, items: list[Concept], fmt: str
) -> None:
    folder = tmp_path_factory.mktemp("api")
    source = _memory_tb(items)
    path = folder / f"out.{fmt}"
    written = source.export(fmt, path)
    assert written == len([c for c in items if c.terms()])
    target = termbase.open(folder / "t.tb")
    summary = target.import_file(path, format=fmt)
    assert summary.added == written and summary.units_added == 0
    if fmt in LOSSLESS:
        assert list(target.concepts()) == list(source.concepts())
    else:
        assert [multi_column_view(c) for c in target.concepts()] == [
            multi_column_view(c) for c in source.concepts()
        ]
    target.close()


@settings(max_examples=10)
@given(concept_lists)
def test_format_is_detected(tmp_path_factory: pytest.TempPathFactory, items: list[Concept]) -> None:
    folder = tmp_path_factory.mktemp("detect")
    source = _memory_tb(items)
    for fmt, name in [("tbx", "g.tbx"), ("tmx", "g.tmx"), ("csv", "g.csv")]:
        source.export(fmt, folder / name)
        target = termbase.open(":memory:")
        assert target.import_file(folder / name).added == len(items)
        assert [c.id for c in target.concepts()] == [c.id for c in source.concepts()]


def test_export_to_a_stream_and_its_progress() -> None:
    tb = _memory_tb(SAMPLE)
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    count = tb.export("omegat", out, source="ru", target="az", progress=lambda d, t: seen.append((d, t)))
    lines = out.getvalue().decode("utf-8").splitlines()
    assert count == 3 == len(lines) - 1
    assert "Баку\tBakı" in lines
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_export_options_select_sort_and_derive() -> None:
    tb = _memory_tb([*SAMPLE, Concept("ismayilli", Category.REGION, [Term("İsmayıllı", "az-Latn")])])
    out = io.BytesIO()
    assert tb.export("csv-long", out, ids=["baku"], langs=["zh"], derived=["pinyin"]) == 1
    rows = out.getvalue().decode("utf-8").splitlines()
    # 巴库 with its pinyin (the pinyin scheme's own example: 巴库 → Bākù) as an admitted variant.
    assert [r.split(",")[3:7] for r in rows[1:] if ",term," in r] == [
        ["term", "zh-Hans", "巴库", "fullForm"],
        ["term", "zh-Latn-pinyin", "Bākù", "variant"],
    ]
    out = io.BytesIO()
    tb.export("csv", out, categories=["region"])
    assert [r.split(",")[0] for r in out.getvalue().decode().splitlines()[1:]] == ["ismayilli"]
    out = io.BytesIO()
    tb.export("csv", out, source="az", langs=["az"])
    # Azerbaijani alphabet: b < g < i < ş — Bakı, Gəncə, İsmayıllı, Şuşa.
    assert [r.split(",")[3] for r in out.getvalue().decode().splitlines()[1:]] == [
        "Bakı",
        "Gəncə",
        "İsmayıllı",
        "Şuşa",
    ]
    with pytest.raises(NotFoundError, match="'nope'"):
        tb.export("csv", io.BytesIO(), ids=["baku", "nope"])
    with pytest.raises(UsageError, match="target language"):
        tb.export("omegat", io.BytesIO(), source="ru")
    with pytest.raises(UsageError, match="bom"):
        tb.export("tmx", io.BytesIO(), bom=True)


def test_export_source_sets_the_header_language() -> None:
    tb = _memory_tb(SAMPLE)
    out = io.BytesIO()
    tb.export("tmx", out, source="ru")
    assert b'srclang="ru"' in out.getvalue()
    out = io.BytesIO()
    tb.export("tbx", out, source="az")
    assert b'xml:lang="az-Latn"' in out.getvalue()


def test_writers_take_source_not_the_old_names() -> None:
    from termbase.formats.tbx import write_tbx
    from termbase.formats.tmx import write_tmx

    out = io.BytesIO()
    write_tmx(out, concepts=SAMPLE, source="zh-Hans")
    assert b'srclang="zh-Hans"' in out.getvalue()
    out = io.BytesIO()
    write_tbx(out, SAMPLE, source="ru")
    assert b'xml:lang="ru"' in out.getvalue()
    with pytest.raises(TypeError):
        write_tmx(io.BytesIO(), concepts=SAMPLE, srclang="en")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        write_tbx(io.BytesIO(), SAMPLE, sourcelang="en")  # type: ignore[call-arg]


# -- import_file: all or nothing ------------------------------------------------------------------
def _broken_long_csv(folder: Path, items: list[Concept]) -> Path:
    """A long CSV of ``items`` with a bad language tag on a last, extra line."""
    path = folder / "broken.csv"
    _memory_tb(items).export("csv-long", path)
    with open(path, "ab") as handle:
        handle.write(b"zzz-last,other,,term,xx-!!,Bad,fullForm,preferred,,,\r\n")
    return path


@settings(max_examples=8)
@given(concept_lists)
def test_a_failed_import_into_a_new_file_leaves_no_file(
    tmp_path_factory: pytest.TempPathFactory, items: list[Concept]
) -> None:
    folder = tmp_path_factory.mktemp("fail")
    bad = _broken_long_csv(folder, items)
    fresh = folder / "fresh.tb"
    tb = termbase.open(fresh)
    with pytest.raises(InputError) as caught:
        tb.import_file(bad)
    assert str(caught.value).startswith(f"{bad}:")
    assert sorted(p.name for p in folder.iterdir()) == ["broken.csv"]
    assert len(tb) == 0
    # The termbase object is still usable: the next import creates the file.
    good = folder / "good.csv"
    _memory_tb(items).export("csv-long", good)
    assert tb.import_file(good).added == len(items)
    assert fresh.exists()
    tb.close()
    assert [c.id for c in termbase.open(fresh).concepts()] == sorted(c.id for c in items)


@settings(max_examples=8)
@given(concept_lists, concepts())
def test_a_failed_import_into_an_existing_file_leaves_it_unchanged(
    tmp_path_factory: pytest.TempPathFactory, items: list[Concept], extra: Concept
) -> None:
    folder = tmp_path_factory.mktemp("keep")
    path = folder / "t.tb"
    tb = termbase.open(path)
    tb.add(extra.replace(id="zzz-existing"))
    before = list(tb.concepts()), tb.stats()
    with pytest.raises(InputError):
        tb.import_file(_broken_long_csv(folder, items))
    assert (list(tb.concepts()), tb.stats()) == before
    assert path.exists()
    tb.close()
    assert list(termbase.open(path).concepts()) == before[0]


def test_an_interrupt_from_progress_rolls_back_and_removes_the_new_file(tmp_path: Path) -> None:
    source = tmp_path / "g.csv"
    _memory_tb(SAMPLE).export("csv", source)
    calls: list[int] = []

    def interrupt(done: int) -> None:
        calls.append(done)
        if done == 2:
            raise KeyboardInterrupt

    db = tmp_path / "t.tb"
    tb = termbase.open(db)
    with pytest.raises(KeyboardInterrupt):
        tb.import_file(source, progress=interrupt)
    assert calls == [1, 2] and not db.exists() and len(tb) == 0
    assert tb.import_file(source, progress=calls.append).added == 3
    assert calls[2:] == [1, 2, 3]


def test_import_file_errors(tmp_path: Path) -> None:
    tb = termbase.open(":memory:")
    with pytest.raises(InputError, match="no such file"):
        tb.import_file(tmp_path / "absent.csv")
    good = tmp_path / "g.csv"
    good.write_text("id,en\nbaku,Baku\n", encoding="utf-8")
    with pytest.raises(UsageError, match="only TMX"):
        tb.import_file(good, into="memory")
    with pytest.raises(UsageError, match="OmegaT"):
        tb.import_file(good, source="ru")
    with pytest.raises(UsageError, match="into"):
        tb.import_file(good, into="somewhere")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown encoding"):
        tb.import_file(good, encoding="no-such-codec")
    with pytest.raises(InputError, match="read-only"):
        termbase.open().import_file(good)
    assert len(tb) == 0


def test_encoding_and_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("id;ru;en\nbaku;Баку;Baku\nganja;Гянджа;Ganja\n".encode("cp1251"))
    tb = termbase.open(":memory:")
    with pytest.raises(InputError) as caught:
        tb.import_file(path, delimiter=";")  # not UTF-8
    assert str(caught.value).startswith(f"{path}:2:")
    summary = tb.import_file(path, delimiter=";", encoding="cp1251")
    assert summary.added == 2
    assert [t.text for t in tb["ganja"].terms("ru")] == ["Гянджа"]


# -- TMX: where units go ----------------------------------------------------------------------------
PLAIN_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Baku</seg></tuv><tuv xml:lang="ru"><seg>Баку</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Caspian Sea</seg></tuv><tuv xml:lang="az"><seg>Xəzər dənizi</seg></tuv></tu>
</body></tmx>
"""


def test_a_plain_tmx_goes_to_the_memory_by_default(tmp_path: Path) -> None:
    path = tmp_path / "third-party.tmx"
    path.write_text(PLAIN_TMX, encoding="utf-8")
    tb = _memory_tb(SAMPLE)
    summary = tb.import_file(path)
    assert (summary.added, summary.units_added) == (0, 2)
    units = _units(tb)
    assert sorted(dict(u.variants)["en"] for u in units) == ["Baku", "Caspian Sea"]
    assert all(u.id.startswith("tm:") for u in units)  # content ids, not auto:N
    # The same file again replaces its units by id instead of adding them twice.
    assert tb.import_file(path).units_added == 2
    assert sorted(u.id for u in _units(tb)) == sorted(u.id for u in units)
    # A TMX that says it is a memory is read as one too.
    assert tb.import_file(path, into="memory").units_added == 2 and len(_units(tb)) == 2


def test_a_plain_tmx_into_concepts(tmp_path: Path) -> None:
    path = tmp_path / "third-party.tmx"
    path.write_text(PLAIN_TMX, encoding="utf-8")
    tb = _memory_tb(SAMPLE)
    summary = tb.import_file(path, into="concepts")
    # "Baku"/"Баку" are preferred terms of baku: merged there; the Caspian Sea is new.
    assert (summary.added, summary.merged, summary.units_added) == (1, 1, 0)
    assert _units(tb) == []
    sea = [c for c in tb.concepts() if c.id not in {"baku", "ganja", "shusha"}]
    assert [(c.id, c.category, [(t.lang, t.text) for t in c.terms()]) for c in sea] == [
        ("caspian-sea", Category.OTHER, [("en", "Caspian Sea"), ("az-Latn", "Xəzər dənizi")])
    ]


def test_concepts_of_a_termbase_tmx_are_ignored_into_the_memory(tmp_path: Path) -> None:
    path = tmp_path / "ours.tmx"
    unit = TranslationUnit("u1", {"zh-Hans": "巴库", "ru": "Баку"})
    from termbase.formats.tmx import write_tmx

    with open(path, "wb") as handle:
        write_tmx(handle, concepts=SAMPLE, units=[unit])
    tb = termbase.open(":memory:")
    summary = tb.import_file(path, into="memory")
    assert (summary.added, summary.ignored, summary.units_added) == (0, 3, 1)
    assert len(tb) == 0 and _units(tb) == [unit]
    summary = tb.import_file(path)
    assert (summary.added, summary.ignored, summary.units_added) == (3, 0, 1)


def test_cli_import_as_glossary_and_tm_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "third-party.tmx"
    path.write_text(PLAIN_TMX, encoding="utf-8")
    db = tmp_path / "t.tb"
    status, out, err = run_cli(capsys, "import", str(path), "--as", "glossary", "--db", str(db))
    assert status == 0, err
    assert out.startswith(f"imported {path}: 2 concepts added")
    status, out, err = run_cli(capsys, "tm", "import", str(path), "--json", "--db", str(db))
    assert status == 0, err
    assert json.loads(out) == {"units": 2, "concepts_skipped": 0, "unknown_tags": []}
    tb = termbase.open(db)
    assert len(tb) == 2 and len(_units(tb)) == 2


# -- transaction ------------------------------------------------------------------------------------
def test_transaction_is_all_or_nothing(tmp_path: Path) -> None:
    tb = termbase.open(tmp_path / "t.tb")
    tb.add(SAMPLE[0])
    with pytest.raises(NotFoundError), tb.transaction() as same:
        assert same is tb
        tb.add(SAMPLE[1])
        tb.add_terms("baku", [Term("Bakou", "en", status=Status.ADMITTED)])
        tb.remove("no-such-id")
    assert [c.id for c in tb.concepts()] == ["baku"]
    assert tb["baku"] == SAMPLE[0]
    assert [m.concept.id for m in tb.lookup("Гянджа")] == []
    with tb.transaction():
        tb.add(SAMPLE[1])
        with tb.transaction():  # nested: joins the outer one
            tb.add(SAMPLE[2])
    assert [c.id for c in termbase.open(tmp_path / "t.tb").concepts()] == ["baku", "ganja", "shusha"]


# -- not found ---------------------------------------------------------------------------------------
def test_unknown_ids() -> None:
    tb = _memory_tb(SAMPLE)
    assert tb.get("baku") == SAMPLE[0] == tb["baku"]
    assert tb.get("nope") is None
    for call in (
        lambda: tb["nope"],
        lambda: tb.update(Concept("nope", "city", [Term("x", "en")])),
        lambda: tb.remove("nope"),
        lambda: tb.derived_forms("nope"),
        lambda: tb.remove_term("nope", "en", "x"),
        lambda: tb.remove_term("baku", "en", "Not a term of baku"),
        lambda: tb.add_terms("nope", [Term("x", "en")]),
    ):
        with pytest.raises(NotFoundError) as caught:
            call()
        assert isinstance(caught.value, LookupError) and not isinstance(caught.value, UsageError)
    assert tb["baku"] == SAMPLE[0]


def test_remove_terms_is_all_or_nothing() -> None:
    tb = _memory_tb(SAMPLE)
    with pytest.raises(NotFoundError, match="Gyandzha"):
        tb.remove_terms("ganja", [("ru", "Гянджа"), ("en", "Gyandzha")])
    assert tb["ganja"] == SAMPLE[1]
    changed = tb.remove_terms("ganja", [("ru", "Гянджа"), ("en", "Ganja")])
    assert [t.lang for t in changed.terms()] == ["zh-Hans", "az-Latn"] and tb["ganja"] == changed


# -- to_dict, Stats, Concept.replace --------------------------------------------------------------
def test_match_to_dict_is_the_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    tb = termbase.open()
    matches = tb.lookup("BAKI", limit=3)
    status, out, _ = run_cli(capsys, "lookup", "BAKI", "--limit", "3", "--json")
    assert status == 0
    assert json.loads(out) == [m.to_dict() for m in matches]
    first = matches[0].to_dict()
    assert first["id"] == "baku" and first["matched"] == {
        "lang": "az-Latn",
        "text": "Bakı",
        "how": "case",
        "scheme": None,
    }
    terms = first["terms"]
    assert isinstance(terms, dict) and "Баку" in terms["ru"]


def test_finding_to_dict() -> None:
    from termbase.qa import check_pairs
    from termbase.recognize import Recognizer

    rec = Recognizer([("baku", "ru", "Баку", "preferred"), ("baku", "az-Latn", "Bakı", "preferred")])
    (finding,) = check_pairs([("Я в Баку", "Mən Moskvadayam")], "ru", "az-Latn", rec)
    assert finding.to_dict() == {
        "segment": "1",
        "line": None,
        "kind": "missing",
        "concept": "baku",
        "source_term": "Баку",
        "expected": ["Bakı"],
        "found": None,
        "message": finding.message,
    }


@settings(max_examples=20)
@given(concept_lists)
def test_stats_counts_what_was_imported(items: list[Concept]) -> None:
    tb = _memory_tb(items)
    stats = tb.stats()
    assert isinstance(stats, termbase.Stats)
    assert stats.concepts == len(items) == sum(stats.categories.values())
    assert dict(stats.categories) == dict(
        sorted(collections.Counter(c.category.value for c in items).items())
    )
    assert dict(stats.terms) == dict(
        sorted(collections.Counter(t.lang for c in items for t in c.terms()).items())
    )
    assert stats.to_dict() == {
        "concepts": stats.concepts,
        "categories": dict(stats.categories),
        "terms": dict(stats.terms),
        "derived": dict(stats.derived),
        "units": 0,
        "segments": {},
        "file_bytes": None,
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.concepts = 0  # type: ignore[misc]


def test_stats_json_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "stats", "--json")
    assert status == 0
    data = json.loads(out)
    # The keys of before, unchanged; issue 10 added the memory's counts and the file's size after them.
    assert list(data) == ["concepts", "categories", "terms", "derived", "units", "segments", "file_bytes"]
    assert data == termbase.open().stats().to_dict()


@given(concepts(), slugs, st.sampled_from(list(Category)))
def test_concept_replace(concept: Concept, new_id: str, category: Category) -> None:
    assert concept.replace() == concept
    changed = concept.replace(id=new_id, category=category)
    assert (changed.id, changed.category) == (new_id, category)
    assert changed.to_dict() == {**concept.to_dict(), "id": new_id, "category": category.value}
    fewer = concept.replace(terms=concept.terms()[:1])
    assert fewer.terms() == concept.terms()[:1] and fewer.notes == concept.notes
    assert Concept.from_dict(concept.to_dict()) == concept
    with pytest.raises(TypeError, match="terms_"):
        concept.replace(terms_=())


def test_terms_is_the_one_accessor() -> None:
    concept = SAMPLE[0]
    assert not hasattr(concept, "terms_")
    assert concept.terms()[0] == Term("巴库", "zh-Hans") and concept.terms("ru") == (Term("Баку", "ru"),)
    assert concept.terms("en")[0].type is TermType.FULL_FORM


# -- language names ----------------------------------------------------------------------------------
def test_language_names_through_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    from termbase.langtags import KNOWN_TAGS, language_name

    bundled = termbase.open()
    fresh = termbase.open(":memory:")  # no cached names: Babel
    for display in ("zh", "ru", "az", "en"):
        names = termbase.language_names(display)
        assert list(names) == list(KNOWN_TAGS)
        for tag in KNOWN_TAGS:
            assert names[tag] == bundled.language_name(tag, display) == fresh.language_name(tag, display)
            assert names[tag] == language_name(tag, display)
    assert fresh.language_name("x-klingon") == "x-klingon"  # Babel cannot parse it: the tag itself
    with pytest.raises(UsageError, match="display language"):
        fresh.language_name("ru", "fr")
    status, out, _ = run_cli(capsys, "langs", "--in", "ru", "--json")
    assert status == 0
    assert json.loads(out) == [{"tag": t, "name": n} for t, n in termbase.language_names("ru").items()]


def test_public_names() -> None:
    for name in ("NotFoundError", "Stats", "language_names"):
        assert name in termbase.__all__
        assert getattr(termbase, name) is not None
    assert termbase.__all__ == sorted(termbase.__all__)
    assert issubclass(termbase.NotFoundError, LookupError)


def test_export_derived_accepts_the_script_scheme_name(tmp_path: Path) -> None:
    # Derived Chinese forms are stored under the name-safe schemes; asking for zh-Hant-TW means those.
    tb = termbase.open()
    (taiwan,) = tb.derived_forms("baku")["zh-Hant-TW-name"]
    assert taiwan == "巴庫"
    plain, with_derived = tmp_path / "plain.csv", tmp_path / "tw.csv"
    tb.export("csv-long", plain, ids=["baku"])
    tb.export("csv-long", with_derived, ids=["baku"], derived=["zh-Hant-TW"])
    assert taiwan not in plain.read_text(encoding="utf-8")
    assert taiwan in with_derived.read_text(encoding="utf-8")
    with pytest.raises(UsageError, match="no derived forms use scheme 's2tw'"):
        tb.export("csv-long", tmp_path / "x.csv", derived=["s2tw"])
    assert not (tmp_path / "x.csv").exists()
