"""PostgreSQL as the store: URLs, one-line connection errors, schema and migrations, the dialect
layer, concurrent writers, a connection lost mid-import, and lookups equal to SQLite's."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.backends import is_url, redact, split_targets
from termbase.backends.postgresql import PostgresStore, schema_statements, translate
from termbase.errors import DatabaseError, InputError
from termbase.model import Concept, Term, TranslationUnit
from termbase.store import SCHEMA_VERSION
from termbase.termbase import Termbase
from tests.helpers import run_cli
from tests.pgcluster import PASSWORD, Cluster, empty_termbase
from tests.strategies import concept_lists

# -- URLs -------------------------------------------------------------------------------------------
paths = st.text(alphabet="abcxyz./_-ЖжƏə巴", min_size=1, max_size=12).filter(lambda p: not is_url(p))
urls = st.builds(
    lambda user, pw, host, port, db: (
        f"postgresql://{user}{':' + pw if pw else ''}@{host}{':' + port if port else ''}/{db}"
    ),
    st.sampled_from(["tb", "postgres", "u_1"]),
    st.sampled_from(["", "secret", "p@ss:w0rd"]),
    st.sampled_from(["127.0.0.1", "db.example.org", "[::1]"]),
    st.sampled_from(["", "5432", "6543"]),
    st.sampled_from(["terms", "tb_2"]),
)


@given(st.lists(st.one_of(paths, urls), min_size=1, max_size=5))
def test_termbase_db_lists_split_into_their_paths_and_urls(targets: list[str]) -> None:
    assert split_targets(":".join(targets), sep=":") == targets


@given(urls)
def test_a_url_is_never_a_path_and_its_password_never_shown(url: str) -> None:
    assert is_url(url) and is_url(url.replace("postgresql", "postgres", 1))
    shown = redact(url)
    assert "secret" not in shown and "p@ss" not in shown and shown.endswith(url.rsplit("/", 1)[1])


def test_a_url_never_makes_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pg_cluster: Cluster
) -> None:
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "g.csv"
    good.write_text("id,en\nbaku,Baku\n", encoding="utf-8")
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{pg_cluster.port}/nowhere"
    assert run_cli(capsys, "import", str(good), "--db", url)[0] == 1
    assert run_cli(capsys, "lookup", "Baku", "--db", url)[0] == 1
    assert sorted(os.listdir(tmp_path)) == ["g.csv"]


# -- one-line errors, exit 1, naming host and database, never the password ---------------------------
def _bad_urls(cluster: Cluster) -> list[tuple[str, str]]:
    with socket_on_free_port() as free:
        pass
    return [
        (f"postgresql://postgres:{PASSWORD}@127.0.0.1:{cluster.port}/no_such_db", "no such database"),
        (
            f"postgresql://postgres:wrong-secret@127.0.0.1:{cluster.port}/postgres",
            "password authentication failed",
        ),
        (f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free}/terms", "connection refused"),
        (f"postgresql://postgres:{PASSWORD}@no-such-host.invalid:5432/terms", "unknown host"),
    ]


class socket_on_free_port:
    """A loopback port nothing listens on (bound, then released)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    "command", [["lookup", "Baku"], ["stats"], ["import", "GOOD"], ["export", "-f", "csv", "-o", "OUT"]]
)
def test_connection_failures_are_one_line_naming_host_and_database(
    pg_cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    good = tmp_path / "g.csv"
    good.write_text("id,en\nbaku,Baku\n", encoding="utf-8")
    argv = [str(good) if a == "GOOD" else str(tmp_path / "out.csv") if a == "OUT" else a for a in command]
    for url, reason in _bad_urls(pg_cluster):
        status, _, err = run_cli(capsys, *argv, "--db", url)
        host_port = url.split("@")[1].split("/")[0]
        name = url.rsplit("/", 1)[1]
        assert status == 1, err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert reason in err and f"'{name}'" in err and host_port in err, err
        assert PASSWORD not in err and "wrong-secret" not in err
    assert not (tmp_path / "out.csv").exists()


def test_the_library_raises_database_error(pg_cluster: Cluster) -> None:
    for url, reason in _bad_urls(pg_cluster):
        with pytest.raises(DatabaseError, match=reason):
            termbase.open(url)


# -- schema and migrations --------------------------------------------------------------------------
def test_the_schema_versions_match_sqlite(pg_url: str) -> None:
    assert schema_statements()[1] == SCHEMA_VERSION
    assert termbase.open(pg_url).store.schema_version == SCHEMA_VERSION


def _create(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def test_a_version_1_database_is_migrated_all_or_nothing(pg_cluster: Cluster) -> None:
    url = pg_cluster.create_database("old_v1")
    version_1 = [s for s in schema_statements()[0] if s.startswith("-- schema version 1")]
    with psycopg.connect(url, autocommit=True) as conn:
        for script in version_1:
            conn.execute(script)
        conn.execute("INSERT INTO meta VALUES ('application', 'termbase'), ('schema_version', '1')")
        conn.execute(
            "INSERT INTO concept VALUES ('baku', 'city', NULL, '{}', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        )
        conn.execute(
            "INSERT INTO term (concept_id, position, lang, text, type, status) VALUES ('baku', 0, 'en', 'Baku', 'fullForm', 'preferred')"
        )
    tb = termbase.open(url)
    assert tb.store.schema_version == SCHEMA_VERSION
    assert tb["baku"].terms()[0].text == "Baku"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('tm_lang') IS NOT NULL").fetchone() == (True,)
    tb.close()
    pg_cluster.drop_database("old_v1")


def _segment_keys(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'tm_segment'::regclass AND contype = 'f'"
        ).fetchall()
    return [name for (name,) in rows]


def test_a_version_5_database_loses_the_segments_foreign_key_and_nothing_else(pg_url: str) -> None:
    """Version 6 drops tm_segment's foreign key (its per-row check was most of the server's work
    in an import): a database of version 5 keeps its units and segments, and removing a unit
    still removes its segments (the memory deletes them itself)."""
    tb = termbase.open(pg_url)
    tb.memory.add_units(
        [
            TranslationUnit("a", {"zh-Hans": "巴库", "ru": "Баку"}),
            TranslationUnit("b", {"en": "Baku", "ru": "Баку"}),
        ]
    )
    tb.close()
    assert _segment_keys(pg_url) == []
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as version 5 left it
        conn.execute(
            "ALTER TABLE tm_segment ADD CONSTRAINT tm_segment_unit_fkey FOREIGN KEY (unit)"
            " REFERENCES tm_unit(n) ON DELETE CASCADE"
        )
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    assert _segment_keys(pg_url) == ["tm_segment_unit_fkey"]
    tb = termbase.open(pg_url)
    assert tb.store.schema_version == SCHEMA_VERSION == 6
    assert _segment_keys(pg_url) == []
    assert sorted(u.id for u in tb.memory.units()) == ["a", "b"]
    assert tb.memory.remove(["a"]) == 1
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM tm_segment").fetchone() == (2,)
        assert conn.execute(
            "SELECT count(*) FROM tm_segment s WHERE NOT EXISTS (SELECT 1 FROM tm_unit u WHERE u.n = s.unit)"
        ).fetchone() == (0,)
    tb.close()


def test_a_failed_migration_leaves_the_database_as_it_was(pg_cluster: Cluster) -> None:
    url = pg_cluster.create_database("old_v1b")
    version_1 = [s for s in schema_statements()[0] if s.startswith("-- schema version 1")]
    with psycopg.connect(url, autocommit=True) as conn:
        for script in version_1:
            conn.execute(script)
        conn.execute("INSERT INTO meta VALUES ('application', 'termbase'), ('schema_version', '1')")
        conn.execute("CREATE TABLE tm_lang (x INTEGER)")  # the migration's CREATE TABLE fails on it
    with pytest.raises(psycopg.errors.DuplicateTable):
        termbase.open(url)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
        assert conn.execute("SELECT count(*) FROM tm_state WHERE key = 'index_stale'").fetchone() == (0,)
    pg_cluster.drop_database("old_v1b")


def test_a_newer_schema_and_a_foreign_database_are_refused_unchanged(
    pg_cluster: Cluster, pg_url: str
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'".replace("?", "%s"),
            (str(SCHEMA_VERSION + 1),),
        )
    with pytest.raises(InputError, match="newer termbase"):
        termbase.open(pg_url)
    other = pg_cluster.create_database("someone_else")
    _create(other, "CREATE TABLE invoices (n INTEGER)")
    with pytest.raises(InputError, match="not a termbase database"):
        termbase.open(other)
    with psycopg.connect(other) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    assert tables == [("invoices",)]
    pg_cluster.drop_database("someone_else")


def test_lookups_walk_the_search_key_btree(pg_url: str) -> None:
    tb = termbase.open(pg_url)
    tb.add(Concept("baku", "city", [Term("Baku", "en"), Term("Bakı", "az-Latn")]))
    conn = tb.store.conn
    conn.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can serve it
    plan = " ".join(
        r[0]
        for r in conn.execute(
            "EXPLAIN SELECT k.key, k.level, f.concept_id FROM search_key k JOIN form f ON f.id = k.form_id "
            "WHERE k.key IN (?, ?)",
            ("baku", "Baku"),
        )
    )
    assert "search_key_pkey" in plan, plan


# -- the dialect layer --------------------------------------------------------------------------------
@given(st.text(alphabet="?%' abc", max_size=20))
def test_placeholders_outside_literals_only(literal_body: str) -> None:
    literal = "'" + literal_body.replace("'", "''") + "'"
    sql = f"SELECT ? || {literal} || ?"
    assert translate(sql, params=True) == f"SELECT %s || {literal.replace('%', '%%')} || %s"
    assert translate(sql, params=False) == sql


def test_an_empty_in_list_means_what_it_means_in_sqlite(
    backend: str, new_termbase: Callable[[], Termbase]
) -> None:
    tb = new_termbase()
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))
    conn = tb.store.conn
    assert conn.execute("SELECT count(*) FROM concept WHERE id IN ()").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM concept WHERE id NOT IN ()").fetchone()[0] == 1


@pytest.mark.parametrize("rows", [10, 500])  # below and above the COPY threshold
def test_executemany_by_copy_equals_row_by_row(pg_url: str, rows: int) -> None:
    store = PostgresStore(pg_url)
    data = [(f"k{i % (rows // 2)}", i % 3, None) for i in range(rows)]  # duplicates to ignore
    with store.transaction() as conn:
        conn.execute("CREATE TEMP TABLE t (key TEXT, level INT, note TEXT, PRIMARY KEY (key, level))")
        conn.executemany("INSERT OR IGNORE INTO t (key, level, note) VALUES (?, ?, ?)", data)
        got = sorted(conn.execute("SELECT key, level, note FROM t").fetchall())
    assert got == sorted(set(data))
    assert not any(store.conn.execute("SELECT 1 FROM pg_class WHERE relname = 'tb_bulk_t'").fetchall())
    store.close()


def test_insert_or_replace_is_an_upsert_on_the_primary_key(backend: str, db_target: str) -> None:
    tb = termbase.open(db_target)
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))  # the file exists now
    with tb.store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("probe", "one"))
        conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [("probe", "two"), ("other", "x")]
        )
        conn.execute("INSERT OR REPLACE INTO tm_state (key, value) SELECT 'probe', count(*) FROM meta")
    rows = dict(
        tb.store.conn.execute("SELECT key, value FROM meta WHERE key IN ('probe', 'other')").fetchall()
    )
    assert rows == {"probe": "two", "other": "x"}
    assert tb.store.conn.execute("SELECT value FROM tm_state WHERE key = 'probe'").fetchone()[0] >= 4
    tb.close()


# -- writers ------------------------------------------------------------------------------------------
def _import_csv(url: str, path: str) -> None:
    termbase.open(url).import_file(path)


def test_two_imports_at_once_both_land(pg_url: str, tmp_path: Path) -> None:
    files = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.csv"
        lines = ["id,category,en,ru"] + [f"{name}-{i},other,{name} {i},Термин {name} {i}" for i in range(120)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(str(path))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_import_csv, args=(pg_url, f)) for f in files]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
        assert worker.exitcode == 0
    tb = termbase.open(pg_url)
    assert len(tb) == 240
    assert tb.lookup("beta 119")[0].concept.id == "beta-119"
    assert tb.lookup("ТЕРМИН ALPHA 7")[0].concept.id == "alpha-7"
    forms = tb.store.conn.execute("SELECT count(*), count(DISTINCT id) FROM form").fetchone()
    assert forms[0] == forms[1] > 480


def _content(url: str) -> list[Any]:
    with psycopg.connect(url) as conn:
        return [
            sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("concept", "term", "form", "search_key", "meta")
        ]


def test_a_connection_lost_mid_import_leaves_the_database_as_it_was(
    pg_url: str, pg_cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tb = termbase.open(pg_url)
    tb.add(Concept("baku", "city", [Term("Baku", "en"), Term("Баку", "ru")]))
    before = _content(pg_url)
    pid = tb.store.conn.raw.info.backend_pid
    written = threading.Event()

    def concepts() -> Any:
        for i in range(400):
            if i == 200:
                written.set()
                time.sleep(0.5)  # the backend is terminated now
            yield Concept(f"c{i}", "other", [Term(f"Concept {i}", "en")])

    def terminate() -> None:
        written.wait(60)
        with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    killer = threading.Thread(target=terminate)
    killer.start()
    with pytest.raises(DatabaseError) as caught:
        tb.import_concepts(concepts())
    killer.join()
    message = str(caught.value)
    assert "\n" not in message and "database 't" in message and "127.0.0.1" in message, message
    assert _content(pg_url) == before
    # The termbase works again on a new connection.
    assert tb.lookup("Baku")[0].concept.id == "baku"
    # And through the CLI: one line, exit 1 (the server refuses the terminated import's retry).
    good = tmp_path / "g.csv"
    good.write_text("id,en\nganja,Ganja\n", encoding="utf-8")
    assert run_cli(capsys, "import", str(good), "--db", pg_url)[0] == 0
    assert "ganja" in termbase.open(pg_url)


# -- the same answers as SQLite ---------------------------------------------------------------------------
def _answers(tb: Termbase, queries: list[str]) -> list[list[tuple[object, ...]]]:
    return [
        [(m.concept.id, m.how, m.score, m.lang, m.text, m.scheme) for m in tb.lookup(q, limit=20)]
        for q in queries
    ]


@settings(max_examples=25)
@given(concept_lists, st.data())
def test_lookups_equal_on_both_backends(pg_url: str, items: list[Concept], data: st.DataObject) -> None:
    empty_termbase(pg_url)
    with termbase.open(":memory:") as lite, termbase.open(pg_url) as pg:
        _same_answers(lite, pg, items, data)


def _same_answers(lite: Termbase, pg: Termbase, items: list[Concept], data: st.DataObject) -> None:
    for tb in (lite, pg):
        tb.import_concepts(items)
    queries = []
    for concept in items:
        for term in concept.terms():
            queries += [term.text, term.text.upper(), term.text.lower()]
            if len(term.text) > 3:  # a typo: one character dropped
                at = data.draw(st.integers(0, len(term.text) - 1))
                queries.append(term.text[:at] + term.text[at + 1 :])
    queries += [form.text for form in lite.forms() if form.scheme is not None]  # derived forms
    queries = [q for q in queries if q.strip()]
    assert _answers(pg, queries) == _answers(lite, queries)
    assert list(pg.concepts()) == list(lite.concepts())
    assert list(pg.forms()) == list(lite.forms())
    assert pg.stats().terms == lite.stats().terms and pg.stats().derived == lite.stats().derived


def test_another_connections_write_reaches_the_caches(backend: str, db_target: str) -> None:
    writer = termbase.open(db_target)
    writer.add(Concept("baku", "city", [Term("Баку", "ru")]))
    reader = termbase.open(db_target)
    assert [r.concept_id for r in reader.recognize("в Баку", "ru")] == ["baku"]
    reader.lookup("Бакинский", limit=1)  # builds the word index
    writer.add(Concept("moscow", "city", [Term("Москва", "ru")]))
    assert [r.concept_id for r in reader.recognize("в Москве и Баку", "ru")] == ["moscow", "baku"]
    assert reader.lookup("Москвой")[0].concept.id == "moscow"
    with pytest.raises(RuntimeError), writer.transaction():
        writer.add(Concept("ganja", "city", [Term("Гянджа", "ru")]))
        assert [r.concept_id for r in writer.recognize("Гянджа", "ru")] == ["ganja"]
        raise RuntimeError("rolled back")
    assert writer.recognize("Гянджа", "ru") == []


# -- serving: a pool per worker, reads from a replica ------------------------------------------------
def test_reads_go_to_the_replica_until_this_store_writes(pg_cluster: Cluster, pg_url: str) -> None:
    from termbase.backends.postgresql import PostgresStore

    # A stand-in replica: another database (not in recovery, so it never "replays" our commits).
    replica = pg_cluster.create_database("replica", template="tb_template")
    with termbase.open(replica) as tb:
        tb.add(Concept("moscow", "city", [Term("Москва", "ru")]))
    store = PostgresStore(pg_url, pool_size=2, read_url=replica)
    tb = Termbase(store, name=store.name)
    assert [m.concept.id for m in tb.lookup("Москва")] == ["moscow"]  # read on the replica
    tb.add(Concept("baku", "city", [Term("Баку", "ru")]))  # written on the primary ...
    assert tb.lookup("Москва") == [] or tb.lookup("Москва")[0].how == "fuzzy"
    assert [m.concept.id for m in tb.lookup("Баку")] == ["baku"]  # ... and read back from it
    with termbase.open(replica) as other:
        assert "baku" not in other
    tb.close()
    pg_cluster.drop_database("replica")


def test_a_real_streaming_replica_serves_reads_and_this_process_reads_its_own_writes(
    pg_cluster: Cluster, pg_url: str
) -> None:
    from termbase.backends.postgresql import PostgresStore

    standby = pg_cluster.standby()
    try:
        replica_url = pg_url.replace(f":{pg_cluster.port}/", f":{standby.port}/")
        with psycopg.connect(replica_url) as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
        store = PostgresStore(pg_url, pool_size=2, read_url=replica_url)
        tb = Termbase(store, name=store.name)
        reader = termbase.open(replica_url)  # another process's view: the replica only
        for i in range(20):  # each written, then read back at once (primary or caught-up replica)
            tb.add(Concept(f"c{i}", "other", [Term(f"Term {i}", "en")]))
            assert tb.lookup(f"term {i}")[0].concept.id == f"c{i}"
        deadline = time.monotonic() + 30
        while "c19" not in reader and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(reader) == 20  # replicated
        assert tb.lookup("term 3")[0].concept.id == "c3" and store._wait_lsn is None  # reading the replica
        with pytest.raises(InputError, match="read-only"):
            reader.add(Concept("x", "other", [Term("x", "en")]))
        tb.close()
        reader.close()
    finally:
        standby.stop()


def test_serve_on_postgresql_with_two_workers(pg_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.server_process import serve

    with termbase.open(pg_url) as tb:
        tb.add(
            Concept("baku", "city", [Term("Bakı", "az-Latn"), Term("Баку", "ru"), Term("巴库", "zh-Hans")])
        )
    token = "pg-token"
    with serve("--db", pg_url, "--workers", "2", "--pool", "2", token=token) as running:
        assert PASSWORD not in "\n".join(running.stderr_lines())
        headers = {"Authorization": f"Bearer {token}"}
        with running.client(headers=headers) as client:

            def add(i: int) -> int:
                body = Concept(
                    f"c{i}", "other", [Term(f"Term {i}", "en"), Term(f"Термин {i}", "ru")]
                ).to_dict()
                return client.post("/api/concepts", json=body).status_code

            with ThreadPoolExecutor(8) as pool:
                assert list(pool.map(add, range(40))) == [201] * 40
                answers = list(
                    pool.map(lambda q: client.get("/api/lookup", params={"q": q}).json(), ["БАКУ"] * 20)
                )
            assert all(a[0]["id"] == "baku" for a in answers)
            assert client.get("/api/stats").json()["concepts"] == 41
            unit = {
                "id": "desk-1",
                "variants": {"zh-Hans": "巴库是阿塞拜疆的首都。", "ru": "Баку — столица Азербайджана."},
            }
            assert client.post("/api/tm/units", json=[unit]).json() == {"added": 1}
            for _ in range(4):  # both workers: each sees the unit the other may have written
                found = client.get(
                    "/api/tm/search", params={"q": "巴库是阿塞拜疆的首都", "from": "zh-Hans", "to": "ru"}
                )
                assert found.json()[0]["id"] == "desk-1"
                hits = client.get("/api/tm/concordance", params={"q": "首都"}).json()
                assert [h["id"] for h in hits] == ["desk-1"]
    with termbase.open(pg_url) as tb:
        assert len(tb) == 41 and tb.lookup("термин 39")[0].concept.id == "c39"


def test_a_large_write_is_followed_by_analyze(pg_url: str) -> None:
    def analyzed() -> bool:
        with psycopg.connect(pg_url) as conn:
            row = conn.execute(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'search_key'"
            ).fetchone()
        return row is not None and row[0] is not None

    tb = termbase.open(pg_url)
    tb.add(Concept("baku", "city", [Term("Baku", "en")]))
    assert not analyzed()  # a small write leaves statistics to autovacuum
    tb.import_concepts(
        Concept(f"c{i}", "other", [Term(f"Concept {i}", "en"), Term(f"Понятие {i}", "ru")])
        for i in range(150)
    )
    assert analyzed()


def test_a_database_saves_its_word_typo_and_recognition_indexes_as_a_file_does(
    pg_url: str, tmp_path: Path
) -> None:
    """A cold process on a PostgreSQL termbase reads the word index, the typo keys and the recogniser
    saved in the cache directory (keyed by the cluster's system identifier and the database, so another
    URL to the same data shares them), and a write by another process is seen through the forms token."""
    import json
    import subprocess
    import sys

    from termbase.recognize.cache import cache_key

    env = dict(os.environ, TERMBASE_CACHE_DIR=str(tmp_path / "cache"))

    def cli(*argv: str) -> Any:
        done = subprocess.run(
            [sys.executable, "-m", "termbase", *argv, "--db", pg_url],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
        return json.loads(done.stdout) if "--json" in argv else done.stdout

    glossary = tmp_path / "g.csv"
    glossary.write_text(
        "id,category,en\ntbilisi,place,Tbilisi Airport\nganja,place,Ganja Airport\n", encoding="utf-8"
    )
    cli("import", str(glossary))
    store = PostgresStore(pg_url)
    key = store.cache_path
    assert key is not None and key.startswith("postgresql://") and key.endswith(pg_url.rsplit("/", 1)[1])
    assert PostgresStore(pg_url.replace("127.0.0.1", "localhost")).cache_path == key  # another URL, same data
    store.close()

    def ids(answer: Any) -> list[str]:
        return sorted({m.get("id") or m["concept"] for m in answer})

    assert ids(cli("lookup", "Airport", "--json")) == ["ganja", "tbilisi"]  # a word of a term
    assert ids(cli("lookup", "Tbilsi Airport", "--json")) == ["tbilisi"]  # a typo
    assert ids(cli("recognize", "From Ganja Airport to Tbilisi Airport", "--lang", "en", "--json")) == [
        "ganja",
        "tbilisi",
    ]
    saved = sorted(p.name.split("-", 1)[1] for p in (tmp_path / "cache").rglob(f"{cache_key(key)}-*.sqlite"))
    assert any(name.startswith("words-") for name in saved) and "typos.sqlite" in saved, saved
    assert len(saved) >= 3, saved  # and the recogniser's index
    assert ids(cli("lookup", "Airport", "--json")) == ["ganja", "tbilisi"]  # read from the saved index
    cli("remove", "ganja")
    cli("add", "baku", "en=Baku Harbour", "--category", "place")
    assert ids(cli("lookup", "Airport", "--json")) == ["tbilisi"]
    assert ids(cli("lookup", "Harbour", "--json")) == ["baku"]
    assert ids(cli("recognize", "From Ganja Airport to Baku Harbour", "--lang", "en", "--json")) == ["baku"]


def test_stats_calls_a_servers_database_a_database(
    pg_url: str, capsys: pytest.CaptureFixture[Any], tmp_path: Path
) -> None:
    empty_termbase(pg_url)
    code, out, _ = run_cli(capsys, "stats", "--db", pg_url)
    sizes = [line for line in out.splitlines() if line.endswith(" MB")]
    assert code == 0 and len(sizes) == 1 and sizes[0].startswith("database size: "), out
    with termbase.open(tmp_path / "t.tb") as tb:
        tb.memory.add_units([TranslationUnit("u1", {"ru": "Баку", "zh-Hans": "巴库"})])
    code, out, _ = run_cli(capsys, "stats", "--db", str(tmp_path / "t.tb"))
    sizes = [line for line in out.splitlines() if line.endswith(" MB")]
    assert code == 0 and len(sizes) == 1 and sizes[0].startswith("file size: "), out
