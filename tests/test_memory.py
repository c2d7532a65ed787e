"""The translation memory: scoring properties, retrieval against an exhaustive scan, concordance, CLI."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from termbase.cli import main
from termbase.errors import InputError, NotFoundError, UsageError
from termbase.memory import Memory, similarity, units_from_toml
from termbase.model import TranslationUnit
from termbase.scripts.chinese import fold_to_simplified, opencc_convert
from termbase.store import Store
from tests.conftest import article_text
from tests.strategies import (
    azerbaijani_text,
    azerbaijani_word,
    english_text,
    english_word,
    han_char,
    han_text,
    russian_text,
    russian_word,
)

TEXT_BY_LANG = {"zh-Hans": han_text, "ru": russian_text, "az-Latn": azerbaijani_text, "en": english_text}
texts_with_lang = st.sampled_from(sorted(TEXT_BY_LANG)).flatmap(
    lambda lang: st.tuples(st.just(lang), TEXT_BY_LANG[lang])
)


def _memory(units: list[TranslationUnit]) -> Memory:
    memory = Memory(Store(None))
    memory.add_units(units)
    return memory


# -- scoring properties -------------------------------------------------------------------------
@given(texts_with_lang)
def test_a_text_matches_itself_at_100(pair: tuple[str, str]) -> None:
    lang, text = pair
    assert similarity(text, text, lang) == 100


@given(
    st.sampled_from(sorted(TEXT_BY_LANG)).flatmap(
        lambda lang: st.tuples(st.just(lang), TEXT_BY_LANG[lang], TEXT_BY_LANG[lang])
    )
)
def test_scores_are_percentages_and_only_equal_texts_score_100(triple: tuple[str, str, str]) -> None:
    lang, a, b = triple
    score = similarity(a, b, lang)
    assert 0 <= score <= 100
    if score == 100:
        assert fold_to_simplified(a) == fold_to_simplified(b) if lang == "zh-Hans" else a == b


# Fresh units for edits: letters no generated text contains (Hangul for Chinese, Georgian words otherwise).
def _fresh(lang: str, i: int) -> str:
    return chr(0xAC00 + i) if lang == "zh-Hans" else chr(0x10D0 + i % 30) * (1 + i // 30)


WORDS = {"zh-Hans": han_char, "ru": russian_word, "az-Latn": azerbaijani_word, "en": english_word}


@st.composite
def edit_chains(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A text (as units) and the texts after 0, 1, 2 … edits at distinct units.

    Each edit substitutes a fresh unit or deletes one."""
    lang = draw(st.sampled_from(sorted(WORDS)))
    units = draw(st.lists(WORDS[lang], min_size=1, max_size=12))
    order = draw(st.permutations(range(len(units))))
    kinds = draw(st.lists(st.booleans(), min_size=len(units), max_size=len(units)))
    sep = "" if lang == "zh-Hans" else " "
    current: list[str | None] = list(units)
    chain = [sep.join(units)]
    for step, (position, substitute) in enumerate(zip(order, kinds, strict=True)):
        current[position] = _fresh(lang, step) if substitute else None
        chain.append(sep.join(u for u in current if u is not None))
    return lang, units, chain


@given(edit_chains())
def test_one_more_edit_never_raises_the_score(case: tuple[str, list[str], list[str]]) -> None:
    lang, _units, chain = case
    scores = [similarity(chain[0], text, lang) for text in chain if text]
    assert scores[0] == 100
    assert scores == sorted(scores, reverse=True), scores


@given(han_text)
def test_traditional_and_simplified_forms_score_100(text: str) -> None:
    traditional = opencc_convert(text, "s2t")
    assert similarity(traditional, text, "zh-Hans") == 100
    assert similarity(text, traditional, "zh-Hans") == 100


@given(
    st.sampled_from(sorted(WORDS)).flatmap(
        lambda lang: st.tuples(st.just(lang), st.lists(WORDS[lang], min_size=2, max_size=10))
    ),
    st.integers(0, 3000),
    st.integers(0, 3000),
)
def test_a_number_only_difference_scores_97_to_99(case: tuple[str, list[str]], a: int, b: int) -> None:
    lang, units = case
    if a == b:
        b += 1
    sep = "" if lang == "zh-Hans" else " "
    first = sep.join([str(a), *units])
    second = sep.join([str(b), *units])
    assert 97 <= similarity(first, second, lang) <= 99


@given(
    st.one_of(
        han_text,
        st.lists(st.one_of(han_text, english_text, russian_text, st.text(max_size=8)), max_size=4).map(
            "".join
        ),
    )
)
@example("Straße 12,5 年")
@example("İstanbul 裏海 \ue000 3")
@example("\u200b巴庫 ３.１４。")
def test_the_fast_chinese_cut_agrees_with_the_full_one(text: str) -> None:
    from termbase.memory.scoring import parts_of, prepare

    assert parts_of(text, "zh-Hans") == prepare(text, "zh-Hans").parts()


def test_traditional_characters_beyond_the_bmp_are_folded_too() -> None:
    # The fast test for characters to fold is a regex of the BMP ones and a set test for the rest.
    from termbase.memory.scoring import _foldable, parts_of, prepare
    from termbase.scripts.chinese import fold_to_simplified

    astral = sorted(char for char in _foldable() if char > "\uffff")
    bmp = sorted(char for char in _foldable() if char <= "\uffff")
    assert astral and bmp
    for text in (f"巴库{astral[0]}2001年", f"{bmp[-1]}𠀀巴库", f"𠀀{astral[-1]}"):
        parts = parts_of(text, "zh-Hans")
        assert parts == prepare(text, "zh-Hans").parts()
        assert parts.text == fold_to_simplified(text) != text


@given(
    st.sampled_from(["ru", "az-Latn", "en"]),
    st.lists(
        st.one_of(
            russian_text,
            azerbaijani_text,
            english_text,
            han_text,
            st.text(max_size=8),
            st.sampled_from([" ", "\u00a0", "-", "’", "2,5", "\u0301", "İ", "ß", "_", "\t"]),
            st.sampled_from(["«", "»", ",", ".", "(", ")", "—", "'", "/", "…", "$", "Σ", "-ς"]),
        ),
        max_size=6,
    ).map("".join),
)
@example("ru", "Нагорно-Карабах 2001, д’Артаньян")
@example("az-Latn", "İLHAM Əliyev\u00a0e\u0301 12.5")
@example("ru", "«Газпром», (Баку)… —'д’Артаньян'- 5$ Σ-ς")
def test_the_fast_word_cut_agrees_with_the_full_one(lang: str, text: str) -> None:
    from termbase.memory.scoring import parts_of, prepare

    assert parts_of(text, lang) == prepare(text, lang).parts()


def test_scores_worked_by_hand() -> None:
    # 巴库 → 莫斯科: 2 substitutions + 1 insertion; keys of 11 and 12 characters: 100 × (1 − 3/12) = 75.
    assert similarity("俄罗斯在莫斯科设有大使馆", "俄罗斯在巴库设有大使馆", "zh-Hans") == 75
    # one word of three replaced: 100 × (1 − 1/3) = 66.7 → 67.
    assert similarity("Путин посетил Баку", "Путин посетил Москву", "ru") == 67
    # Azerbaijani case: BAKI folds to bakı (the Turkic way), so only the case differs (−1);
    # BAKİ folds to baki, another word.
    assert similarity("Bakı", "BAKI", "az-Latn") == 99
    assert similarity("Bakı", "BAKİ", "az-Latn") == 0
    # punctuation only: −1 per mark.
    assert similarity("Russia and Azerbaijan", "Russia and Azerbaijan.", "en") == 99
    assert similarity("Russia, and, Azerbaijan", "Russia and Azerbaijan", "en") == 98


def test_diff_spans_point_at_the_differences() -> None:
    memory = _memory(
        [TranslationUnit("u", {"zh-Hans": "2001年，普京正式访问阿塞拜疆", "ru": "В 2001 году…"})]
    )
    (match,) = memory.search("2006年，普京正式访问阿塞拜疆", source="zh-Hans", target="ru", min_score=50)
    assert [(d.query_start, d.query_end, d.match_start, d.match_end) for d in match.diff] == [(0, 4, 0, 4)]
    query = "2001年，梅德韦杰夫正式访问阿塞拜疆"
    (match,) = memory.search(query, source="zh-Hans", target="ru", min_score=30)
    assert "".join(query[d.query_start : d.query_end] for d in match.diff) == "梅德韦杰夫"
    assert "".join(match.source[d.match_start : d.match_end] for d in match.diff) == "普京"


# -- retrieval against an exhaustive scan ----------------------------------------------------------
def _article_sentences() -> list[str]:
    text = re.sub(r"\^\[\d+\]", "", article_text())
    found = []
    for piece in re.split(r"[。\n]", text):
        piece = piece.strip()
        if len(re.findall(r"[\u4e00-\u9fff]", piece)) >= 8:
            found.append(piece)
    return found


def _generated_units(count: int, seed: int) -> list[TranslationUnit]:
    """Sentences recombined from the article's phrases, with random numbers and names."""
    phrases = [p for s in _article_sentences() for p in re.split(r"[，；、（）：]", s) if len(p) >= 2]
    names = ["普京", "梅德韦杰夫", "阿利耶夫", "穆塔利博夫", "埃利奇别伊", "拉夫罗夫", "帕希尼扬", "巴巴扬"]
    rng = random.Random(seed)
    units = []
    for i in range(count):
        parts = rng.sample(phrases, rng.randint(1, 3))
        if rng.random() < 0.5:
            parts.insert(rng.randrange(len(parts) + 1), f"{rng.randint(1900, 2030)}年{rng.choice(names)}")
        units.append(TranslationUnit(f"g{i}", {"zh-Hans": "，".join(parts), "ru": f"перевод {i}"}))
    return units


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 4)):
        where = rng.randrange(len(chars))
        action = rng.random()
        if action < 0.4:
            chars[where] = rng.choice("的国俄在年亚总")
        elif action < 0.7 and len(chars) > 2:
            del chars[where]
        else:
            chars.insert(where, rng.choice("新大和了"))
    return "".join(chars)


def test_indexed_search_finds_the_exhaustive_scans_best_match() -> None:
    units = _generated_units(3000, seed=7)
    memory = _memory(units)
    rng = random.Random(11)
    compared = 0
    for _ in range(120):
        query = _mutate(rng.choice(units).variants["zh-Hans"], rng)
        if rng.random() < 0.3:  # a sentence that is not in the memory at all
            query = "，".join(rng.choice(units).variants["zh-Hans"].split("，")[:2]) + query[:6]
        fast = memory.search(query, source="zh-Hans", target="ru", min_score=50, limit=3)
        slow = memory.search(query, source="zh-Hans", target="ru", min_score=50, limit=3, exhaustive=True)
        assert [m.score for m in fast[:1]] == [m.score for m in slow[:1]], query
        if slow and (len(slow) == 1 or slow[1].score < slow[0].score):
            assert fast[0].unit_id == slow[0].unit_id
        compared += bool(slow)
    assert compared > 60  # most queries did have a match to compare


def test_the_index_sees_units_added_after_a_search() -> None:
    memory = _memory([TranslationUnit("a", {"zh-Hans": "俄罗斯在巴库设有大使馆", "ru": "x"})])
    assert memory.search("阿塞拜疆在莫斯科设使馆", source="zh-Hans", target="ru") == []
    memory.add_units([TranslationUnit("b", {"zh-Hans": "阿塞拜疆在莫斯科设使馆", "ru": "y"})])
    assert [m.unit_id for m in memory.search("阿塞拜疆在莫斯科设使馆", source="zh-Hans", target="ru")] == [
        "b"
    ]


def test_russian_and_azerbaijani_sources() -> None:
    memory = _memory(
        [
            TranslationUnit(
                "r", {"ru": "Россия имеет посольство в Баку", "az-Latn": "Rusiyanın Bakıda səfirliyi var"}
            ),
            TranslationUnit(
                "q",
                {
                    "ru": "Азербайджан имеет посольство в Москве",
                    "az-Latn": "Azərbaycanın Moskvada səfirliyi var",
                },
            ),
        ]
    )
    (match,) = memory.search("РОССИЯ имеет посольство в Баку.", source="ru", target="az-Latn")
    assert match.unit_id == "r" and match.target == "Rusiyanın Bakıda səfirliyi var"
    assert 97 <= match.score <= 99  # case and a full stop only
    # four words, one replaced (Bakıda → Gəncədə): 100 × (1 − 1/4) = 75.
    (match,) = memory.search("Rusiyanın Gəncədə səfirliyi var", source="az", target="ru")
    assert (match.unit_id, match.score) == ("r", 75)


# -- the article's own sentences --------------------------------------------------------------------
def test_article_sentences_find_themselves_and_rank_variants() -> None:
    sentences = _article_sentences()
    units = [TranslationUnit(f"a{i}", {"zh-Hans": s, "ru": f"ru {i}"}) for i, s in enumerate(sentences)]
    memory = _memory(units)
    for unit in units:
        best = memory.search(unit.variants["zh-Hans"], source="zh-Hans", target="ru", limit=1)
        assert best and (best[0].unit_id, best[0].score, best[0].how) == (unit.id, 100, "exact")
    visit = next(u for u in units if "2006年，普京再次访问阿塞拜疆" in u.variants["zh-Hans"])
    text = visit.variants["zh-Hans"]
    # a number changed: same key, one number differs → 99
    (first, *_) = memory.search(text.replace("2006", "2008"), source="zh-Hans", target="ru")
    assert (first.unit_id, first.score) == (visit.id, 99)
    # a name replaced (普京 → 梅德韦杰夫: 2 substitutions + 3 insertions) still ranks the sentence first
    (first, *_) = memory.search(
        text.replace("普京", "梅德韦杰夫"), source="zh-Hans", target="ru", min_score=50
    )
    assert first.unit_id == visit.id and first.score < 99
    # Traditional input matches the Simplified sentence at 100
    (first, *_) = memory.search(opencc_convert(text, "s2t"), source="zh-Hans", target="ru")
    assert (first.unit_id, first.score, first.how) == (visit.id, 100, "script")


def test_concordance_uses_the_fts_table() -> None:
    sentences = _article_sentences()
    memory = _memory([TranslationUnit(f"a{i}", {"zh-Hans": s}) for i, s in enumerate(sentences)])
    statement = next(s for s in sentences if "共同声明" in s)
    for query in ("里海", "里", "里海合作原则"):
        hits = memory.concordance(query)
        assert statement in [h.text for h in hits]
        assert all(query in h.text for h in hits)
        assert len(hits) == sum(query in s for s in sentences)
        sql, args = memory.concordance_sql(query)
        plan = " | ".join(row[3] for row in memory.store.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert "SCAN tm_conc VIRTUAL TABLE INDEX" in plan and ":M" in plan, plan
        assert "SCAN s" not in plan and "SCAN u" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # rows come in segment order: read only until the limit
    hit = next(h for h in memory.concordance("里海") if h.text == statement)
    assert [statement[a:b] for a, b in hit.spans] == ["里海"]


@given(
    st.lists(
        st.sampled_from(sorted(TEXT_BY_LANG)).flatmap(
            lambda lang: st.tuples(st.just(lang), TEXT_BY_LANG[lang])
        ),
        min_size=1,
        max_size=6,
    ),
    st.data(),
)
def test_concordance_finds_exactly_the_segments_containing_the_string(
    segments: list[tuple[str, str]], data: st.DataObject
) -> None:
    memory = _memory([TranslationUnit(f"u{i}", {lang: text}) for i, (lang, text) in enumerate(segments)])
    _, text = data.draw(st.sampled_from(segments))
    start = data.draw(st.integers(0, len(text) - 1))
    needle = text[start : start + data.draw(st.integers(1, 5))]
    if not needle.strip():
        return
    found = {h.unit_id for h in memory.concordance(needle, limit=100)}

    def fold(t: str) -> str:  # lower case, one character to one, as the indexes fold
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in t)

    assert found == {f"u{i}" for i, (_, t) in enumerate(segments) if fold(needle) in fold(t)}


def test_concordance_folds_one_character_at_a_time_and_keeps_ascii_punctuation() -> None:
    texts = ["ΟΔΟΣ ΑΘΗΝΑΣ", "İSTANBUL-Bakı, (2001)", 'a"b', "Q&A: x_y", "Σ"]
    memory = _memory([TranslationUnit(f"u{i}", {"en": t}) for i, t in enumerate(texts)])

    def fold(t: str) -> str:
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in t)

    for needle in [
        "ΟΣ",
        "οσ α",
        "İS",
        "-bak",
        "-BAKı,",
        '"',
        'A"B',
        "&a:",
        "_",
        "x_y",
        "(2001)",
        ",",
        "σ",
        "Σ",
    ]:
        found = [h.unit_id for h in memory.concordance(needle, lang="en")]
        assert found == [f"u{i}" for i, t in enumerate(texts) if fold(needle) in fold(t)], needle
        assert found, needle


# -- storage ------------------------------------------------------------------------------------------
def test_units_round_trip_replace_and_usage() -> None:
    memory = _memory(
        [TranslationUnit("u1", {"zh-Hans": "巴库", "en": "Baku"}, origin="me", props={"k": "v"})]
    )
    unit = memory["u1"]
    assert dict(unit.variants) == {"zh-Hans": "巴库", "en": "Baku"}
    assert (unit.origin, dict(unit.props), unit.usage_count) == ("me", {"k": "v"}, 0)
    memory.add_units([TranslationUnit("u1", {"zh-Hans": "巴库市", "ru": "город Баку"})])
    assert len(memory) == 1 and "u1" in memory and "nope" not in memory
    assert dict(memory["u1"].variants) == {"zh-Hans": "巴库市", "ru": "город Баку"}
    assert memory.concordance("Baku") == []
    memory.bump_usage("u1")
    memory.bump_usage("u1")
    assert memory["u1"].usage_count == 2
    assert [u.id for u in memory.units("ru")] == ["u1"] and list(memory.units("en")) == []
    assert memory.get("nope") is None
    with pytest.raises(NotFoundError, match="nope"):
        memory["nope"]
    with pytest.raises(NotFoundError, match="nope"):
        memory.bump_usage("nope")
    with pytest.raises(UsageError):
        memory.search("   ", source="en", target="zh-Hans")
    with pytest.raises(TypeError, match="source"):  # no zh-Hans → ru default: the caller says
        memory.search("巴库市", target="ru")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="target"):
        memory.search("巴库市", source="zh-Hans")  # type: ignore[call-arg]


def test_add_units_joins_the_callers_transaction() -> None:
    store = Store(None)
    memory = Memory(store)
    with pytest.raises(RuntimeError), store.transaction():
        memory.add_units([TranslationUnit("u1", {"en": "Baku"})])
        raise RuntimeError("roll back")
    assert len(memory) == 0

    def failing() -> Iterator[TranslationUnit]:
        yield TranslationUnit("u2", {"en": "Baku"})
        raise InputError("broken file")

    with pytest.raises(InputError):
        memory.add_units(failing())
    assert len(memory) == 0


def test_units_from_toml() -> None:
    doc = """
[meta]
source = "zh-Wikipedia"
[[unit]]
id = "s1"
section = "概况"
zh-Hans = "俄罗斯在巴库设有大使馆。"
ru = "Россия имеет посольство в Баку."
az-Latn = "Rusiyanın Bakıda səfirliyi var."
refs = [1]
"""
    (unit,) = units_from_toml(doc)
    # 罗→羅, 库→庫, 设→設, 馆→館: the kTraditionalVariant entries of the Unicode Unihan database.
    assert unit.variants["zh-Hant"] == "俄羅斯在巴庫設有大使館。"
    assert unit.props["derived"] == "zh-Hant" and unit.props["section"] == "概况"
    assert unit.props["translated"] == "ru az-Latn"
    with pytest.raises(InputError, match="unit 1"):
        list(units_from_toml('[[unit]]\nid = "x"\n', "m.toml"))


def test_bundled_memory_sentences_find_their_translations() -> None:
    from termbase.memory import bundled_units

    units = list(bundled_units())
    assert units, "the bundled memory (glossary/memory/*.toml) is empty"
    import termbase

    memory = termbase.open().memory
    for unit in units:
        for target in ("ru", "az-Latn", "en"):
            if target not in unit.variants:
                continue
            best = memory.search(unit.variants["zh-Hans"], source="zh-Hans", target=target, limit=1)
            assert best and best[0].score == 100 and best[0].target == unit.variants[target], unit.id


# -- command line ---------------------------------------------------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="zh-Hans" datatype="plaintext"/><body>
<tu tuid="u1"><tuv xml:lang="zh-Hans"><seg>俄罗斯在巴库设有大使馆</seg></tuv>
<tuv xml:lang="ru"><seg>Россия имеет посольство в Баку</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>普京再次访问阿塞拜疆</seg></tuv>
<tuv xml:lang="ru-RU"><seg>Путин снова посетил Азербайджан</seg></tuv></tu>
</body></tmx>
"""


def test_cli_import_search_concordance_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    db = str(tmp_path / "my.tb")
    status, out, _ = run(capsys, "tm", "import", str(tmx), "--db", db, "--json")
    assert status == 0 and json.loads(out)["units"] == 2
    status, out, _ = run(
        capsys, "tm", "search", "俄罗斯在巴庫設有大使館", "--from", "zh", "--to", "ru", "--db", db, "--json"
    )
    assert status == 0
    (hit,) = json.loads(out)
    assert {k: hit[k] for k in ("score", "id", "source", "target")} == {
        "score": 100,
        "id": "u1",
        "source": "俄罗斯在巴库设有大使馆",
        "target": "Россия имеет посольство в Баку",
    }
    # 普京访问阿塞拜疆 (8) against 普京再次访问阿塞拜疆 (10): 2 insertions → 100 × (1 − 2/10) = 80.
    status, out, _ = run(capsys, "tm", "search", "普京访问阿塞拜疆", "--db", db, "--json")
    assert status == 0 and [h["score"] for h in json.loads(out)] == [80]
    status, out, err = run(capsys, "tm", "search", "梅德韦杰夫", "--db", db, "--json")
    assert (status, json.loads(out)) == (1, []) and "concordance" not in err
    # a fragment of a longer segment: no fuzzy match, and the line says concordance finds it
    status, out, err = run(capsys, "tm", "search", "巴库设有", "--from", "zh", "--min", "90", "--db", db)
    assert (status, out) == (1, "") and err == (
        "no match of 90% or more for '巴库设有' in zh-Hans; segments contain it: termbase tm concordance '巴库设有'\n"
    )
    status, out, _ = run(capsys, "tm", "concordance", "巴库", "--db", db, "--json")
    assert status == 0 and [h["id"] for h in json.loads(out)] == ["u1"]
    status, out, _ = run(capsys, "tm", "concordance", "巴库", "--lang", "ru", "--db", db, "--json")
    assert (status, json.loads(out)) == (1, [])
    exported = tmp_path / "out.tmx"
    status, _, _ = run(capsys, "tm", "export", "--format", "tmx", "-o", str(exported), "--db", db)
    assert status == 0
    from termbase.formats.tmx import read_tmx

    back = {u.id: dict(u.variants) for u in read_tmx(exported) if isinstance(u, TranslationUnit)}
    assert back["u1"] == {"zh-Hans": "俄罗斯在巴库设有大使馆", "ru": "Россия имеет посольство в Баку"}
    assert len(back) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["tm", "search", "巴库", "--from", "xx"],
        ["tm", "search", "巴库", "--min", "101"],
        ["tm", "search", "   "],
        ["tm", "concordance", "巴库", "--lang", "klingon"],
        ["tm", "import", "x.tmx"],  # writing needs --db
    ],
)
def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2 and err.count("\n") == 1


def test_cli_table_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    db = str(tmp_path / "my.tb")
    run(capsys, "tm", "import", str(tmx), "--db", db)
    status, out, err = run(capsys, "tm", "search", "俄罗斯在巴库设有大使馆", "--db", db)
    assert status == 0
    # piped: whole segments, one full line each, no escape codes; the guessed source is said
    assert out.splitlines()[:3] == [
        "100%  u1  (exact)",
        "  zh-Hans  俄罗斯在巴库设有大使馆",
        "  ru       Россия имеет посольство в Баку",
    ]
    assert "\x1b" not in out and "searching zh-Hans segments (guessed" in err


def test_markup_segments_are_matched_on_their_text_and_kept_for_export(tmp_path: Path) -> None:
    import termbase
    from termbase.markup import MARKUP_PROP

    tb = termbase.open(tmp_path / "m.tb")
    markup = 'Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> to open Baku'
    unit = TranslationUnit("u1", {"en": markup, "ru": "Нажмите OK"}, props={MARKUP_PROP: "en"})
    tb.memory.add_units([unit])
    (best,) = tb.memory.search("Press OK to open Baku", source="en", target="ru")
    # The plain text is identical; only the markup (a formatting difference) separates them.
    assert best.score >= 97 and best.unit_id == "u1" and best.target == "Нажмите OK"
    assert tb.memory["u1"].variants["en"] == markup
    tb.memory.add_units([TranslationUnit("u1", {"en": "Press OK to open Baku", "ru": "Нажмите OK"})])
    assert tb.memory.concordance("OK") != []


# -- the package's shape ------------------------------------------------------------------------------
def _module_file(name: str) -> Path | None:
    path = Path(__file__).resolve().parent.parent.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(name: str, *, type_checking: bool = True) -> set[str]:
    """The termbase modules that module ``name`` imports anywhere: top level, in functions, and (with
    ``type_checking``) under ``if TYPE_CHECKING:``."""
    import ast

    path = _module_file(name)
    assert path is not None, name
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not type_checking:  # leave out what only type checkers read (``if TYPE_CHECKING:`` blocks)
        for block in ast.walk(tree):
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test):
                block.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:  # `from package import module` imports the module
                found.add(f"{base}.{alias.name}" if _module_file(f"{base}.{alias.name}") else base)
    return {module for module in found if module.split(".")[0] == "termbase"}


def _memory_modules() -> list[str]:
    import termbase.memory

    folder = Path(termbase.memory.__file__).parent
    return sorted(
        "termbase.memory" if f.stem == "__init__" else f"termbase.memory.{f.stem}"
        for f in folder.glob("*.py")
    )


def test_the_memory_package_imports_no_exchange_format() -> None:
    modules = _memory_modules()
    assert {"termbase.memory.scoring", "termbase.memory.index", "termbase.memory.memory"} <= set(modules)
    for module in modules:
        formats = sorted(m for m in _imported_modules(module) if m.startswith("termbase.formats"))
        assert formats == [], f"{module} imports {formats}"
    # And at run time: a session that adds marked-up units, searches and concordances loads none.
    script = (
        "import sys\n"
        "from termbase.markup import MARKUP_PROP\n"
        "from termbase.memory import Memory, bundled_units\n"
        "from termbase.model import TranslationUnit\n"
        "from termbase.store import Store\n"
        "m = Memory(Store(None))\n"
        "m.add_units(list(bundled_units())[:3])\n"
        "u = TranslationUnit('u', {'en': 'Press <ph x=\"1\">&lt;br/&gt;</ph>OK', 'ru': 'Нажмите OK'},"
        " props={MARKUP_PROP: 'en'})\n"
        "m.add_units([u, u])\n"
        "assert m.search('Press OK', source='en', target='ru')[0].unit_id == 'u'\n"
        "assert m.concordance('OK') and m.concordance('阿塞拜疆')\n"
        "print(sorted(k for k in sys.modules if k.startswith('termbase.formats')))\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_no_import_cycle_runs_through_the_memory_package() -> None:
    """Follow every import (function-level ones too) from the memory package: none leads back into it."""
    graph: dict[str, set[str]] = {}
    todo = _memory_modules()
    while todo:
        module = todo.pop()
        if module in graph or _module_file(module) is None:
            continue
        graph[module] = _imported_modules(module, type_checking=False) - {module}
        todo.extend(graph[module])
    assert "termbase.scripts.chinese" in graph  # the walk did leave the package
    for start in _memory_modules():
        came_from: dict[str, str] = {}
        stack = [start]
        while stack:
            here = stack.pop()
            for nxt in graph.get(here, set()):
                if nxt == start:
                    path = [here]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    raise AssertionError(" -> ".join([start, *reversed(path[:-1]), start]))
                if nxt not in came_from:
                    came_from[nxt] = here
                    stack.append(nxt)
