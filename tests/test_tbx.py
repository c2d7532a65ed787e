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
from lxml import etree
from translate.storage import tbx as tbx_mod

from termbase.errors import InputError
from termbase.formats._xml import is_ncname
from termbase.formats.tbx import decode_id, encode_id, read_tbx, write_tbx
from termbase.model import Category, Concept, Status, Term, TermType
from tests.conftest import DATA
from tests.tbx_basic_rules import check_tbx_basic
from tests.test_tmx import rich_concept_lists

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _write(path: Path, items: list[Concept], **kwargs: Any) -> int:
    with path.open("wb") as out:
        return write_tbx(out, items, **kwargs)


# The TBX core structure (our own grammar: the official one may not be copied, see data/README.md),
# compiled once: validation inside a hypothesis test must not re-read the schema for every example.
CORE = etree.RelaxNG(etree.parse(str(DATA / "tbx-core-dca.rng")))
SAMPLE = DATA / "tbx-basic-sample.tbx"


def _parse(path: Path) -> Any:
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
    assert CORE.validate(tree), CORE.error_log
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
    assert CORE.validate(tree), CORE.error_log
    assert check_tbx_basic(tree) == []


def test_empty_export_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.tbx"
    assert _write(path, [Concept("nothing", Category.OTHER)]) == 0
    assert CORE.validate(_parse(path)), CORE.error_log
    assert list(read_tbx(path)) == []


# ------------------------------------------------------------------------------------------ another tool's file


def test_reads_a_tbx_basic_file_from_another_tool() -> None:
    # tbx-basic-sample.tbx is laid out the way terminology tools export TBX-Basic: transaction
    # groups, images, descripGrps, adminGrps, wrapped notes, languages termbase does not model.
    unknown: list[str] = []
    c1, c2, c3 = read_tbx(SAMPLE, on_unknown_tag=unknown.append)
    assert sorted(unknown) == ["ka", "tr"]  # Georgian and Turkish: kept, and reported
    assert c1 == Concept(
        "c1",
        Category.OTHER,  # subjectField "International relations" is not a termbase category
        [
            Term("Russia–Azerbaijan relations", "en"),  # no status given: preferred
            Term(
                "Russo-Azerbaijani relations",
                "en",
                TermType.VARIANT,
                Status.DEPRECATED,  # supersededTerm-admn-sts
                # a note wrapped by the exporting tool is read as one line
                note="An older adjective form. Tools that wrap long notes put line breaks and "
                "indentation inside them.",
            ),
            Term("Российско-азербайджанские отношения", "ru"),
            Term("რუსეთ-აზერბაიჯანის ურთიერთობები", "ka"),
        ],
        # a definition in a descripGrp, a note with no xml:lang (the file's language is en)
        definitions={
            "en": "The bilateral relations between the Republic of Azerbaijan and the Russian Federation."
        },
        notes={"en": "Source article: zh-Wikipedia, oldid 44840694"},
    )
    assert c2 == Concept(
        "c2",
        Category.CITY,
        [
            Term("Bakı", "az-Latn", TermType.FULL_FORM, Status.ADMITTED, region="AZ"),
            # the source sits in an adminGrp of the termSec
            Term("巴库", "zh-Hans", status=Status.DEPRECATED, source="《俄罗斯—阿塞拜疆关系》"),
        ],
        definitions={"zh-Hans": "阿塞拜疆首都"},
    )
    assert c3 == Concept("c3", Category.OTHER, [Term("Hazar Denizi", "tr")])


def test_the_sample_and_the_core_grammar_agree() -> None:
    tree = _parse(SAMPLE)
    assert CORE.validate(tree), CORE.error_log
    assert check_tbx_basic(tree) == []


@pytest.mark.parametrize(
    "fragment",
    [
        "<term>u</term>",  # a termSec has one term
        '<note>n</note><termNote type="termType">fullForm</termNote>',  # termNotes come first
        "<descrip>d</descrip>",  # a data category needs its type
        "<foo/>",  # no such element
        '<xref type="xGraphic">y</xref>',  # an xref needs its target
        '<termNote type="termType" target="nowhere">fullForm</termNote>',  # a target is an id here
    ],
)
def test_core_grammar_rejects_broken_structure(fragment: str) -> None:
    doc = (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>"
        '<text><body><conceptEntry id="c1"><langSec xml:lang="en">'
        f"<termSec><term>t</term>{fragment}</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    assert not CORE.validate(etree.fromstring(doc))
    assert CORE.validate(etree.fromstring(doc.replace(fragment, "")))


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
    doc = (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>"
        '<text><body><conceptEntry id="c1"><langSec xml:lang="en">'
        f"<termSec><term>t</term>{fragment}</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    assert check_tbx_basic(etree.fromstring(doc.replace(fragment, ""))) == []
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
