"""Russian → Chinese (Simplified): the Xinhua / GB/T 17693.4 syllable table and the editors' conventions.

A word is cut into syllables (a consonant and the vowel after it, closed by н, й or у where the
table has such a column), each read from the table (``data/ru_zh_syllables.tsv``,
``data/ru_zh_finals.tsv``); positional forms (Е- 叶, В- before a consonant 弗, -ль 尔) and the
feminine characters (-ва 娃, -на 娜, -я 娅) come from ``data/ru_zh_positions.tsv``. On top of the
table: established names (``ru_exceptions.tsv``), given names (``ru_given_names.tsv``, also as the stem
of a patronymic or surname: Иванов 伊万诺夫), and the conventions of place names (``ru_conventions.tsv``:
Нижний 下, Ново- 新, -град 格勒, -бург 堡, X-на-Y Y河畔X).

>>> [o.text for o in transcribe_word("Лавров")][:1]
['拉夫罗夫']
>>> [o.text for o in transcribe_name("Кабаева")][:1]
['卡巴耶娃']
>>> [o.text for o in transcribe_name("Сергей Кузнецов")][:1]
['谢尔盖·库兹涅佐夫']
>>> [o.text for o in transcribe_name("Ростов-на-Дону")][:1]
['顿河畔罗斯托夫']
>>> explain("Шойгу")
['шой→绍伊', 'гу→古']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from termbase.scripts.transcribe import _data
from termbase.scripts.transcribe._common import (
    ALTERNATIVE,
    CONVENTION,
    EXCEPTION,
    GIVEN,
    TABLE,
    Option,
    best,
    combine,
)

__all__ = ["Kind", "explain", "is_feminine", "transcribe_name", "transcribe_word"]

#: What a name names, when the caller knows it (a concept's kind, ``transcribe --kind``).
Kind = Literal["person", "place"]

VOWELS = frozenset("аеёиоуыэюя")
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
SIGNS = frozenset("ьъ")
_IOTATED = frozenset("еёюяи")
_AFTER_J = {
    "о": "ё",
    "е": "е",
    "а": "я",
    "у": "ю",
    "и": "и",
    "ы": "и",
    "э": "е",
    "ё": "ё",
    "я": "я",
    "ю": "ю",
}
_DERIVED_ENDINGS = ("ович", "евич", "овна", "евна", "ов", "ев", "ёв", "ова", "ева", "ёва")
# place names formed from a given name keep its stem too (Борисовка 鲍里索夫卡, Иваново 伊万诺沃), and so do
# the adjectives in -ский formed from the name itself (Станиславский 斯坦尼斯拉夫斯基, Владимирский 弗拉基米尔斯基:
# the handbook list of 辛华/周俊英 has 4 lines with 斯坦尼斯拉, none 斯塔尼斯拉; 3 with 弗拉基米尔斯, none 弗拉季米尔斯), and the
# place adjectives in -овский/-овское (Михайловское 米哈伊洛夫斯科耶, a pair of the extract whose form is a handbook line)
_DERIVED_PLACE_ENDINGS = (
    *("овка", "евка", "ово", "ево", "овск", "евск", "ский", "ская", "ское"),
    *("овский", "евский", "овская", "евская", "овское", "евское"),
)
_PLACE_ENDINGS = ("ск", "цк", "град", "город", "бург", "поль", "горск", "ское", "цкое", "ово", "ево", "ино")
# -поль and -вль at the end of a place name keep ль 尔 (Ставрополь 斯塔夫罗波尔, Ярославль 雅罗斯拉夫尔): the
# extract's place pairs whose form is a handbook line have 尔 in 2 of 2 of each; the handbook list of 辛华/周俊英
# has 23 lines ending in 波尔 (3 in 波利), 14 in 夫尔 (3 in 夫利). Other places' final ль stays 利 first.
_PLACE_FINAL_L_ER = ("поль", "вль")
_FEMININE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая|ая|яя)$")
_MASCULINE_ENDINGS = re.compile(r"(ович|евич|ич)$")
_FEMININE_PATRONYMIC = re.compile(r"(овна|евна|ична|инична)$")


@dataclass(frozen=True, slots=True)
class _Piece:
    ru: str
    forms: tuple[str, ...]


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _prepare(word: str) -> str:
    """Lower case; double consonants once (нн stays: Анна 安娜); тс, дс before a consonant read as ц."""
    low = word.lower()
    low = re.sub(r"([бвгджзклмпрстфхцчшщ])\1", r"\1", low)
    return re.sub(r"[тд]с(?=[бвгджзклмнпрстфхцчшщ]|$)", "ц", low)


def _closes(s: str, k: int) -> bool:
    """Whether the н or м at ``k`` closes the syllable before it (no vowel is read after it)."""
    after = s[k + 1] if k + 1 < len(s) else ""
    if s[k] == "м":
        return after in ("б", "п")
    if after == "" or after in CONSONANTS:
        return True
    if after in SIGNS:
        later = s[k + 2] if k + 2 < len(s) else ""
        return later == "" or later in CONSONANTS
    return False


def _syllable(s: str, onset: str, vowel: str, k: int) -> tuple[_Piece, int]:
    """The syllable ``onset`` + ``vowel`` (``k`` indexes the letter after the vowel), closed if it is."""
    row = onset or "-"
    table = _data.syllables()
    base = table.get((row, vowel)) or table[("-", vowel)]
    finals = _data.finals()
    nxt = s[k] if k < len(s) else ""
    if nxt == "й" and (k + 1 >= len(s) or s[k + 1] not in VOWELS):
        if vowel == "а" and s[k + 1 : k + 2] == "н" and _closes(s, k + 1):
            # айн with no vowel after it: the ай syllable and 因 (the German -ein-/-ain-: Хайнц 海因茨, Шайн
            # 沙因, Вайнберг 魏因贝格): the handbook list of 辛华/周俊英 has 127 lines ending in 因 and 1 in 伊恩,
            # none with 瓦伊恩, 海恩 or 沙伊恩; the table's й 伊 + н 恩 stays the alternative
            key = onset + "айн"
            ai = finals.get(onset + "ай")  # without an ай cell, the а row takes 因 alone (Шайн 沙因, 7 lines)
            first = tuple(f + "因" for f in (ai or base))
            forms = finals.get(key) or _unique((*first, *(f + "恩" for f in ai or (b + "伊" for b in base))))
            return _Piece(key, forms), k + 2
        key = onset + vowel + "й"
        if key in finals:
            return _Piece(key, finals[key]), k + 1
        if vowel in "иы":
            return _Piece(key, base), k + 1
        if vowel == "е":
            # ей: the е row and 伊 (GB/T 17693.4 / Xinhua 俄汉译音表 note: "ЕЙ和ОЙ分别按Е行汉字和О行汉字加伊
            # 译写"; Балей 巴列伊, ICU's ru-zh too); the bare е row stays a candidate
            return _Piece(key, _unique((*(f + "伊" for f in base), *base))), k + 1
        return _Piece(key, tuple(f + "伊" for f in base)), k + 1
    if nxt in ("н", "м") and _closes(s, k):
        key = onset + vowel + "н"
        end = k + 1
        if end < len(s) and s[end] in SIGNS:
            end += 1
        forms = finals.get(key) or tuple(f + "恩" for f in base)
        return _Piece(s[k - len(onset) - 1 : end], forms), end
    if vowel == "а" and nxt == "у" and (k + 1 >= len(s) or s[k + 1] in CONSONANTS):
        key = onset + "ау"
        if key in finals:
            return _Piece(key, finals[key]), k + 1
    if vowel == "ё" and onset and onset not in "жчшщц":
        # ё after a consonant: the table's ё row, then the е row, as texts that print е read it
        # (Крикалёв 克里卡列夫, Алфёров 阿尔费罗夫 beside Королёв 科罗廖夫)
        base = _unique((*base, *table.get((row, "е"), ())))
    return _Piece(onset + vowel, base), k


def _unique(forms: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(forms))


def syllables(word: str, *, at_start: bool = True, place: bool = False) -> list[_Piece]:
    """The syllables of one word (no spaces or hyphens) with their table forms.

    ``at_start`` False reads the word as the rest of a longer one (no word-initial forms); ``place``
    True reads a place name's soft final consonant as place names have it (``soft-final-place``).

    >>> [p.forms[0] for p in syllables("Ловать")], [p.forms[0] for p in syllables("Ловать", place=True)]
    (['洛', '瓦', '特'], ['洛', '瓦', '季'])
    """
    s = _prepare(word)
    table = _data.syllables()
    positions = _data.positions()
    pieces: list[_Piece] = []
    i = 0
    while i < len(s):
        ch = s[i]
        start = at_start and i == 0
        if ch in SIGNS:
            i += 1
            continue
        if ch in CONSONANTS:
            onset = "дж" if s.startswith("дж", i) else ch
            j = i + len(onset)
            nxt = s[j] if j < len(s) else ""
            if nxt in VOWELS:
                piece, i = _syllable(s, onset, nxt, j + 1)
                pieces.append(piece)
                continue
            if nxt == "ъ" and j + 1 < len(s) and s[j + 1] in _IOTATED:
                # the hard sign parts the consonant from an iotated vowel: the consonant bare, the vowel
                # on its own (Лемъю 列姆尤: the one pair of the extract with ъ before a vowel whose form
                # is a line of the handbook list of 辛华/周俊英; not the и row of a soft sign)
                pieces.append(_Piece(s[i : j + 1], table[(onset, "0")]))
                i = j + 1
                continue
            if nxt in SIGNS and j + 1 < len(s) and s[j + 1] in _IOTATED:
                # a soft consonant before е ё ю я и: read as C + и, then the vowel on its own (Юрьев 尤里耶夫)
                pieces.append(_Piece(s[i : j + 1], table[(onset, "и")]))
                i = j + 1
                continue
            soft = nxt in SIGNS
            end = j + (1 if soft else 0)
            forms = table[(onset, "0")]
            if soft and end >= len(s) and place and s.endswith(_PLACE_FINAL_L_ER):
                forms = positions[("soft-final", onset)]
            elif soft and end >= len(s) and place and ("soft-final-place", onset) in positions:
                forms = positions[("soft-final-place", onset)]
            elif soft and end >= len(s) and ("soft-final", onset) in positions:
                forms = positions[("soft-final", onset)]
            elif soft and not place and end == len(s) - 1 and ("soft-before-final", onset) in positions:
                forms = positions[("soft-before-final", onset)]
            elif soft and ("soft-before-consonant", onset) in positions:
                forms = positions[("soft-before-consonant", onset)]
            elif soft and end < len(s):
                # a soft consonant before another: the table's и row, then the bare consonant
                # (GB/T 17693.4: Усть-Кут 乌斯季库特, Лысьва 雷西瓦; ICU's ru-zh reads it so too)
                forms = _unique((*table[(onset, "и")], *forms))
            elif start and end < len(s) and ("initial", onset) in positions:
                forms = positions[("initial", onset)]
            pieces.append(_Piece(s[i:end], forms))
            i = end
            continue
        if ch in VOWELS:
            if start and s.startswith("ай") and len(s) > 2 and s[2] in VOWELS:
                # ай at the start before a vowel: 艾, and the vowel read as after a vowel (Айон 艾翁,
                # Айюва 艾尤瓦: 2 of 2 such pairs of the extract whose form is a handbook line)
                pieces.append(_Piece("ай", _data.finals()["ай"]))
                i = 2
                continue
            if start and ("initial", ch) in positions:
                piece, i = _syllable(s, "", ch, i + 1)
                initial = positions[("initial", ch)]
                if piece.forms == table[("-", ch)]:
                    piece = _Piece(piece.ru, initial)
                elif piece.ru == "ей":  # Ейск 叶伊斯克: the initial form, then 伊
                    piece = _Piece(piece.ru, (initial[0] + "伊", *initial))
                pieces.append(piece)
                continue
            piece, i = _syllable(s, "", ch, i + 1)
            pieces.append(piece)
            continue
        if ch == "й":
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if nxt in VOWELS:
                piece, end = _syllable(s, "", _AFTER_J[nxt], i + 2)
                pieces.append(_Piece("й" + piece.ru, piece.forms))
                i = end
                continue
            pieces.append(_Piece("й", ("伊",)))
            i += 1
            continue
        pieces.append(_Piece(ch, (ch,)))  # not a Russian letter: kept as it is
        i += 1
    return pieces


def explain(word: str) -> list[str]:
    """The syllables of ``word`` and their first table forms, as ``ru→zh`` steps."""
    return [f"{p.ru}→{p.forms[0]}" for p in syllables(word)]


def _feminine_final(text: str) -> str:
    positions = _data.positions()
    for (kind, letters), forms in positions.items():
        if kind == "feminine-final" and len(letters) > 1 and text.endswith(letters):
            return text[: -len(letters)] + forms[0]
    last = positions.get(("feminine-final", text[-1:]))
    return text[:-1] + last[0] if last else text


def _feminine_everywhere(text: str) -> str:
    out = _feminine_final(text)
    for (kind, letters), forms in _data.positions().items():
        if kind == "feminine":
            out = out.replace(letters, forms[0])
    return out


def _table(word: str, *, at_start: bool = True, score: float = TABLE, place: bool = False) -> list[Option]:
    """The table's reading of ``word``: first forms, then one alternative at a time."""
    pieces = syllables(word, at_start=at_start, place=place)
    if not pieces:
        return []
    steps = tuple(f"table: {p.ru}→{p.forms[0]}" for p in pieces)
    first = "".join(p.forms[0] for p in pieces)
    options = [Option(first, "table", steps, score)]
    for n, piece in enumerate(pieces):
        for alt in piece.forms[1:]:
            text = "".join(alt if m == n else p.forms[0] for m, p in enumerate(pieces))
            options.append(
                Option(text, "table", (*steps, f"alternative: {piece.ru}→{alt}"), score * ALTERNATIVE)
            )
    return options


def _with_rest(zh: str, rest: str, how: str, step: str, score: float, place: bool = False) -> list[Option]:
    if not rest:
        return [Option(zh, how, (step,), score)]
    return [
        Option(zh + o.text, how, (step, *o.steps), score * o.score / TABLE)
        for o in _table(rest, at_start=False, place=place)
    ]


def _before_ending(stem: str, conv: _data.Convention, step: str) -> list[Option]:
    """The first three readings of ``stem`` with the convention's form of an ending after it."""
    return [
        Option(o.text + conv.zh, "convention", (*o.steps, step), CONVENTION * o.score / TABLE)
        for o in transcribe_word(stem)[:3]
    ]


def transcribe_word(word: str, target: str = "zh-Hans", *, place: bool = False) -> list[Option]:
    """Every rendering of one Russian word (no spaces), best first; hyphenated words part by part.

    ``target`` chooses regional established forms (``zh-Hant-TW``: Сталин 史達林) over Simplified ones;
    ``place`` True: the word is known to name a place (its soft final consonant read as in place names).
    """
    if "-" in word.strip("-"):
        return _hyphenated(word, target, place=place)
    low = word.lower()
    folded = _fold(word)
    if not any(c in VOWELS or c in CONSONANTS or c == "й" for c in low):
        # digits and marks pass through; a word of another alphabet has no Chinese reading here
        return [] if not word or any(c.isalpha() for c in low) else [Option(word, "table", (), TABLE)]
    exceptions = _data.ru_exceptions()
    exception = exceptions.get((folded, target)) or exceptions.get((folded, "zh-Hans"))
    if exception:
        return [
            Option(
                exception[0],
                "convention",
                (f"established: {word} → {exception[0]} ({exception[1]})",),
                EXCEPTION,
            )
        ]
    options: list[Option] = _from_established(low, folded, target)
    given = _given(low)
    if given is not None:
        options.append(
            Option(
                given.zh,
                "convention",
                (f"given name: {given.ru} → {given.zh} (Xinhua 俄语姓名译名手册)",),
                GIVEN,
            )
        )
        options += [
            Option(
                alt,
                "convention",
                (f"given name: {given.ru} → {alt} (a form in wide use)",),
                GIVEN * ALTERNATIVE,
            )
            for alt in given.zh_alternatives
        ]
    options += _derived_from_given(low)
    conventions = _data.conventions()
    for suffix, conv in conventions["suffix"].items():
        if folded == suffix and len(suffix) > 5:  # a long suffix is also a name itself: Уральск 乌拉尔斯克
            options.append(
                Option(conv.zh, "convention", (f"suffix: {suffix} → {conv.zh} ({conv.source})",), CONVENTION)
            )
        if folded.endswith(suffix) and len(folded) > len(suffix):
            stem = low[: -len(suffix)]
            if stem.endswith("м") and suffix[0] in "бп":
                # м before б/п closes the syllable (the table's closed -ян 扬 row): Ямбург 扬堡
                stem = stem[:-1] + "н"
            options += _before_ending(stem, conv, f"suffix: -{suffix} → {conv.zh} ({conv.source})")
    # a surname's ending, not a given name's (Генрих keeps its forms 亨利, 亨里克, 海因里希)
    for suffix, conv in conventions.get("person-suffix", {}).items() if not place and given is None else ():
        if folded == suffix and len(suffix) >= 5:  # a long ending is also a surname itself: Шмидт 施密特
            options.append(
                Option(conv.zh, "convention", (f"surname: {suffix} → {conv.zh} ({conv.source})",), CONVENTION)
            )
        if folded.endswith(suffix) and len(folded) > len(suffix) + 1:
            stem = low[: -len(suffix)]
            stem = stem[:-1] if stem.endswith(suffix[0]) else stem  # Миллер: ми + 勒
            options += _before_ending(stem, conv, f"surname suffix: -{suffix} → {conv.zh} ({conv.source})")
    for prefix, conv in conventions["prefix"].items():
        rest = low[len(prefix) :]
        if folded.startswith(prefix) and len(rest) > 3 and rest[0] not in SIGNS:
            # first for a name known to be a place's (Ново- 新 in 30 of 30 place pairs whose form is a
            # handbook line, Нижне- 下 in 4 of 4: Новопокровка 新波克罗夫卡) or ending like one
            placelike = place or folded.endswith(_PLACE_ENDINGS)
            factor = CONVENTION if placelike else TABLE * ALTERNATIVE
            options += [
                Option(
                    conv.zh + o.text,
                    "convention",
                    (f"prefix: {prefix}- → {conv.zh} ({conv.source})", *o.steps),
                    factor * o.score / TABLE,
                )
                for o in transcribe_word(rest, place=place)[:3]
            ]
    for stem, conv in sorted(conventions["stem"].items(), key=lambda item: -len(item[0])):  # longest first
        overlap = stem.endswith("+")
        plain = stem.rstrip("+")
        if folded.startswith(plain) and len(folded) > len(plain):
            # the stem lends its last letter to the rest (Леонов: 列昂 + нов 诺夫), except an н that
            # closes the stem's syllable before a consonant (Леонтьев 列昂季耶夫, not 列昂恩季耶夫: the
            # handbook list of 辛华/周俊英 has 10 lines with 列昂季, none with 列昂恩)
            closed = plain[-1] == "н" and folded[len(plain)] not in VOWELS
            rest = low[len(plain) - 1 :] if overlap and not closed else low[len(plain) :]
            options += _with_rest(
                conv.zh, rest, "convention", f"stem: {plain}- → {conv.zh} ({conv.source})", CONVENTION, place
            )
    options += _table(word, place=place)
    return best(options)


# A place named after an established name keeps its form (the 俄汉译音表's "为保持汉语译名的系统性", as
# Иван 伊万, Ивановск 伊万诺夫斯克): Кировск 基洛夫斯克, Калининск 加里宁斯克, Менделеевск 门捷列夫斯克,
# Пушкино 普希金诺 (the handbook list of 周俊英, Kiryukhasemenov/Russian_Loanwords_in_Mandarin
# data/long_propers_list.txt lines 16700, 31306, 10735, 49908; none has the table's 基罗夫斯克 or 卡利宁斯克).
_PLACE_FROM_NAME = ("ск", "о")


def _from_established(low: str, folded: str, target: str) -> list[Option]:
    exceptions = _data.ru_exceptions()
    options = []
    for ending in _PLACE_FROM_NAME:
        base = folded[: -len(ending)]
        if not folded.endswith(ending) or len(base) < 4:
            continue
        exception = exceptions.get((base, target)) or exceptions.get((base, "zh-Hans"))
        if exception is None or (ending == "о" and base[-1] != "н"):  # the н read twice, as Иванов
            continue
        rest = low[len(base) :]
        reading = base[-1] + rest if rest[0] in VOWELS else rest
        step = f"established: {base} → {exception[0]} ({exception[1]}), kept in a place named after it"
        options += _with_rest(exception[0], reading, "convention", step, CONVENTION)
    return options


def _given(low: str) -> _data.GivenName | None:
    names = _data.given_names()
    return (
        names.get(low)
        or names.get(low.replace("е", "ё"))
        or next((g for key, g in names.items() if _fold(key) == _fold(low)), None)
    )


def _derived_from_given(low: str) -> list[Option]:
    """A patronymic or surname formed from a given name: Иванов 伊万诺夫, Сергеевич 谢尔盖耶维奇."""
    options = []
    for given in _data.given_names().values():
        for ru_stem, zh_stem in given.stems:
            if not _fold(low).startswith(_fold(ru_stem)):
                continue
            rest = low[len(ru_stem) :]
            if rest not in _DERIVED_ENDINGS and rest not in _DERIVED_PLACE_ENDINGS:
                continue
            reading = (ru_stem[-1] + rest) if ru_stem[-1] in CONSONANTS else rest
            step = f"given-name stem: {ru_stem}- → {zh_stem} (from {given.ru} {given.zh}, Xinhua 俄语姓名译名手册)"
            options += _with_rest(zh_stem, reading, "convention", step, CONVENTION)
        name = _fold(given.ru)
        rest = low[len(name) :]
        if name.endswith("ей") and _fold(low).startswith(name) and len(rest) > 1 and rest[0] in CONSONANTS:
            # a surname formed from the whole name (Андрей → Андрейкин, Андрейченко) keeps the name's
            # rendering, as derived names keep their stem's "为保持汉语译名的系统性" (Xinhua 俄汉译音表 note on
            # Иван 伊万, Иванов 伊万诺夫, Ивановск 伊万诺夫斯克)
            step = f"given name: {given.ru} → {given.zh} kept in a surname formed from it (Xinhua 俄汉译音表)"
            options += _with_rest(given.zh, rest, "convention", step, CONVENTION)
    return options


def _hyphenated(word: str, target: str, *, place: bool = False) -> list[Option]:
    parts = [p for p in word.split("-") if p]
    folded = [_fold(p) for p in parts]
    conventions = _data.conventions()
    # X-на-Y: "Y河畔X" (Ростов-на-Дону 顿河畔罗斯托夫)
    if len(parts) == 3 and folded[1] == "на":
        river = _river(folded[2])
        if river is not None:
            return [
                Option(
                    river.zh + "畔" + o.text,
                    "convention",
                    (f"X-на-Y → Y河畔X: {river.ru} → {river.zh} ({river.source})", *o.steps),
                    CONVENTION * o.score / TABLE,
                )
                for o in transcribe_word(parts[0], target)[:3]
            ]
    pools: list[list[Option]] = []
    for part, fold in zip(parts, folded, strict=True):
        conv = conventions["hyphen-prefix"].get(fold)
        if conv is not None:
            pools.append(
                [Option(conv.zh, "convention", (f"prefix: {part}- → {conv.zh} ({conv.source})",), CONVENTION)]
            )
        else:
            pools.append(transcribe_word(part, target, place=place and part is parts[-1]))
    joined = combine(pools, "")
    hyphened = combine(pools, "-")
    return best([*joined, *(Option(o.text, o.how, o.steps, o.score * ALTERNATIVE) for o in hyphened)])


def _river(folded: str) -> _data.Convention | None:
    """A river of the conventions, from the form after "на" (Дону, Амуре, Волге)."""
    rivers = _data.conventions()["river"]
    for stem in (folded, folded[:-1], folded[:-1] + "а", folded[:-1] + "ь"):
        if stem in rivers:
            return rivers[stem]
    return None


def is_feminine(words: Sequence[str]) -> bool:
    """Whether a Russian name (its words) is a woman's: a woman's given name, -вна, or a feminine surname."""
    lows = [w.lower() for w in words]
    givens = [g for g in (_given(w) for w in lows) if g is not None]
    if givens:
        return givens[0].feminine
    if any(_FEMININE_PATRONYMIC.search(w) for w in lows):
        return True
    if any(_MASCULINE_ENDINGS.search(w) for w in lows):
        return False
    if (
        len(lows) > 1
        and lows[0].endswith(("а", "я"))
        and not lows[0].endswith(("ая", "яя"))
        and "-" not in lows[0]
    ):
        # an unknown given name in -а/-я is a woman's (Оксана, Жанна, Кристина); the men's names
        # of that declension (Никита, Илья, Фома …) are in the given-name list
        return True
    names = [w for w in lows if w not in _data.conventions()["modifier"]]
    # an unknown given name: the surname (the last word) decides (Камила Валиева)
    return bool(names) and _FEMININE_SURNAME.search(names[-1].replace("-", "")) is not None


def _feminine(options: list[Option], exempt: bool, word: str, target: str) -> list[Option]:
    if exempt:
        return options
    out = []
    low = word.lower()
    if low.endswith(("ина", "ына")) and len(low) > 4:
        # the masculine surname's rendering and 娜: Путина 普京娜, Мыскина 梅斯金娜, Сафина 萨芬娜;
        # first but for -нина, where the н of the ending is the only one read (Роднина 罗德尼娜)
        first = not low.endswith("нина")
        out += [
            Option(
                o.text + "娜",
                o.how,
                (*o.steps, "feminine: the masculine form and 娜"),
                o.score if first else o.score * ALTERNATIVE,
            )
            for o in transcribe_word(word[:-1], target)[:2]
        ]
    for o in options:
        final = _feminine_final(o.text)
        out.append(
            Option(
                final, o.how, (*o.steps, "feminine: final character") if final != o.text else o.steps, o.score
            )
        )
        everywhere = _feminine_everywhere(o.text)
        if everywhere != final:
            out.append(
                Option(everywhere, o.how, (*o.steps, "feminine characters throughout"), o.score * ALTERNATIVE)
            )
        out.append(
            Option(o.text, o.how, (*o.steps, "not read as feminine"), o.score * ALTERNATIVE * ALTERNATIVE)
        )
    return out


def transcribe_name(name: str, target: str = "zh-Hans", kind: Kind | None = None) -> list[Option]:
    """Every rendering of a Russian name of one or more words, best first (· between a person's names).

    The text is Simplified Chinese except for regional established forms of ``target``. ``kind``
    says what the name names when the caller knows it: a ``place`` is never read as a woman's name
    (a river Иркинеева 伊尔基涅耶瓦, Лая 拉亚, not 娃 娅: in the extract's word pairs of places whose form
    is a handbook line, -ова/-ева end in 瓦 9 of 9 times, -ина/-ына in 纳 29 of 30, -ая/-яя in 亚
    18 times and never in 娅) and its soft final consonant is read as place names have it
    (``soft-final-place`` in ``data/ru_zh_positions.tsv``); a ``person``'s or an unknown name's
    words are read as before.

    >>> [o.text for o in transcribe_name("Иркинеева")][0], [o.text for o in transcribe_name("Иркинеева", kind="place")][0]
    ('伊尔基涅耶娃', '伊尔基涅耶瓦')
    """
    words = name.split()
    if not words:
        return []
    exceptions = _data.ru_exceptions()
    key = _fold(" ".join(words))
    whole = exceptions.get((key, target)) or exceptions.get((key, "zh-Hans"))
    if whole and len(words) > 1:
        return [
            Option(whole[0], "convention", (f"established: {name} → {whole[0]} ({whole[1]})",), EXCEPTION)
        ]
    feminine = kind != "place" and is_feminine(words)
    modifiers = _data.conventions()["modifier"]
    pools: list[list[Option]] = []
    pending: list[Option] = []  # modifiers waiting for the word they qualify (Нижний Новгород 下诺夫哥罗德)
    place = kind == "place"
    for word in words:
        low = word.lower()
        if low in modifiers and word is not words[-1]:
            conv = modifiers[low]
            pending.append(
                Option(conv.zh, "convention", (f"modifier: {word} → {conv.zh} ({conv.source})",), CONVENTION)
            )
            place = True
            continue
        options = transcribe_word(word, target, place=kind == "place" and word is words[-1])
        given = _given(low)
        exempt = given is not None or (_fold(word), "zh-Hans") in _data.ru_exceptions()
        if feminine and not place:
            options = _feminine(options, exempt, word, target)
        if pending:
            options = combine([*([p] for p in pending), options], "")
            pending = []
        pools.append(best(options))
    if pending:
        pools.append(pending)
    separator = "" if place else "·"
    return combine(pools, separator)
