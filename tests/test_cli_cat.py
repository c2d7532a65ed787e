"""The CAT commands: pretranslate, analyze, check (XLIFF/PO, JUnit), recognize --file, tm import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.helpers import run_cli as run

DATA = Path(__file__).parent / "data" / "cat"
XLIFF12 = DATA / "omegat-okapi-1.2.xlf"
XLIFF2 = DATA / "sample-2.0.xlf"
PO = DATA / "plurals.po"


def test_pretranslate_writes_the_file_and_reports(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    status, stdout, _ = run(capsys, "pretranslate", str(XLIFF12), "-o", str(out), "--json")
    assert status == 0
    summary = json.loads(stdout)
    assert (summary["translated"], summary["review"], summary["no_match"], summary["kept"]) == (2, 3, 1, 3)
    assert summary["source"] == "zh-Hans" and summary["target"] == "en"
    assert out.exists() and sorted(os.listdir(tmp_path)) == ["out.xlf"]  # no temporary file left


def test_pretranslate_min_leaves_fuzzy_matches_out(
    capsys: pytest.CaptureFixture[Any], tmp_path: Path
) -> None:
    out = tmp_path / "out.xlf"
    status, stdout, _ = run(capsys, "pretranslate", str(XLIFF2), "-o", str(out), "--min", "100", "--json")
    assert status == 0
    summary = json.loads(stdout)
    assert summary["no_match"] == 1  # the 99 % match is below --min 100
    assert summary["translated"] == 1 and summary["review"] == 2  # exact text whose codes cannot be placed


def test_pretranslate_to_stdout(capsys: pytest.CaptureFixture[Any]) -> None:
    status, stdout, _ = run(capsys, "pretranslate", str(PO), "-o", "-")
    assert status == 0
    assert 'msgstr "Общие сведения"' in stdout


def test_pretranslate_languages_can_be_overridden(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    out = tmp_path / "out.po"
    status, stdout, _ = run(capsys, "pretranslate", str(PO), "-o", str(out), "--to", "az", "--json")
    assert status == 0 and json.loads(stdout)["target"] == "az-Latn"
    assert 'msgstr "Ümumi məlumat"' in out.read_text(encoding="utf-8")


def test_pretranslate_bad_file_leaves_nothing(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text('<xliff version="1.2"><file source-language="en"><body>\n<oops></body></file></xliff>')
    out = tmp_path / "out.xlf"
    status, stdout, stderr = run(capsys, "pretranslate", str(bad), "-o", str(out))
    assert status == 1 and stdout == ""
    assert stderr.startswith(f"termbase: error: {bad}:2: malformed XML") and stderr.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["bad.xlf"]


def test_pretranslate_usage_errors(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    status, _, stderr = run(capsys, "pretranslate", str(PO), "-o", str(tmp_path / "o.po"), "--min", "101")
    assert status == 2 and "--min must be 0-100" in stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    status, _, stderr = run(capsys, "pretranslate", str(notes), "-o", str(tmp_path / "o"))
    assert status == 1 and "not an XLIFF or PO file" in stderr


def test_analyze_json(capsys: pytest.CaptureFixture[Any]) -> None:
    status, stdout, _ = run(capsys, "analyze", str(XLIFF2), "--json")
    assert status == 0
    result = json.loads(stdout)
    assert list(result["bands"]) == ["repetitions", "100", "95-99", "85-94", "75-84", "50-74", "no-match"]
    assert result["segments"] == sum(b["segments"] for b in result["bands"].values()) == 5
    assert result["bands"]["95-99"] == {"segments": 1, "words": 37}
    assert result["words"] == sum(b["words"] for b in result["bands"].values())


def test_analyze_text(capsys: pytest.CaptureFixture[Any]) -> None:
    status, stdout, _ = run(capsys, "analyze", str(PO))
    assert status == 0
    assert "repetitions" in stdout and "no-match" in stdout and stdout.splitlines()[-1].startswith("total")


def test_check_xliff_names_unit_and_line(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    doc = tmp_path / "qa.xlf"
    doc.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="a" source-language="ru" target-language="az" datatype="plaintext"><body>\n'
        '<trans-unit id="ok"><source>Путин прилетел в Баку</source><target>Putin Bakıya uçdu</target></trans-unit>\n'
        '<trans-unit id="bad"><source>Путин прилетел в Баку</source><target>Putin Bakuya uçdu</target></trans-unit>\n'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    status, stdout, _ = run(capsys, "check", str(doc), "--json")
    assert status == 1
    findings = json.loads(stdout)
    assert {(f["segment"], f["line"], f["kind"]) for f in findings} == {("bad", 5, "spelling")}
    status, stdout, _ = run(capsys, "check", str(doc), "--format", "junit")
    assert status == 1
    suites = etree.fromstring(stdout.encode())
    assert suites.get("tests") == "2" and suites.get("failures") == "1"
    failed = [c.get("name") for c in suites.iter("testcase") if c.find("failure") is not None]
    assert failed == ["bad (line 5)"]


def test_check_needs_languages_for_delimited_files(
    capsys: pytest.CaptureFixture[Any], tmp_path: Path
) -> None:
    pairs = tmp_path / "p.tsv"
    pairs.write_text("Баку\tBakı\n", encoding="utf-8")
    status, _, stderr = run(capsys, "check", str(pairs))
    assert status == 2 and "--source and --target" in stderr


def test_recognize_file(capsys: pytest.CaptureFixture[Any]) -> None:
    status, stdout, _ = run(capsys, "recognize", "--file", str(XLIFF2), "--json")
    assert status == 0
    found = json.loads(stdout)
    by_id = {s["id"]: s for s in found}
    assert "baku" in {r["concept"] for r in by_id["u2"]["source"]}
    assert by_id["u2"]["line"] == 14  # the <unit>
    status, _, stderr = run(capsys, "recognize", "--file", str(XLIFF2), "Баку")
    assert status == 2 and "not both" in stderr


def test_tm_import_xliff_and_po(capsys: pytest.CaptureFixture[Any], tmp_path: Path) -> None:
    db = tmp_path / "tm.tb"
    status, stdout, _ = run(capsys, "tm", "import", str(XLIFF2), "--db", str(db), "--json")
    assert status == 0 and json.loads(stdout)["units"] == 1
    status, stdout, _ = run(capsys, "tm", "import", str(PO), "--db", str(db), "--json")
    assert status == 0 and json.loads(stdout)["units"] == 1  # only «References» is translated
    status, stdout, _ = run(
        capsys, "tm", "search", "References", "--from", "en", "--to", "ru", "--db", str(db), "--json"
    )
    assert status == 0 and json.loads(stdout)[0]["target"] == "Примечания"


def test_failed_tm_import_of_xliff_leaves_no_new_file(
    capsys: pytest.CaptureFixture[Any], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text('<xliff version="1.2"><file source-language="en" target-language="ru"><body>\n<trans-unit')
    db = tmp_path / "new.tb"
    status, _, stderr = run(capsys, "tm", "import", str(bad), "--db", str(db))
    assert status == 1 and "malformed XML" in stderr
    assert not db.exists() and sorted(os.listdir(tmp_path)) == ["bad.xlf"]


def test_no_traceback_from_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    done = subprocess.run(
        [sys.executable, "-m", "termbase", "analyze", str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("termbase: error: ")


def test_import_command_sends_xliff_units_to_the_memory(
    capsys: pytest.CaptureFixture[Any], tmp_path: Path
) -> None:
    db = tmp_path / "x.tb"
    status, stdout, _ = run(capsys, "import", str(XLIFF2), "--db", str(db))
    assert status == 0 and "1 translation unit added" in stdout
    status, stdout, _ = run(
        capsys, "tm", "search", "历史", "--from", "zh", "--to", "ru", "--db", str(db), "--json"
    )
    assert status == 0 and json.loads(stdout)[0]["target"] == "История"


# -- the library's import_file ------------------------------------------------------------------
def test_import_file_reads_xliff_po_and_xlsx(tmp_path: Path) -> None:
    import termbase

    tb = termbase.open(tmp_path / "lib.tb")
    summary = tb.import_file(XLIFF12)
    assert summary.units_added == 1  # the one translated unit: tu5, 参考 = See also (final)
    summary = tb.import_file(PO, target="az")
    assert summary.units_added == 1
    found = [dict(u.variants) for u in tb.memory.units()]
    assert found == [{"zh-Hans": "参考", "en": "See also"}, {"en": "References", "az-Latn": "Примечания"}]
    glossary = tmp_path / "g.xlsx"
    assert termbase.open().export("xlsx", glossary, langs=["ru", "az"], ids=["baku"]) == 1
    summary = tb.import_file(glossary)
    assert summary.added == 1 and tb["baku"].preferred("az-Latn").text == "Bakı"  # type: ignore[union-attr]
    tb.close()


@given(st.integers(min_value=1, max_value=2000))
@settings(max_examples=25)
def test_a_failed_import_leaves_no_new_file(cut: int) -> None:
    import tempfile

    import termbase
    from termbase.errors import InputError

    data = XLIFF2.read_bytes()
    broken = data[: cut % (len(data) - 20)]  # truncated: never well-formed
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "broken.xlf"
        source.write_bytes(broken)
        tb = termbase.open(Path(folder) / "new.tb")
        with pytest.raises(InputError):
            tb.import_file(source)
        tb.close()
        assert sorted(os.listdir(folder)) == ["broken.xlf"]
