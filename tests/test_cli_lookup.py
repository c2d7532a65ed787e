"""The `termbase` command line: lookup, show, langs, stats, add, remove; exit status and errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_cli as run


def test_lookup_prints_a_line_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "Baku")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("baku")
    assert any(line.split()[0] == "az-Latn" and "Bakı" in line for line in lines[1:])
    assert any(line.split()[0] == "zh-Hans" and "巴库" in line for line in lines[1:])
    assert any("Russian" in line and "Баку" in line for line in lines[1:])


def test_lookup_json_is_the_documented_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "BAKI", "--json")
    assert status == 0
    data = json.loads(out)
    first = data[0]
    assert set(first) == {"id", "category", "score", "matched", "terms", "term_details", "termbase"}
    assert first["termbase"] == "bundled glossary"
    assert first["term_details"]["ru"][0] == {"text": "Баку", "type": "fullForm", "status": "preferred"}
    assert first["id"] == "baku" and first["category"] == "city"
    assert first["matched"]["lang"] == "az-Latn" and first["matched"]["text"] == "Bakı"
    assert first["terms"]["az-Latn"][0] == "Bakı" and first["terms"]["ru"][0] == "Баку"


def test_lookup_all_forms_json_adds_derived(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "Баку", "--json", "--all-forms")
    assert status == 0
    derived = json.loads(out)[0]["derived"]
    assert "Бакы" in derived["az-Cyrl"]
    assert "巴庫" in derived["zh-Hant-name"]


def test_nothing_found_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "lookup", "qqqqqqqqqqqq")
    assert status == 1 and out == ""
    assert "nothing found" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["lookup", "Baku", "--lang", "xx"], "unknown language tag"),
        (["lookup", ""], "empty query"),
        (["lookup", "   "], "empty query"),
        (["add", "x", "en=x", "--category", "city"], "--db"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_show_of_an_unknown_id_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "no-such-concept")
    assert (status, out) == (1, "")
    assert err == "termbase: error: no concept with id 'no-such-concept' in bundled glossary\n"


def test_langs_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "langs", "--in", "zh")
    assert status == 0
    assert "俄语" in out and "阿塞拜疆语" in out and "英语" in out


def test_add_show_remove_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "mine.tb")
    assert (
        run(capsys, "add", "ganja", "--category", "city", "az=Gəncə", "ru=Гянджа", "en=Ganja", "--db", db)[0]
        == 0
    )
    assert run(capsys, "add", "ganja", "zh=占贾", "--db", db)[:2] == (0, "ganja: 1 term added\n")
    status, out, _ = run(capsys, "show", "ganja", "--json", "--db", db)
    data = json.loads(out)
    assert status == 0 and [t["lang"] for t in data["terms"]] == ["az-Latn", "ru", "en", "zh-Hans"]
    status, out, _ = run(capsys, "lookup", "GƏNCƏ", "--json", "--db", db)
    assert status == 0 and json.loads(out)[0]["id"] == "ganja"
    assert run(capsys, "remove", "ganja", "zh=占贾", "--db", db)[:2] == (0, "ganja: 1 term removed\n")
    assert run(capsys, "remove", "ganja", "--db", db)[0] == 0
    assert run(capsys, "lookup", "Ganja", "--db", db)[0] == 1


def test_options_before_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``termbase --db F COMMAND …`` (as git takes its options) is ``termbase COMMAND … --db F``."""
    db = str(tmp_path / "mine.tb")
    status, out, err = run(capsys, "--db", db, "add", "ganja", "--category", "city", "ru=Гянджа")
    assert (status, out, err) == (0, "ganja: concept added with 1 term\n", f"termbase: created {db}\n")
    status, out, _ = run(capsys, "--json", "--db", db, "lookup", "Гянджа")
    assert status == 0 and [found["id"] for found in json.loads(out)] == ["ganja"]
    assert run(capsys, "--db", db, "tm", "search", "Гянджа")[0] == 1  # the tm group's own subcommand
    status, out, err = run(capsys, "--db", db, "lookup", "--", "--json")  # after "--": a query, not an option
    assert (status, out) == (1, "") and "nothing found for '--json'" in err


def test_stats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert status == 0 and data["concepts"] >= 50
    assert data["categories"]["person"] >= 7


def test_stats_of_a_termbase_of_one_concept_and_no_units(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "mine.tb")
    run(capsys, "add", "baku", "--category", "city", "ru=Баку", "--db", db)
    status, out, _ = run(capsys, "stats", "--db", db)
    lines = [line for line in out.splitlines() if not line.startswith("file size: ")]
    assert status == 0
    assert lines == [
        f"1 concept in {db}",
        "0 translation units",
        "categories:",
        "  city           1",
        "terms:",
        "  ru             1",
        "derived:",
        *(f"  {scheme:<14} 1" for scheme in ("bgn-pcgn", "gost-b", "icao", "iso9")),
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_db_that_is_not_a_termbase(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n", encoding="utf-8")
    before = _digest(path)
    status, _, err = run(capsys, "lookup", "Baku", "--db", str(path))
    assert status == 1 and "not a termbase" in err and str(path) in err
    assert err.count("\n") == 1
    status, _, _ = run(capsys, "add", "x", "en=x", "--category", "city", "--db", str(path))
    assert status == 1
    assert _digest(path) == before


def test_console_script_and_module_run_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "TERMBASE_CACHE_DIR": os.environ["TERMBASE_CACHE_DIR"]}
    result = subprocess.run(
        [sys.executable, "-m", "termbase", "lookup", "巴库", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "baku"
    result = subprocess.run(
        [sys.executable, "-m", "termbase", "lookup", "Baku", "--lang", "xx"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_lookup_of_piped_lines_is_a_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Путиным\n\nBaku\n亚塞拜然\nnothing-here\n"))
    status, out, _ = run(capsys, "lookup")
    assert status == 1  # a line found nothing
    assert out.splitlines() == [
        "query\tconcept\tscore\tzh-Hans\tru\taz-Latn\ten",
        "Путиным\tvladimir-putin\t88\t普京\tПутин\tPutin\tPutin",  # a short form for a short form
        "Baku\tbaku\t100\t巴库\tБаку\tBakı\tBaku",
        "亚塞拜然\tazerbaijan\t92\t阿塞拜疆\tАзербайджан\tAzərbaycan\tAzerbaijan",
        "nothing-here\t\t\t\t\t\t",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("Baku\nnothing-here\n"))
    status, out, _ = run(capsys, "lookup", "-", "--json", "--limit", "2")
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 1 and [r["query"] for r in records] == ["Baku", "nothing-here"]
    assert records[0]["matches"] == json.loads(run(capsys, "lookup", "Baku", "--json", "--limit", "2")[1])
    assert records[1]["matches"] == []


def test_every_preferred_term_finds_itself_in_the_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each preferred term of the glossary in a table language, piped to ``lookup``, is the cell of
    its own language in its concept's row (texts that two concepts or two languages share left
    out: the match may be the other's)."""
    import io

    import termbase
    from termbase.cli.lookup import TABLE_LANGS

    tb = termbase.open()
    owners: dict[str, set[tuple[str, str]]] = {}
    for concept in tb.concepts():
        for term in concept.terms():
            owners.setdefault(term.text, set()).add((concept.id, term.lang))
    wanted = [
        (term, concept.id)
        for concept in tb.concepts()
        for term in concept.terms()
        if term.lang in TABLE_LANGS and term.status == "preferred" and len(owners[term.text]) == 1
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{term.text}\n" for term, _ in wanted)))
    status, out, _ = run(capsys, "lookup")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert len(rows) == len(wanted) > 100
    column = {lang: 3 + at for at, lang in enumerate(TABLE_LANGS)}
    assert status == 0
    for (term, concept_id), row in zip(wanted, rows, strict=True):
        assert row[0] == term.text and row[1] == concept_id and row[column[term.lang]] == term.text, row
