"""The translation memory on PostgreSQL: the same best matches and concordance as on SQLite,
units round-trip, and a connection lost mid-import leaves the database as it was."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings

import termbase
from termbase.errors import DatabaseError
from termbase.memory.scoring import prepare
from termbase.model import TranslationUnit
from termbase.termbase import Termbase
from tests.pgcluster import Cluster, empty_termbase
from tests.test_scale import memories

UNITS = [
    TranslationUnit("a1", {"zh-Hans": "俄罗斯在巴库设有大使馆", "ru": "Россия имеет посольство в Баку"}),
    TranslationUnit(
        "a2", {"zh-Hans": "阿塞拜疆在莫斯科设有大使馆", "ru": "Азербайджан имеет посольство в Москве"}
    ),
    TranslationUnit(
        "a3",
        {
            "zh-Hans": "巴库是阿塞拜疆的首都",
            "ru": "Баку — столица Азербайджана",
            "az-Latn": "Bakı paytaxtdır",
        },
    ),
]


def test_units_round_trip_and_are_removed(new_termbase: Callable[[], Termbase]) -> None:
    tb = new_termbase()
    assert tb.memory.add_units(UNITS) == 3
    assert list(tb.memory.units()) == [tb.memory[u.id] for u in UNITS]
    assert [u.variants for u in tb.memory.units()] == [u.variants for u in UNITS]
    assert tb.stats().units == 3 and tb.stats().segments == {"az-Latn": 1, "ru": 3, "zh-Hans": 3}
    assert tb.memory.remove(["a2", "nope"]) == 1
    assert [u.id for u in tb.memory.units()] == ["a1", "a3"]
    found = tb.memory.search("俄罗斯在巴库设有使馆", source="zh-Hans", target="ru", min_score=50)
    assert found[0].unit_id == "a1" and found[0].target == "Россия имеет посольство в Баку"


@pytest.mark.parametrize(
    ("query", "lang"), [("大使馆", None), ("巴", "zh-Hans"), ("посольство", "ru"), ("BAKI", None)]
)
def test_concordance_is_the_same_on_both(
    new_termbase: Callable[[], Termbase], query: str, lang: str | None
) -> None:
    lite = termbase.open(":memory:")
    tb = new_termbase()
    for memory in (lite.memory, tb.memory):
        memory.add_units(UNITS)

    def view(t: Termbase) -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
        return [(h.unit_id, h.lang, h.spans) for h in t.memory.concordance(query, lang=lang)]

    assert view(tb) == view(lite) and view(lite)


@settings(max_examples=30)
@given(memories())
def test_the_same_best_matches_on_both_backends(
    new_termbase: Callable[[], Termbase], drawn: tuple[str, str, list[TranslationUnit], list[str]]
) -> None:
    source, target, units, queries = drawn
    lite = termbase.open(":memory:")
    tb = new_termbase()
    for memory in (lite.memory, tb.memory):
        memory.add_units(units)
    for query in queries:
        if prepare(query, source).key:
            assert _best(tb, query, source, target) == _best(lite, query, source, target)


def _best(tb: Termbase, query: str, source: str, target: str) -> tuple[list[int], set[str]]:
    """The best score, and every unit that reaches it."""
    found = tb.memory.search(query, source=source, target=target, min_score=60, limit=5)
    top = [m.score for m in found[:1]]
    return top, {m.unit_id for m in found if top and m.score == top[0]}


def _tmx(path: Path, count: int) -> None:
    body = "".join(
        f'<tu tuid="k{i}"><tuv xml:lang="zh-Hans"><seg>第{i}次会议在巴库举行</seg></tuv>'
        f'<tuv xml:lang="ru"><seg>Заседание номер {i} прошло в Баку</seg></tuv></tu>\n'
        for i in range(count)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-Hans" '
        f'datatype="plaintext"/><body>\n{body}</body></tmx>\n',
        encoding="utf-8",
    )


def _content(url: str) -> list[Any]:
    with psycopg.connect(url) as conn:
        return [
            sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("tm_unit", "tm_segment", "tm_state", "concept")
        ]


def test_a_connection_lost_mid_tm_import_leaves_the_database_as_it_was(
    pg_url: str, pg_cluster: Cluster, tmp_path: Path
) -> None:
    empty_termbase(pg_url)
    tb = termbase.open(pg_url)
    tb.memory.add_units(UNITS)
    before = _content(pg_url)
    tmx = tmp_path / "big.tmx"
    _tmx(tmx, 6000)
    pid = tb.store.conn.raw.info.backend_pid
    seen = threading.Event()

    def on_progress(progress: Any) -> None:
        if progress.entries >= 3000 and not seen.is_set():
            seen.set()
            time.sleep(0.5)  # the backend is terminated meanwhile

    def terminate() -> None:
        seen.wait(120)
        with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    killer = threading.Thread(target=terminate)
    killer.start()
    with pytest.raises(DatabaseError) as caught:
        tb.import_file(tmx, on_progress=on_progress)
    killer.join()
    assert "\n" not in str(caught.value) and "127.0.0.1" in str(caught.value)
    assert _content(pg_url) == before
    assert len(termbase.open(pg_url).memory) == 3
