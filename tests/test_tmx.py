"""TMX 1.4b export and TMX 1.1–1.4 import: round trips, DTD validity, interop, hostile input."""

from __future__ import annotations

import gzip
import io
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tmx as tmx_mod

from termbase.errors import InputError
from termbase.formats.tmx import MARKUP_PROP, read_tmx, write_tmx
from termbase.langtags import KNOWN_TAGS
from termbase.model import Category, Concept, Term, TranslationUnit
from tests.conftest import SPECS
from tests.strategies import any_text, concepts, tricky_note

# ------------------------------------------------------------------------------------------ strategies

# Notes that also carry CR, CRLF, a leading "=", bidi marks and an emoji (the brief's hard cases).
hard_note = st.one_of(
    tricky_note,
    st.sampled_from(['=1+2, "a"\r\nb\t<c> & d', "\u200f\u202e\u05e9\u05dc\u05d5\u05dd 😀", "x\ry"]),
)


@st.composite
def rich_concepts(draw: st.DrawFn) -> Concept:
    """The shared concept strategy, plus term regions and sources and harder notes."""
    base = draw(concepts())
    terms = [
        Term(
            t.text,
            t.lang,
            t.type,
            t.status,
            note=t.note,
            source=draw(st.none() | hard_note),
            region=draw(st.none() | st.sampled_from(["AZ", "RU", "TW", "HK", "Nakhchivan"])),
        )
        for t in base.terms()
    ]
    notes = dict(base.notes)
    if draw(st.booleans()):
        notes["ru"] = draw(hard_note)
    return Concept(
        base.id,
        base.category,
        terms,
        wikidata=base.wikidata,
        definitions=base.definitions,
        notes=notes,
        sources=base.sources,
    )


rich_concept_lists = st.lists(rich_concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id)

# Character data for segments: letters of every script plus everything that needs escaping.
_SEG_ALPHABET = "abcəıİğşАаБбЖжӘә巴库俄罗斯 &<>\"'\t\n\r,;=😀\u200f"
seg_text = st.text(alphabet=_SEG_ALPHABET, max_size=12)


@st.composite
def inline_markup(draw: st.DrawFn) -> str:
    """A segment's inner XML with TMX inline elements, serialised by lxml (the canonical form)."""
    from lxml import etree

    seg = etree.Element("seg")
    seg.text = draw(seg_text)
    for _ in range(draw(st.integers(1, 4))):
        tag = draw(st.sampled_from(["bpt", "ept", "ph", "hi", "it"]))
        element = etree.SubElement(seg, tag)
        if tag in ("bpt", "ept"):
            element.set("i", str(draw(st.integers(1, 9))))
        if tag == "it":
            element.set("pos", draw(st.sampled_from(["begin", "end"])))
        if tag == "ph":
            element.set("x", draw(st.sampled_from(['a"b&c', "1", "t\tn\nr"])))
        # None, not "": lxml writes an element whose text is "" as <x></x> but parses it back as <x/>.
        element.text = draw(st.sampled_from(["<b>", "</b>", '<a href="x&amp;y">', "{1}", None]))
        if tag in ("bpt", "ph") and draw(st.booleans()):
            sub = etree.SubElement(element, "sub")
            sub.text = draw(seg_text) or None
            sub.tail = draw(st.sampled_from(['">', ""]))
        element.tail = draw(seg_text)
    whole: str = etree.tostring(seg, encoding=str)
    if whole.endswith("/>"):
        return ""
    return whole[len("<seg>") : -len("</seg>")]


unit_ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[0-9]{1,4})?", fullmatch=True)
prop_types = st.from_regex(r"x-[a-z]{1,8}", fullmatch=True).filter(
    lambda k: k not in ("x-origin", "x-category")
)


@st.composite
def units(draw: st.DrawFn, markup: bool = True) -> TranslationUnit:
    langs = draw(st.lists(st.sampled_from(KNOWN_TAGS), min_size=1, max_size=4, unique=True))
    text = st.one_of(inline_markup(), any_text) if markup else st.one_of(any_text, seg_text)
    return TranslationUnit(
        draw(unit_ids),
        {lang: draw(text) for lang in langs},
        origin=draw(st.none() | any_text),
        note=draw(st.none() | hard_note),
        props=draw(st.dictionaries(prop_types, hard_note, max_size=3)),
    )


def _write(path: Path, **kwargs: object) -> int:
    with path.open("wb") as out:
        return write_tmx(out, **kwargs)  # type: ignore[arg-type]


# The TMX 1.4 DTD (CC BY 3.0, vendored: data/README.md), loaded once: validation inside a
# hypothesis test must not re-read the DTD for every example.
TMX_DTD = etree.DTD(str(SPECS / "tmx14.dtd"))


def _assert_valid(path: Path) -> None:
    dtd = TMX_DTD
    tree = etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    assert dtd.validate(tree), dtd.error_log  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------ round trips


@given(rich_concept_lists)
def test_concepts_round_trip(tmp_path_factory: pytest.TempPathFactory, items: list[Concept]) -> None:
    path = tmp_path_factory.mktemp("tmx") / "g.tmx"
    assert _write(path, concepts=items) == len(items)
    assert list(read_tmx(path)) == items
    _assert_valid(path)


@given(st.lists(units(), min_size=1, max_size=5, unique_by=lambda u: u.id))
def test_units_round_trip_keeping_markup(
    tmp_path_factory: pytest.TempPathFactory, items: list[TranslationUnit]
) -> None:
    # inline="keep": variants that hold inline elements are marked in MARKUP_PROP and come back
    # as the same inner XML; every other variant is plain text and comes back unchanged.
    keep = []
    for u in items:
        marked = [lang for lang, text in u.variants.items() if "<" in text and _is_markup(text)]
        props = dict(u.props)
        if marked:
            props[MARKUP_PROP] = " ".join(marked)
        keep.append(TranslationUnit(u.id, u.variants, u.origin, u.note, props=props))
    path = tmp_path_factory.mktemp("tmx") / "m.tmx"
    assert _write(path, units=keep) == len(keep)
    assert list(read_tmx(path)) == keep
    _assert_valid(path)


def _is_markup(text: str) -> bool:
    from lxml import etree

    try:
        return len(etree.fromstring(f"<seg>{text}</seg>".encode())) > 0
    except etree.XMLSyntaxError:
        return False


@given(st.lists(units(markup=False), min_size=1, max_size=5, unique_by=lambda u: u.id))
def test_units_round_trip_plain(
    tmp_path_factory: pytest.TempPathFactory, items: list[TranslationUnit]
) -> None:
    path = tmp_path_factory.mktemp("tmx") / "p.tmx"
    _write(path, units=items, inline="plain")
    assert list(read_tmx(path, inline="plain")) == items


def _escape(text: str) -> str:
    # How libxml2 serialises character data (the documented keep-mode form), spelled out here.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def test_unit_dates_usage_and_mixed_export(tmp_path: Path) -> None:
    unit = TranslationUnit(
        "s1",
        {"zh-Hans": "巴库", "ru": "Баку"},
        origin="article",
        created="2024-05-01T12:30:00+00:00",
        changed="2024-05-02T08:00:00Z",
        usage_count=7,
    )
    concept = Concept("baku", Category.CITY, [Term("Bakı", "az-Latn")])
    path = tmp_path / "mixed.tmx"
    assert _write(path, concepts=[concept], units=[unit]) == 2
    _assert_valid(path)
    text = path.read_text("utf-8")
    # TMX 1.4b section 3.2 (creationdate): ISO 8601 basic format YYYYMMDDThhmmssZ.
    assert 'creationdate="20240501T123000Z"' in text and 'changedate="20240502T080000Z"' in text
    assert 'segtype="sentence"' in text and '<tu tuid="baku" segtype="phrase">' in text
    got_concept, got_unit = list(read_tmx(path))
    assert got_concept == concept
    assert isinstance(got_unit, TranslationUnit)
    assert (got_unit.created, got_unit.changed, got_unit.usage_count) == (
        "2024-05-01T12:30:00Z",
        "2024-05-02T08:00:00Z",
        7,
    )


def test_header_attributes(tmp_path: Path) -> None:
    from lxml import etree

    path = tmp_path / "h.tmx"
    before = datetime.now(UTC).replace(microsecond=0)
    _write(path, concepts=[Concept("baku", Category.CITY, [Term("Baku", "en")])], source="en", adminlang="ru")
    header = etree.parse(str(path)).getroot().find("header")
    assert header is not None
    assert header.get("creationtool") == "termbase"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", header.get("creationtoolversion", ""))
    assert (header.get("segtype"), header.get("o-tmf"), header.get("datatype")) == (
        "phrase",
        "termbase",
        "plaintext",
    )
    assert (header.get("srclang"), header.get("adminlang")) == ("en", "ru")
    stamp = datetime.strptime(header.get("creationdate", ""), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)


def test_concept_without_terms_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "e.tmx"
    assert _write(path, concepts=[Concept("empty", Category.OTHER)]) == 0
    _assert_valid(path)
    assert list(read_tmx(path)) == []


# ------------------------------------------------------------------------------------------ inline markup

# A segment in the shape of the TMX 1.4b specification's examples (section 3.7, <bpt>/<ept>/<ph>/<hi>/<sub>).
_MARKUP_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en"
 datatype="html"/>
<body>
<tu tuid="m1">
<tuv xml:lang="en"><seg>Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> &amp; see \
<ph x="2">&lt;img alt="<sub>Logo</sub>"/&gt;</ph><hi type="x-term">Baku</hi>.</seg></tuv>
<tuv xml:lang="ru"><seg><it pos="begin" x="3">&lt;i&gt;</it>Нажмите <bpt i="1">&lt;b&gt;</bpt>OK\
<ept i="1">&lt;/b&gt;</ept></seg></tuv>
</tu>
</body>
</tmx>
"""


def _segs(text: str) -> list[str]:
    return re.findall(r"<seg>(.*?)</seg>", text, flags=re.S)


def test_markup_is_rewritten_identically(tmp_path: Path) -> None:
    source = tmp_path / "in.tmx"
    source.write_text(_MARKUP_TMX, "utf-8")
    (unit,) = list(read_tmx(source))
    assert isinstance(unit, TranslationUnit)
    again = tmp_path / "out.tmx"
    _write(again, units=[unit])
    assert _segs(again.read_text("utf-8")) == _segs(_MARKUP_TMX)
    _assert_valid(again)


def test_markup_reduced_to_plain_text(tmp_path: Path) -> None:
    source = tmp_path / "in.tmx"
    source.write_text(_MARKUP_TMX, "utf-8")
    (unit,) = list(read_tmx(source, inline="plain"))
    assert isinstance(unit, TranslationUnit)
    # Native codes (bpt/ept/ph/it content, and the <sub> inside them) are dropped; <hi> text stays.
    assert dict(unit.variants) == {"en": "Press OK & see Baku.", "ru": "Нажмите OK"}


def test_plain_text_stays_plain_and_marked_markup_must_be_well_formed(tmp_path: Path) -> None:
    unit = TranslationUnit("u1", {"en": "AT&T <b"})
    path = tmp_path / "plain.tmx"
    _write(path, units=[unit])
    assert list(read_tmx(path)) == [unit]
    assert list(read_tmx(path, inline="plain")) == [unit]
    broken = TranslationUnit("u1", {"en": "AT&T <b"}, props={MARKUP_PROP: "en"})
    with pytest.raises(InputError, match=r"u1.*not well-formed"):
        write_tmx(io.BytesIO(), units=[broken])
    foreign = TranslationUnit("u1", {"en": "<b>x</b>"}, props={MARKUP_PROP: "en"})
    with pytest.raises(InputError, match=r"u1.*<b>"):
        write_tmx(io.BytesIO(), units=[foreign])


def test_markup_written_as_plain_text_on_request(tmp_path: Path) -> None:
    source = tmp_path / "in.tmx"
    source.write_text(_MARKUP_TMX, "utf-8")
    (unit,) = list(read_tmx(source))
    path = tmp_path / "plain.tmx"
    _write(path, units=[unit], inline="plain")
    (again,) = list(read_tmx(path))
    assert dict(again.variants) == {"en": "Press OK & see Baku.", "ru": "Нажмите OK"}
    assert MARKUP_PROP not in again.props


# ------------------------------------------------------------------------------------------ foreign files


def _tmx(body: str, header: str = "", encoding: str = "UTF-8", version: str = "1.4") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<tmx version="{version}">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"'
        f' srclang="en-US" datatype="plaintext"{header}/>\n<body>\n{body}</body>\n</tmx>\n'
    )


def test_language_tags_normalised_and_unknown_reported(tmp_path: Path) -> None:
    # The brief's table: zh-CN→zh-Hans, zh-TW→zh-Hant-TW, zh-HK→zh-Hant-HK, RU-RU→ru, EN-US→en, az-AZ→az-Latn.
    body = (
        '<tu tuid="t1"><tuv xml:lang="EN-US"><seg>Baku</seg></tuv><tuv xml:lang="zh-CN"><seg>巴库</seg></tuv>'
        '<tuv xml:lang="zh-TW"><seg>巴庫</seg></tuv><tuv xml:lang="zh-HK"><seg>巴古</seg></tuv>'
        '<tuv xml:lang="RU-RU"><seg>Баку</seg></tuv><tuv xml:lang="az-AZ"><seg>Bakı</seg></tuv>'
        '<tuv xml:lang="az-Cyrl-AZ"><seg>Бакы</seg></tuv><tuv xml:lang="de-AT"><seg>Baku</seg></tuv></tu>\n'
        '<tu tuid="t2"><tuv lang="de-at"><seg>Wien</seg></tuv><tuv lang="en"><seg>Vienna</seg></tuv></tu>\n'
    )
    path = tmp_path / "tags.tmx"
    path.write_text(_tmx(body, version="1.1"), "utf-8")
    unknown: list[str] = []
    first, second = list(read_tmx(path, on_unknown_tag=unknown.append))
    assert isinstance(first, TranslationUnit) and isinstance(second, TranslationUnit)
    assert list(first.variants) == [
        "en",
        "zh-Hans",
        "zh-Hant-TW",
        "zh-Hant-HK",
        "ru",
        "az-Latn",
        "az-Cyrl",
        "de-AT",
    ]
    assert dict(second.variants) == {"de-AT": "Wien", "en": "Vienna"}
    assert unknown == ["de-AT"]


def test_utf16_with_bom_and_gzip(tmp_path: Path) -> None:
    body = (
        '<tu tuid="t1"><tuv xml:lang="az-Latn"><seg>Bakı İlham</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Баку</seg></tuv></tu>\n'
    )
    expected = [TranslationUnit("t1", {"az-Latn": "Bakı İlham", "ru": "Баку"})]
    utf16 = tmp_path / "u16.tmx"
    utf16.write_bytes(_tmx(body, encoding="UTF-16").encode("utf-16"))  # Python's utf-16 writes a BOM
    assert utf16.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert list(read_tmx(utf16)) == expected
    zipped = tmp_path / "g.tmx.gz"
    zipped.write_bytes(gzip.compress(_tmx(body).encode("utf-8")))
    assert list(read_tmx(zipped)) == expected
    sniffed = tmp_path / "no-suffix.tmx"  # gzip recognised by its magic bytes, not its name
    sniffed.write_bytes(zipped.read_bytes())
    assert list(read_tmx(sniffed)) == expected


def test_declared_legacy_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tmx"
    path.write_bytes(
        _tmx('<tu tuid="t"><tuv xml:lang="en"><seg>café</seg></tuv></tu>\n', encoding="ISO-8859-1").encode(
            "latin-1"
        )
    )
    assert list(read_tmx(path)) == [TranslationUnit("t", {"en": "café"})]


def test_translate_toolkit_reads_export(tmp_path: Path) -> None:
    items = [
        Concept(
            "baku", Category.CITY, [Term("巴库", "zh-Hans"), Term("Bakı", "az-Latn"), Term("Баку", "ru")]
        ),
        Concept("moscow", Category.CITY, [Term("Moscow", "en"), Term("莫斯科", "zh-Hant-TW")]),
    ]
    path = tmp_path / "tt.tmx"
    _write(path, concepts=items, units=[TranslationUnit("s1", {"en": "Hello", "az-Cyrl": "Салам"})])
    store = tmx_mod.tmxfile(path.read_bytes())
    assert len(store.units) == 3
    langs = [
        sorted(node.get("{http://www.w3.org/XML/1998/namespace}lang") for node in unit.getlanguageNodes())
        for unit in store.units
    ]
    assert langs == [["az-Latn", "ru", "zh-Hans"], ["en", "zh-Hant-TW"], ["az-Cyrl", "en"]]
    assert store.units[0].source == "巴库"


# ------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("term text", lambda bad: Concept("baku", Category.CITY, [Term(f"Ba{bad}ku", "en")])),
        ("note", lambda bad: Concept("baku", Category.CITY, [Term("Baku", "en")], notes={"en": bad})),
        ("term note", lambda bad: Concept("baku", Category.CITY, [Term("Baku", "en", note=f"x{bad}")])),
        ("source", lambda bad: Concept("baku", Category.CITY, [Term("Baku", "en")], sources=[bad])),
    ],
)
@pytest.mark.parametrize("bad", ["\x0b", "\x00", "\ud800", "\ufffe", "\uffff", "\x1f"])
def test_invalid_xml_characters_rejected(field: str, make: Callable[[str], Concept], bad: str) -> None:
    out = io.BytesIO()
    good = Concept("ok", Category.CITY, [Term("Fine", "en")])
    with pytest.raises(InputError, match=f"concept 'baku': {field} holds U\\+{ord(bad):04X}"):
        write_tmx(out, concepts=[good, make(bad)])
    assert f"U+{ord(bad):04X}".encode() not in out.getvalue()
    assert bad.encode("utf-8", "surrogatepass") not in out.getvalue()


def test_invalid_character_in_unit_names_unit() -> None:
    with pytest.raises(InputError, match="unit 's9': variant 'ru' holds U\\+000B"):
        write_tmx(io.BytesIO(), units=[TranslationUnit("s9", {"en": "ok", "ru": "пло\x0bхо"})])


_BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + ']>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"'
    ' adminlang="en" srclang="en" datatype="plaintext" creationid="&lol9;"/>\n<body>'
    '<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>\n'
)
_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    + _tmx('<tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu>\n').split("\n", 1)[1]
)
_HOSTILE: dict[str, tuple[bytes, str, bytes | None]] = {
    # name: (file bytes, message pattern, text on the line the error must name; None: the last line)
    "billion-laughs": (_BILLION_LAUGHS.encode(), "declares entity 'lol0'", b"<!ENTITY lol0"),
    "xxe": (_XXE.encode(), "declares external entity 'xxe'", b"<!ENTITY xxe"),
    "billion-laughs-utf16": (
        _BILLION_LAUGHS.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>', 1).encode("utf-16"),
        "declares entity 'lol0'",
        b"<!ENTITY lol0",
    ),
    "truncated": (
        _tmx('<tu><tuv xml:lang="en"><seg>Baku</seg></tuv></tu>\n' * 3)[:-40].encode(),
        "malformed XML",
        None,
    ),
    "declared-utf8-is-latin1": (
        _tmx('<tu><tuv xml:lang="en"><seg>café</seg></tuv></tu>\n').encode("latin-1"),
        "malformed XML",
        b"<seg>caf",
    ),
    "declared-latin1-is-utf8": (
        _tmx('<tu><tuv xml:lang="en"><seg>café</seg></tuv></tu>\n', encoding="ISO-8859-1").encode("utf-8"),
        "declares encoding 'ISO-8859-1' but its bytes are UTF-8",
        b"<seg>caf",
    ),
    "declared-utf16-is-utf8": (
        _tmx("", encoding="UTF-16").encode("utf-8"),
        "declares encoding 'UTF-16' but its bytes are 8-bit",
        b"<?xml",
    ),
    "no-header": (
        b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>x</seg>'
        b"</tuv></tu></body></tmx>",
        "no <header>",
        b"<body>",
    ),
    "tuv-without-lang": (
        _tmx('<tu tuid="a">\n<tuv><seg>Baku</seg></tuv></tu>\n').encode(),
        "no xml:lang",
        b"<tuv><seg>",
    ),
    "not-tmx": (b'<?xml version="1.0"?>\n<html><body><tu/></body></html>', "not a TMX file", b"<html>"),
}


def _line_of(data: bytes, marker: bytes | None) -> int:
    if data.startswith(b"\xff\xfe"):
        data = data.decode("utf-16").encode()
    lines = data.split(b"\n")
    if marker is None:
        return len(lines)
    return next(n for n, text in enumerate(lines, 1) if marker in text)


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    data, pattern, marker = _HOSTILE[name]
    line = _line_of(data, marker)
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(InputError, match=re.escape(pattern)) as caught:
        for item in read_tmx(path):
            assert "root:" not in repr(item)  # /etc/passwd never shows up in anything yielded
    assert time.perf_counter() - start < 2.0
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert caught.value.line == line and "\n" not in str(caught.value)
