"""Scale of the termbase (issue 10): bulk concept import, cold lookup, saved recognition indexes.

No test here is timed: the figures live in benchmarks/bench_scale.py.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.model import Category, Concept, Status, Term, TermType
from termbase.recognize import Recognizer
from termbase.recognize.cache import _Codes
from tests.helpers import children, dump_database, gone
from tests.strategies import any_text, azerbaijani_text, concepts, english_text, han_text, russian_text

REPO = Path(__file__).resolve().parents[1]
TEXTS = {"zh-Hans": han_text, "ru": russian_text, "az-Latn": azerbaijani_text, "en": english_text}


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termbase", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def _spans(rec: Recognizer, text: str, lang: str, all_forms: bool) -> list[tuple[object, ...]]:
    return [
        (h.start, h.end, tuple((e.concept_id, e.lang, e.text, e.status, e.scheme) for e in h.entries))
        for h in rec.find(text, lang, all_forms=all_forms)
    ]


# -- saved recognition indexes ------------------------------------------------------------------
@settings(max_examples=25)
@given(
    st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id),
    st.sampled_from(sorted(TEXTS)),
    st.data(),
)
def test_a_saved_index_finds_what_a_fresh_one_finds(
    tmp_path_factory: pytest.TempPathFactory, found: list[Concept], lang: str, data: st.DataObject
) -> None:
    path = str(tmp_path_factory.mktemp("tb") / "t.tb")
    tb = termbase.open(path)
    tb.import_concepts(found)
    # Texts with the termbase's own forms of that language in them, and generated text around them.
    own = [f.text for f in tb.forms() if f.lang == lang or lang == "en"]
    pieces = data.draw(st.lists(st.one_of(TEXTS[lang], st.sampled_from(own or ["x"])), max_size=6))
    text = (" " if lang != "zh-Hans" else "").join(pieces)
    all_forms = data.draw(st.booleans())
    fresh = Recognizer(list(tb.forms(include_derived=True)))
    first = tb.recognizer  # builds the index and saves it
    assert _spans(first, text, lang, all_forms) == _spans(fresh, text, lang, all_forms)
    later = termbase.open(path).recognizer  # as a new process: reads the saved index
    assert _spans(later, text, lang, all_forms) == _spans(fresh, text, lang, all_forms)
    assert isinstance(later.index(lang, all_forms).codes, _Codes) or lang == "zh-Hans"
    assert later._entries is None  # the forms were never read


def _glossary(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "category", "en"])
        for cid, en in rows:
            writer.writerow([cid, "place", en])


def _recognized(db: Path, text: str, env: dict[str, str] | None = None) -> list[str]:
    result = _run("recognize", "--db", str(db), "--lang", "en", "--json", text, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    import json

    return [item["concept"] for item in json.loads(result.stdout or "[]")]


def test_an_edit_in_another_process_is_seen_by_the_next_recognition(tmp_path: Path) -> None:
    csv_path, db = tmp_path / "g.csv", tmp_path / "g.tb"
    _glossary(csv_path, [("baku", "Baku"), ("ganja", "Ganja")])
    assert _run("import", str(csv_path), "--db", str(db)).returncode == 0
    text = "From Baku to Ganja and Shusha"
    assert _recognized(db, text) == ["baku", "ganja"]
    assert _recognized(db, text) == ["baku", "ganja"]  # from the saved index
    assert _run("add", "shusha", "en=Shusha", "--category", "place", "--db", str(db)).returncode == 0
    assert _recognized(db, text) == ["baku", "ganja", "shusha"]
    assert _run("remove", "ganja", "--db", str(db)).returncode == 0
    assert _recognized(db, text) == ["baku", "shusha"]
    # The same number of forms, one text changed: ids and counts alone would not tell.
    tb = termbase.open(db)
    tb.update(Concept("shusha", "place", [Term("Shushi", "en")]))
    tb.close()
    assert _recognized(db, text + " or Shushi") == ["baku", "shusha"]
    assert _recognized(db, text) == ["baku"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip"])
def test_a_damaged_saved_index_is_rebuilt_never_a_traceback(tmp_path: Path, damage: str) -> None:
    csv_path, db = tmp_path / "g.csv", tmp_path / "g.tb"
    _glossary(csv_path, [(f"c{i}", f"Town{i} Name{i}") for i in range(300)])
    assert _run("import", str(csv_path), "--db", str(db)).returncode == 0
    text = "In Town7 Name7 and Town250 Name250."
    assert _recognized(db, text) == ["c7", "c250"]
    folder = Path(os.environ["TERMBASE_CACHE_DIR"]) / "recognize"
    saved = [p for p in folder.iterdir() if p.name.endswith("-en-0.sqlite")]
    assert saved
    for path in saved:
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(b"not an index" * 100)
        else:  # one byte changed in every page after the first
            changed = bytearray(data)
            for offset in range(4096 + 100, len(changed), 4096):
                changed[offset] ^= 0xFF
            path.write_bytes(bytes(changed))
    assert _recognized(db, text) == ["c7", "c250"]
    assert _recognized(db, text) == ["c7", "c250"]


def test_recognition_works_where_no_index_can_be_saved(tmp_path: Path) -> None:
    csv_path, db = tmp_path / "g.csv", tmp_path / "g.tb"
    _glossary(csv_path, [("baku", "Baku")])
    assert _run("import", str(csv_path), "--db", str(db)).returncode == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "TERMBASE_CACHE_DIR": str(blocker / "cache"), "TMPDIR": str(blocker)}
    os.chmod(tmp_path, 0o555)  # a read-only termbase folder (ignored by root, which the file blocks)
    try:
        assert _recognized(db, "To Baku", env=env) == ["baku"]
        assert _recognized(db, "To Baku", env=env) == ["baku"]
    finally:
        os.chmod(tmp_path, 0o755)


def test_an_index_built_inside_a_rolled_back_transaction_is_not_reused(tmp_path: Path) -> None:
    db = str(tmp_path / "t.tb")
    tb = termbase.open(db)
    tb.add(Concept("baku", "place", [Term("Baku", "en")]))
    try:
        with tb.transaction():
            tb.add(Concept("ganja", "place", [Term("Ganja", "en")]))
            assert [r.concept_id for r in tb.recognize("Baku, Ganja", "en")] == ["baku", "ganja"]
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert [r.concept_id for r in tb.recognize("Baku, Ganja", "en")] == ["baku"]
    assert [r.concept_id for r in termbase.open(db).recognize("Baku, Ganja", "en")] == ["baku"]


# -- bulk import ---------------------------------------------------------------------------------
def _state(tb: termbase.Termbase) -> tuple[object, ...]:
    conn = tb.store.conn
    return (
        [c.to_dict() for c in tb.concepts()],
        sorted(conn.execute("SELECT concept_id, lang, text, scheme, status, type FROM form")),
        sorted(
            conn.execute(
                "SELECT k.key, k.level, f.concept_id, f.lang, f.text FROM search_key k JOIN form f ON f.id = k.form_id"
            )
        ),
    )


@st.composite
def import_streams(draw: st.DrawFn) -> list[Concept]:
    """Concepts as a file gives them: ids repeated, and files without ids (``auto:``) sharing terms."""
    out: list[Concept] = []
    for i, concept in enumerate(draw(st.lists(concepts(), min_size=1, max_size=12))):
        kind = draw(st.sampled_from(["own", "repeat", "auto"]))
        if kind == "repeat" and out:
            concept = concept.replace(id=draw(st.sampled_from(out)).id)
        elif kind == "auto":
            concept = concept.replace(id=f"auto:{i}")
            if out and draw(st.booleans()):  # a preferred term of an earlier concept
                j = draw(st.integers(0, len(out) - 1))
                first = out[j].terms()[0]
                shared = Term(first.text, first.lang, status=Status.PREFERRED)
                out[j] = out[j].with_terms((shared, *out[j].terms()[1:]))
                if (shared.lang, shared.text) not in {(t.lang, t.text) for t in concept.terms()}:
                    concept = concept.with_terms((*concept.terms(), shared))
        out.append(concept)
    return out


@settings(max_examples=40)
@given(import_streams(), st.sampled_from(["merge", "skip", "replace"]))
def test_a_batched_import_equals_importing_one_concept_at_a_time(
    monkeypatch: pytest.MonkeyPatch, stream: list[Concept], on_conflict: str
) -> None:
    from termbase import exchange

    monkeypatch.setattr(exchange, "_CONCEPT_BATCH", 3)
    batched = termbase.open(":memory:")
    summary = batched.import_concepts(stream, on_conflict)  # type: ignore[arg-type]
    one_by_one = termbase.open(":memory:")
    totals = {"added": 0, "merged": 0, "skipped": 0, "replaced": 0, "terms_added": 0}
    for concept in stream:
        single = one_by_one.import_concepts([concept], on_conflict)  # type: ignore[arg-type]
        for name in totals:
            totals[name] += getattr(single, name)
    assert _state(batched) == _state(one_by_one)
    assert {name: getattr(summary, name) for name in totals} == totals


def _rows(tb: termbase.Termbase) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the concept tables, ids included (the concepts' timestamps left out)."""
    conn = tb.store.conn
    return {
        "concept": conn.execute("SELECT id, category, wikidata, data FROM concept ORDER BY id").fetchall(),
        **{
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("term", "form", "search_key", "language_name")
        },
    }


@settings(max_examples=30)
@given(import_streams(), st.sampled_from(["merge", "skip", "replace"]), st.integers(1, 4), st.booleans())
def test_an_import_computing_its_rows_in_a_worker_writes_what_one_process_writes(
    monkeypatch: pytest.MonkeyPatch, stream: list[Concept], on_conflict: str, batch: int, empty: bool
) -> None:
    """Helper processes (two or three jobs) compute the forms and keys of the batches (a first one
    that is not full in this process), with three jobs two batches side by side, their forms
    numbered from 1 and moved into place as written; the rows, their ids and the summary are those
    of an import that computes them itself, into an empty termbase (batches ahead of the writing)
    or one holding a concept (each concept checked against what is written)."""
    from termbase import exchange

    monkeypatch.setattr(exchange, "_CONCEPT_BATCH", batch)
    results = []
    for jobs in (3, 2, 1):
        tb = termbase.open(":memory:")
        if not empty:
            tb.add(Concept("old", "place", [Term("Bakı", "az-Latn"), Term("巴库", "zh-Hans")]))
        summary = exchange.import_concepts(tb, stream, on_conflict, jobs=jobs)  # type: ignore[arg-type]
        results.append((summary, _rows(tb)))
    assert results[0] == results[2]
    assert results[1] == results[2]


@settings(max_examples=30)
@given(import_streams(), st.sampled_from(["merge", "replace"]))
def test_an_import_without_foreign_key_checks_leaves_no_dangling_row(
    monkeypatch: pytest.MonkeyPatch, stream: list[Concept], on_conflict: str
) -> None:
    """Imports run with SQLite's foreign keys off; a merged or replaced concept's old forms and
    their keys go all the same, and the checks are on again afterwards."""
    from termbase import exchange

    monkeypatch.setattr(exchange, "_CONCEPT_BATCH", 2)
    tb = termbase.open(":memory:")
    tb.import_concepts(stream, on_conflict)  # type: ignore[arg-type]
    tb.import_concepts(stream, on_conflict)  # type: ignore[arg-type]  # every concept met again
    conn = tb.store.conn
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    keyed = {row[0] for row in conn.execute("SELECT DISTINCT form_id FROM search_key")}
    assert keyed == {row[0] for row in conn.execute("SELECT id FROM form")}


def test_foreign_keys_are_checked_again_after_a_failed_import(tmp_path: Path) -> None:
    tb = termbase.open(tmp_path / "t.tb")
    tb.add(Concept("baku", "place", [Term("Baku", "en")]))

    def broken() -> Iterator[Concept]:
        yield Concept("ganja", "place", [Term("Ganja", "en")])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        tb.import_concepts(broken())
    assert tb.store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert [c.id for c in tb.concepts()] == ["baku"]


def test_a_concept_import_writes_with_a_larger_page_cache_and_gives_it_back(tmp_path: Path) -> None:
    """The unchecked transaction of a concept import raises SQLite's page cache (its search keys
    land all over their index), and the usual size is back afterwards, failed or not."""
    from termbase import store as store_module

    tb = termbase.open(tmp_path / "t.tb")
    tb.add(Concept("baku", "place", [Term("Baku", "en")]))
    conn = tb.store.conn
    usual = conn.execute("PRAGMA cache_size").fetchone()[0]
    assert usual == store_module._CACHE_KIB
    seen: list[int] = []

    def watched() -> Iterator[Concept]:
        seen.append(conn.execute("PRAGMA cache_size").fetchone()[0])
        yield Concept("ganja", "place", [Term("Ganja", "en")])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        tb.import_concepts(watched())
    assert seen == [store_module._BULK_CACHE_KIB] and usual > store_module._BULK_CACHE_KIB  # more KiB
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == usual


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_an_import_killed_while_its_helper_runs_leaves_the_file_and_no_process(tmp_path: Path) -> None:
    """kill -9 of a concept import (``--jobs 2``) whose helper is computing rows: the file holds
    what it held, and the helper, which never writes, is gone too."""
    import signal
    import time

    db = tmp_path / "t.tb"
    termbase.open(db).add(Concept("baku", "place", [Term("Baku", "en"), Term("巴库", "zh-Hans")]))
    before = dump_database(db)
    csv_path = tmp_path / "g.csv"
    _glossary(csv_path, [(f"c{i}", f"Town {i} of Shirvan") for i in range(40_000)])
    argv = [sys.executable, "-m", "termbase", "import", str(csv_path), "--db", str(db), "--jobs", "2"]
    process = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while not workers and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = children(process.pid)
        assert workers, "the import ended before its helper process started"
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert gone(workers), "a helper process survived its import"
    finally:
        process.kill()
        process.wait()
    assert dump_database(db) == before
    assert len(termbase.open(db)) == 1


def test_an_import_failing_after_several_batches_leaves_the_termbase_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from termbase import exchange

    monkeypatch.setattr(exchange, "_CONCEPT_BATCH", 4)
    db = tmp_path / "t.tb"
    tb = termbase.open(db)
    tb.add(Concept("baku", "place", [Term("Baku", "en"), Term("巴库", "zh-Hans")]))
    before = dump_database(db)
    csv_path = tmp_path / "g.csv"
    rows = [(f"c{i}", f"Town {i}") for i in range(30)] + [("baku", "Bakı")]
    _glossary(csv_path, rows)
    with csv_path.open("a", encoding="utf-8") as out:
        out.write('c99,no-such-category,"Broken"\n')
    with pytest.raises(termbase.InputError, match=r"g\.csv"):
        tb.import_file(csv_path)
    assert dump_database(db) == before


def test_a_failed_import_into_a_new_file_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from termbase import exchange

    monkeypatch.setattr(exchange, "_CONCEPT_BATCH", 4)
    csv_path, db = tmp_path / "g.csv", tmp_path / "new.tb"
    _glossary(csv_path, [(f"c{i}", f"Town {i}") for i in range(30)])
    with csv_path.open("a", encoding="utf-8") as out:
        out.write('c99,no-such-category,"Broken"\n')
    result = _run("import", str(csv_path), "--db", str(db))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not any(p.name.startswith("new.tb") for p in tmp_path.iterdir())


def test_a_lookup_in_an_imported_termbase_imports_no_heavy_module(tmp_path: Path) -> None:
    csv_path, db = tmp_path / "g.csv", tmp_path / "g.tb"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,category,zh-Hans,ru,az-Latn,en\nbaku,place,巴库,Баку,Bakı,Baku\n")
    assert _run("import", str(csv_path), "--db", str(db)).returncode == 0
    code = (
        "import sys; from termbase.cli import main; code = main(['lookup', 'Baku', '--db', sys.argv[1]]); "
        "heavy = [m for m in ('opencc', 'pypinyin', 'babel', 'lxml', 'pymorphy3', 'rapidfuzz', 'ahocorasick') "
        "if m in sys.modules]; print('HEAVY', code, heavy, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=False
    )
    assert "HEAVY 0 []" in result.stderr, result.stderr
    assert "Azerbaijani" in result.stdout and "Bakı" in result.stdout


# -- saved word index (lookup by an inflected form or a word) ------------------------------------
@settings(max_examples=25)
@given(st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id), st.data())
def test_a_saved_word_index_answers_as_a_fresh_one(
    tmp_path_factory: pytest.TempPathFactory, found: list[Concept], data: st.DataObject
) -> None:
    from termbase.recognize.cache import forms_token, open_saved
    from termbase.wordsearch import StoredWords, WordIndex, query_modes

    path = str(tmp_path_factory.mktemp("tb") / "t.tb")
    tb = termbase.open(path)
    tb.import_concepts(found)
    words = [w for f in tb.forms() for w in f.text.split()]
    query = data.draw(
        st.one_of(st.sampled_from(words), st.sampled_from(words).map(lambda w: w[:5]), *TEXTS.values())
    )
    fresh = WordIndex.build(
        tb.store.conn.execute("SELECT concept_id, lang, text, scheme FROM form ORDER BY id")
    )
    first = [m.to_dict() for m in termbase.open(path).lookup(query)] if query.strip() else []
    token = forms_token(tb.store.conn)
    assert token is not None
    ran = query.strip() and not termbase.open(path)._lookup._by_keys([query.strip()], _all(), 10)  # type: ignore[arg-type]
    for kind in query_modes(query):
        saved = open_saved(path, f"words-{kind}", token, writable=True)
        if ran:
            assert saved is not None  # the word pass ran and saved the index of this mode
        if saved is not None:
            stored = StoredWords(saved, kind, tb.store.conn)
            assert sorted(stored.search(query, (kind,))) == sorted(fresh.search(query, (kind,)))
    again = [m.to_dict() for m in termbase.open(path).lookup(query)] if query.strip() else []
    assert again == first


def _all() -> object:
    from termbase.lookup import _LanguageFilter

    return _LanguageFilter(None)


def test_a_word_lookup_sees_an_edit_made_in_another_process(tmp_path: Path) -> None:
    csv_path, db = tmp_path / "g.csv", tmp_path / "g.tb"
    _glossary(csv_path, [("tbilisi", "Tbilisi Airport"), ("ganja", "Ganja Airport")])
    assert _run("import", str(csv_path), "--db", str(db)).returncode == 0

    def found(query: str) -> list[str]:
        result = _run("lookup", query, "--db", str(db), "--json")
        assert "Traceback" not in result.stderr
        import json

        return sorted(m["id"] for m in json.loads(result.stdout or "[]"))

    assert found("Airport") == ["ganja", "tbilisi"]
    assert found("Airport") == ["ganja", "tbilisi"]  # from the saved word index
    assert _run("remove", "ganja", "--db", str(db)).returncode == 0
    assert found("Airport") == ["tbilisi"]
    # The new concept's form takes the removed one's row id: only the forms token tells them apart.
    assert _run("add", "baku", "en=Baku Harbour", "--category", "place", "--db", str(db)).returncode == 0
    assert found("Harbour") == ["baku"]
    assert found("Airport") == ["tbilisi"]


@settings(max_examples=25)
@given(st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id), st.data())
def test_a_typo_lookup_from_saved_keys_equals_one_over_every_key(
    tmp_path_factory: pytest.TempPathFactory, found: list[Concept], data: st.DataObject
) -> None:
    path = str(tmp_path_factory.mktemp("tb") / "t.tb")
    tb = termbase.open(path)
    tb.import_concepts(found)
    texts = [f.text for f in tb.forms() if len(f.text) >= 3]
    if not texts:
        return
    text = data.draw(st.sampled_from(texts))
    at = data.draw(st.integers(0, len(text) - 1))
    typo = text[:at] + data.draw(st.sampled_from(["x", "ə", "ж", "", "字"])) + text[at + 1 :]
    if not typo.strip():
        return
    from termbase.recognize.cache import forms_token, open_saved

    every_key = termbase.open(path)
    warm = [(m.concept.id, m.score, m.text) for m in every_key._lookup._by_typos(typo, _all(), 10)]  # type: ignore[arg-type]
    token = forms_token(tb.store.conn)
    assert token is not None
    saved = open_saved(path, "typos", token)
    read = every_key._lookup._fuzzy_index
    if read is not None:  # the typo pass read keys from the termbase: the lengths read were saved
        assert saved is not None
        assert {row[0] for row in saved.execute("SELECT length FROM bucket")} == set(read[1])
    cold = termbase.open(path)
    scan = []
    cold.store.conn.set_trace_callback(scan.append)
    assert [(m.concept.id, m.score, m.text) for m in cold._lookup._by_typos(typo, _all(), 10)] == warm  # type: ignore[arg-type]
    assert not any("search_key WHERE level" in sql for sql in scan)  # read only the saved keys


@settings(max_examples=30)
@given(
    st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id),
    st.lists(st.text(min_size=1), max_size=5),
)
def test_the_typo_keys_read_in_sqlite_order_are_in_python_order(found: list[Concept], odd: list[str]) -> None:
    """The loose keys come sorted by SQLite (UTF-8 bytes), not by Python (code points): the same
    order for any text, astral characters included."""
    from termbase.normalize import LOOSE, SPANS

    tb = termbase.open(":memory:")
    tb.import_concepts(found)
    with tb.transaction() as same:  # odd keys too: every code point, surrogates aside
        conn = same.store.conn
        start = conn.execute("SELECT max(id) FROM form").fetchone()[0]
        for i, key in enumerate(odd, 1):
            conn.execute(
                "INSERT INTO form VALUES (?, ?, 'en', 'x', NULL, 'preferred', 'fullForm')",
                (start + i, found[0].id),
            )
            conn.execute("INSERT INTO search_key VALUES (?, ?, ?)", (key, LOOSE, start + i))
    keys, ids = tb._lookup._typo_candidates(tb.store.conn, 3, 1)
    rows = tb.store.conn.execute("SELECT key, level, form_id FROM search_key").fetchall()
    every = sorted((key, form_id) for key, code, form_id in rows if LOOSE in SPANS[code])
    assert list(zip(keys, ids, strict=True)) == [(k, i) for k, i in every if 2 <= len(k) <= 4]
    keys, ids = tb._lookup._typo_candidates(tb.store.conn, 60, 60)  # every length read since
    assert list(zip(keys, ids, strict=True)) == [(k, i) for k, i in every if len(k) <= 120]


# -- derived forms in bulk --------------------------------------------------------------------
@settings(max_examples=40)
@given(st.lists(concepts(), min_size=1, max_size=8))
def test_deriving_a_batch_equals_deriving_each_concept_alone(batch: list[Concept]) -> None:
    from termbase.derive import derive, derive_many

    # Concepts sharing terms (the same name in several concepts) are where the batch reuses work.
    shared = [c.with_terms((*c.terms(), *batch[0].terms()[:1])) for c in batch[1:]]
    everything = [*batch, *shared]
    assert derive_many(everything) == [derive(c) for c in everything]


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(st.sampled_from(["zh-Hans", "zh-Hant", "ru", "az-Latn", "az-Cyrl", "en"]), any_text),
        min_size=1,
        max_size=6,
    ),
    st.permutations(["zh-Hans", "zh-Hant", "zh-Hant-TW", "ru", "az-Latn", "az-Cyrl", "en"]),
)
def test_one_text_derived_in_several_languages_gets_each_languages_forms(
    texts: list[tuple[str, str]], langs: list[str]
) -> None:
    """derive_terms converts each distinct text once per scheme of a batch: the same text in
    another language (another scheme: 巴库 as zh-Hans and zh-Hant, Баку as ru and az-Cyrl) must
    get that language's forms, never the ones cached for the first."""
    from termbase.derive import derive_terms
    from termbase.scripts import scheme

    batch = [[Term(text, lang)] for text, _ in texts for lang in langs if text.strip()]
    together = derive_terms(batch)
    assert together == [derive_terms([terms])[0] for terms in batch]
    for (term,), forms in zip(batch, together, strict=True):
        for _, (name, _, text) in forms:
            assert text == scheme(name)(term.text, term.lang)  # its own language's conversion


@settings(max_examples=300)
@given(
    st.one_of(
        any_text,
        azerbaijani_text.map(str.upper),
        st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=8),
        st.text(alphabet="IiBAKU -'.", min_size=1, max_size=8),  # Turkic I, keys that punctuation empties
    ),
    st.booleans(),
)
def test_the_bulk_keys_are_the_stored_keys(text: str, turkic: bool) -> None:
    """stored_keys_for's own path for ASCII text (romanisations, English) gives the rows of the
    general one: span codes, an ``I`` of Turkic text, a loose key that punctuation alone leaves empty."""
    from termbase.normalize import _keys, _spans, stored_keys_for

    stored_keys_for.cache_clear()
    assert stored_keys_for(text, turkic) == _spans(_keys.__wrapped__(text, turkic))


@settings(max_examples=100)
@given(
    st.lists(
        st.one_of(han_text, st.sampled_from(["里海", "关系", "佛罗里达", "台湾", "着"])),
        min_size=1,
        max_size=4,
    ),
    st.permutations(["TW", "HK", None]),
)
def test_the_regional_name_forms_sharing_one_conversion_are_each_their_own(
    texts: list[str], regions: list[str | None]
) -> None:
    """name_to_traditional's three regions share one cached standard form (_name_traditional): each
    region, asked in any order after the others, gives what it gives with nothing cached."""
    from termbase.scripts import chinese

    def alone(text: str, region: str | None) -> str:
        chinese._name_traditional.cache_clear()
        return chinese.name_to_traditional(text, region=region)

    expected = {(text, region): alone(text, region) for text in texts for region in regions}
    chinese._name_traditional.cache_clear()
    assert {(t, r): chinese.name_to_traditional(t, region=r) for t in texts for r in regions} == expected
    # and, asked one after the other, each region's own variant of 里 (the docstrings' examples)
    assert [chinese.name_to_traditional("里海", region=r) for r in regions] == [
        {"TW": "裡海", "HK": "裏海", None: "裏海"}[r] for r in regions
    ]


@settings(max_examples=100)
@given(
    st.sampled_from(["ru", "zh-Hans", "az-Latn", "en", "x-klingon"]),
    any_text.filter(str.strip),
    st.sampled_from(list(TermType)),
    st.sampled_from(list(Status)),
    st.sampled_from(list(Category)),
)
def test_a_term_given_plain_strings_holds_the_enum_members(
    lang: str, text: str, kind: TermType, status: Status, category: Category
) -> None:
    """Term and Concept keep an enum member given as it is, and turn its value given as a plain
    string into the member (the enum's call is skipped only for a member)."""
    by_member = Term(text, lang, type=kind, status=status)
    by_value = Term(text, lang, type=str(kind.value), status=str(status.value))  # type: ignore[arg-type]
    assert by_value == by_member
    assert type(by_value.type) is TermType and type(by_value.status) is Status
    assert Concept("c", str(category.value), [by_value]).category is category


# pypinyin reads 塞 sài in 塞外 and sāi alone, 长 cháng in 长安 and zhǎng in 长大: text made of its
# phrases tests that its words are cut as pypinyin cuts them.
PHRASE_PIECES = [
    "塞外",
    "长安",
    "长大",
    "了解",
    "为了",
    "重庆",
    "银行",
    "行人",
    "音乐",
    "快乐",
    "的确",
    "目的",
]


@settings(max_examples=100)
@given(
    st.lists(
        st.one_of(st.sampled_from(PHRASE_PIECES), han_text, st.sampled_from("塞长了为重行乐的")),
        min_size=1,
        max_size=8,
    ).map("".join),
    st.randoms(use_true_random=False),
)
def test_readings_word_by_word_equal_pypinyin_on_the_whole_run(text: str, rng: object) -> None:
    from pypinyin import Style, pinyin

    from termbase.scripts import pinyin as romanize

    romanize._WORD_READINGS.clear()
    pieces = [text, *PHRASE_PIECES, text[::-1]]
    rng.shuffle(pieces)  # type: ignore[attr-defined]
    for piece in pieces:  # in any order: a word read before is read the same in another run
        expected = [item[0] for item in pinyin(piece, style=Style.TONE, errors="default")]
        assert romanize._pinyin_readings(piece) == expected


@settings(max_examples=30)
@given(st.lists(concepts(), min_size=1, max_size=8, unique_by=lambda c: c.id), st.integers(1, 7))
def test_the_bulk_write_stores_each_forms_own_search_keys(
    monkeypatch: pytest.MonkeyPatch, batch: list[Concept], per: int
) -> None:
    """Rows written many per statement: every form, with exactly the keys stored_keys gives it (those of
    search_keys, a key that neighbouring levels share once)."""
    from termbase import termbase as module
    from termbase.derive import derive
    from termbase.normalize import SPANS, search_keys, stored_keys

    monkeypatch.setattr(module, "ROWS_PER_INSERT", per)  # statements of a few rows and a remainder
    tb = termbase.open(":memory:")
    tb.import_concepts(batch)
    expected_forms = sorted(
        (c.id, lang, text, scheme)
        for c in batch
        for lang, text, scheme in [
            *((t.lang, t.text, None) for t in c.terms()),
            *((tag, text, name) for _, (name, tag, text) in derive(c)),
        ]
    )
    conn = tb.store.conn
    stored = conn.execute("SELECT id, concept_id, lang, text, scheme FROM form").fetchall()
    assert sorted((cid, lang, text, scheme) for _, cid, lang, text, scheme in stored) == expected_forms
    keys = sorted(conn.execute("SELECT form_id, level, key FROM search_key"))
    assert keys == sorted(
        (fid, code, key) for fid, _, lang, text, _ in stored for code, key in stored_keys(text, lang)
    )
    assert sorted((fid, level, key) for fid, code, key in keys for level in SPANS[code]) == sorted(
        (fid, level, key) for fid, _, lang, text, _ in stored for level, key in search_keys(text, lang)
    )


# -- the first recognition reads only the forms it indexes ----------------------------------------
@settings(max_examples=30)
@given(st.lists(concepts(), min_size=1, max_size=8, unique_by=lambda c: c.id))
def test_an_index_read_straight_from_the_store_holds_what_one_from_every_form_holds(
    batch: list[Concept],
) -> None:
    tb = termbase.open(":memory:")
    tb.import_concepts(batch)
    every = Recognizer(list(tb.forms(include_derived=True)))
    langs = {f.lang for f in tb.forms()} | {"ru", "az-Latn", "az-Cyrl", "en", "zh-Hans", "de"}
    from termbase.recognize.modes import mode

    for kind in sorted({mode(lang) for lang in langs}):
        for all_forms in (False, True):
            read = tb.recognizer  # forms read per kind, straight from the form table
            assert list(read._selected(kind, all_forms)) == list(every._selected(kind, all_forms)), kind
            assert read._entries is None  # never every form


# -- reading a glossary's cells ---------------------------------------------------------------------
@settings(max_examples=200)
@given(
    st.lists(
        st.one_of(
            han_text,
            russian_text,
            azerbaijani_text,
            english_text,
            st.sampled_from(["|", " | ", "  ", "\t", "\\", "\\|"]),
        ),
        max_size=8,
    )
)
def test_splitting_a_cell_without_escapes_equals_the_character_by_character_rules(pieces: list[str]) -> None:
    from termbase.formats.delimited import _split_escaped, split_terms

    cell = "".join(pieces)
    assert split_terms(cell) == _split_escaped(cell)


# -- Russian morphology through the DAWG extension -------------------------------------------------
_READINGS = """
import json, sys
if sys.argv[1] == "python":
    sys.modules["dawg"] = None  # pymorphy3 falls back to its pure-Python reader
from termbase.recognize import russian
import pymorphy3.dawg
words = json.loads(sys.stdin.read())
print(json.dumps([pymorphy3.dawg.DAWG.__module__] + [
    [russian.ru_term_forms(w), russian.ru_lemmas(w), russian.ru_is_known(russian.ru_fold(w))] for w in words
]))
"""


def test_the_dawg_extension_reads_russian_as_the_pure_python_reader_does() -> None:
    """pymorphy3[fast] (DAWG2, C++) gives every key, lexeme form, lemma and dictionary answer the
    pure-Python reader gives: for the bundled glossary's Russian words and made-up ones."""
    import json
    import random

    pytest.importorskip("dawg")
    words = sorted(
        {w for f in termbase.open().forms() if f.lang == "ru" for w in f.text.split() if w.isalpha()}
    )
    rng = random.Random(10)
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    words += [
        "".join(rng.choice(letters) for _ in range(rng.randint(3, 10))).capitalize() for _ in range(150)
    ]
    words += ["Москве", "Медведевым", "Карамаовым", "наибольший", "поехали", "Ёлкин", "иностранных"]
    answers = {}
    for reader in ("python", "extension"):
        result = subprocess.run(
            [sys.executable, "-c", _READINGS, reader],
            input=json.dumps(words),
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            timeout=300,
        )
        answers[reader] = json.loads(result.stdout)
    assert answers["python"][0] == "dawg_python.dawgs" and answers["extension"][0] == "dawg"
    assert answers["python"][1:] == answers["extension"][1:]
    assert len(answers["python"]) == len(words) + 1


@settings(max_examples=200)
@given(russian_text)
def test_the_word_index_key_of_a_russian_word_is_its_glossary_key(text: str) -> None:
    """The word index reads a Russian word's key without its lexemes' forms: the same key."""
    from termbase.recognize.modes import MORPHOLOGIES
    from termbase.recognize.words import tokens

    hooks = MORPHOLOGIES["ru"]
    for word in tokens(text, "ru")[0]:
        assert hooks.word_key(word) == hooks.key(word)


# -- saved files of deleted termbases ---------------------------------------------------------------
def test_saved_files_of_a_deleted_termbase_are_swept_once_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving sweeps the cache folder: the files of a termbase that is gone go once older than
    SWEEP_AGE; those of a termbase still there, and younger ones, stay."""
    import time

    from termbase.recognize import cache

    cache_folder = tmp_path / "cache"
    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(cache_folder))
    paths = {name: tmp_path / f"{name}.tb" for name in ("gone", "kept", "young")}
    for name, path in paths.items():
        tb = termbase.open(path)
        tb.add(Concept(name, "place", [Term("Baku", "en"), Term("Баку", "ru")]))
        assert [r.concept_id for r in tb.recognize("Baku", "en")] == [name]  # saves the automaton
        tb.lookup("Бакую")  # and the word index
    folder = cache_folder / "recognize"
    saved = {
        name: {p.name for p in folder.iterdir() if p.name.startswith(cache.cache_key(str(path)))}
        for name, path in paths.items()
    }
    assert all(len(files) >= 2 for files in saved.values())
    paths["gone"].unlink()
    paths["young"].unlink()
    old = time.time() - cache.SWEEP_AGE - 60
    for name in ("gone", "kept"):
        for file in saved[name]:
            os.utime(folder / file, (old, old))
    (folder / ".saved-x.tmp").write_bytes(b"")  # left by a killed process
    os.utime(folder / ".saved-x.tmp", (old, old))
    removed = cache.sweep(str(folder), now=time.time())
    assert sorted(removed) == sorted([*saved["gone"], ".saved-x.tmp"])
    left = {p.name for p in folder.iterdir()}
    assert saved["kept"] <= left and saved["young"] <= left and not saved["gone"] & left
    assert [r.concept_id for r in termbase.open(paths["kept"]).recognize("Baku", "en")] == ["kept"]
