"""Shared test set-up: the hypothesis profiles, an isolated cache, paths to ../shared."""

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
SHARED = REPO.parent / "shared"
SPECS = SHARED / "specs"
ARTICLE_DIR = SHARED / "article"


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: it lives in ../shared beside the repository (CI has it)")
    return path


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
