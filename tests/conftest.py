"""Shared test set-up: the hypothesis profiles, an isolated cache, the vendored test data."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from tests.pgcluster import Cluster, PostgresMissing, empty_termbase

if TYPE_CHECKING:
    from termbase.termbase import Termbase

# CI: reproducible (derandomized), no deadline, bounded examples. Locally: the same, more examples.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=60,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
# Everything the tests read beyond the package itself: vendored, with licence notes (data/README.md).
DATA = Path(__file__).resolve().parent / "data"
ARTICLE_DIR = DATA / "article"
SPECS = DATA / "specs"


def article_text() -> str:
    """The zh-Wikipedia article 俄罗斯—阿塞拜疆关系 (oldid 44840694) as plain text."""
    files = sorted(ARTICLE_DIR.glob("*.txt"))
    assert files, f"no article text in {ARTICLE_DIR}"
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bundled glossary's index is built in a private cache for the test session."""
    old = os.environ.get("TERMBASE_CACHE_DIR")
    os.environ["TERMBASE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("TERMBASE_CACHE_DIR", None)
    else:
        os.environ["TERMBASE_CACHE_DIR"] = old


# -- both backends ------------------------------------------------------------------------------
# The store, lookup and import/export tests run on SQLite and on PostgreSQL: a throwaway cluster
# (tests/pgcluster.py) is started once per session when the first PostgreSQL test needs it, each
# test gets its own database (a copy of a template that holds the schema), and all of it is
# dropped at the end. No PostgreSQL on the machine is a one-line failure, never a skip.
BACKENDS = ("sqlite", "postgresql")
_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = Cluster.start()
    except (PostgresMissing, RuntimeError) as error:
        pytest.fail(f"PostgreSQL tests need a server: {error}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database holding an empty termbase's schema, copied for each test."""
    import termbase

    termbase.open(pg_cluster.create_database("tb_template")).close()
    return "tb_template"


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    """The URL of a new database holding an empty termbase (dropped after the test)."""
    name = f"t{next(_databases)}"
    yield pg_cluster.create_database(name, template=pg_template)
    pg_cluster.drop_database(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where an empty termbase of ``backend`` lives: a file path (not created yet) or a URL."""
    if backend == "sqlite":
        return str(tmp_path / "t.tb")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def new_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A factory of empty termbases of ``backend`` (a hypothesis example each), as ``--db``
    targets: a new file path, or the test's PostgreSQL database emptied again."""
    made = itertools.count(1)

    def make() -> str:
        if backend == "sqlite":
            return str(tmp_path / f"new-{next(made)}.tb")
        url = str(request.getfixturevalue("pg_url"))
        empty_termbase(url)
        return url

    return make


@pytest.fixture
def new_termbase(backend: str, new_target: Callable[[], str]) -> Iterator[Callable[[], Termbase]]:
    """A factory of empty termbases of ``backend``, one per call (a hypothesis example each):
    SQLite in memory, or the test's PostgreSQL database emptied again."""
    import termbase

    opened: list[Termbase] = []

    def make() -> Termbase:
        while opened:
            opened.pop().close()
        tb = termbase.open(":memory:" if backend == "sqlite" else new_target())
        opened.append(tb)
        return tb

    yield make
    while opened:
        opened.pop().close()
