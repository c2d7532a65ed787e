"""The stored word and typo indexes of a lookup (issue 10): built at the speed of one scan, Russian
words analysed as lookups need them, every answer that of the full index."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.model import Category, Concept, Term
from termbase.wordsearch import RussianAnchors, StoredWords, _load, fill_words, russian_anchors
from tests.strategies import (
    AZERBAIJANI_LETTERS,
    AZERBAIJANI_UPPER,
    ENGLISH_LETTERS,
    RUSSIAN_LETTERS,
    concepts,
)

REPO = Path(__file__).resolve().parents[1]


@cache
def _anchors() -> RussianAnchors:
    return russian_anchors()


@cache
def _russian_glossary_forms() -> list[str]:
    """Every form of the lexemes of the bundled glossary's Russian words (pymorphy3's best reading)."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    words = {
        w for c in termbase.open().concepts() for t in c.terms("ru") for w in t.text.replace("-", " ").split()
    }
    out: set[str] = set()
    for word in sorted(words):
        for parse in morph.parse(word)[:2]:
            out.update(form.word for form in parse.lexeme)
    return sorted(out)


# Words whose lemma shares no letter with them (suppletion), comparatives and superlatives
# (по-, наи-), and made-up words around them (an unknown prefix before a dictionary word).
ODD_WORDS = [
    "людьми", "люди", "детьми", "лучше", "лучший", "наилучший", "шёл", "шла", "меня", "нас", "его",
    "побольше", "поменьше", "наибольший", "хорошему", "людей", "человека", "котами", "поезда",
    "юлюдьми", "жлюди", "xпобольше", "зпобольше", "тнаибольший", "кводами", "псевдокошками",
    "антилюди", "полюди", "наилюди", "подетьми", "ёлками", "Ёжиков", "пох", "поха", "наих", "наиха",
]  # fmt: skip


def _holds(word: str) -> None:
    """A word that waits shares an anchor with each of its lemmas and its term key."""
    from termbase.recognize.russian import ru_lemmas, ru_term_key

    anchors = _anchors()
    folded = anchors.fold(word)
    if folded is None:
        return
    marks = anchors.of(folded)
    assert set(anchors.file(folded)) == (marks if anchors.waits(folded) else set())
    if not anchors.waits(folded):
        return
    for lemma in {*ru_lemmas(folded), ru_term_key(folded)}:
        assert anchors.of(lemma) & marks, (word, lemma, marks)


def test_the_readings_of_pymorphy3_the_anchors_rest_on() -> None:
    """What :class:`termbase.wordsearch.RussianAnchors` takes from pymorphy3 (a new version that
    reads words another way fails here, not in a lookup)."""
    from pymorphy3.units import (
        AbbreviatedFirstNameAnalyzer,
        AbbreviatedPatronymicAnalyzer,
        DictionaryAnalyzer,
        HyphenAdverbAnalyzer,
        HyphenatedWordsAnalyzer,
        HyphenSeparatedParticleAnalyzer,
        KnownPrefixAnalyzer,
        KnownSuffixAnalyzer,
        LatinAnalyzer,
        NumberAnalyzer,
        PunctuationAnalyzer,
        RomanNumberAnalyzer,
        UnknAnalyzer,
        UnknownPrefixAnalyzer,
    )

    from termbase.recognize.russian import _morph

    morph = _morph()
    units = [type(unit.analyzer) for unit in morph._units]
    assert units == [
        DictionaryAnalyzer,
        AbbreviatedFirstNameAnalyzer,
        AbbreviatedPatronymicAnalyzer,
        NumberAnalyzer,
        PunctuationAnalyzer,
        RomanNumberAnalyzer,
        LatinAnalyzer,
        HyphenSeparatedParticleAnalyzer,
        HyphenAdverbAnalyzer,
        HyphenatedWordsAnalyzer,
        KnownPrefixAnalyzer,
        UnknownPrefixAnalyzer,
        KnownSuffixAnalyzer,
        UnknAnalyzer,
    ]
    known = next(u.analyzer for u in morph._units if isinstance(u.analyzer, KnownPrefixAnalyzer))
    assert min(map(len, known.known_prefixes)) >= 2  # a known prefix keeps two letters of the lemma
    dictionary = morph.dictionary
    prefixes = dictionary.paradigm_prefixes
    assert prefixes[0] == "" and all(len(p) <= 3 for p in prefixes)  # (RussianAnchors.of, partial)
    # A guessed reading: the word ends with the suffix of the form its ending was taken from, and
    # begins with that form's prefix; so its stem is what lies between.
    for prefix_id, dawg in enumerate(dictionary.prediction_suffixes_dawgs):
        for ending, (_count, para_id, idx) in dawg.items():
            paradigm = dictionary.paradigms[para_id]
            size = len(paradigm) // 3
            assert dictionary.paradigm_prefixes[paradigm[size * 2 + idx]] == prefixes[prefix_id]
            suffix = dictionary.suffixes[paradigm[idx]].replace("ё", "е")
            assert ending.replace("ё", "е").endswith(suffix), (ending, suffix)


@settings(max_examples=400)
@given(
    st.text(alphabet=RUSSIAN_LETTERS + RUSSIAN_LETTERS.upper(), min_size=1, max_size=12),
    st.sampled_from(["", "по", "наи", "ж", "про", "пре"]),
)
def test_a_word_that_waits_shares_an_anchor_with_every_lemma(word: str, prefix: str) -> None:
    _holds(prefix + word)


def test_dictionary_words_and_odd_ones_share_an_anchor_with_every_lemma() -> None:
    for word in [*ODD_WORDS, *_russian_glossary_forms()]:
        _holds(word)
        _holds("по" + word)
        _holds("ю" + word)


def test_a_word_waits_unless_a_stem_could_be_short() -> None:
    anchors = _anchors()
    assert anchors.waits("юзуглааахом") and anchors.waits("москвой")
    assert not anchors.waits("людьми")  # a suppletive form: its paradigm has no stem
    assert not anchors.waits("юлюдьми")  # an unknown prefix before it
    assert not anchors.waits("дом")  # short
    assert anchors.of("побольше") == {"по", "бо"} and anchors.of("юпобольше") == {"юп", "юб"}
    assert anchors.of("наиб", partial=True) == {"на", "б"}  # every anchor beginning with б


# -- the stored word index answers as the full one ------------------------------------------------
RUSSIAN_STEMS = ["москв", "гянджинск", "нефтян", "посольств", "наилучш", "поезд", "юзуглаа", "людьм"]


@st.composite
def russian_concepts(draw: st.DrawFn) -> Concept:
    """Concepts with Russian terms pymorphy3 inflects (known and made-up words, по-/наи- words)."""
    from termbase.recognize.russian import _morph

    words = []
    for _ in range(draw(st.integers(1, 3))):
        stem = draw(st.sampled_from(RUSSIAN_STEMS))
        tail = draw(st.text(alphabet="аеиоуыяйьм", max_size=3))
        words.append(draw(st.sampled_from([stem + tail, (stem + tail).capitalize()])))
    known = draw(st.sampled_from(_russian_glossary_forms()))
    text = " ".join([*words, known] if draw(st.booleans()) else words)
    assert _morph() is not None
    return Concept(
        draw(st.from_regex(r"r[a-z0-9]{1,8}", fullmatch=True)),
        Category.OTHER,
        [
            Term(text, "ru"),
            Term(draw(st.text(AZERBAIJANI_LETTERS + AZERBAIJANI_UPPER, min_size=1)), "az-Latn"),
        ],
    )


def _queries(forms: list[str]) -> st.SearchStrategy[str]:
    from termbase.recognize.words import tokens

    words = sorted({w for f in forms for w in tokens(f, "ru")[0]}) or ["x"]

    def inflect(word: str) -> list[str]:
        from termbase.recognize.russian import _morph

        return sorted({f.word for p in _morph().parse(word)[:2] for f in p.lexeme}) or [word]

    return st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).flatmap(lambda w: st.sampled_from(inflect(w))),
        st.sampled_from(words).map(lambda w: w[:4]),
        st.sampled_from(words).map(lambda w: w[:6].upper()),
        st.text(alphabet=RUSSIAN_LETTERS + "İıI" + ENGLISH_LETTERS + " ", min_size=1, max_size=12),
    )


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.one_of(russian_concepts(), concepts()), min_size=1, max_size=6, unique_by=lambda c: c.id),
    st.data(),
)
def test_the_stored_word_index_answers_as_the_full_one(
    tmp_path_factory: pytest.TempPathFactory, found: list[Concept], data: st.DataObject
) -> None:
    """Query after query (Russian words analysed as each needs them, the keys saved), and again
    in a new process's reading of the saved files: the full index's answer every time."""
    from termbase.wordsearch import WordIndex, query_modes

    path = str(tmp_path_factory.mktemp("tb") / "t.tb")
    tb = termbase.open(path)
    tb.import_concepts(found)
    conn = tb.store.conn
    full = WordIndex.build(conn.execute("SELECT concept_id, lang, text, scheme FROM form ORDER BY id"))
    forms = [f.text for f in tb.forms()]
    for query in data.draw(st.lists(_queries(forms), min_size=1, max_size=4), label="queries"):
        if not query.strip():
            continue
        for reader in (tb, termbase.open(path)):  # this process's index; another's, from the files
            kinds = list(query_modes(query))
            indexes = reader._lookup._words_of_forms(reader.store.conn, kinds)
            for kind in kinds:
                assert sorted(indexes[kind].search(query, (kind,))) == sorted(full.search(query, (kind,))), (
                    query,
                    kind,
                )
        assert [m.to_dict() for m in tb.lookup(query)] == [
            m.to_dict() for m in termbase.open(path).lookup(query)
        ]


@settings(max_examples=40)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=RUSSIAN_LETTERS + RUSSIAN_LETTERS.upper() + " -'’\u0301", min_size=1),
            st.text(alphabet=AZERBAIJANI_LETTERS + AZERBAIJANI_UPPER + "İIıi' -\u0307", min_size=1),
            st.text(alphabet=ENGLISH_LETTERS + ENGLISH_LETTERS.upper() + "'’ -ß", min_size=1),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["ru", "az", "en", "az-Cyrl"]),
)
def test_the_fast_paths_key_every_word_as_its_mode_does(texts: list[str], kind: str) -> None:
    """A form of plain words (ASCII English, Azerbaijani letters, Cyrillic words) is keyed from
    its whole text at once: the keys are those of each of its words."""
    from termbase.recognize.modes import morphology
    from termbase.recognize.words import tokens

    db = sqlite3.connect(":memory:")
    fill_words(db, kind, list(enumerate(texts)))
    stored = StoredWords(db, kind, sqlite3.connect(":memory:"))
    if kind == "ru":
        stored._resolve({chr(c) for c in range(ord("а"), ord("я") + 1)})
    got = sorted(
        (key, fid)
        for keys_blob, ids_blob in db.execute("SELECT keys, ids FROM bucket")
        for key, fid in zip(*_load(keys_blob, ids_blob), strict=True)
    )
    key_of = morphology(kind).word_key
    assert got == sorted((key_of(w), fid) for fid, text in enumerate(texts) for w in tokens(text, kind)[0])
    assert not db.execute(
        "SELECT 1 FROM pending WHERE anchor NOT IN (SELECT anchor FROM resolved)"
    ).fetchall()


# -- saved between processes, rebuilt after a change -------------------------------------------------
def _lookup_json(db: Path, query: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "termbase", "lookup", query, "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return sorted(f"{m['id']}:{m['matched']['how']}" for m in json.loads(result.stdout or "[]"))


def test_russian_keys_analysed_by_one_process_are_read_by_the_next(tmp_path: Path) -> None:
    from termbase.recognize.cache import forms_token, open_saved

    db = tmp_path / "t.tb"
    tb = termbase.open(str(db))
    tb.add(Concept("ganja", Category.CITY, [Term("Гянджа", "ru")]))
    tb.add(Concept("mingachevir", Category.CITY, [Term("Мингячевирская ГЭС", "ru")]))
    assert _lookup_json(db, "Гянджой") == ["ganja:inflected"]
    token = forms_token(tb.store.conn)
    assert token is not None
    saved = open_saved(str(db), "words-ru", token)
    assert saved is not None
    resolved = {row[0] for row in saved.execute("SELECT anchor FROM resolved")}
    assert "гя" in resolved and "ми" not in resolved  # only the anchors the lookup needed
    assert _lookup_json(db, "Мингячевирской") == ["mingachevir:word"]
    assert {row[0] for row in saved.execute("SELECT anchor FROM resolved")} >= {"гя", "ми"}
    assert _lookup_json(db, "Гянджой") == ["ganja:inflected"]
    # A change: a new forms token, a new index (no anchor taken for analysed from the old one).
    tb.add(Concept("ganja-airport", Category.PLACE, [Term("аэропорт Гянджа", "ru")]))
    assert _lookup_json(db, "Гянджой") == ["ganja-airport:word", "ganja:inflected"]
    tb.remove("ganja")
    assert _lookup_json(db, "Гянджой") == ["ganja-airport:word"]


def test_a_cache_that_cannot_be_written_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(tmp_path / "cache-file"))
    (tmp_path / "cache-file").write_text("not a folder")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "also-a-file"))
    (tmp_path / "also-a-file").write_text("not a folder")
    tb = termbase.open(str(tmp_path / "t.tb"))
    tb.add(Concept("ganja", Category.CITY, [Term("Гянджа", "ru"), Term("Ganja Airport", "en")]))
    assert [m.how for m in tb.lookup("Гянджой")] == ["inflected"]
    assert [m.how for m in tb.lookup("Airport")] == ["word"]
    assert [m.how for m in tb.lookup("Gonja Airport")] == ["fuzzy"]


# -- typo candidates -------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(
    st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id),
    st.lists(st.tuples(st.integers(1, 30), st.integers(1, 8)), min_size=1, max_size=4),
)
def test_typo_candidates_are_the_loose_keys_of_the_lengths_in_reach(
    tmp_path_factory: pytest.TempPathFactory, found: list[Concept], windows: list[tuple[int, int]]
) -> None:
    """Window after window (lengths read, kept, saved), in this process and a new one: the loose
    keys of the lengths within reach, in (key, form id) order."""
    from termbase.normalize import LOOSE, SPANS

    path = str(tmp_path_factory.mktemp("tb") / "t.tb")
    tb = termbase.open(path)
    tb.import_concepts(found)
    rows = tb.store.conn.execute("SELECT key, level, form_id FROM search_key").fetchall()
    every = sorted((key, form_id) for key, code, form_id in rows if LOOSE in SPANS[code])  # the loose keys
    for size, edits in windows:
        expected = [(k, i) for k, i in every if size - edits <= len(k) <= size + edits]
        for reader in (tb, termbase.open(path)):
            keys, ids = reader._lookup._typo_candidates(reader.store.conn, size, edits)
            assert list(zip(keys, ids, strict=True)) == expected
