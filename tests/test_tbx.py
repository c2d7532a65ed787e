"""TBX-Basic (ISO 30042:2019 DCA) and TBX 2008 export and import."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.errors import InputError
from termbase.formats._xml import is_ncname
from termbase.formats.tbx import check_tbx_basic, decode_id, encode_id, read_tbx, write_tbx
from termbase.model import Category, Concept, Status, Term, TermType
from tests.conftest import shared_file
from tests.test_tmx import rich_concept_lists

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _write(path: Path, items: list[Concept], **kwargs: Any) -> int:
    with path.open("wb") as out:
        return write_tbx(out, items, **kwargs)


def _relaxng() -> Any:
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(shared_file("specs", "TBXcoreStructV03.rng"))))


def _parse(path: Path) -> Any:
    from lxml import etree

    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


# ------------------------------------------------------------------------------------------ round trips


@given(rich_concept_lists)
def test_tbx_basic_round_trip_and_validity(
    tmp_path_factory: pytest.TempPathFactory, items: list[Concept]
) -> None:
    path = tmp_path_factory.mktemp("tbx") / "g.tbx"
    assert _write(path, items) == len(items)
    assert list(read_tbx(path)) == items
    tree = _parse(path)
    schema = _relaxng()
    assert schema.validate(tree), schema.error_log
    assert check_tbx_basic(tree) == []


@given(rich_concept_lists)
def test_tbx2008_round_trip(tmp_path_factory: pytest.TempPathFactory, items: list[Concept]) -> None:
    # TBX 2008 carries every field with the same data categories: nothing is lost.
    path = tmp_path_factory.mktemp("tbx") / "g2008.tbx"
    assert _write(path, items, dialect="tbx2008") == len(items)
    assert list(read_tbx(path)) == items


@given(st.text(min_size=1, max_size=20).filter(lambda s: s == s.strip()))
def test_ids_are_encoded_reversibly(concept_id: str) -> None:
    encoded = encode_id(concept_id)
    assert is_ncname(encoded)
    assert decode_id(encoded) == concept_id


def test_interleaved_languages_keep_term_order(tmp_path: Path) -> None:
    concept = Concept(
        "auto:7",
        Category.PERSON,
        [Term("Ильхам Алиев", "ru"), Term("Ilham Aliyev", "en"), Term("Алиев", "ru", TermType.SHORT_FORM)],
        definitions={"az-Cyrl": "Азәрбајҹан Президенти"},
    )
    path = tmp_path / "i.tbx"
    _write(path, [concept])
    tree = _parse(path)
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert [s.get(XML_LANG) for s in tree.iterfind(".//t:langSec", ns)] == ["ru", "en", "ru"]
    assert tree.find(".//t:conceptEntry", ns).get("id") == "tbid_auto_3a_7"
    assert list(read_tbx(path)) == [concept]
    assert _relaxng().validate(tree) and check_tbx_basic(tree) == []


def test_empty_export_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.tbx"
    assert _write(path, [Concept("nothing", Category.OTHER)]) == 0
    assert _relaxng().validate(_parse(path))
    assert list(read_tbx(path)) == []


# ------------------------------------------------------------------------------------------ the real example


def test_reads_the_tbx_basic_example() -> None:
    path = shared_file("specs", "tbx-basic-example-dca.tbx")
    unknown: list[str] = []
    items = {c.id: c for c in read_tbx(path, on_unknown_tag=unknown.append)}
    # Expected values are read off tbx-basic-example-dca.tbx itself.
    assert len(items) == 45 and list(items)[:3] == ["c1", "c2", "c3"]
    assert sorted(unknown) == ["es", "zu"]
    c1 = items["c1"]
    assert c1.category is Category.OTHER  # subjectField "General" is not a termbase category
    assert [(t.text, t.lang, t.status) for t in c1.terms()] == [
        ("open cluster", "en", Status.PREFERRED),
        ("galactic cluster", "en", Status.DEPRECATED),  # supersededTerm-admn-sts
        ("cúmulo abierto", "es", Status.PREFERRED),  # no administrativeStatus given
    ]
    assert c1.definitions["en"] == "A group of stars formed together in the spiral arms of a galaxy."
    assert c1.definitions["es"].startswith("Una acumulación de una docena hasta varios miles de jóvenes")
    assert c1.notes == {"en": "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml"}
    note = c1.terms()[1].note or ""
    assert note.startswith("Another name for an open star cluster. They are often termed Galactic Clusters")
    assert note.endswith("\nN-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G")
    c2 = items["c2"]
    assert [(t.text, t.type, t.status) for t in c2.terms("en")] == [
        ("circumstellar accretion disk", TermType.FULL_FORM, Status.PREFERRED),
        ("accretion disc", TermType.FULL_FORM, Status.ADMITTED),
        ("circumstellar disk", TermType.FULL_FORM, Status.ADMITTED),
    ]
    c38 = {t.text: t for t in items["c38"].terms()}
    assert (c38["carbon cycle"].type, c38["carbon cycle"].status) == (TermType.VARIANT, Status.DEPRECATED)
    assert c38["carbon-nitrogen-oxygen cycle"].status is Status.ADMITTED
    c17 = items["c17"]
    assert [(t.text, t.lang) for t in c17.terms()] == [("Bally2005", "zu")]
    assert (c17.terms()[0].note or "").startswith(
        "Author[s]: Bally, John and Hans Zinnecker\nJournal Title: The Astronomical Journal\n"
        "Article Title: The Birth of High-Mass Stars: Accertion and/or Mergers?"
    )


def test_example_passes_our_tbx_basic_checks() -> None:
    path = shared_file("specs", "tbx-basic-example-dca.tbx")
    tree = _parse(path)
    assert _relaxng().validate(tree)
    assert check_tbx_basic(tree) == []


@pytest.mark.parametrize(
    ("fragment", "problem"),
    [
        # Each violates one rule of TBX-Basic_DCA.sch (pattern named in the comment).
        ('<termNote type="partOfSpeech">properNoun</termNote>', "not in its picklist"),  # module.min.termNote
        ('<termNote type="administrativeStatus">preferred</termNote>', "not in its picklist"),
        ('<termNote type="usageNote">x</termNote>', "not permitted in TBX-Basic"),  # dialectEnforcement
        ('<descrip type="subjectField">x</descrip>', "may only appear at conceptEntry"),  # module.min.descrip
        ('<descrip type="definition">x</descrip>', "may only appear at conceptEntry, langSec"),
        (
            '<xref type="xGraphic" target="http://x/y.png">y</xref>',
            "may only appear at conceptEntry, langSec",
        ),
        ('<note><b:x xmlns:b="http://www.tbxinfo.net/ns/basic">y</b:x></note>', "not in the TBX namespace"),
        ('<ref type="crossReference" target="nowhere">x</ref>', "neither an http(s) URL nor an id"),
    ],
)
def test_checker_flags_violations(fragment: str, problem: str) -> None:
    from lxml import etree

    doc = (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>"
        '<text><body><conceptEntry id="c1"><langSec xml:lang="en">'
        f"<termSec><term>t</term>{fragment}</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    problems = check_tbx_basic(etree.fromstring(doc))
    assert any(problem in p for p in problems), problems


# ------------------------------------------------------------------------------------------ TBX 2008


_TBX2008 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>hand-written</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="baku">
  <descrip type="subjectField">city</descrip>
  <langSet xml:lang="az-AZ">
    <ntig>
      <termGrp>
        <term>Bakı</term>
        <termNote type="termType">fullForm</termNote>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      </termGrp>
      <admin type="source">Azərbaycan Respublikasının Konstitusiyası</admin>
      <note>paytaxt</note>
    </ntig>
  </langSet>
  <langSet xml:lang="zh-CN">
    <descrip type="definition">阿塞拜疆首都</descrip>
    <tig><term>巴库</term><termNote type="termType">acronym</termNote></tig>
  </langSet>
</termEntry>
<termEntry>
  <langSet xml:lang="RU"><tig><term>Москва</term></tig></langSet>
</termEntry>
</body></text>
</martif>
"""


def test_reads_tbx2008_with_ntig_and_tig(tmp_path: Path) -> None:
    path = tmp_path / "t.tbx"
    path.write_text(_TBX2008, "utf-8")
    baku, moscow = list(read_tbx(path))
    assert baku == Concept(
        "baku",
        Category.CITY,
        [
            Term("Bakı", "az-Latn", source="Azərbaycan Respublikasının Konstitusiyası", note="paytaxt"),
            Term("巴库", "zh-Hans", TermType.ABBREVIATION),
        ],
        definitions={"zh-Hans": "阿塞拜疆首都"},
    )
    assert moscow == Concept("auto:2", Category.OTHER, [Term("Москва", "ru")])


def test_translate_toolkit_reads_tbx2008_export(tmp_path: Path) -> None:
    tbx_mod = pytest.importorskip("translate.storage.tbx")
    items = [
        Concept(
            "baku", Category.CITY, [Term("巴库", "zh-Hans"), Term("Bakı", "az-Latn"), Term("Баку", "ru")]
        ),
        Concept("aliyev", Category.PERSON, [Term("Ilham Aliyev", "en"), Term("阿利耶夫", "zh-Hant-TW")]),
    ]
    path = tmp_path / "tt.tbx"
    _write(path, items, dialect="tbx2008")
    store = tbx_mod.tbxfile(path.read_bytes())
    assert [u.getid() for u in store.units] == ["baku", "aliyev"]
    langs = [[n.get(XML_LANG) for n in u.getlanguageNodes()] for u in store.units]
    assert langs == [["zh-Hans", "az-Latn", "ru"], ["en", "zh-Hant-TW"]]
    assert (store.units[0].source, store.units[0].target) == ("巴库", "Bakı")


# ------------------------------------------------------------------------------------------ bad input


def test_invalid_characters_name_the_concept() -> None:
    bad = Concept("moscow", Category.CITY, [Term("Москва", "ru")], definitions={"en": "capital\x0b"})
    out = io.BytesIO()
    with pytest.raises(InputError, match="concept 'moscow': definition holds U\\+000B"):
        write_tbx(out, [Concept("baku", Category.CITY, [Term("Baku", "en")]), bad])
    assert b"\x0b" not in out.getvalue()
    with pytest.raises(InputError, match="concept 'x': term text holds U\\+FFFE"):
        write_tbx(io.BytesIO(), [Concept("x", Category.CITY, [Term("a\ufffe", "en")])], dialect="tbx2008")


def _tbx_doc(entries: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n"
        f"<text><body>\n{entries}</body></text>\n</tbx>\n"
    )


_ENTRY = (
    '<conceptEntry id="{id}"><langSec xml:lang="en">'
    "<termSec><term>{term}</term></termSec></langSec></conceptEntry>\n"
)
_LAUGHS = (
    '<!DOCTYPE tbx [\n<!ENTITY a0 "ha">\n'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
_HOSTILE: dict[str, tuple[str, str, str | None]] = {
    "duplicate-id": (
        _tbx_doc(
            _ENTRY.format(id="c1", term="a")
            + _ENTRY.format(id="c2", term="b")
            + _ENTRY.format(id="c1", term="c")
        ),
        "duplicate concept id 'c1'",
        "<term>c</term>",
    ),
    "billion-laughs": (
        _tbx_doc(_ENTRY.format(id="c1", term="&a9;"), _LAUGHS),
        "declares entity 'a0'",
        "<!ENTITY a0",
    ),
    "xxe": (
        _tbx_doc(
            _ENTRY.format(id="c1", term="&x;"), '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        ),
        "declares external entity 'x'",
        "<!ENTITY x",
    ),
    "truncated": (
        _tbx_doc("".join(_ENTRY.format(id=f"c{n}", term="a") for n in range(3)))[:-60],
        "malformed XML",
        None,
    ),
    "lang-missing": (
        _tbx_doc(_ENTRY.format(id="c1", term="a").replace(' xml:lang="en"', "")),
        "no xml:lang",
        "<langSec>",
    ),
    "not-tbx": (
        '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n',
        "not a TBX file",
        "<tmx",
    ),
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    text, pattern, marker = _HOSTILE[name]
    path = tmp_path / f"{name}.tbx"
    path.write_text(text, "utf-8")
    lines = text.split("\n")
    line = len(lines) if marker is None else next(n for n, t in enumerate(lines, 1) if marker in t)
    start = time.perf_counter()
    with pytest.raises(InputError, match=re.escape(pattern)) as caught:
        for concept in read_tbx(path):
            assert "root:" not in repr(concept.to_dict())
    assert time.perf_counter() - start < 2.0
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert "\n" not in str(caught.value)
