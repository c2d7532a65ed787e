"""Translation memory: units in several languages, fuzzy search and concordance.

A unit (:class:`termbase.model.TranslationUnit`) holds one segment per language.
:meth:`Memory.search` finds the units whose source segment is closest to a query and returns them
with their target segment and a CAT-style percentage (:class:`TMMatch`);
:meth:`Memory.concordance` finds the segments containing a string (:class:`ConcordanceHit`). A
termbase's memory is ``tb.memory``; ``len(tb.memory)`` is how many units it holds.

The parts, each a module of this package, in the order a search uses them:

- :mod:`.scoring` (pure functions): texts cut into units and keys, the match percentage
  (:func:`similarity`, the formula is in that module's doc) and the differences
  (:class:`DiffSpan`). Chinese is compared as Simplified, so 巴庫 and 巴库 are the same.
- :mod:`.index`: the candidate index, which picks the few hundred stored segments worth
  scoring exactly, behind a small protocol; its in-memory form (built on the first search in
  a language) serves only a file whose stored index is not filled yet (say, read-only, of schema 1).
- :mod:`.stored_index`: the same index kept in the store (FTS5 posting lists of n-grams, the
  key-length window one rowid range), written with the units: nothing is rebuilt per process.
- :mod:`.memory`: the :class:`Memory` class: units in the store's tables (add, replace, read),
  the search that ranks and scores the candidates, and concordance.
- :mod:`.concordance`: the segments containing a string, through the store's FTS5 table of bigrams.
- :mod:`.bundled`: the article's aligned segments shipped in ``glossary/memory/*.toml``.

Segments imported with inline markup are matched on their text through :mod:`termbase.markup`;
the memory imports no exchange format.

>>> similarity("2001年，普京访问阿塞拜疆", "2006年，普京访問阿塞拜疆", "zh-Hans")
99
"""

from __future__ import annotations

from termbase.memory.bundled import BUNDLED_ORIGIN, bundled_units, units_from_toml
from termbase.memory.concordance import ConcordanceHit
from termbase.memory.index import CANDIDATES, POSTINGS_BUDGET
from termbase.memory.memory import Memory, TMMatch
from termbase.memory.scoring import DiffSpan, similarity

__all__ = [
    "BUNDLED_ORIGIN",
    "CANDIDATES",
    "POSTINGS_BUDGET",
    "ConcordanceHit",
    "DiffSpan",
    "Memory",
    "TMMatch",
    "bundled_units",
    "similarity",
    "units_from_toml",
]
