"""A TMX file parsed in a helper process (``read_tmx(..., jobs=3)``, termbase.formats.tmx._read_apart)
gives exactly what the in-process reader gives: the same entries in the same order, the same
unknown language tags, the same error with the same file and line after the same entries."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.errors import InputError
from termbase.exchange import import_file
from termbase.formats import tmx
from termbase.formats.tmx import read_tmx, write_tmx
from termbase.memory import pipeline
from termbase.model import Concept, TranslationUnit
from tests.test_tmx import _HOSTILE, _line_of, _tmx, rich_concepts, units


def _fields(item: Concept | TranslationUnit) -> Any:
    if isinstance(item, TranslationUnit):
        return (
            "unit",
            item.id,
            list(item.variants.items()),
            item.origin,
            item.note,
            item.created,
            item.changed,
            item.usage_count,
            sorted(item.props.items()),
        )
    return ("concept", item, item.to_dict())


def _read(path: Path, jobs: int | None) -> tuple[list[Any], list[str], str | None]:
    """Fields of the entries read, unknown tags met, and the error's text (None: no error)."""
    found: list[Any] = []
    unknown: list[str] = []
    try:
        for item in read_tmx(path, on_unknown_tag=unknown.append, jobs=jobs):
            found.append(_fields(item))
    except InputError as error:
        return found, unknown, str(error)
    return found, unknown, None


def _read_apart(patch: pytest.MonkeyPatch) -> list[int]:
    """Every file read apart (no size threshold) while ``patch`` lasts; the list counts the
    helper processes started."""
    started: list[int] = []
    real = pipeline.Helpers

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, count: int) -> None:
            super().__init__(count)
            started.append(count)

    patch.setattr(tmx, "READ_APART_FROM", 0)
    patch.setattr(pipeline, "Helpers", Counted)
    return started


@pytest.fixture
def apart(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every file read apart (no size threshold); counts the helper processes started."""
    return _read_apart(monkeypatch)


def _same(path: Path, started: list[int]) -> tuple[list[Any], list[str], str | None]:
    before = len(started)
    here = _read(path, None)
    assert len(started) == before  # no process for the in-process reader
    there = _read(path, 3)
    assert started[before:] == [1]  # one parsing process
    assert there == here
    return here


@settings(max_examples=12)
@given(
    st.lists(units(), min_size=1, max_size=12, unique_by=lambda u: u.id),
    st.lists(rich_concepts(), max_size=3, unique_by=lambda c: c.id),
    st.integers(7, 400),
)
def test_same_entries_whatever_the_chunks(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    unit_list: list[TranslationUnit],
    concept_list: list[Concept],
    chunk: int,
) -> None:
    with monkeypatch.context() as patch:
        started = _read_apart(patch)
        patch.setattr(tmx, "_CHUNK", chunk)  # many chunks: a tu cut anywhere
        patch.setattr(tmx, "_LXML_READ", max(1, chunk // 3))
        path = tmp_path_factory.mktemp("apart") / "m.tmx"
        with path.open("wb") as out:
            write_tmx(out, concepts=concept_list, units=unit_list)
        found, _, error = _same(path, started)
    assert error is None and len(found) == len(unit_list) + len(concept_list)


def test_tags_gzip_and_utf16(tmp_path: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tmx, "_CHUNK", 64)
    monkeypatch.setattr(tmx, "_LXML_READ", 16)
    body = "".join(
        f'<tu tuid="t{i}"><tuv xml:lang="EN-US"><seg>Baku {i}</seg></tuv><tuv xml:lang="de-AT"><seg>Wien</seg>'
        f'</tuv><tuv lang="{tag}"><seg>巴库 &amp; Bakı İ</seg></tuv></tu>\n'
        for i, tag in enumerate(["zh-CN", "fr-CA", "zh-CN", "pt-BR", "fr-CA"])
    )
    plain = tmp_path / "tags.tmx"
    plain.write_text(_tmx(body), "utf-8")
    found, unknown, error = _same(plain, apart)
    assert error is None and len(found) == 5
    assert unknown == ["de-AT", "fr-CA", "pt-BR"]
    zipped = tmp_path / "tags.tmx.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    assert _same(zipped, apart) == (found, unknown, None)
    utf16 = tmp_path / "u16.tmx"
    utf16.write_bytes(_tmx(body, encoding="UTF-16").encode("utf-16"))
    assert _same(utf16, apart) == (found, unknown, None)


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_input_same_error(tmp_path: Path, apart: list[int], name: str) -> None:
    data, pattern, _ = _HOSTILE[name]
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(data)
    found, _, error = _read(path, None)
    assert error is not None and pattern in error
    assert _read(path, 3) == (found, [], error)


def test_error_after_many_entries(tmp_path: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """An error far into the file, several chunks after the start: the entries before it come
    first, then the error names its line; a gzip stream cut short is a read error after them."""
    monkeypatch.setattr(tmx, "_CHUNK", 1000)
    monkeypatch.setattr(tmx, "_LXML_READ", 500)
    good = "".join(f'<tu tuid="u{i}"><tuv xml:lang="ru"><seg>Баку {i}</seg></tuv></tu>\n' for i in range(300))
    path = tmp_path / "late.tmx"
    path.write_text(_tmx(good + '<tu tuid="x">\n<tuv><seg>no lang</seg></tuv></tu>\n' + good), "utf-8")
    found, _, error = _same(path, apart)
    line = _line_of(path.read_bytes(), b"<tuv><seg>no lang")
    assert line > 300
    assert len(found) == 300 and error == f"{path}:{line}: <tuv> has no xml:lang (or lang) attribute"
    # A read error: the bytes read before it are what lxml would have read (32 KB at a time).
    monkeypatch.setattr(tmx, "_CHUNK", 40_000)
    monkeypatch.setattr(tmx, "_LXML_READ", 32768)
    cut = tmp_path / "cut.tmx.gz"
    noisy = "".join(
        f'<tu tuid="n{i}"><tuv xml:lang="ru"><seg>{hashlib.sha256(str(i).encode()).hexdigest()}</seg></tuv></tu>\n'
        for i in range(1200)
    )  # a stream that compresses little: the cut falls far after the prolog
    whole = gzip.compress(_tmx(noisy).encode())
    cut.write_bytes(whole[: len(whole) // 2])
    found, _, error = _same(cut, apart)
    assert 0 < len(found) < 1200 and error is not None and "cannot read" in error


def test_small_files_and_two_jobs_read_here(
    tmp_path: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.tmx"
    path.write_text(_tmx('<tu tuid="a"><tuv xml:lang="ru"><seg>Баку</seg></tuv></tu>\n'), "utf-8")
    assert len(list(read_tmx(path, jobs=1))) == len(list(read_tmx(path, jobs=2))) == 1  # too few processes
    assert apart == []
    assert len(list(read_tmx(path, jobs=3))) == 1 and apart == [1]
    monkeypatch.setattr(tmx, "READ_APART_FROM", path.stat().st_size + 1)
    assert len(list(read_tmx(path, jobs=3))) == 1 and apart == [1]  # too small


def _memory_rows(db: Path) -> list[list[Any]]:
    conn = sqlite3.connect(db)
    try:
        return [
            conn.execute(sql).fetchall()
            for sql in (
                "SELECT n, id, props FROM tm_unit ORDER BY n",
                "SELECT * FROM tm_segment ORDER BY id",
                "SELECT * FROM tm_lang ORDER BY id",
            )
        ]
    finally:
        conn.close()


def test_import_with_three_jobs(tmp_path: Path, apart: list[int]) -> None:
    """``import_file(jobs=3)`` of a TMX file: one process parses, one computes index rows (3 in all),
    and the memory holds what a one-process import writes, searches and concordance alike."""
    body = "".join(
        f'<tu tuid="u{i}"><tuv xml:lang="ru"><seg>Посольство в Баку {i % 97}</seg></tuv>'
        f'<tuv xml:lang="zh-CN"><seg>巴库大使馆{i % 89}号</seg></tuv></tu>\n'
        for i in range(4500)
    )
    path = tmp_path / "m.tmx"
    path.write_text(_tmx(body + '<tu tuid="u7"><tuv xml:lang="en"><seg>again</seg></tuv></tu>\n'), "utf-8")
    found = {}
    for jobs in (1, 3):
        with termbase.open(tmp_path / f"j{jobs}.tb") as tb:
            summary = import_file(tb, path, jobs=jobs)
            assert summary.units_added == 4501
            found[jobs] = (
                [
                    m.to_dict()
                    for m in tb.memory.search(
                        "Посольство в Баку 5", source="ru", target="zh-Hans", min_score=50, limit=5
                    )
                ],
                [h.to_dict() for h in tb.memory.concordance("大使馆1", limit=20)],
            )
        if jobs == 1:
            assert not any(apart)  # no helper process (Helpers(0): rows computed in this one)
    assert [count for count in apart if count] == [1, 1]  # the parsing process, then one index helper
    assert found[1] == found[3] and found[1][0] and found[1][1]
    assert _memory_rows(tmp_path / "j1.tb") == _memory_rows(tmp_path / "j3.tb")


def test_postgresql_keeps_its_processes_for_postings(tmp_path: Path, apart: list[int], pg_url: str) -> None:
    """On PostgreSQL the index helpers are the bottleneck: ``jobs=3`` gives both helpers to the
    postings and parses the file in the main process."""
    body = "".join(
        f'<tu tuid="u{i}"><tuv xml:lang="ru"><seg>Баку {i % 97}</seg></tuv></tu>\n' for i in range(2500)
    )
    path = tmp_path / "m.tmx"
    path.write_text(_tmx(body), "utf-8")
    with termbase.open(pg_url) as tb:
        assert import_file(tb, path, jobs=3).units_added == 2500
        assert len(tb.memory) == 2500
    assert [count for count in apart if count] == [2]
