"""Small helpers shared by test modules."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from termbase.cli import main
from termbase.model import Concept


def run_cli(capsys: pytest.CaptureFixture[Any], *argv: str) -> tuple[int, str, str]:
    """Run ``termbase ARGV`` in-process: (exit status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as stop:  # argparse usage errors
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def multi_column_view(concept: Concept) -> dict[str, Any]:
    """What the multi-column CSV layout carries (see termbase.formats.delimited)."""
    return {
        "id": concept.id,
        "category": concept.category,
        "wikidata": concept.wikidata,
        "terms": {lang: [t.text for t in concept.terms(lang)] for lang in concept.languages()},
        "definitions": dict(concept.definitions),
        "notes": dict(concept.notes),
        "sources": list(concept.sources),
    }


def dump_database(path: Path) -> list[str]:
    """The file's schema and every row of every table, after an integrity check.

    Virtual tables are not read (the FTS5 tables are contentless without a size table, so they
    cannot be scanned): their shadow tables, which hold all they store, are dumped like any table.
    """
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lines = [
            sql
            for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        ]
        tables = [
            name
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not sql.upper().startswith("CREATE VIRTUAL TABLE")
        ]
        assert "tm_conc_data" in tables and "tm_index_data" in tables
        for table in tables:
            lines.extend(f"{table}: {row!r}" for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'))
        return lines
    finally:
        conn.close()


# -- processes (Linux: /proc) -----------------------------------------------------------------
def children(pid: int) -> list[int]:
    """The ids of process ``pid``'s children."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as found:
            return [int(child) for child in found.read().split()]
    except FileNotFoundError:
        return []


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (a dead child not yet reaped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def gone(pids: list[int]) -> bool:
    """Whether every process of ``pids`` is gone (or a zombie) within ten seconds."""
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
