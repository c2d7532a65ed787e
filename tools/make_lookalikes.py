"""Write ``termbase/scripts/transcribe/data/lookalikes.tsv``: the Latin and Cyrillic letters that look
alike, from Unicode's confusables.txt (UTS #39, Unicode Security Mechanisms).

Two letters look alike when their UTS #39 skeletons are equal (NFD, each character mapped to its
prototype, NFD again). Kept: pairs of one Latin and one Cyrillic letter, both of the same case,
where the Cyrillic letter is one of Russian's or the Latin letter one of Azerbaijani's, the only
letters a name is transcribed from.

    python tools/make_lookalikes.py path/to/confusables.txt > termbase/scripts/transcribe/data/lookalikes.tsv

confusables.txt: https://www.unicode.org/Public/security/ (the file used is named in the output's
header: its version and date lines are copied there).
"""

from __future__ import annotations

import sys
import unicodedata

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
AZERBAIJANI = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"


def main(path: str) -> int:
    prototype: dict[str, str] = {}
    header: list[str] = []
    with open(path, encoding="utf-8-sig") as lines:
        for line in lines:
            if line.startswith("#"):
                if line.startswith(("# Version", "# Date", "# confusables")):
                    header.append(line.strip("# \n"))
                continue
            fields = line.split(";")
            if len(fields) < 3:
                continue
            source = chr(int(fields[0].strip(), 16))
            prototype[source] = "".join(chr(int(cp, 16)) for cp in fields[1].split())

    def skeleton(text: str) -> str:
        mapped = "".join(prototype.get(c, c) for c in unicodedata.normalize("NFD", text))
        return unicodedata.normalize("NFD", mapped)

    def letters(first: int, last: int, script: str) -> list[str]:
        out = []
        for code in range(first, last + 1):
            char = chr(code)
            if unicodedata.category(char) in ("Lu", "Ll") and unicodedata.name(char, "").startswith(script):
                out.append(char)
        return out

    latin = letters(0x41, 0x2AF, "LATIN")
    cyrillic = letters(0x400, 0x4FF, "CYRILLIC")
    by_skeleton: dict[str, list[str]] = {}
    for char in latin:
        by_skeleton.setdefault(skeleton(char), []).append(char)
    print(f"# Latin and Cyrillic letters that look alike: equal UTS #39 skeletons in {', '.join(header)}.")
    print("# Made by tools/make_lookalikes.py (Unicode data: Unicode License v3, see SOURCES.md).")
    print("# latin\tcyrillic: a Cyrillic letter of Russian or a Latin letter of Azerbaijani, same case")
    for cyr in cyrillic:
        for lat in by_skeleton.get(skeleton(cyr), []):
            if cyr.isupper() != lat.isupper():
                continue
            if cyr.lower() in RUSSIAN or lat.lower() in AZERBAIJANI or lat.lower() == "i̇":
                print(f"{lat}\t{cyr}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
