"""What the transcription engines share: an option with its score and the steps that made it.

>>> best([Option("a", "table", ("x",), 0.5), Option("b", "convention", ("y",), 0.9)])[0].text
'b'
>>> [o.text for o in combine([[Option("弗拉基米尔", "convention", (), 0.95)], [Option("普京", "table", (), 0.8)]], "·")]
['弗拉基米尔·普京']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CONVENTION", "EXCEPTION", "GIVEN", "TABLE", "Option", "best", "combine", "weakest"]

TABLE = 0.8  # the table's first forms
CONVENTION = 0.95  # a convention (a given name, a prefix, a suffix)
GIVEN = 0.95
EXCEPTION = 0.97  # an established form from the exception list
ALTERNATIVE = 0.85  # factor for each alternative form taken instead of the first

_RANK = {"termbase": 0, "convention": 1, "table": 2}


@dataclass(frozen=True, slots=True)
class Option:
    """One way to render a name or a part of one: the text, how, the steps, a score in (0, 1]."""

    text: str
    how: str  # "termbase", "convention" or "table"
    steps: tuple[str, ...]
    score: float


def weakest(hows: Sequence[str]) -> str:
    """The weakest evidence among parts: a name is as good as its least supported part."""
    return max(hows, key=_RANK.__getitem__) if hows else "table"


def best(options: Sequence[Option], limit: int = 6) -> list[Option]:
    """Options best first (score, then evidence), one per text."""
    seen: set[str] = set()
    out: list[Option] = []
    for option in sorted(options, key=lambda o: (-o.score, _RANK[o.how])):
        if option.text and option.text not in seen:
            seen.add(option.text)
            out.append(option)
    return out[:limit]


def combine(parts: Sequence[Sequence[Option]], separator: str, limit: int = 6) -> list[Option]:
    """Every combination of the parts' options (each part's best few), joined, best first.

    A part with no option leaves the whole without one.
    """
    pools = [best(p, 3) for p in parts]
    if not pools or not all(pools):
        return []
    combined = []
    for choice in itertools.product(*pools):
        score = 1.0
        for option in choice:
            score *= option.score
        combined.append(
            Option(
                separator.join(o.text for o in choice),
                weakest([o.how for o in choice]),
                tuple(step for o in choice for step in o.steps),
                score,
            )
        )
    return best(combined, limit)
