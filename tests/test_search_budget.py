"""The stored index's proof of its candidates and its budgets (issue 10: search at 1,000,000 units).

No test here is timed: the figures live in benchmarks/bench_scale.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from termbase.memory import CANDIDATES, Memory
from termbase.memory.index import length_window, max_distance
from termbase.memory.scoring import base_score, prepare, similarity
from termbase.memory.stored_index import SCALE_FROM, Budget, StoredIndex
from termbase.model import TranslationUnit
from termbase.store import Store
from tests.strategies import han_char, russian_word
from tests.test_scale import _best, memories

NO_COUNTING = {"probe": 0, "postings": 0}
"""A budget under which counting reads no posting list: only the proof finds candidates."""


@given(st.integers(0, 400), st.integers(-5, 105))
def test_the_length_window_is_every_length_that_can_reach_the_score(length: int, min_score: int) -> None:
    lo, hi = length_window(length, min_score)
    top = 3 * length + 10
    reach = [m for m in range(top + 1) if base_score(abs(length - m), max(length, m)) >= min_score]
    if not reach:
        assert lo > hi
    else:
        assert lo == reach[0]
        # base_score(|n - m|, m) only falls as m grows, so the window runs on past what is checked
        assert hi >= reach[-1] and (hi > top or hi == reach[-1])


@given(st.integers(0, 400), st.integers(-5, 105))
def test_max_distance_is_the_most_edits_that_reach_the_score(longest: int, min_score: int) -> None:
    reach = [d for d in range(longest + 1) if base_score(d, longest) >= min_score]
    assert max_distance(longest, min_score) == (reach[-1] if reach else -1)


@given(memories(), st.sampled_from([100, 90, 75, 0]))
def test_the_proof_alone_finds_the_exhaustive_scans_best_score(
    case: tuple[str, str, list[TranslationUnit], list[str]], start: int
) -> None:
    """With counting switched off, a search the index says it proved finds what the exhaustive
    scan finds: wrong groups (say, one bigram per edit for Chinese), a window too narrow or a
    target too high would make it miss."""
    source, target, units, queries = case
    queries = [q for q in queries if q.strip() and prepare(q, source).key]
    assume(queries)
    memory = Memory(Store(None))
    memory.warm_limit = 0
    memory.budget = Budget(survivors=10_000, start=start, **NO_COUNTING)
    memory.add_units(units)
    index = StoredIndex(memory.store.conn, source, memory.budget)  # type: ignore[arg-type]
    for query in queries:
        prepared = prepare(query, source)
        if index.candidates(prepared.key, prepared.numbers, 70, 1_000).complete:
            assert _best(memory, query, source, target, exhaustive=False) == _best(
                memory, query, source, target, exhaustive=True
            ), query


@st.composite
def near_copies(draw: st.DrawFn) -> tuple[str, list[TranslationUnit], str]:
    """A language, units that are one text edited a few units at a time (some with other numbers
    or punctuation, which only penalties see), and a query that is the text edited too: the best
    matches sit at the edge of what a round proves."""
    lang = draw(st.sampled_from(["zh-Hans", "ru"]))
    unit = han_char if lang == "zh-Hans" else russian_word
    sep = "" if lang == "zh-Hans" else " "
    text = draw(st.lists(unit, min_size=6, max_size=30))

    def edited(units: list[str]) -> list[str]:
        units = list(units)
        for _ in range(draw(st.integers(0, 5))):
            at = draw(st.integers(0, len(units)))
            action = draw(st.sampled_from(["sub", "del", "ins"]))
            if action == "ins" or not units:
                units.insert(at, draw(unit))
            elif action == "del":
                del units[min(at, len(units) - 1)]
            else:
                units[min(at, len(units) - 1)] = draw(unit)
        return units

    texts = []
    for _ in range(draw(st.integers(1, 12))):
        body = sep.join(edited(text))
        texts.append(body + draw(st.sampled_from(["", " 2001", " 1999 12", "!", "。"])))
    units = [TranslationUnit(f"u{i}", {lang: t, "en": f"t{i}"}) for i, t in enumerate(texts)]
    return lang, units, sep.join(edited(text)) + draw(st.sampled_from(["", " 2001", "!"]))


@given(near_copies(), st.sampled_from([100, 90, 75]))
def test_the_proof_holds_at_its_edge(case: tuple[str, list[TranslationUnit], str], start: int) -> None:
    """As above on near-copies of one text, where each bigram an edit breaks and each point of
    penalty counts: fails if an edit were taken to break one bigram, or a round stopped at the
    best base score found instead of 2 below it."""
    lang, units, query = case
    assume(prepare(query, lang).key)
    memory = Memory(Store(None))
    memory.warm_limit = 0
    memory.budget = Budget(survivors=10_000, start=start, **NO_COUNTING)
    memory.add_units(units)
    prepared = prepare(query, lang)
    index = StoredIndex(memory.store.conn, lang, memory.budget)  # type: ignore[arg-type]
    assert index.candidates(prepared.key, prepared.numbers, 70, 1_000).complete
    assert _best(memory, query, lang, "en", exhaustive=False) == _best(
        memory, query, lang, "en", exhaustive=True
    )


@given(st.data(), st.sampled_from(["zh-Hans", "ru"]), st.sampled_from([100, 90, 75]))
def test_a_proved_search_holds_every_segment_that_reaches_the_score(
    data: st.DataObject, lang: str, start: int
) -> None:
    """One stored segment, the query that segment with up to a third of its units replaced,
    deleted or inserted: if its base score reaches 70, a proved search holds it. Fails if an edit
    were taken to break one bigram of a Chinese key (the groups would be too few)."""
    unit = han_char if lang == "zh-Hans" else russian_word
    sep = "" if lang == "zh-Hans" else " "
    units = data.draw(st.lists(unit, min_size=3, max_size=40))
    edited = list(units)
    for _ in range(data.draw(st.integers(1, max(1, len(units) // 3)))):
        at = data.draw(st.integers(0, len(edited) - 1))
        action = data.draw(st.sampled_from(["sub", "del", "ins"]))
        if action == "sub":
            edited[at] = data.draw(unit)
        elif action == "del" and len(edited) > 1:
            del edited[at]
        else:
            edited.insert(at, data.draw(unit))
    stored, query = sep.join(units), sep.join(edited)
    memory = Memory(Store(None))
    memory.add_units([TranslationUnit("u", {lang: stored, "en": "x"})])
    index = StoredIndex(memory.store.conn, lang, Budget(start=start, **NO_COUNTING))  # type: ignore[arg-type]
    q, k = prepare(query, lang).key, prepare(stored, lang).key
    assume(q)
    found = index.candidates(q, (), 70, 1_000)
    key_q, key_k = ("".join(q), "".join(k)) if lang == "zh-Hans" else (q, k)
    if found.complete and base_score(_distance(key_q, key_k), max(len(q), len(k))) >= 70:
        assert list(found.segment_ids) == [1]


def test_an_edit_breaks_two_bigrams_of_a_chinese_key() -> None:
    """Seven substitutions that break fourteen bigrams (base 71): dealt into 7 + 1 groups, every
    group would lose a bigram and the segment would be missed; into 2 × 7 + 1 it is found.
    (Found by a random search with one bigram an edit.)"""
    query, stored = "联莫大然大交总了部政和在交拜和会道了石会条", "联莫大和大交总了部塞和在议拜和罗道府石会巴"
    memory = Memory(Store(None))
    memory.add_units([TranslationUnit("u", {"zh-Hans": stored, "en": "x"})])
    index = StoredIndex(memory.store.conn, "zh-Hans", Budget(start=90, **NO_COUNTING))  # type: ignore[arg-type]
    found = index.candidates(tuple(query), (), 70, 1_000)
    assert similarity(query, stored, "zh-Hans") == 71
    assert found.complete and list(found.segment_ids) == [1]


def test_a_round_proves_two_points_below_the_best_base_score() -> None:
    """The same key with other numbers scores 100 before its penalty (97 after); a key one
    character off, with the same numbers, 98. A proof that stopped at the best base score
    (100) would never look for the second."""
    body = "俄罗斯联邦与阿塞拜疆共和国于当年签署了友好合作与相互安全条约，双方同意在里海问题上加强协调并定期举行会晤"
    query = f"{body}1、2、3"
    units = [
        TranslationUnit("numbers", {"zh-Hans": f"{body}4、5、6", "en": "a"}),
        TranslationUnit("one-off", {"zh-Hans": f"{body.replace('友好', '友善')}1、2、3", "en": "b"}),
    ]
    memory = Memory(Store(None))
    memory.warm_limit = 0
    memory.budget = Budget(start=100, **NO_COUNTING)
    memory.add_units(units)
    found = memory.search(query, source="zh-Hans", target="en", limit=2)
    assert [(m.unit_id, m.score) for m in found] == [("one-off", 98), ("numbers", 97)]


def test_the_proof_covers_most_searches_of_a_small_memory() -> None:
    """The proof is what a search relies on, not a rare extra: on a memory of near-duplicates
    (the benchmark's kind), every query with a good match is proved without counting."""
    base = [
        "俄罗斯在巴库设有大使馆",
        "阿塞拜疆在莫斯科设有大使馆",
        "巴库是阿塞拜疆的首都",
        "普京访问了阿塞拜疆",
    ]
    units = [
        TranslationUnit(f"u{i}{j}", {"zh-Hans": f"{a}，{b}。", "ru": f"r{i}{j}"})
        for i, a in enumerate(base)
        for j, b in enumerate(base)
        if a != b
    ]
    memory = Memory(Store(None))
    memory.warm_limit = 0
    memory.add_units(units)
    index = StoredIndex(memory.store.conn, "zh-Hans", Budget(**NO_COUNTING))  # type: ignore[arg-type]
    queries = ["俄罗斯在巴库设有大使馆，普京访问阿塞拜疆", "巴库是阿塞拜疆首都，阿塞拜疆在莫斯科设有使馆"]
    for query in queries:
        prepared = prepare(query, "zh-Hans")
        found = index.candidates(prepared.key, prepared.numbers, 70, 1_000)
        assert found.complete
        scores = [
            similarity(query, memory[f"u{i}{j}"].variants["zh-Hans"], "zh-Hans") for i, j in _pairs(units)
        ]
        best = max(scores)
        key = "".join(prepared.key)
        assert max(base_score(_distance(key, k), max(len(key), len(k))) for k in found.keys) >= best


def _pairs(units: list[TranslationUnit]) -> list[tuple[int, int]]:
    return [(int(u.id[1]), int(u.id[2])) for u in units]


def _distance(a: Sequence[str], b: Sequence[str]) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def test_a_full_proof_round_falls_back_to_counting() -> None:
    """More segments than ``survivors`` in a round: not proved, and the counted candidates still come."""
    units = [
        TranslationUnit(f"u{i}", {"ru": f"путин посетил баку {'и ' * (i % 3)}вчера", "en": "x"})
        for i in range(30)
    ]
    memory = Memory(Store(None))
    memory.add_units(units)
    conn = memory.store.conn
    query = prepare("путин посетил баку вчера", "ru")
    tight = StoredIndex(conn, "ru", Budget(survivors=5)).candidates(query.key, (), 70, 3)  # type: ignore[arg-type]
    assert not tight.complete and 3 <= len(tight.segment_ids) <= 5 + 3
    roomy = StoredIndex(conn, "ru", Budget(survivors=100)).candidates(query.key, (), 70, 3)  # type: ignore[arg-type]
    assert roomy.complete and len(roomy.segment_ids) >= 10  # the 10 exact copies at least


@given(memories())
def test_an_exhaustive_search_equals_scoring_every_unit(
    case: tuple[str, str, list[TranslationUnit], list[str]],
) -> None:
    """Exhaustive searches score only the keys whose length can reach ``min_score``: the same best
    score as scoring every unit by hand."""
    source, target, units, queries = case
    memory = Memory(Store(None))
    memory.add_units(units)
    for query in queries:
        if not query.strip():
            continue
        by_hand = [similarity(query, u.variants[source], source) for u in units]
        best = max([s for s in by_hand if s >= 70], default=None)
        found = memory.search(query, source=source, target=target, min_score=70, limit=1, exhaustive=True)
        assert [m.score for m in found] == ([] if best is None else [best]), query


def test_the_budget_grows_with_the_memory() -> None:
    small, large = Budget.for_segments(SCALE_FROM), Budget.for_segments(3 * SCALE_FROM)
    assert (small.probe, small.postings) == (Budget().probe, Budget().postings)
    assert (large.probe, large.postings) == (3 * small.probe, 3 * small.postings)
    assert small.candidates is None and large.candidates == 3 * CANDIDATES
    memory = Memory(Store(None))
    memory.add_units([TranslationUnit(f"u{i}", {"ru": "да", "en": "yes"}) for i in range(4)])
    index = StoredIndex(memory.store.conn, "ru")  # type: ignore[arg-type]
    assert index.budget == Budget.for_segments(4)  # 8 segments, 2 languages


@given(st.text(alphabet=st.one_of(han_char, st.sampled_from("庫館與后發𠮷𡈼 a1，")), max_size=20))
def test_the_set_and_the_regex_fold_the_same_texts(text: str) -> None:
    """A new process tests its first texts against the set of foldable characters, later ones with
    the regex (scoring._to_simplified): the same text either way."""
    from termbase.memory import scoring

    kept = scoring._SET_TESTS[0]
    try:
        scoring._SET_TESTS[0] = 1
        by_set = scoring._to_simplified(text)
        assert scoring._SET_TESTS[0] == 0
        assert scoring._to_simplified(text) == by_set
    finally:
        scoring._SET_TESTS[0] = kept


@settings(max_examples=20)
@given(memories())
def test_postgresql_gathers_and_counts_as_sqlite_does(
    pg_url: str, drawn: tuple[str, str, list[TranslationUnit], list[str]]
) -> None:
    """PgIndex inherits both passes and only reads its tables: the same candidates, in the same
    order, proved or not, under the default budget, with the proof cut short (counting) and with
    counting's budget tiny (common grams cut)."""
    from termbase.backends.pg_index import PgIndex
    from tests.pgcluster import same_memory

    source, _target, units, queries = drawn
    with same_memory(pg_url, units) as (lite, tb):
        for budget in (None, Budget(survivors=1), Budget(survivors=1, probe=1, postings=3)):
            for query in queries:
                prepared = prepare(query, source)
                if not prepared.key:
                    continue
                mine = StoredIndex(lite.store.conn, source, budget)  # type: ignore[arg-type]
                theirs = PgIndex(tb.store.conn, source, budget)
                a = mine.candidates(prepared.key, prepared.numbers, 60, 5)
                b = theirs.candidates(prepared.key, prepared.numbers, 60, 5)
                assert (list(b.segment_ids), b.complete) == (list(a.segment_ids), a.complete), query


def test_the_concordance_regex_of_ascii_others_is_the_negated_class() -> None:
    """concordance._ASCII_OTHER is written as ASCII ranges (quick to compile): every code point
    matches it as it matches the negated class it replaces."""
    import re

    from termbase.memory.concordance import _ASCII_OTHER

    negated = re.compile(r"[^a-z0-9\x80-\U0010ffff]")
    for code in range(0x110000):
        if not 0xD800 <= code < 0xE000:
            assert bool(_ASCII_OTHER.match(chr(code))) == bool(negated.match(chr(code))), hex(code)
