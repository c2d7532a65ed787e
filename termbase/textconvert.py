"""Conversion of running Chinese text that keeps names: the termbase's names first, then the rest.

Plain script conversion rewrites names it does not know as names: OpenCC's Taiwan profile turns the
glossary's 国际在线 into 國際線上, and pinyin of running text glues words together. Here the
termbase's names are found first (the recogniser, longest match) and each is rendered by its curated
form in the target (the glossary's Taiwan 普丁) or the form derived from it character by character
(國際在線); the text between names goes through the ordinary conversion. Romanisations of running
text are split into words (jieba's segmentation over its common words): names capitalised, common words not (nor the
termbase's titles and common nouns: 总统 zǒngtǒng). A name or a word by itself keeps its term form.

>>> convert_text("普京和梅德韦杰夫在叶卡捷琳堡会晤", to="pinyin")
'Pǔjīng hé Méidéwéijiéfū zài Yèkǎjiélínbǎo huìwù'
>>> convert_text("国际在线报道", to="zh-Hant-TW")[:4]    # plain OpenCC gives 國際線上
'國際在線'
>>> convert_text("普丁", to="zh-Hans", source="zh-Hant-TW")
'普京'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from termbase.model import Concept
    from termbase.recognize import Recognized
    from termbase.termbase import Termbase

__all__ = ["CHINESE_SOURCE_SCHEMES", "convert_text"]

_SCRIPTS = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
_ROMAN = ("pinyin", "pinyin-numbers", "pinyin-plain", "zhuyin", "wade-giles", "palladius")
#: Schemes whose input is Chinese: names are kept when converting to them.
CHINESE_SOURCE_SCHEMES = _SCRIPTS + _ROMAN
# Full-width punctuation written in romanised text as its ASCII form and a space.
_CONTEXT = 3  # characters either side of a name that could make one phrase with it
_PUNCTUATION = {
    "，": ", ",
    "。": ". ",
    "；": "; ",
    "：": ": ",
    "！": "! ",
    "？": "? ",
    "、": ", ",
    "（": "(",
    "）": ")",
}


@cache
def _bundled() -> Termbase:
    import termbase

    return termbase.open()


def convert_text(text: str, to: str, source: str | None = None, *, tb: Termbase | None = None) -> str:
    """``text`` converted to scheme ``to``, the names of ``tb`` (the bundled glossary) kept.

    Schemes whose input is not Chinese (``iso9``, ``az-Cyrl`` …) convert as
    :func:`termbase.scripts.convert` does.
    """
    from termbase.scripts import UnknownSchemeError, convert, scheme

    try:
        target = scheme(to).name
    except UnknownSchemeError:  # back from a reversible scheme (to="ru", source="iso9"), or an error
        return convert(text, to=to, source=source)
    if target not in CHINESE_SOURCE_SCHEMES:
        return convert(text, to=to, source=source)
    from termbase.scripts.chinese import is_han

    if not is_han(text):
        return convert(text, to=to, source=source)
    lang = "zh-Hans"
    if source is not None:
        from termbase.langtags import normalize_tag

        lang = normalize_tag(source)
        convert("", to=to, source=source)  # a source the scheme does not take fails here, as convert() does
    termbase_ = _bundled() if tb is None else tb
    hits = termbase_.recognize(text, lang)
    regional = lang in ("zh-Hant-TW", "zh-Hant-HK")
    concepts: dict[str, Concept] = {}
    if target in _SCRIPTS:
        whole = convert(text, to=to, source=source)
        if len(whole) == len(text):
            # the common case: a conversion that keeps every character in place (s2t, s2hk, t2s, and
            # s2twp or tw2sp where no phrase changes length): names are patched into the converted text
            out = list(whole)
            rendered: dict[tuple[str, str, str, str | None, str], str] = {}
            for hit in reversed(hits):
                if whole[hit.start : hit.end] != _alone(hit.text, to, source):
                    continue  # the conversion reads the name as part of a longer phrase (喬治亞州)
                key = (hit.concept_id, hit.term, hit.lang, hit.scheme, hit.text)
                if key not in rendered:
                    if hit.concept_id not in concepts:
                        concepts[hit.concept_id] = termbase_[hit.concept_id]
                    rendered[key] = _name(concepts[hit.concept_id], hit, target, regional)
                out[hit.start : hit.end] = rendered[key]
            return "".join(out)
        hits = [h for h in hits if not _inside_phrase(text, h, target, source)]
    pieces: list[tuple[str, bool]] = []  # (rendered text, is a word of romanised output)
    position = 0
    for hit in hits:
        pieces += _plain(text[position : hit.start], target, source)
        concept = concepts.get(hit.concept_id)
        if concept is None:
            concept = concepts[hit.concept_id] = termbase_[hit.concept_id]
        pieces.append((_name(concept, hit, target, regional), True))
        position = hit.end
    pieces += _plain(text[position:], target, source)
    if target in _SCRIPTS:
        return "".join(p for p, _ in pieces)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
        # a name by itself: its term form, as the derived forms have it (总统 Zǒngtǒng)
        return _romaniser(target)(_base(concepts[hits[0].concept_id], hits[0]))
    if not hits and len(_segment(text)) == 1:
        return _romaniser(target)(text)  # one word by itself: as a term (巴库 Bākù)
    return _join(pieces)


@lru_cache(maxsize=65536)
def _alone(name: str, to: str, source: str | None) -> str:
    """The ordinary conversion of a name by itself (names recur in a text)."""
    from termbase.scripts import convert

    return convert(name, to=to, source=source)


def _inside_phrase(text: str, hit: Recognized, target: str, source: str | None) -> bool:
    """Whether the conversion reads the name as part of a longer phrase (喬治亞州 佐治亚州, the US state).

    Then the name is not one: the ordinary conversion of the text around it is kept.
    """
    from termbase.scripts import convert

    alone = _alone(hit.text, target, source)
    after = convert(text[hit.start : hit.end + _CONTEXT], to=target, source=source)
    before = convert(text[max(0, hit.start - _CONTEXT) : hit.end], to=target, source=source)
    return not (after.startswith(alone) and before.endswith(alone))


def _join(pieces: list[tuple[str, bool]]) -> str:
    """Romanised pieces: words separated by a space, punctuation attached to the word before it."""
    out = ""
    for piece, word in pieces:
        gap = out and not out[-1].isspace() and not _opens(out[-1])
        if gap and (word or piece[:1].isalnum() or piece[:1] == "("):
            out += " "
        out += piece
    return out.rstrip(" ")


def _opens(char: str) -> bool:
    return char in "([{«“‘「『（《"


def _plain(chunk: str, target: str, source: str | None) -> list[tuple[str, bool]]:
    """Text between names: the ordinary conversion; romanised word by word, common words in lower case."""
    if not chunk:
        return []
    from termbase.scripts import convert

    if target in _SCRIPTS:
        return [(convert(chunk, to=target, source=source), False)]
    from termbase.scripts.chinese import is_han

    romanise = _romaniser(target)
    out: list[tuple[str, bool]] = []
    for word in _segment(convert(chunk, to="zh-Hans") if source not in (None, "zh-Hans") else chunk):
        if is_han(word):  # not a name: every word of it in lower case (两国关系 liǎngguó guānxì)
            out.append((" ".join(_lower_first(part) for part in romanise(word).split(" ")), True))
        elif word in _PUNCTUATION:
            out.append((_PUNCTUATION[word], False))
        else:
            out.append((word, False))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _romaniser(target: str) -> Callable[[str], str]:
    from termbase.scripts import scheme

    return scheme(target).__call__


def _segment(text: str) -> list[str]:
    """Words of Chinese running text (jieba's segmentation over its common words, loaded on first use)."""
    return list(_tokenizer().cut(text, HMM=False))


#: jieba's dictionary words at least this frequent are the words running text is split into.
_MIN_FREQUENCY = 20


@cache
def _tokenizer() -> Any:
    """jieba's segmenter over the 79,746 words of its dictionary of frequency ≥ 20, cached by termbase.

    jieba's default start-up loads all 349,046 words of its dictionary (about 1.4 s of CPU even from
    its own cache). The common words load in about 0.15 s; the word list and jieba's cache of it are
    kept in termbase's cache directory (``$TERMBASE_CACHE_DIR``). Rare words are left out, so a long
    compound is split into the words it is made of (两国关系 → liǎng guó guānxì):
    ``benchmarks/bench_names_convert.py`` compares the two on the article. Where the cache directory
    cannot be written, jieba's full dictionary is used.
    """
    import logging
    import os

    import jieba

    from termbase.cache import cache_dir

    jieba.setLogLevel(logging.WARNING)
    folder = cache_dir()
    words = os.path.join(folder, f"jieba-words-{_MIN_FREQUENCY}-{jieba.__version__}.txt")
    try:
        if not os.path.exists(words):
            _write_common_words(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), words)
    except OSError:
        return jieba.dt
    tokenizer = jieba.Tokenizer(words)
    tokenizer.tmp_dir = folder
    return tokenizer


def _write_common_words(dictionary: str, path: str) -> None:
    """The lines of jieba's ``dictionary`` whose frequency is at least ``_MIN_FREQUENCY``, into ``path``."""
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(dictionary, encoding="utf-8") as source:
        kept = [line for line in source if int(line.split(" ", 2)[1]) >= _MIN_FREQUENCY]
    partial = f"{path}.{os.getpid()}.tmp"
    with open(partial, "w", encoding="utf-8") as out:
        out.writelines(kept)
    os.replace(partial, path)


def _parts(text: str) -> int:
    return len(text.replace("·", " ").split())


def _base(concept: Concept, hit: Recognized) -> str:
    """The zh-Hans form a hit stands for: the matched form itself, or the concept's counterpart of it."""
    from termbase.scripts.chinese import name_to_simplified, name_to_traditional

    if hit.lang == "zh-Hans" and hit.scheme is None:
        return hit.term
    simplified = name_to_simplified(hit.term)
    terms = concept.terms("zh-Hans")
    for term in terms:
        if term.text == simplified or hit.term in {
            name_to_traditional(term.text, r) for r in (None, "TW", "HK")
        }:
            return term.text
    matched = next((t for t in concept.terms(hit.lang) if t.text == hit.term), None)
    same = [t for t in terms if _parts(t.text) == _parts(hit.term)]
    if matched is not None:
        typed = [t for t in same if t.type == matched.type]
        same = typed or same
    return same[0].text if same else (terms[0].text if terms else simplified)


@lru_cache(maxsize=65536)
def _derived(name: str, region: str | None) -> str:
    """The Traditional form of a name, character by character (the same name recurs in a text)."""
    from termbase.scripts.chinese import name_to_traditional

    return name_to_traditional(name, region)


def _name(concept: Concept, hit: Recognized, target: str, regional: bool) -> str:
    """A name in ``target``: its curated form there, else the form derived from its zh-Hans form.

    Into Simplified Chinese from Taiwan or Hong Kong text (``regional``) a name becomes the
    concept's mainland form (亞塞拜然 → 阿塞拜疆, as OpenCC's tw2sp converts vocabulary); from other
    Traditional text it is converted character by character (亚塞拜然).
    """
    if target == "zh-Hans" and not regional and not (hit.lang == "zh-Hans" and hit.scheme is None):
        from termbase.scripts.chinese import name_to_simplified

        return name_to_simplified(hit.text)
    base = _base(concept, hit)
    if target == "zh-Hans":
        return base
    if target in _SCRIPTS:
        curated = concept.terms(target)
        if curated:
            base_term = next((t for t in concept.terms("zh-Hans") if t.text == base), None)
            same = [t for t in curated if _parts(t.text) == _parts(base)]
            typed = [t for t in same if base_term is not None and t.type == base_term.type]
            chosen = typed or same
            if chosen:
                return chosen[0].text
        return _derived(base, {"zh-Hant": None, "zh-Hant-TW": "TW", "zh-Hant-HK": "HK"}[target])
    romanised = _romaniser(target)(base)
    return _lower_first(romanised) if _common_noun(concept, base) else romanised


def _common_noun(concept: Concept, form: str) -> bool:
    """A title (总统) or a common word of the Chinese module's list (大使馆): lower case in running text."""
    from termbase.scripts.pinyin import is_common_word  # the one list of common words (zh_words.tsv)

    return concept.category.value == "title" or is_common_word(form)
