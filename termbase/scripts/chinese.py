"""Chinese script conversion: the engine (official OpenCC or its pure-Python fallback) and the one table module.

Script conversion is OpenCC's: each profile (``s2t``, ``s2tw``, ``s2twp``, ``s2hk``, ``t2s``,
``tw2s``, ``tw2sp``, ``hk2s``) means what OpenCC 1.4 means by it. :data:`ENGINE` says which
engine runs it: ``"opencc"``, the official OpenCC (C++ core, ``opencc`` wheels on PyPI), or
``"python"``, where no wheel installs: termbase then runs OpenCC's conversion chain itself
(the profile's config JSON: normalization, maximum-match segmentation over the phrase
dictionaries, each conversion step once per segment) over OpenCC 1.4.2's dictionaries,
vendored as plain files in ``termbase/data/opencc/`` (Apache-2.0, see the README there).
Both engines pass OpenCC's own test cases.

>>> to_traditional("俄罗斯")
'俄羅斯'
>>> to_simplified("亞塞拜然")
'亚塞拜然'

Running text is converted phrase by phrase, so the Taiwan profile rewrites vocabulary
(国际在线 becomes 國際線上). Glossary names must not be rewritten: the ``name_*`` functions
(schemes ``zh-Hant-name``, ``zh-Hant-TW-name``, ``zh-Hant-HK-name``, ``zh-Hans-name``) convert
character by character with the same OpenCC tables (each character becomes one of its own
OpenCC forms, chosen in context where OpenCC's tables say so: 关系 → 關係), then the region's
variant characters; no vocabulary table is used.

>>> to_taiwan("国际在线"), name_to_taiwan("国际在线")
('國際線上', '國際在線')

One fold for keys and matching (memory, recognition): :func:`fold_to_simplified`, one
character to one, from the same tables.

Romanizations (pinyin, zhuyin, Wade–Giles, Palladius) are in :mod:`termbase.scripts.pinyin`.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources

from termbase.errors import UsageError
from termbase.langtags import is_chinese
from termbase.scripts.han import is_han

__all__ = [
    "PROFILES",
    "engine",
    "engine_description",
    "fold_to_simplified",
    "is_chinese_tag",
    "is_han",
    "name_to_hongkong",
    "name_to_simplified",
    "name_to_taiwan",
    "name_to_traditional",
    "opencc_convert",
    "to_hongkong",
    "to_simplified",
    "to_taiwan",
    "to_taiwan_characters",
    "to_traditional",
]

# Spaces and punctuation: OpenCC's phrase keys never span these (a test checks it), so text may be
# cut there and converted in pieces with the same result.
_DELIMITERS = r"\s\u3000-\u3006\u3008-\u303f\uff01-\uff0f\uff1a-\uff20,.;:!?()\[\]\"'"
_CHUNK = re.compile(f"[^{_DELIMITERS}]+")
_DELIMITER = re.compile(f"[{_DELIMITERS}]")

# --------------------------------------------------------------------------- the one Chinese table


is_chinese_tag = is_chinese  # the one Chinese-tag test lives with the tags: termbase.langtags


@cache
def _fold_table() -> dict[int, int]:
    """Traditional and regional variant characters → Simplified, one character to one.

    From OpenCC's T→S character table (first choice) and its Taiwan/Hong Kong reverse variant
    tables (a regional variant folds to the Simplified form of its standard character). A
    character that is already Simplified is never mapped. Built from OpenCC's tables once per
    installed version (reading its phrase list costs a quarter of a second) and then read from
    the cache directory.
    """
    from termbase.cache import computed_once

    table: dict[int, int] = computed_once(
        "fold-to-simplified", _build_fold_table, lambda value: isinstance(value, dict) and len(value) > 1000
    )
    return table


def _build_fold_table() -> dict[int, int]:
    chars = _opencc_chars("TSCharacters.txt")
    # Characters Simplified text uses: never folded (抬 is Hong Kong's variant of 擡, but also Simplified).
    simplified_side = set(_opencc_chars("STCharacters.txt")) | set(chars.values())
    simplified_side.update(itertools.chain.from_iterable(key for key, _ in _opencc_lines("STPhrases.txt")))
    table = {ord(a): ord(b) for a, b in chars.items() if len(b) == 1 and a != b}
    for name in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for variant, standard in _opencc_chars(name).items():
            if len(standard) != 1 or variant in simplified_side:
                continue
            target = table.get(ord(standard), ord(standard))
            if target != ord(variant):
                table.setdefault(ord(variant), target)
    return table


def fold_to_simplified(text: str) -> str:
    """Each character to its Simplified form, length-preserving (offsets hold): for keys and matching.

    Not a conversion for display (no phrase table, no vocabulary): use :func:`to_simplified`.

    >>> fold_to_simplified("俄羅斯與亞塞拜然・巴庫")
    '俄罗斯与亚塞拜然・巴库'
    >>> fold_to_simplified("抬头")
    '抬头'
    """
    return text.translate(_fold_table())


# --------------------------------------------------------------------------- OpenCC

# termbase's profiles, each an OpenCC configuration of the same name (termbase/data/opencc/*.json).
PROFILES = ("s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s")

_ENGINE_VARIABLE = "TERMBASE_CHINESE_ENGINE"


@cache
def _official_opencc() -> bool:
    """Whether the official OpenCC (C++ core, ``opencc`` ≥ 1.4 on PyPI) is importable.

    opencc-python-reimplemented installs an import package named ``opencc`` too; it has no
    ``__version__`` and is never used.
    """
    try:
        import opencc
    except ImportError:
        return False
    version = str(getattr(opencc, "__version__", "0"))
    major_minor = tuple(int(p) for p in re.findall(r"\d+", version)[:2])
    return major_minor >= (1, 4)


def engine() -> str:
    """The engine that converts Chinese text: ``"opencc"`` (official, C++) or ``"python"``.

    ``"python"`` is termbase's own run of OpenCC's conversion chains over the vendored OpenCC
    1.4.2 data (termbase/data/opencc/), used where no ``opencc`` wheel installs. The environment
    variable ``TERMBASE_CHINESE_ENGINE=python`` forces it (for tests and comparisons).

    >>> engine() in ("opencc", "python")
    True
    """
    forced = os.environ.get(_ENGINE_VARIABLE, "").strip().lower()
    if forced == "python" or not _official_opencc():
        return "python"
    return "opencc"


def engine_description() -> str:
    """One line on the engine in use, with the official OpenCC's version when it is the one.

    >>> "OpenCC" in engine_description()
    True
    """
    if engine() == "opencc":
        import opencc

        return f"official OpenCC {opencc.__version__}, C++"
    return "termbase's pure-Python run of OpenCC's conversion chains over OpenCC 1.4.2 data"


def __getattr__(name: str) -> str:
    # ``termbase.scripts.chinese.ENGINE``: evaluated on access, so importing this module never
    # imports opencc.
    if name == "ENGINE":
        return engine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _converter(profile: str, which: str) -> Callable[[str], str]:
    """The conversion function of OpenCC ``profile`` on engine ``which``."""
    if profile not in PROFILES:
        raise UsageError(f"unknown OpenCC profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if which == "opencc":
        import opencc

        convert: Callable[[str], str] = opencc.OpenCC(profile).convert
        return convert
    return _Chain.load(profile).convert  # called once per profile: _converter is cached


def opencc_convert(text: str, profile: str) -> str:
    """``text`` converted by OpenCC profile ``profile`` (one of :data:`PROFILES`) on :func:`engine`.

    >>> opencc_convert("互联网络", "s2twp"), opencc_convert("乾安縣", "t2s")
    ('網際網路', '乾安县')
    """
    return _converter(profile, engine())(text)


def _opencc_lines(filename: str) -> Iterator[tuple[str, list[str]]]:
    """(key, candidates) of a vendored OpenCC 1.4.2 dictionary (termbase/data/opencc/)."""
    path = resources.files("termbase").joinpath("data", "opencc", filename)
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            yield key, values.split(" ")


@cache
def _opencc_dict(filename: str) -> dict[str, str]:
    """An OpenCC dictionary: key → its first (default) candidate, as OpenCC converts."""
    return {key: values[0] for key, values in _opencc_lines(filename)}


@cache
def _opencc_chars(filename: str) -> dict[str, str]:
    """An OpenCC character table: each single-character key → its first (default) candidate."""
    return {key: value for key, value in _opencc_dict(filename).items() if len(key) == 1}


class _Dict:
    """One OpenCC dictionary or group, matched at a position of a segment as OpenCC does.

    A plain dictionary gives its longest key starting there; a ``short_circuit`` group the
    match of its first member that has one; a ``union`` group the longest match of any
    member (the first member on a tie).
    """

    def __init__(
        self, table: dict[str, str] | None = None, members: Sequence[_Dict] = (), *, union: bool = False
    ) -> None:
        self.table = table
        self.members = tuple(members)
        self.union = union
        # First character → the longest key starting with it: most positions fail in one look-up.
        self.longest: dict[str, int] = {}
        if table is not None:
            for key in table:
                if len(key) > self.longest.get(key[0], 0):
                    self.longest[key[0]] = len(key)

    @classmethod
    def parse(cls, spec: Mapping[str, object]) -> _Dict:
        if spec.get("type") == "group":
            dicts = spec["dicts"]
            assert isinstance(dicts, list)
            members = [cls.parse(m) for m in dicts]
            if spec.get("match_policy", "short_circuit") == "union" and all(
                m.table is not None for m in members
            ):
                merged: dict[str, str] = {}
                for member in reversed(members):  # the first member wins on the same key
                    merged.update(member.table or {})
                return cls(merged)
            return cls(None, members, union=spec.get("match_policy") == "union")
        return cls(_opencc_dict(str(spec["file"]).removesuffix(".ocd2") + ".txt"))

    def match(self, text: str, i: int) -> tuple[int, str] | None:
        """(length, replacement) of this dictionary's match at ``text[i:]``, or None."""
        table = self.table
        if table is not None:
            longest = self.longest.get(text[i], 0)
            for size in range(min(longest, len(text) - i), 0, -1):
                value = table.get(text[i : i + size])
                if value is not None:
                    return size, value
            return None
        best: tuple[int, str] | None = None
        for member in self.members:
            found = member.match(text, i)
            if found is not None:
                if not self.union:
                    return found
                if best is None or found[0] > best[0]:
                    best = found
        return best

    def convert(self, segment: str) -> str:
        """One OpenCC conversion step over one segment: longest matches left to right."""
        out: list[str] = []
        i = 0
        while i < len(segment):
            found = self.match(segment, i)
            if found is None:
                out.append(segment[i])
                i += 1
            else:
                out.append(found[1])
                i += found[0]
        return "".join(out)

    def segments(self, text: str) -> list[str]:
        """Maximum forward matching: each dictionary key found is a segment; the text between too."""
        out: list[str] = []
        start = i = 0
        while i < len(text):
            found = self.match(text, i)
            if found is None:
                i += 1
                continue
            if start < i:
                out.append(text[start:i])
            out.append(text[i : i + found[0]])
            i += found[0]
            start = i
        if start < len(text):
            out.append(text[start:])
        return out


class _Chain:
    """An OpenCC configuration run in Python: normalization, segmentation, then each conversion
    of the chain once per segment (a converted segment is never segmented or converted again)."""

    def __init__(self, normalize: list[_Dict], segmenter: _Dict | None, chain: list[_Dict]) -> None:
        self.normalize, self.segmenter, self.chain = normalize, segmenter, chain

    @classmethod
    def load(cls, profile: str) -> _Chain:
        path = resources.files("termbase").joinpath("data", "opencc", f"{profile}.json")
        config = json.loads(path.read_text(encoding="utf-8"))
        segmentation = config.get("segmentation")
        return cls(
            [_Dict.parse(step["dict"]) for step in config.get("normalization", [])],
            _Dict.parse(segmentation["dict"]) if segmentation else None,
            [_Dict.parse(step["dict"]) for step in config["conversion_chain"]],
        )

    def convert(self, text: str) -> str:
        for step in self.normalize:
            text = step.convert(text)
        out: list[str] = []
        for segment in self.segmenter.segments(text) if self.segmenter else [text]:
            for step in self.chain:
                segment = step.convert(segment)
            out.append(segment)
        return "".join(out)


@cache
def _traditional_only() -> frozenset[str]:
    """Characters that only Traditional text uses (keys of OpenCC's T→S table, not of its S→T table)."""
    return frozenset(_opencc_chars("TSCharacters.txt").keys() - _opencc_chars("STCharacters.txt").keys())


@cache
def _traditional_pattern(astral: bool) -> re.Pattern[str]:
    """A Traditional-only character; ``astral`` False: those of the BMP only.

    Python's ``re`` keeps a class of BMP characters as a bitmap (a fast scan), but one that also
    holds supplementary-plane characters as a list (about 100 times slower): it is used only for
    text that holds such a character.
    """
    chars = sorted(c for c in _traditional_only() if astral or ord(c) < 0x10000)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


_BACK = {"s2t": "t2s", "s2tw": "tw2s", "s2twp": "tw2sp", "s2hk": "hk2s"}


def _from_simplified(profile: str, text: str) -> str:
    """OpenCC ``profile`` (s2…) over ``text``, idempotent on text that is already converted.

    OpenCC's S→T tables re-convert characters shared by both scripts in Traditional context
    (佛羅里達 → 佛羅裏達). So each stretch between spaces and punctuation that holds a
    Traditional-only character is treated alone: kept if it is already this profile's output
    (simplifying it and converting it back gives it again), else converted by OpenCC as it is,
    so that Traditional or variant characters OpenCC deliberately keeps stay (彆強, 甦). The
    text between such stretches is converted as OpenCC converts it. Simplified input costs one
    scan with a regular expression (a few percent of OpenCC's own time).
    """
    which = engine()
    convert = _converter(profile, which)
    # Supplementary-plane characters take two UTF-16 units (an encode is far faster than a scan).
    astral = len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
    pattern = _traditional_pattern(astral)
    found = pattern.search(text)
    if found is None:
        return convert(text)
    back = _converter(_BACK[profile], which)
    spans: list[tuple[int, int]] = []
    while found is not None:
        start = found.start()
        while start > (spans[-1][1] if spans else 0) and not _DELIMITER.match(text, start - 1):
            start -= 1
        chunk = _CHUNK.match(text, start)
        end = chunk.end() if chunk else found.end()
        spans.append((start, end))
        found = pattern.search(text, end)
    # OpenCC costs tens of µs a call: the stretches are converted in one call ("\n" between them),
    # and the rest in one call with a private-use placeholder (in no OpenCC key) for each stretch.
    stretches = [text[a:b] for a, b in spans]
    joined = "\n".join(stretches)
    converted = convert(joined).split("\n")
    round_trip = convert(back(joined)).split("\n")
    if not len(converted) == len(round_trip) == len(stretches):  # never seen; be safe
        converted = [convert(x) for x in stretches]
        round_trip = [convert(back(x)) for x in stretches]
    placeholder = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    rest = [text[b:a] for (_, b), (a, _) in itertools.pairwise([(0, 0), *spans, (len(text), 0)])]
    rest_converted = convert(placeholder.join(rest)).split(placeholder)
    out = [rest_converted[0]]
    for stretch, once, again, after in zip(stretches, converted, round_trip, rest_converted[1:], strict=True):
        out.append(stretch if again == stretch else once)
        out.append(after)
    return "".join(out)


def to_simplified(text: str, source: str | None = None) -> str:
    """Traditional → Simplified: OpenCC ``t2s``; from ``zh-Hant-TW`` ``tw2sp`` (vocabulary too),
    from ``zh-Hant-HK`` ``hk2s``.

    >>> to_simplified("俄羅斯聯邦"), to_simplified("軟體", source="zh-Hant-TW")
    ('俄罗斯联邦', '软件')
    """
    profile = {"zh-Hant-TW": "tw2sp", "zh-Hant-HK": "hk2s"}.get(source or "", "t2s")
    return opencc_convert(text, profile)


def to_traditional(text: str) -> str:
    """Simplified → Traditional (OpenCC standard characters), profile ``s2t``.

    Text already (partly) Traditional is not converted a second time (see ``_from_simplified``).

    >>> to_traditional("阿塞拜疆共和国"), to_traditional("佛羅里達")
    ('阿塞拜疆共和國', '佛羅里達')
    """
    return _from_simplified("s2t", text)


def to_taiwan(text: str) -> str:
    """Simplified → Traditional with Taiwan variants and vocabulary, profile ``s2twp``.

    >>> to_taiwan("软件")
    '軟體'
    """
    return _from_simplified("s2twp", text)


def to_taiwan_characters(text: str) -> str:
    """Simplified → Traditional with Taiwan variant characters, no vocabulary: profile ``s2tw``.

    >>> to_taiwan_characters("软件"), to_taiwan_characters("里海")
    ('軟件', '裡海')
    """
    return _from_simplified("s2tw", text)


def to_hongkong(text: str) -> str:
    """Simplified → Traditional with Hong Kong variants, profile ``s2hk``.

    >>> to_hongkong("里海")
    '裏海'
    """
    return _from_simplified("s2hk", text)


@cache
def _disambiguation(phrases: str, characters: str) -> dict[str, str]:
    """The entries of an OpenCC phrase table that only choose among each character's own candidates.

    OpenCC's ST/TS phrase tables mostly pick the right one of a character's several
    forms in context (关系 → 關係, not 關系); these entries rewrite no vocabulary, so they
    are safe for names. Entries that change anything else are left out. Computed once per
    installed version (reading the phrase table costs about a second) and then read from the
    cache directory.
    """
    from termbase.cache import computed_once

    table: dict[str, str] = computed_once(
        f"opencc-names-{phrases.removesuffix('.txt')}",
        lambda: _build_disambiguation(phrases, characters),
        lambda value: isinstance(value, dict) and len(value) > 100,
    )
    return table


def _build_disambiguation(phrases: str, characters: str) -> dict[str, str]:
    candidates = dict(_opencc_lines(characters))
    table: dict[str, str] = {}
    for key, values in _opencc_lines(phrases):
        value = values[0]
        if len(value) == len(key) and all(
            b == a or b in candidates.get(a, ()) for a, b in zip(key, value, strict=True)
        ):
            table[key] = value
    return table


@cache
def _variants(direction: str) -> dict[str, str]:
    """Regional variant characters applied after (s2tw, s2hk) or before (t2s) the main table."""
    if direction == "t2s":
        table = dict(_opencc_chars("HKVariantsRev.txt"))
        table.update(_opencc_chars("TWVariantsRev.txt"))
        return table
    return {"s2t": {}, "s2tw": _opencc_chars("TWVariants.txt"), "s2hk": _opencc_chars("HKVariants.txt")}[
        direction
    ]


def _convert_name(text: str, direction: str) -> str:
    variants = _variants(direction)
    if direction == "t2s":
        text = "".join(variants.get(c, c) for c in text)
        chars, phrases = (
            _opencc_chars("TSCharacters.txt"),
            _disambiguation("TSPhrases.txt", "TSCharacters.txt"),
        )
    else:
        traditional = _name_traditional(text)
        if not variants:
            return "".join(traditional)
        return "".join([variants.get(c, c) for c in traditional])
    out = [chars.get(c, c) for c in text]
    for start, word in _longest_matches(text, phrases):
        out[start : start + len(word)] = phrases[word]
    return "".join(out)


@lru_cache(maxsize=256)
def _name_traditional(text: str) -> tuple[str, ...]:
    """The standard Traditional form of a name, item by item, before any region's variant
    characters: the three regional forms a Simplified term derives (``zh-Hant-name``, ``-TW-``,
    ``-HK-``) share it."""
    chars = _opencc_chars("STCharacters.txt")
    phrases = _disambiguation("STPhrases.txt", "STCharacters.txt")
    out = [chars.get(c, c) for c in text]
    for start, word in _longest_matches(text, phrases):
        out[start : start + len(word)] = phrases[word]
    return tuple(out)


def name_to_traditional(text: str, region: str | None = None) -> str:
    """Traditional form of a name, character by character: no vocabulary is rewritten.

    Each character becomes one of its own OpenCC character forms (the choice among several
    taken from OpenCC's disambiguation entries: 关系 → 關係); ``region`` None (OpenCC
    standard), ``"TW"`` or ``"HK"`` then applies that region's variant characters.

    >>> name_to_traditional("国际在线", region="TW"), name_to_traditional("共同声明", region="TW")
    ('國際在線', '共同聲明')
    >>> name_to_traditional("里海", region="TW"), name_to_traditional("佛罗里达", region="TW")
    ('裡海', '佛羅里達')
    """
    key = {None: "s2t", "TW": "s2tw", "HK": "s2hk"}.get(region.upper() if region else None)
    if key is None:
        raise UsageError(f"unknown region {region!r}; expected TW, HK or none")
    return _convert_name(text, key)


def name_to_taiwan(text: str) -> str:
    """:func:`name_to_traditional` with Taiwan variant characters (scheme ``zh-Hant-TW-name``).

    >>> name_to_taiwan("国际在线")
    '國際在線'
    """
    return _convert_name(text, "s2tw")


def name_to_hongkong(text: str) -> str:
    """:func:`name_to_traditional` with Hong Kong variant characters (scheme ``zh-Hant-HK-name``).

    >>> name_to_hongkong("里海")
    '裏海'
    """
    return _convert_name(text, "s2hk")


def name_to_simplified(text: str) -> str:
    """Simplified form of a name, character by character (regional variants folded first).

    >>> name_to_simplified("裡海"), name_to_simplified("葉卡捷琳堡")
    ('里海', '叶卡捷琳堡')
    """
    return _convert_name(text, "t2s")


_LONGEST: dict[int, tuple[Mapping[str, object], int]] = {}  # id → (table, its longest word): computed once


def _longest_word(words: Mapping[str, object]) -> int:
    """The length of the longest word of a (cached, never changed) table, computed once per table."""
    found = _LONGEST.get(id(words))
    if found is None or found[0] is not words:
        found = _LONGEST[id(words)] = (words, max(len(w) for w in words))
    return found[1]


def _longest_matches(run: str, words: Mapping[str, object]) -> Iterator[tuple[int, str]]:
    """(start, word) for each longest match of ``words`` in ``run``, left to right."""
    if not words:
        return
    longest = _longest_word(words)
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i : i + size] in words:
                yield i, run[i : i + size]
                i += size
                break
        else:
            i += 1
