"""Terminology QA (termbase.qa) and the ``termbase check`` / ``termbase recognize`` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import termbase
from termbase.errors import UsageError
from termbase.qa import Finding, Segment, check_file, check_pairs
from termbase.recognize import Recognizer
from termbase.recognize.azerbaijani import az_inflect

REPO = Path(__file__).resolve().parents[1]

# Concepts whose forms are not shared with another concept in any of the languages used.
CONCEPTS = [
    "baku",
    "moscow",
    "georgia",
    "armenia",
    "yekaterinburg",
    "saint-petersburg",
    "khojaly",
    "florida",
    "abkhazia",
    "south-ossetia",
    "caspian-sea",
]
TEMPLATES = {
    "ru": "{0} и {1} упомянуты.",
    "az-Latn": "{0} və {1} xatırlanır.",
    "en": "{0} and {1} are named.",
    "zh-Hans": "{0}和{1}都提到了。",
}
PAIRS = [
    ("ru", "az-Latn"),
    ("az-Latn", "ru"),
    ("ru", "en"),
    ("en", "az-Latn"),
    ("zh-Hans", "ru"),
    ("ru", "zh-Hans"),
]


def _rec() -> Recognizer:
    return termbase.open().recognizer


def _preferred(concept: str, lang: str) -> str:
    return _rec().forms_of(concept, lang)[0]


def _kinds(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.kind, f.concept_id) for f in findings}


three_concepts = st.lists(st.sampled_from(CONCEPTS), min_size=3, max_size=3, unique=True)
az_case = st.sampled_from([(), ("gen",), ("dat",), ("loc",), ("abl",), ("ins",), ("plural", "loc")])


@given(three_concepts, st.sampled_from(PAIRS), az_case, az_case)
def test_pairs_of_approved_terms_pass_and_a_swapped_term_is_flagged(
    concepts: list[str], pair: tuple[str, str], case_a: tuple[str, ...], case_b: tuple[str, ...]
) -> None:
    a, b, c = concepts
    source, target = pair

    def target_form(concept: str, case: tuple[str, ...]) -> str:
        form = _preferred(concept, target)
        return az_inflect(form, *case) if target == "az-Latn" else form  # any inflected form counts

    src = TEMPLATES[source].format(_preferred(a, source), _preferred(b, source))
    good = TEMPLATES[target].format(target_form(a, case_a), target_form(b, case_b))
    assert check_pairs([(src, good)], source, target, _rec()) == []

    swapped = TEMPLATES[target].format(target_form(a, case_a), target_form(c, case_b))
    findings = check_pairs([(src, swapped)], source, target, _rec())
    assert _kinds(findings) == {("missing", b)}
    (finding,) = findings
    assert finding.segment == "1"
    assert finding.expected[0] == _preferred(b, target)


def test_deprecated_target_term() -> None:
    src = "Путин прилетел в Международный аэропорт Гейдар Алиев."
    tgt = "Putin arrived at Bina International Airport."
    findings = check_pairs([(src, tgt)], "ru", "en")
    kinds = _kinds(findings)
    assert ("deprecated", "heydar-aliyev-international-airport") in kinds
    assert ("missing", "heydar-aliyev-international-airport") not in kinds
    deprecated = next(f for f in findings if f.kind == "deprecated")
    assert deprecated.found == "Bina International Airport"
    assert "Heydar Aliyev International Airport" in deprecated.expected


@pytest.mark.parametrize(
    ("source_text", "target_text", "found", "concept"),
    [
        ("Ильхам Алиев прибыл.", "Ilham Aliyev gəldi.", "Ilham Aliyev", "ilham-aliyev"),  # en form in az text
        ("Он прибыл в Баку.", "O, Bakuya gəldi.", "Bakuya", "baku"),  # en form, az dative
        (
            "Ильхам Алиев прибыл.",
            "Ilkham Aliyev arrived.",
            "Ilkham Aliyev",
            "ilham-aliyev",
        ),  # BGN/PCGN Il’kham
        ("Ильхам Алиев прибыл.", "Ilham Aliev arrived.", "Ilham Aliev", "ilham-aliyev"),  # ICAO/ISO 9 Aliev
    ],
)
def test_spelling_in_another_romanisation(
    source_text: str, target_text: str, found: str, concept: str
) -> None:
    target = "en" if target_text.endswith("arrived.") else "az-Latn"
    findings = check_pairs([(source_text, target_text)], "ru", target)
    spelling = [f for f in findings if f.kind == "spelling"]
    assert [(f.found, f.concept_id) for f in spelling] == [(found, concept)]
    assert not [f for f in findings if f.kind == "missing"]  # one finding per problem


def test_segments_keep_ids_and_lines() -> None:
    seg = Segment("u7", "Москва", "şəhər", line=12)
    (finding,) = check_pairs([seg], "ru", "az-Latn")
    assert (finding.segment, finding.line, finding.kind, finding.concept_id) == (
        "u7",
        12,
        "missing",
        "moscow",
    )
    assert finding.to_dict()["expected"] == ["Moskva"]
    assert list(finding.to_dict()) == [
        "segment",
        "line",
        "kind",
        "concept",
        "source_term",
        "expected",
        "found",
        "message",
    ]


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        check_pairs([("a", "b")], "xx", "ru")


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def test_tsv_with_a_header_of_tags(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("en\tzh-CN\tru\nBaku\t巴库\tБаку\nMoscow\t巴库\tМосква\n", encoding="utf-8")
    findings = check_file(path, "ru", "zh")
    assert [(f.segment, f.line, f.kind, f.concept_id) for f in findings] == [("3", 3, "missing", "moscow")]


def test_the_languages_a_file_names_need_not_be_given(tmp_path: Path) -> None:
    """A header of language tags (a TMX's first unit) names the languages: both when none is
    given (the first two), the other when one is; a file that names none asks for both."""
    from termbase.qa import file_languages

    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("ru\tzh-CN\nБаку\t巴库\nМосква\t巴库\n", encoding="utf-8")
    assert file_languages(tsv, None, None) == ("ru", "zh-Hans")
    assert file_languages(tsv, "zh", None) == ("zh-Hans", "ru")
    assert file_languages(tsv, None, "ru") == ("zh-Hans", "ru")
    assert [(f.segment, f.concept_id) for f in check_file(tsv)] == [("3", "moscow")]
    tmx = tmp_path / "pairs.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ru" datatype="plaintext"/>'
        '<body><tu><tuv xml:lang="ru"><seg>Баку</seg></tuv><tuv xml:lang="az"><seg>Bakı</seg></tuv></tu></body>'
        "</tmx>\n",
        encoding="utf-8",
    )
    assert file_languages(tmx, "az", None) == ("az-Latn", "ru")
    bare = tmp_path / "bare.tsv"
    bare.write_text("Баку\t巴库\n", encoding="utf-8")
    with pytest.raises(UsageError, match="name the languages with --source and --target"):
        file_languages(bare, "ru", None)


def test_csv_with_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text('"Путин, Медведев",Putin\nБаку,Bakı\n', encoding="utf-8")
    findings = check_file(path, "ru", "az-Latn")
    assert _kinds(findings) == {("missing", "dmitry-medvedev")}


def test_tmx(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tmx"
    units = "".join(
        f'<tu tuid="{tuid}"><tuv xml:lang="ru"><seg>{ru}</seg></tuv>'
        f'<tuv xml:lang="az"><seg>{az}</seg></tuv></tu>'
        for tuid, ru, az in (("a", "В Москве", "Moskvada"), ("b", "В Баку", "Bakuda"))
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"'
        ' srclang="ru" datatype="plaintext"/>'
        f"<body>{units}</body></tmx>\n",
        encoding="utf-8",
    )
    findings = check_file(path, "ru", "az")
    assert [(f.segment, f.kind, f.concept_id, f.found) for f in findings] == [
        ("b", "spelling", "baku", "Bakuda")
    ]


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termbase", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_cli_check_exit_codes_and_json(tmp_path: Path) -> None:
    clean = tmp_path / "clean.tsv"
    clean.write_text("Баку\tBakı\n", encoding="utf-8")
    dirty = tmp_path / "dirty.tsv"
    dirty.write_text("Баку\tBaku\nМосква\tşəhər\n", encoding="utf-8")
    assert _run("check", str(clean), "--source", "ru", "--target", "az").returncode == 0
    result = _run("check", str(dirty), "--source", "ru", "--target", "az", "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [(d["segment"], d["kind"], d["concept"]) for d in data] == [
        ("1", "spelling", "baku"),
        ("2", "missing", "moscow"),
    ]
    assert set(data[0]) >= {"segment", "kind", "concept", "source_term", "expected", "found", "message"}
    table = _run("check", str(dirty), "--source", "ru", "--target", "az")
    assert table.returncode == 1 and "missing" in table.stdout and "moscow" in table.stdout
    assert _run("check", str(clean), "--source", "xx", "--target", "az").returncode == 2
    # a missing file is a bad file (exit 1), as for every command; a folder is not a file
    absent = _run("check", str(tmp_path / "absent.tsv"), "--source", "ru", "--target", "az")
    assert absent.returncode == 1 and "absent.tsv: no such file" in absent.stderr
    folder = _run("check", str(tmp_path), "--source", "ru", "--target", "az")
    assert folder.returncode == 1 and "is a directory" in folder.stderr
    clean_run = _run("check", str(clean), "--source", "ru", "--target", "az")
    assert "checked 1 segment pair: no findings" in clean_run.stderr


def test_cli_check_with_no_pair_in_the_languages_fails(tmp_path: Path) -> None:
    """A check that checked nothing has not passed: zero pairs is exit 1, with the count said."""
    other = tmp_path / "other.tsv"
    other.write_text("ru\ten\nБаку\tBaku\n", encoding="utf-8")
    result = _run("check", str(other), "--source", "ru", "--target", "az")
    assert result.returncode == 1
    assert result.stdout == "" and "no findings" not in result.stderr
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    result = _run("check", str(empty), "--source", "ru", "--target", "az")
    assert result.returncode == 1 and "no segment pair of ru and az-Latn" in result.stderr
    tmx = tmp_path / "en-ru.tmx"
    tmx.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body><tu>'
        '<tuv xml:lang="en"><seg>Baku</seg></tuv><tuv xml:lang="ru"><seg>Баку</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    result = _run("check", str(tmx), "--source", "ru", "--target", "az")
    assert result.returncode == 1 and "no segment pair of ru and az-Latn" in result.stderr
    assert _run("check", str(tmx), "--source", "ru", "--target", "en").returncode == 0


def test_cli_recognize_json_and_stdin() -> None:
    result = _run("recognize", "-", "--lang", "ru", "--json", stdin="Визит в Москву и Баку")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(d["start"], d["end"], d["text"], d["concept"], d["lang"]) for d in data] == [
        (8, 14, "Москву", "moscow", "ru"),
        (17, 21, "Баку", "baku", "ru"),
    ]
    plain = _run("recognize", "BAKIDA", "--lang", "az")
    assert plain.returncode == 0 and "baku" in plain.stdout
    # nothing found is exit 1, as for lookup
    nothing = _run("recognize", "ничего здесь нет", "--lang", "ru")
    assert nothing.returncode == 1 and nothing.stdout == "" and "no term found" in nothing.stderr
    assert _run("recognize", "ничего", "--lang", "ru", "--json").returncode == 1
    assert _run("recognize", "x", "--lang", "!!").returncode == 2


def test_the_bundled_memory_checks_clean_from_russian_to_chinese() -> None:
    """The article's own translation memory, checked ru → zh-Hans against its own glossary, has
    no finding: its title set as 俄罗斯 - 阿塞拜疆关系, names cited in Latin letters inside
    Chinese (Curzon Press) and names inside web addresses (en.trend.az) are no missing terms."""
    memory = termbase.open().memory
    pairs = [
        Segment(unit.id or "", unit.variants["ru"], unit.variants["zh-Hans"])
        for unit in memory.units()
        if "ru" in unit.variants and "zh-Hans" in unit.variants
    ]
    assert len(pairs) >= 30
    assert check_pairs(pairs, "ru", "zh-Hans") == []
