"""The fuzz harness (fuzz/fuzz_readers.py): every target runs for a bounded time without a crash,
and the inputs it once crashed on now read or fail with a one-line InputError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from termbase.errors import InputError

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "fuzz" / "fuzz_readers.py"
REGRESSIONS = REPO / "tests" / "data" / "cat" / "fuzz"
TARGETS = ["tmx", "tbx", "csv", "tsv", "csv-long", "omegat", "xliff", "xliff2", "po", "xlsx"]
SECONDS = int(os.environ.get("TERMBASE_FUZZ_SECONDS", "5"))
SEED = int(os.environ.get("TERMBASE_FUZZ_SEED", "1"))

pytest.importorskip("atheris", reason="atheris is a test dependency: pip install -e '.[test]'")


def test_the_harness_lists_every_target() -> None:
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--list"], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == TARGETS


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_for_a_bounded_time(target: str, tmp_path: Path) -> None:
    env = {**os.environ, "TERMBASE_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            target,
            f"-max_total_time={SECONDS}",
            f"-seed={SEED}",  # a red run is reproduced by the same seed (TERMBASE_FUZZ_SEED)
            f"-artifact_prefix={tmp_path}/",
            "-print_final_stats=1",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=SECONDS + 240,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert done.returncode == 0 and not crashes, done.stderr[-3000:]
    assert "stat::number_of_executed_units" in done.stderr  # it did run inputs


def test_the_harness_property_holds_on_what_it_found() -> None:
    from termbase.formats.bilingual import load
    from termbase.formats.xlsx import read_xlsx

    found = sorted(REGRESSIONS.iterdir())
    assert {p.suffix for p in found} == {".po", ".xlf", ".xlsx"}
    for path in found:
        with pytest.raises(InputError) as caught:
            if path.suffix == ".xlsx":
                list(read_xlsx(path))
            else:
                load(path).to_bytes()
        assert "\n" not in str(caught.value), path
