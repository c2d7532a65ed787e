"""Count how editors write a Russian letter pattern in Chinese: the source of a rule's numbers.

Reads the word pairs of the Wikidata extract in Kiryukhasemenov/Russian_Loanwords_in_Mandarin
(commit 6ae4203e; see draw_names_ru_zh_editorial2.py) whose Chinese is a line of the handbook list
of 辛华《俄语姓名译名手册》/周俊英《新编俄罗斯地名译名手册》 (data/long_propers_list.txt): each part of a
person's name with its zh part (kind ``person``), and each one-word settlement, river, lake, island
or mountain with its zh label, the generic (河 湖 岛 山 峰) taken off (kind ``place``). Items of the
held-out lists not yet measured (``names_ru_zh_editorial3.tsv``) are left out: their rows never
shape a rule.

Run: ``python benchmarks/count_ru_zh_pairs.py GIT_DIR KIND REGEX [ZH_REGEX]``: prints how many pairs
of KIND (person, place or any) have a Russian word matching REGEX (lower case, ё folded to е) and
the commonest matches of ZH_REGEX in their Chinese forms (default: the last character), with counts.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_sources as src

UNMEASURED: tuple[str, ...] = ()  # every held-out list drawn so far has been measured (spent)
PLACE_FILES = src.PLACE_FILES


def pairs(git_dir: str) -> list[tuple[str, str, str]]:
    """(kind, Russian word in lower case, Chinese) pairs whose Chinese is a handbook line."""
    simplified = src.t2s()
    handbook = src.handbook_lines(git_dir)
    hidden = {
        m.group()
        for name in UNMEASURED
        for *_, where in src.list_rows(name)
        if (m := re.search(r"Q\d+", where))
    }
    out: set[tuple[str, str, str, str]] = set()
    for item, zh, ru, _country, _type in src.extract_rows(git_dir, src.PERSONS):
        qid = src.qid_of(item)
        zh = simplified(zh.strip())
        name = src.person_name(ru.strip(), zh)
        if qid in hidden or name is None:
            continue
        for r, z in zip(name.split(), zh.split("·"), strict=True):
            if z in handbook:
                out.add(("person", qid, r.lower(), z))
    for path, generic in PLACE_FILES.items():
        for item, zh, ru, _country, _type in src.extract_rows(git_dir, path):
            qid = src.qid_of(item)
            ru, label = ru.strip(), simplified(zh.strip())
            if qid in hidden or not src.CYRILLIC_WORD.match(ru) or "-" in ru:
                continue
            bare = src.strip_generic(label, generic)
            if src.HAN.match(bare) and (label in handbook or bare in handbook):
                out.add(("place", qid, ru.lower(), bare))
    return sorted((k, r, z) for k, _q, r, z in out)


def main() -> None:
    git_dir, kind, pattern = sys.argv[1:4]
    zh_pattern = re.compile(sys.argv[4] if len(sys.argv) > 4 else ".$")
    rows = [
        (k, r, z)
        for k, r, z in pairs(git_dir)
        if (kind == "any" or k == kind) and re.search(pattern, r.replace("ё", "е"))
    ]
    counts = Counter(m.group() if (m := zh_pattern.search(z)) else "-" for _k, _r, z in rows)
    print(f"{len(rows)} {kind} pairs match {pattern}")
    for form, n in counts.most_common(12):
        examples = [f"{r} {z}" for _k, r, z in rows if (m := zh_pattern.search(z)) and m.group() == form][:3]
        print(f"  {form}\t{n}\t{'; '.join(examples)}")


if __name__ == "__main__":
    main()
