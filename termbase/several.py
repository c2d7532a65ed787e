"""Several termbases searched as one: one's own files and, if asked, the bundled glossary.

Lookups ask every member and merge the matches by score (each :class:`Match` names its
``termbase``); finding an id asks the members in order; writes go to the first member.

>>> import termbase
>>> from termbase.several import Termbases
>>> both = Termbases([termbase.open(":memory:"), termbase.open()])
>>> [(m.concept.id, m.termbase) for m in both.lookup("Баку")][:1]
[('baku', 'bundled glossary')]
>>> both.find("BAKU")[1].id
'baku'
"""

from __future__ import annotations

from collections.abc import Sequence

from termbase.errors import NotFoundError, UsageError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from termbase.model import Concept
    from termbase.results import Match
    from termbase.termbase import Termbase

__all__ = ["Termbases"]


class Termbases:
    """An ordered, non-empty list of termbases; the first is the one writes go to."""

    def __init__(self, members: Sequence[Termbase]) -> None:
        if not members:
            raise UsageError("no termbase to open")
        self.members = list(members)

    @property
    def first(self) -> Termbase:
        """The termbase writes go to."""
        return self.members[0]

    @property
    def name(self) -> str:
        return ", ".join(tb.name for tb in self.members)

    def lookup(self, query: str, lang: str | None = None, limit: int = 10) -> list[Match]:
        """The best ``limit`` matches of every member, best first (ties: earlier members first)."""
        found: list[tuple[int, int, int, Match]] = []
        for order, tb in enumerate(self.members):
            for rank, match in enumerate(tb.lookup(query, lang=lang, limit=limit)):
                found.append((-match.score, order, rank, match))
        found.sort(key=lambda item: item[:3])
        return [item[3] for item in found[:limit]]

    def find(self, concept_id: str) -> tuple[Termbase, Concept]:
        """The first member with a concept of this id (exact, then case-insensitive), and the concept;
        a :class:`NotFoundError` suggesting close ids of every member otherwise."""
        for tb in self.members:
            found = tb.get(concept_id)
            if found is not None:
                return tb, found
        for tb in self.members:
            try:
                return tb, tb.find(concept_id)
            except NotFoundError:
                continue
        close = list(dict.fromkeys(i for tb in self.members for i in tb.close_ids(concept_id)))
        hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
        raise NotFoundError(f"no concept with id {concept_id!r} in {self.name}{hint}")

    def close(self) -> None:
        for tb in self.members:
            tb.close()
