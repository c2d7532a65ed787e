"""How memory results look: whole segments, wrapped to a terminal, differences highlighted.

On a terminal, segments wrap to its width and the stretches that differ from the query (or
the concordance match) are shown in colour, unless ``NO_COLOR`` is set. Piped, every segment
is one full line and no escape code is written, so other tools can read the output.

>>> highlight("Россия и Баку", [(9, 13)], colour=False)
'Россия и [Баку]'
>>> highlight("Россия и Баку", [(9, 13)], colour=True)
'Россия и \\x1b[1;33mБаку\\x1b[0m'
>>> centred("Президент Азербайджана прибыл в Баку с визитом", (32, 36), 30)
'…на прибыл в Баку с визитом'
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence

__all__ = ["centred", "highlight", "terminal", "width", "wrap"]

_ON, _OFF = "\x1b[1;33m", "\x1b[0m"


def terminal() -> tuple[bool, bool, int]:
    """(output is a terminal, colour wanted, its width)."""
    tty = sys.stdout.isatty()
    colour = tty and not os.environ.get("NO_COLOR")
    try:
        columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stdout.fileno()).columns
    except (ValueError, OSError):
        columns = 80
    return tty, colour, max(columns, 20)


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters count two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def highlight(text: str, spans: Sequence[tuple[int, int]], *, colour: bool) -> str:
    """``text`` with ``spans`` (start, end offsets) in colour, or in [brackets] without colour."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at or start >= end:
            continue
        out.append(text[at:start])
        out.append(f"{_ON}{text[start:end]}{_OFF}" if colour else f"[{text[start:end]}]")
        at = end
    out.append(text[at:])
    return "".join(out)


def wrap(text: str, room: int, indent: str) -> list[str]:
    """``text`` cut into lines of at most ``room`` display columns, at spaces where it can
    (CJK text anywhere), each after ``indent``; escape codes take no room."""
    lines: list[str] = []
    line, used, space_at = "", 0, -1
    i = 0
    while i < len(text):
        if text.startswith("\x1b[", i):
            end = text.index("m", i) + 1
            line += text[i:end]
            i = end
            continue
        char = text[i]
        w = width(char)
        if used + w > room and used:
            if space_at > 0 and char != " ":
                lines.append(line[:space_at])
                line = line[space_at + 1 :]
                used = width("".join(c for c in line if c.isprintable()))
            else:
                lines.append(line)
                line, used = "", 0
                if char == " ":
                    i += 1
                    continue
            space_at = -1
        if char == " ":
            space_at = len(line)
        line += char
        used += w
        i += 1
    lines.append(line)
    return [indent + part for part in lines]


def centred(text: str, span: tuple[int, int], room: int) -> str:
    """``text`` cut to ``room`` columns around ``span`` (a keyword-in-context line)."""
    start, end = span
    if width(text) <= room:
        return text
    side = max((room - width(text[start:end])) // 2, 4)
    left, right = text[:start], text[end:]
    while width(left) > side - 1 and left:
        left = left[1:]
    while width(right) > side - 1 and right:
        right = right[:-1]
    left = ("…" + left) if len(left) < start else left
    right = (right + "…") if len(right) < len(text) - end else right
    return left + text[start:end] + right
