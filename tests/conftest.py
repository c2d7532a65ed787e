"""Shared test set-up: the hypothesis profiles, an isolated cache, the vendored test data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
