"""The stores: round trips, concurrent writers (on SQLite and PostgreSQL), files that are not termbases."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given

import termbase
from termbase.errors import InputError, NotFoundError, UsageError
from termbase.model import Concept, Term
from termbase.store import SCHEMA_VERSION
from termbase.termbase import Termbase
from tests.strategies import concepts


@given(concepts())
def test_any_concept_written_then_read_back_is_equal(
    new_termbase: Callable[[], Termbase], concept: Concept
) -> None:
    tb = new_termbase()
    tb.add(concept)
    assert tb.get(concept.id) == concept
    assert list(tb.concepts()) == [concept]


def test_a_concept_is_found_and_edited_by_its_id_in_any_normalisation_form(
    new_termbase: Callable[[], Termbase],
) -> None:
    # ş and Ş decompose (s + U+0327 in NFD; ə has no decomposition): the id is stored in NFC.
    nfd_id = unicodedata.normalize("NFD", "şəki-rayonu")
    assert nfd_id != "şəki-rayonu"
    tb = new_termbase()
    tb.add(Concept(nfd_id, "city", [Term("Şəki", "az-Latn"), Term("Шеки", "ru")]))
    assert [c.id for c in tb.concepts()] == ["şəki-rayonu"]
    assert nfd_id in tb and "şəki-rayonu" in tb
    assert tb[nfd_id].id == "şəki-rayonu"
    tb.remove_term("şəki-rayonu", "az-Latn", unicodedata.normalize("NFD", "Şəki"))
    assert [t.text for t in tb[nfd_id].terms()] == ["Шеки"]
    tb.remove(nfd_id)
    assert len(tb) == 0


def test_file_is_created_on_first_write_only(tmp_path: Path) -> None:
    path = tmp_path / "my.tb"
    tb = termbase.open(path)
    assert tb.lookup("Baku") == []
    assert not path.exists()
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))
    assert path.exists()
    assert [m.concept.id for m in termbase.open(path).lookup("baku")] == ["baku"]


def test_update_and_remove(db_target: str) -> None:
    tb = termbase.open(db_target)
    tb.add(Concept("moscow", "city", [Term("Moscow", "en")]))
    with pytest.raises(UsageError):
        tb.add(Concept("moscow", "city", [Term("Moskva", "en")]))
    tb.update(Concept("moscow", "city", [Term("Moscow", "en"), Term("Москва", "ru")]))
    assert [m.concept.id for m in tb.lookup("МОСКВА")] == ["moscow"]
    tb.remove_term("moscow", "ru", "Москва")
    assert tb.lookup("Москва") == [] or tb.lookup("Москва")[0].how == "fuzzy"
    tb.remove("moscow")
    assert len(tb) == 0
    with pytest.raises(NotFoundError):
        tb.remove("moscow")


def test_a_failed_transaction_leaves_nothing(db_target: str) -> None:
    tb = termbase.open(db_target)
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))

    def broken() -> object:
        yield Concept("moscow", "city", [Term("Moscow", "en")])
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        tb.import_concepts(broken())  # type: ignore[arg-type]
    assert [c.id for c in tb.concepts()] == ["baku"]


def _writer(path: str, prefix: str, count: int) -> None:
    tb = termbase.open(path)
    for i in range(count):
        tb.add(
            Concept(
                f"{prefix}-{i}", "other", [Term(f"{prefix} {i}", "en"), Term(f"Термин {prefix} {i}", "ru")]
            )
        )


def test_two_processes_writing_at_once_lose_nothing(db_target: str) -> None:
    path = db_target
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, name, 40)) for name in ("alpha", "beta")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    tb = termbase.open(path)
    assert len(tb) == 80
    assert tb.lookup("alpha 39")[0].concept.id == "alpha-39"
    assert tb.lookup("beta 0")[0].concept.id == "beta-0"


def test_processes_creating_the_same_new_file_at_once_all_land(tmp_path: Path) -> None:
    # The race of the first write: every process finds no file, creates it, switches it to WAL
    # and writes its schema; none may fail or see a half-made file as "another application's".
    # Forked workers start together, which is what makes the race likely; where there is no fork
    # (Windows), spawned workers still run the same check, only with less overlap.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    for round_ in range(5):
        path = str(tmp_path / f"new-{round_}.tb")
        workers = [context.Process(target=_writer, args=(path, f"p{n}", 5)) for n in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        assert [w.exitcode for w in workers] == [0, 0, 0, 0]
        assert len(termbase.open(path)) == 20


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_termbase_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Baku is the capital of Azerbaijan.\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(InputError) as caught:
        termbase.open(path)
    assert "not a termbase" in str(caught.value) and str(path) in str(caught.value)
    assert _digest(path) == before


def test_another_applications_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = _digest(path)
    with pytest.raises(InputError, match="another application"):
        termbase.open(path)
    assert _digest(path) == before


def test_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.tb"
    with termbase.open(path) as tb:
        tb.add(Concept("baku", "city", [Term("Baku", "en")]))
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("PRAGMA journal_mode = DELETE")
    before = _digest(path)
    with pytest.raises(InputError, match="newer termbase"):
        termbase.open(path)
    assert _digest(path) == before


def test_the_bundled_glossary_is_read_only() -> None:
    tb = termbase.open()
    with pytest.raises(InputError, match="read-only"):
        tb.add(Concept("x", "other", [Term("x", "en")]))


def test_import_without_ids_merges_by_a_shared_preferred_term(new_termbase: Callable[[], Termbase]) -> None:
    tb = new_termbase()
    tb.add(Concept("baku", "city", [Term("Baku", "en"), Term("Баку", "ru")]))
    summary = tb.import_concepts(
        [
            Concept("auto:1", "city", [Term("Bakı", "az-Latn"), Term("Баку", "ru")]),
            Concept("auto:2", "city", [Term("Gəncə", "az-Latn"), Term("Ganja", "en")]),
        ]
    )
    assert (summary.added, summary.merged, summary.terms_added) == (1, 1, 3)
    assert [t.text for t in tb["baku"].terms()] == ["Baku", "Баку", "Bakı"]
    assert "ganja" in tb and tb["ganja"].terms("az-Latn")[0].text == "Gəncə"


def test_on_conflict_skip_and_replace(new_termbase: Callable[[], Termbase]) -> None:
    tb = new_termbase()
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))
    incoming = Concept("baku", "city", [Term("Bakı", "az-Latn")])
    assert tb.import_concepts([incoming], on_conflict="skip").skipped == 1
    assert tb["baku"].terms()[0].text == "Baku"
    assert tb.import_concepts([incoming], on_conflict="replace").replaced == 1
    assert tb["baku"] == incoming
    with pytest.raises(UsageError):
        tb.import_concepts([incoming], on_conflict="overwrite")  # type: ignore[arg-type]
