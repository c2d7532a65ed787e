"""termbase through PgBouncer in transaction mode, the pooler docs/scaling.md puts before the primary.

A real ``pgbouncer`` (tests/pgbouncer.py) runs in front of the session's throwaway cluster with
one or two server connections, so clients' transactions share server sessions as they do in
production. Before termbase turned psycopg's server-side prepared statements off, the second
client on a shared server connection failed with ``prepared statement "_pg3_0" already exists``
(``test_two_clients_share_one_server_connection`` reproduces it). No pgbouncer on the machine is a
one-line failure, never a skip (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pgbouncer import Bouncer, PgBouncerMissing, start
from pgcluster import Cluster

import termbase

# Forms of the bundled glossary in the four languages, with a typo and a toneless pinyin.
QUERIES = (
    "Baku",
    "Баку",
    "巴库",
    "Bakı",
    "Putin",
    "Путин",
    "Ильхам Алиев",
    "Əliyev",
    "Azerbaycan",
    "baku",
    "Bakuu",
    "Bāků",
)


@pytest.fixture(scope="module")
def bouncer(pg_cluster: Cluster) -> Iterator[Bouncer]:
    try:
        running = start(pg_cluster, pool_size=1)
    except (PgBouncerMissing, RuntimeError) as error:
        pytest.fail(f"PgBouncer tests need pgbouncer: {error}", pytrace=False)
    yield running
    running.stop()


def _through(bouncer: Bouncer, direct_url: str) -> str:
    return bouncer.url(urlsplit(direct_url).path.lstrip("/"))


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termbase", *argv],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=300,
    )


@pytest.fixture
def glossary_csv(tmp_path: Path) -> str:
    path = tmp_path / "glossary.csv"
    done = _cli("export", "--format", "csv", "-o", str(path))
    assert done.returncode == 0, done.stderr
    return str(path)


def _answers(tb: termbase.Termbase) -> list[list[tuple[str, int]]]:
    return [[(m.concept.id, m.score) for m in tb.lookup(query)] for query in QUERIES]


def test_two_clients_share_one_server_connection(bouncer: Bouncer, pg_url: str, glossary_csv: str) -> None:
    url = _through(bouncer, pg_url)
    done = _cli("import", glossary_csv, "--db", url)
    assert done.returncode == 0, done.stderr
    direct = termbase.open(pg_url)
    expected = _answers(direct)
    assert expected[0] and expected[0][0][0] == expected[1][0][0] == expected[2][0][0]  # Baku = Баку = 巴库
    first, second = termbase.open(url), termbase.open(url)
    for _ in range(8):  # psycopg would prepare a statement after five runs on one connection
        assert _answers(first) == expected
        assert _answers(second) == expected
    first.close()
    second.close()
    direct.close()


def test_two_imports_at_once_through_pgbouncer_both_land(
    bouncer: Bouncer, pg_url: str, tmp_path: Path
) -> None:
    url = _through(bouncer, pg_url)
    files = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.csv"
        rows = ["id,category,en,ru,zh-Hans"] + [
            f"{name}-{i},other,{name} {i},Термин {name} {i},术语{name}{i}" for i in range(150)
        ]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files.append(str(path))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "termbase", "import", f, "--db", url], stderr=subprocess.PIPE, text=True
        )
        for f in files
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    tb = termbase.open(pg_url)
    assert len(tb) == 300
    assert tb.lookup("Термин beta 149")[0].concept.id == "beta-149"
    assert tb.lookup("術語alpha7")[0].concept.id == "alpha-7"  # a derived Traditional form


def test_memory_through_pgbouncer(bouncer: Bouncer, pg_url: str, tmp_path: Path) -> None:
    url = _through(bouncer, pg_url)
    tmx = tmp_path / "tm.tmx"
    units = "".join(
        f'<tu tuid="u{i}"><tuv xml:lang="zh-Hans"><seg>俄罗斯总统第{i}次访问巴库</seg></tuv>'
        f'<tuv xml:lang="ru"><seg>Президент России в {i}-й раз посетил Баку</seg></tuv></tu>'
        for i in range(40)
    )
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-Hans" datatype="plaintext"/>'
        f"<body>{units}</body></tmx>",
        encoding="utf-8",
    )
    done = _cli("tm", "import", str(tmx), "--db", url)
    assert done.returncode == 0, done.stderr
    for _ in range(7):
        through = _cli(
            "tm",
            "search",
            "俄罗斯总统第12次访问巴库",
            "--from",
            "zh-Hans",
            "--to",
            "ru",
            "--json",
            "--db",
            url,
        )
        assert through.returncode == 0, through.stderr
    direct = _cli(
        "tm",
        "search",
        "俄罗斯总统第12次访问巴库",
        "--from",
        "zh-Hans",
        "--to",
        "ru",
        "--json",
        "--db",
        pg_url,
    )
    assert direct.returncode == 0, direct.stderr
    assert through.stdout == direct.stdout
    assert "Президент России в 12-й раз посетил Баку" in through.stdout
