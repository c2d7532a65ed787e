"""Chinese romanization: Hanyu Pinyin, Zhuyin, Wade–Giles and Palladius, of names and running text.

Romanizations are built from Hanyu Pinyin syllables (pypinyin's dictionary, corrected by
``termbase/data/pinyin_overrides.tsv``) and written in proper-noun form: each word's
syllables joined and capitalised, name parts split at the middle dot.

>>> pinyin("盖达尔·阿利耶夫")
"Gàidá'ěr Ālìyēfū"
>>> pinyin_numbers("巴库"), pinyin_plain("西安")
('Ba1ku4', "Xi'an")
>>> zhuyin("巴库")
'ㄅㄚ ㄎㄨˋ'
>>> wade_giles("中国")
'Chung¹-kuo²'
>>> palladius("长安")
'Чанъань'

Words: a run of Han characters is one word, except that common words listed in
``termbase/data/zh_words.tsv`` (国际, 机场, 关系 …) stand as words of their own; so a
transliterated name not in any dictionary stays whole (圣彼得堡 → Shèngbǐdébǎo). Text that
is not Han (digits, punctuation, Latin, Cyrillic) is passed through unchanged; a Han
character without any reading in pypinyin's dictionary is passed through too.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from termbase.scripts.han import HAN_RUN

__all__ = [
    "is_common_word",
    "palladius",
    "pinyin",
    "pinyin_numbers",
    "pinyin_plain",
    "pinyin_ruby",
    "wade_giles",
    "zhuyin",
]

# --------------------------------------------------------------------------- words and syllables

# Separators of the parts of a name (U+00B7, U+30FB, U+2022, U+2027): a space in the romanization.
_NAME_DOTS = frozenset("·・•‧")
_SYLLABLE = re.compile(r"[a-zêü]+[1-5]")


class _Word(NamedTuple):
    chars: str
    syllables: tuple[str | None, ...]  # "lü4" (tone 1-4, 5 neutral); None: no reading known
    lower: bool = False  # a function word (的 de): not capitalised unless it starts the text


class _Sep:
    """A name separator between two Han words."""

    def __init__(self, char: str) -> None:
        self.char = char


def _load_tsv(name: str) -> Iterator[list[str]]:
    text = resources.files("termbase").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield unicodedata.normalize("NFC", line).split("\t")


@cache
def _overrides() -> dict[str, tuple[str, ...]]:
    """``pinyin_overrides.tsv``: word → syllables (``v`` read as ``ü``)."""
    table: dict[str, tuple[str, ...]] = {}
    for word, syllables, *_ in _load_tsv("pinyin_overrides.tsv"):
        parts = tuple(s.replace("v", "ü") for s in syllables.split())
        if len(parts) != len(word) or not all(_SYLLABLE.fullmatch(p) for p in parts):
            raise ValueError(f"pinyin_overrides.tsv: bad entry {word!r}")
        table[word] = parts
    return table


@cache
def _alternation(table: str) -> re.Pattern[str]:
    """Longest-match-first pattern for the words of ``_overrides()`` or ``_common_words()``."""
    words: Mapping[str, object] = _overrides() if table == "overrides" else _common_words()
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _common_words() -> dict[str, bool]:
    """``zh_words.tsv``: word → True when it is a function word written in lower case (的 de)."""
    return {fields[0]: fields[2:3] == ["lower"] for fields in _load_tsv("zh_words.tsv")}


def is_common_word(word: str) -> bool:
    """Whether ``word`` is one of the common words of ``termbase/data/zh_words.tsv``.

    These are the words a romanisation writes as words of their own (国际, 大使馆, 的 …) and running
    text keeps in lower case; a transliterated name is not among them.

    >>> is_common_word("大使馆"), is_common_word("的"), is_common_word("巴库")
    (True, True, False)
    """
    return word in _common_words()


_TONE_NUMBER = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


@cache
def _numbered(marked: str) -> str | None:
    """pypinyin's tone-marked syllable as ``base + tone number`` (5: neutral); None if not a syllable.

    >>> _numbered("lǜ"), _numbered("ma"), _numbered("ḿ"), _numbered("阿")
    ('lü4', 'ma5', 'm2', None)
    """
    decomposed = unicodedata.normalize("NFD", marked)
    tone = next((_TONE_NUMBER[c] for c in decomposed if c in _TONE_NUMBER), "5")
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_NUMBER))
    syllable = base + tone
    return syllable if _SYLLABLE.fullmatch(syllable) else None


@cache
def _pypinyin() -> tuple[Any, Any]:
    """pypinyin's ``Pinyin`` as its ``pinyin()`` function makes it on every call, and the style."""
    from pypinyin import Style
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    return Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False)), Style.TONE


_WORD_READINGS: dict[str, tuple[str, ...]] = {}  # a word of pypinyin's segmentation → its readings
_WORD_LIMIT = 200_000


def _pinyin_readings(run: str) -> list[str]:
    """The first reading pypinyin's ``pinyin(run, style=Style.TONE, errors="default")`` gives each
    of its items, each word of pypinyin's own segmentation read once per process.

    ``pinyin()`` cuts the text into words (``Pinyin.seg``) and converts each word alone; a list
    of words is converted word by word without cutting them again. So the items of the run
    are those of its words, each word's the same wherever it stands: a word seen before is
    not converted again (a tenth of the cost on a large import, where most words are one
    character).
    """
    converter, style = _pypinyin()
    out: list[str] = []
    for word in converter.seg(run):
        found = _WORD_READINGS.get(word)
        if found is None:
            items = converter.pinyin([word], style=style, heteronym=False, errors="default", strict=True)
            found = tuple(item[0] for item in items)
            if len(_WORD_READINGS) >= _WORD_LIMIT:
                _WORD_READINGS.clear()
            _WORD_READINGS[word] = found
        out.extend(found)
    return out


def _run_syllables(run: str) -> list[str | None]:
    """One tone-numbered syllable (or None) per character of a run of Han characters."""
    readings = _pinyin_readings(run)
    if len(readings) != len(run):  # pypinyin grouped something unexpectedly: go character by character
        readings = [_pinyin_readings(c)[0] for c in run]
    result = [_numbered(reading) for reading in readings]
    overrides = _overrides()
    for match in _alternation("overrides").finditer(run):
        result[match.start() : match.end()] = overrides[match.group()]
    return result


def _words(run: str) -> list[_Word]:
    """Split a run of Han characters into words (see the module docstring)."""
    syllables = _run_syllables(run)
    common = _common_words()
    cuts = {0, len(run)}
    for match in _alternation("common").finditer(run):
        cuts.update(match.span())
    bounds = sorted(cuts)
    return [
        _Word(run[a:b], tuple(syllables[a:b]), common.get(run[a:b], False))
        for a, b in itertools.pairwise(bounds)
    ]


@lru_cache(maxsize=256)  # a term's derived forms render the same text in six romanisations
def _tokens(text: str) -> tuple[str | _Word | _Sep, ...]:
    """Text cut into Han words, name separators next to Han words, and other text."""
    tokens: list[str | _Word | _Sep] = []

    def other(chunk: str, before_han: bool) -> None:
        followed = before_han or len(chunk) > 1
        if chunk and chunk[0] in _NAME_DOTS and followed and tokens and isinstance(tokens[-1], _Word):
            tokens.append(_Sep(chunk[0]))
            chunk = chunk[1:]
        tail = None
        if before_han and tokens and chunk and chunk[-1] in _NAME_DOTS:
            chunk, tail = chunk[:-1], _Sep(chunk[-1])
        if chunk:
            tokens.append(chunk)
        if tail is not None:
            tokens.append(tail)

    pos = 0
    for match in HAN_RUN.finditer(text):
        other(text[pos : match.start()], before_han=True)
        tokens.extend(_words(match.group()))
        pos = match.end()
    other(text[pos:], before_han=False)
    return tuple(tokens)


class _Rendered(dict[str, str]):
    """Numbered syllable → its rendering by one scheme ("ba1" → "bā"), each computed once."""

    def __init__(self, syllable: Callable[[str, int], str]) -> None:
        super().__init__()
        self.syllable = syllable

    def __missing__(self, numbered: str) -> str:
        value = self[numbered] = self.syllable(numbered[:-1], int(numbered[-1]))
        return value


_RENDERED: dict[Callable[[str, int], str], _Rendered] = {}


def _render(
    text: str,
    syllable: Callable[[str, int], str],
    join: Callable[[list[str], Sequence[str | None]], str],
    *,
    capitalize: bool = True,
    word_sep: str = " ",
    keep_dots: bool = False,
) -> str:
    """Romanize ``text``: ``syllable(base, tone)`` per syllable, ``join`` per word.

    ``syllable`` must be a module-level function: its renderings are cached per function.
    """
    out: list[str] = []
    previous_word = False
    rendered = _RENDERED.get(syllable)
    if rendered is None:
        rendered = _RENDERED[syllable] = _Rendered(syllable)
    for token in _tokens(text):
        if isinstance(token, _Word):
            if previous_word:
                out.append(word_sep)
            parts = [
                c if s is None else rendered[s] for c, s in zip(token.chars, token.syllables, strict=True)
            ]
            word = join(parts, token.syllables)
            if capitalize and not (token.lower and out):
                word = word[:1].upper() + word[1:]
            out.append(word)
            previous_word = True
        elif isinstance(token, _Sep):
            if keep_dots:
                out.append(token.char)
            elif not (out and out[-1] == word_sep):
                out.append(word_sep)
            previous_word = False
        else:
            out.append(token)
            previous_word = False
    return "".join(out)


# --------------------------------------------------------------------------- pinyin

_TONE_MARKS = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}


@cache
def _tone_mark(base: str, tone: int) -> str:
    """Put the tone mark on the right vowel: a or e, else the o of ou, else the last vowel.

    >>> _tone_mark("lüe", 4), _tone_mark("gui", 4), _tone_mark("liu", 2), _tone_mark("n", 2)
    ('lüè', 'guì', 'liú', 'ń')
    """
    mark = _TONE_MARKS.get(tone)
    if mark is None:
        return base
    for vowel in "aeê":
        if vowel in base:
            index = base.index(vowel)
            break
    else:
        if "ou" in base:
            index = base.index("o")
        else:
            vowels = [i for i, c in enumerate(base) if c in "iouü"]
            index = vowels[-1] if vowels else 0  # syllabic n, m (嗯 ń, 呣 ḿ)
    return unicodedata.normalize("NFC", base[: index + 1] + mark + base[index + 1 :])


def _join_pinyin(parts: list[str], syllables: Sequence[str | None]) -> str:
    """Syllables of one word, with an apostrophe before a syllable starting with a, o or e."""
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part, syllable, previous in zip(parts[1:], syllables[1:], syllables, strict=False):
        if syllable is not None and previous is not None and syllable[0] in "aoeê":
            out.append("'")
        out.append(part)
    return "".join(out)


def pinyin(text: str) -> str:
    """Hanyu Pinyin with tone marks, proper-noun form.

    >>> pinyin("圣彼得堡")
    'Shèngbǐdébǎo'
    >>> pinyin("盖达尔·阿利耶夫国际机场")
    "Gàidá'ěr Ālìyēfū Guójì Jīchǎng"
    >>> pinyin("绿 2008")
    'Lǜ 2008'
    """
    return _render(text, _tone_mark, _join_pinyin)


def _numbered_u(base: str, tone: int) -> str:
    return base + str(tone)


def _numbered_v(base: str, tone: int) -> str:
    return base.replace("ü", "v") + str(tone)


def _toneless_u(base: str, tone: int) -> str:
    return base


def _toneless_v(base: str, tone: int) -> str:
    return base.replace("ü", "v")


def pinyin_numbers(text: str, *, v: bool = False) -> str:
    """Hanyu Pinyin with a tone number after each syllable (5 for the neutral tone).

    No apostrophes: the digits already separate the syllables. ``v=True`` writes ü as v.

    >>> pinyin_numbers("西安"), pinyin_numbers("绿"), pinyin_numbers("绿", v=True)
    ('Xi1an1', 'Lü4', 'Lv4')
    """
    return _render(text, _numbered_v if v else _numbered_u, lambda parts, _: "".join(parts))


def pinyin_plain(text: str, *, v: bool = False) -> str:
    """Hanyu Pinyin without tones (apostrophes kept: Xi'an). ``v=True`` writes ü as v.

    >>> pinyin_plain("巴库"), pinyin_plain("西安")
    ('Baku', "Xi'an")
    """
    return _render(text, _toneless_v if v else _toneless_u, _join_pinyin)


def zhuyin(text: str) -> str:
    """Zhuyin (Bopomofo): syllables spaced, tone 1 unmarked, neutral tone ˙ before the syllable.

    >>> zhuyin("中国"), zhuyin("吗")
    ('ㄓㄨㄥ ㄍㄨㄛˊ', '˙ㄇㄚ')
    """
    return _render(text, _zhuyin_syllable, lambda parts, _: " ".join(parts), capitalize=False, keep_dots=True)


def _zhuyin_syllable(base: str, tone: int) -> str:
    from pypinyin.style.bopomofo import converter

    if tone == 5:
        return "˙" + str(converter.to_bopomofo(base.replace("ü", "v") + "1"))
    return str(converter.to_bopomofo(base.replace("ü", "v") + str(tone)))


# --------------------------------------------------------------------------- Wade–Giles

_SUPERSCRIPT = {1: "¹", 2: "²", 3: "³", 4: "⁴", 5: ""}
_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
)
# Wade–Giles initials (Wikipedia "Wade–Giles", table of initials; Library of Congress conversion table).
_WG_INITIAL = {
    "b": "p", "p": "p'", "m": "m", "f": "f", "d": "t", "t": "t'", "n": "n", "l": "l", "g": "k", "k": "k'",
    "h": "h", "j": "ch", "q": "ch'", "x": "hs", "zh": "ch", "ch": "ch'", "sh": "sh", "r": "j", "z": "ts",
    "c": "ts'", "s": "s",
}  # fmt: skip
# Syllables spelled as a whole (no initial, or a special final).
_WG_WHOLE = {
    "zhi": "chih", "chi": "ch'ih", "shi": "shih", "ri": "jih", "zi": "tzŭ", "ci": "tz'ŭ", "si": "ssŭ",
    "e": "o", "ê": "ê", "er": "êrh", "yi": "i", "ye": "yeh", "you": "yu", "yan": "yen", "yong": "yung",
    "yu": "yü", "yue": "yüeh", "yuan": "yüan", "yun": "yün", "wen": "wên", "weng": "wêng",
    "hm": "hm", "hng": "hng",
}  # fmt: skip
_WG_FINAL = {
    "e": "ê", "en": "ên", "eng": "êng", "ie": "ieh", "ian": "ien", "ong": "ung", "iong": "iung",
    "üe": "üeh", "ue": "üeh",
}  # fmt: skip


def _split_initial(base: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if base.startswith(initial) and len(base) > len(initial):
            return initial, base[len(initial) :]
    return "", base


@cache
def _wade_giles_syllable(base: str, tone: int) -> str:
    """One Wade–Giles syllable from a toneless pinyin syllable and a tone number.

    >>> _wade_giles_syllable("xue", 2), _wade_giles_syllable("hai", 3), _wade_giles_syllable("kui", 1)
    ('hsüeh²', 'hai³', "k'uei¹")
    """
    sup = _SUPERSCRIPT[tone]
    if base in _WG_WHOLE:
        return _WG_WHOLE[base] + sup
    initial, final = _split_initial(base)
    if not initial:  # a, ai, ou, ya, wo …: the same letters
        return base + sup
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"  # ko, k'o, ho
    elif final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"  # to, lo, tso, cho, jo; but kuo, huo, shuo
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"  # kuei, k'uei; but hui, tui, shui
    else:
        final = _WG_FINAL.get(final, final)
    return _WG_INITIAL[initial] + final + sup


def wade_giles(text: str, *, capitalize: bool = True) -> str:
    """Wade–Giles: tone superscripts, ' for aspiration, syllables of a word hyphenated.

    >>> wade_giles("巴库"), wade_giles("海", capitalize=False)
    ("Pa¹-k'u⁴", 'hai³')
    """
    return _render(text, _wade_giles_syllable, lambda parts, _: "-".join(parts), capitalize=capitalize)


# --------------------------------------------------------------------------- Palladius

# Table of the Palladius system (Russian Wikipedia "Система Палладия"; chinese-russian.com "Таблица
# фонем китайского языка"), pinyin → Cyrillic.
_PAL_INITIAL = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л", "g": "г", "k": "к",
    "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж", "z": "цз",
    "c": "ц", "s": "с",
}  # fmt: skip
_PAL_FINAL = {
    "a": "а", "ai": "ай", "an": "ань", "ang": "ан", "ao": "ао", "e": "э", "ê": "э", "ei": "эй", "en": "энь",
    "eng": "эн", "er": "эр", "o": "о", "ou": "оу", "ong": "ун", "i": "и", "ia": "я", "iao": "яо", "ie": "е",
    "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа",
    "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "ü": "юй", "üe": "юэ",
    "üan": "юань", "ün": "юнь",
}  # fmt: skip
_PAL_ZERO = {
    "yi": "и", "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
    "ying": "ин", "yong": "юн", "yo": "ё", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь",
    "wu": "у", "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь",
    "wang": "ван", "weng": "вэн", "n": "нь", "ng": "н", "m": "м", "hm": "хм", "hng": "хн",
}  # fmt: skip
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюя")


@cache
def _palladius_syllable(base: str, tone: int) -> str:
    """One Palladius syllable (tones are not written).

    >>> [_palladius_syllable(s, 1) for s in ("zhong", "jiang", "xue", "zi", "hui", "gui")]
    ['чжун', 'цзян', 'сюэ', 'цзы', 'хуэй', 'гуй']
    """
    if base in _PAL_ZERO:
        return _PAL_ZERO[base]
    initial, final = _split_initial(base)
    if not initial:
        return _PAL_FINAL.get(final, final)
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]
    if final == "ue":
        final = "üe"
    if final == "i" and initial in ("z", "c", "s"):
        return _PAL_INITIAL[initial] + "ы"
    if base == "hui":
        return "хуэй"
    return _PAL_INITIAL[initial] + _PAL_FINAL.get(final, final)


def _join_palladius(parts: list[str], syllables: Sequence[str | None]) -> str:
    """Syllables of one word; ъ after -н before a syllable starting with a vowel (Чанъань)."""
    out = parts[0]
    for part in parts[1:]:
        if out.endswith("н") and part[:1] in _CYRILLIC_VOWELS:
            out += "ъ"
        out += part
    return out


def palladius(text: str, *, capitalize: bool = True) -> str:
    """Palladius Cyrillic transcription; a word's syllables written as one word, tones dropped.

    This is the system's regular output: traditional exceptions are not applied
    (北京 gives Бэйцзин, not the established Пекин).

    >>> palladius("巴库"), palladius("北京")
    ('Баку', 'Бэйцзин')
    """
    return _render(text, _palladius_syllable, _join_palladius, capitalize=capitalize)


# --------------------------------------------------------------------------- ruby annotation


def pinyin_ruby(text: str) -> list[tuple[str, str | None]]:
    """Each character of ``text`` with its tone-marked pinyin syllable (None for a non-Han one).

    The syllables are those of :func:`pinyin` (names' cited readings included), one per
    character, for ``<ruby>`` annotation of a term.

    >>> pinyin_ruby("巴库 1")
    [('巴', 'bā'), ('库', 'kù'), (' ', None), ('1', None)]
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    for match in HAN_RUN.finditer(text):
        out.extend((char, None) for char in text[pos : match.start()])
        run = match.group()
        for char, syllable in zip(run, _run_syllables(run), strict=True):
            out.append((char, None if syllable is None else _tone_mark(syllable[:-1], int(syllable[-1]))))
        pos = match.end()
    out.extend((char, None) for char in text[pos:])
    return out
