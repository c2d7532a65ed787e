"""Term recognition: every glossary term in running text, inflected or not, with its offsets.

A :class:`Recognizer` indexes a termbase's forms in Aho–Corasick automata (pyahocorasick),
one per kind of text; a :class:`~termbase.termbase.Termbase` keeps its own as
``tb.recognizer``, rebuilt when its forms change. The parts:

* :mod:`~termbase.recognize.recognizer`: :class:`Recognizer`, which forms each kind of
  text is searched for, and the results (:class:`Hit`, :class:`Recognized`).
* :mod:`~termbase.recognize.modes`: which kind of text a language tag is (Chinese
  characters, or words of Russian, Azerbaijani, English, others) and each kind's
  morphology hooks.
* :mod:`~termbase.recognize.automaton`: the coded Aho–Corasick index. Chinese text and
  terms are read through a one-to-one Traditional → Simplified character fold
  (:func:`termbase.scripts.chinese.fold_to_simplified`), so offsets into the original text
  hold and 俄羅斯, 俄罗斯 and 亞塞拜然 are all found. In other languages each glossary word
  gets one key and each key a code; a text word maps to the codes of its candidate keys,
  and the automaton runs over the string of codes, so matches fall on word boundaries by
  construction and the cost does not grow with the number of terms.
* Each language's hooks (a glossary word's key, a text word's candidate keys):
  :mod:`~termbase.recognize.russian` (pymorphy3 lemmas, and a fast reading of text words
  from the glossary words' lexemes, expanded when the index is built),
  :mod:`~termbase.recognize.azerbaijani` (stems left by removing suffixes that vowel harmony
  allows), :mod:`~termbase.recognize.english` (possessives and plurals).
* :mod:`~termbase.recognize.words`: where words begin and end.

Matches are chosen longest first, then leftmost, never overlapping. Offsets are into the
original text.

>>> rec = Recognizer([("baku", "ru", "Баку", "preferred"), ("moscow", "ru", "Москва", "preferred"),
...                   ("russia", "ru", "Российская Федерация", "preferred")])
>>> [(r.text, r.concept_id) for r in rec.recognize("Из Москвы в Баку, Российской Федерации", "ru")]
[('Москвы', 'moscow'), ('Баку', 'baku'), ('Российской Федерации', 'russia')]
"""

from __future__ import annotations

from termbase.recognize.automaton import Entry
from termbase.recognize.modes import Morphology, to_simplified_chars
from termbase.recognize.recognizer import Hit, Recognized, Recognizer

__all__ = ["Entry", "Hit", "Morphology", "Recognized", "Recognizer", "to_simplified_chars"]
