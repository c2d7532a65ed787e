"""Small helpers shared by test modules."""

from __future__ import annotations

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
