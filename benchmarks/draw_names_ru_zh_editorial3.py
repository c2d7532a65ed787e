"""Draw a third EDITORIAL held-out ru→zh list from parts of the extract no earlier list drew from.

``names_ru_zh_editorial3.tsv`` keeps, like the first two editorial lists (see
draw_names_ru_zh_editorial.py and draw_names_ru_zh_editorial2.py), only rows where two independent
sources agree on the Chinese form: a Wikidata zh label in the 2019 extract of
Kiryukhasemenov/Russian_Loanwords_in_Mandarin (commit 6ae4203e) and a line of that repository's
``data/long_propers_list.txt``, the aggregate of 辛华《俄语姓名译名手册》(1997) and 周俊英《新编俄罗斯
地名译名手册》(2003). The earlier lists took people of Russia (Q159), of the Soviet Union (Q15180, a
sample of 100 from a pool of 182) and of the Russian Empire (Q34266), settlements of Russia, lakes,
islands and mountains of Russia and a sample of 100 of 677 rivers of Russia; the fourth round's rule
work read word pairs of Q159 people and settlements, Russian Empire people, lakes, islands and
mountains. This list takes what none of them touched:

- people whose only countries in the extract are Ukraine (Q212) or Belarus (Q184) (no row of theirs
  has Q159, Q15180 or Q34266), and the Soviet people of the second list's pool it did not sample
  (their items appear in no list);
- rivers of Russia that the second list's pool held but its sample did not take.

Filters as in draw_names_ru_zh_editorial2.py (a person: every part of the zh label, after OpenCC
t2s, a handbook line; a river: one Cyrillic word, zh label the name + 河, the name with or without
河 a handbook line; the first syllable of each part agrees with the Russian first letter, at least
0.3 characters a letter; a form that is the label of another Russian name in the extract is left
out). Disjoint: rows whose item, name, or surname (a person's last word) or river name is any word
of the tuned, DEV, first held-out, first or second editorial or editorial DEV list, the exception
list or the glossary are left out. ``random.Random(SEED).sample``.

Run: ``python benchmarks/draw_names_ru_zh_editorial3.py GIT_DIR > benchmarks/data/names_ru_zh_editorial3.tsv``,
GIT_DIR a clone of that repository. The script prints the pool sizes to stderr and never prints a
row's form but into its output file.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_sources as src

SEED = 1230
PEOPLE, RIVERS = 100, 100
RIVER_FILE = src.RIVERS
WATER_FILES = [RIVER_FILE, src.LAKES, src.ISLES, src.MOUNTAINS, src.PLACES]
# tuned, held-out, DEV, first and second editorial, editorial DEV
EARLIER = src.lists_before("names_ru_zh_editorial3.tsv")
EARLIER_COUNTRIES = {"Q159", "Q15180", "Q34266"}


def _pools(git_dir: str) -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, str]]]:
    simplified = src.t2s()
    handbook = src.handbook_lines(git_dir)
    taken = src.Taken.of(EARLIER)

    person_rows, countries, surnames = src.people_index(git_dir, simplified)

    people: dict[str, tuple[str, str, str]] = {}
    for item, zh, ru, country, _type in person_rows:
        qid = src.qid_of(item)
        zh = simplified(zh.strip())
        name = src.person_name(ru.strip(), zh)
        fresh_country = not countries[item] & EARLIER_COUNTRIES
        # the second list's Soviet pool (Q15180, no Q159 row); its sample is in taken.items
        soviet_rest = country.endswith("/Q15180") and "Q159" not in countries[item]
        if (
            (fresh_country or soviet_rest)
            and name
            and qid not in taken.items
            and src.handbook_person(name, zh, handbook, surnames, taken)
        ):
            people.setdefault(
                name, (zh, qid, f"{src.PERSONS}; {src.HANDBOOKS} line {src.lines_of(zh, handbook)}")
            )

    water_rows = {path: src.extract_rows(git_dir, path) for path in WATER_FILES}
    labels = src.names_of([row for rows in water_rows.values() for row in rows], simplified)
    rivers = src.water_pool(water_rows[RIVER_FILE], RIVER_FILE, "河", handbook, labels, taken, simplified)
    return people, rivers


def main() -> None:
    git_dir = sys.argv[1]
    people, rivers = _pools(git_dir)
    n_people, n_rivers = min(PEOPLE, len(people)), min(RIVERS, len(rivers))
    print(f"pool: {len(people)} people, {len(rivers)} rivers", file=sys.stderr)
    rng = random.Random(SEED)
    chosen = src.sample(rng, people, n_people) + src.sample(rng, rivers, n_rivers)
    header = f"""\
# THIRD EDITORIAL HELD-OUT Russian names with Chinese forms, for bench_transcribe.py --heldout.
# Drawn by benchmarks/draw_names_ru_zh_editorial3.py (seed {SEED}) and committed in a commit of
# its own BEFORE termbase's transcriber was run on any of these names; never used to tune rules or data.
# People whose only Wikidata countries in the extract are Ukraine (Q212) or Belarus (Q184), and Soviet
# people (Q15180) of the second list's pool that its sample did not take; rivers of Russia of the
# second list's pool that its sample did not take.
{src.TWO_SOURCES};
# a person's every name part and a river's name (with or without 河) is a line of that list.
# That repository states no licence: this file keeps only names (facts) and cites where each is.
# Filters (see the script): Han only (after OpenCC t2s), first syllable of each part agrees with the
# Russian first letter, ≥ 0.3 characters a letter; a form that is the label of another Russian name
# in the extract is left out; disjoint from the tuned, DEV, first held-out, first and second editorial
# and editorial DEV lists (items, names, surnames), the exception list and the glossary.
# A river's form is its name without 河.
# Pool: {len(people)} people, {len(rivers)} rivers; sample: {n_people} + {n_rivers}. No row was dropped by hand.
# Columns: Russian, zh-Hans, source."""
    print(header)
    src.print_rows(chosen)


if __name__ == "__main__":
    main()
