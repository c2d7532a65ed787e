"""The TBX-Basic (DCA) rules that the RELAX NG core structure cannot express, restated in Python.

The official rules are the Schematron ``TBX-Basic_DCA.sch`` with the Basic module's ``Basic.sch``
(github.com/LTAC-Global/TBX-Basic_dialect, ISO 30042:2019 TBX-Basic dialect). They are XSLT 2
Schematron, which lxml cannot run, and their terms do not allow copying them into this repository
(tests/data/README.md), so the tests check termbase's TBX output with this restatement: the root's
type and style, only TBX-namespace elements, the permitted ``type`` of each element, picklist values,
the levels each data category may appear at, termNotes only in termSecs, ``target`` attributes that
are http(s) URLs or ids in the document. ``tests/test_tbx.py`` shows each rule firing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from termbase.formats.tbx import TBX_NS

if TYPE_CHECKING:
    from lxml import etree


def _local(element: etree._Element) -> tuple[str, str | None]:
    """(local name, namespace) of an element."""
    tag = element.tag
    if not isinstance(tag, str):
        return "", None
    if tag[0] == "{":
        ns, _, name = tag[1:].partition("}")
        return name, ns
    return tag, None


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


_PICKLISTS: dict[str, frozenset[str]] = {
    # TBX-Basic_DCA.sch, patterns module.min.termNote and module.basic.termNote / .transac.
    "administrativeStatus": frozenset(
        {
            "admittedTerm-admn-sts",
            "deprecatedTerm-admn-sts",
            "supersededTerm-admn-sts",
            "preferredTerm-admn-sts",
        }
    ),
    "partOfSpeech": frozenset({"adjective", "noun", "other", "verb", "adverb"}),
    "grammaticalGender": frozenset({"masculine", "feminine", "neuter", "other"}),
    "termType": frozenset({"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}),
    "termLocation": frozenset(
        {
            "checkBox",
            "comboBox",
            "comboBoxElement",
            "dialogBox",
            "groupBox",
            "informativeMessage",
            "interactiveMessage",
            "menuItem",
            "progressBar",
            "pushButton",
            "radioButton",
            "slider",
            "spinBox",
            "tab",
            "tableText",
            "textBox",
            "toolTip",
            "user-definedType",
        }
    ),
}
# TBX-Basic_DCA.sch, pattern dialectEnforcement: the permitted types of each element.
_TYPES: dict[str, frozenset[str]] = {
    "admin": frozenset({"customerSubset", "projectSubset", "source"}),
    "descrip": frozenset({"subjectField", "context", "definition"}),
    "ref": frozenset({"crossReference"}),
    "termNote": frozenset(_PICKLISTS) | {"geographicalUsage"},
    "transac": frozenset({"transactionType"}),
    "transacNote": frozenset({"responsibility"}),
    "xref": frozenset({"externalCrossReference", "xGraphic"}),
}
# Where each data category may appear (the module.* patterns): allowed parent levels.
_LEVELS: dict[tuple[str, str], frozenset[str]] = {
    ("admin", "customerSubset"): frozenset({"conceptEntry", "termSec"}),
    ("admin", "projectSubset"): frozenset({"conceptEntry", "termSec"}),
    ("admin", "source"): frozenset({"conceptEntry", "langSec", "termSec"}),
    ("descrip", "subjectField"): frozenset({"conceptEntry"}),
    ("descrip", "context"): frozenset({"termSec"}),
    ("descrip", "definition"): frozenset({"conceptEntry", "langSec"}),
    ("ref", "crossReference"): frozenset({"conceptEntry", "termSec"}),
    ("transac", "transactionType"): frozenset({"conceptEntry", "langSec", "termSec"}),
    ("transacNote", "responsibility"): frozenset({"conceptEntry", "langSec", "termSec"}),
    ("xref", "externalCrossReference"): frozenset({"conceptEntry", "langSec", "termSec"}),
    ("xref", "xGraphic"): frozenset({"conceptEntry", "langSec"}),
}
_URL = re.compile(r"https?://.+")


def _level(element: etree._Element, skip_groups: bool) -> str:
    """The local name of the element's level: its parent, looking through a *Grp parent."""
    parent = element.getparent()
    if parent is None:
        return ""
    name = _local(parent)[0]
    if skip_groups and name.endswith("Grp"):
        grand = parent.getparent()
        return _local(grand)[0] if grand is not None else ""
    return name


def check_tbx_basic(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The TBX-Basic DCA rules the RELAX NG core structure cannot express, as messages.

    Derived from ``TBX-Basic_DCA.sch`` (ISO 30042:2019 TBX-Basic dialect): the root's type and
    style, only TBX-namespace elements, the permitted ``type`` of each element, picklist values,
    the levels each data category may appear at, termNotes only in termSecs, ``target``
    attributes that are http(s) URLs or ids in the document. An empty list means valid.

    >>> from lxml import etree
    >>> doc = etree.fromstring(
    ...     '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
    ...     '<text><body><conceptEntry id="c"><descrip type="subjectField">x</descrip><langSec xml:lang="en">'
    ...     '<termSec><term>t</term><termNote type="termType">properNoun</termNote></termSec>'
    ...     '</langSec></conceptEntry></body></text></tbx>')
    >>> check_tbx_basic(doc)
    ["line 1: termNote type 'termType' has value 'properNoun', not in its picklist"]
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    problems: list[str] = []
    if _local(root)[0] != "tbx" or root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        problems.append("root must be <tbx type='TBX-Basic' style='dca'>")
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        where = f"line {element.sourceline}"
        name, ns = _local(element)
        if ns != TBX_NS:
            problems.append(f"{where}: element {element.tag} is not in the TBX namespace (DCT in a DCA file)")
            continue
        kind_type = element.get("type")
        if kind_type is not None and kind_type == "":
            problems.append(f"{where}: empty type attribute on <{name}>")
        target = element.get("target")
        if target is not None and not _URL.match(target) and target not in ids:
            problems.append(f"{where}: target {target!r} is neither an http(s) URL nor an id in the document")
        if name in _TYPES:
            if kind_type not in _TYPES[name]:
                problems.append(f"{where}: <{name}> type {kind_type!r} is not permitted in TBX-Basic")
                continue
            value = _text(element).strip()
            if name == "termNote":
                if _level(element, skip_groups=True) != "termSec":
                    problems.append(f"{where}: termNote outside a termSec")
                if kind_type in _PICKLISTS and value not in _PICKLISTS[kind_type]:
                    problems.append(
                        f"{where}: termNote type {kind_type!r} has value {value!r}, not in its picklist"
                    )
            if name == "transac" and value not in ("origination", "modification"):
                problems.append(
                    f"{where}: transactionType value {value!r} is not origination or modification"
                )
            allowed = _LEVELS.get((name, kind_type or ""))
            if allowed is not None:
                parent = element.getparent()
                direct = _local(parent)[0] if parent is not None else ""
                # descrip may sit in a descripGrp, transac(Note) in a transacGrp, admin in any
                # Grp but a transacGrp, xref only directly (as the Schematron rules say).
                if name == "xref":
                    level = direct
                elif name == "admin" and direct == "transacGrp":
                    level = "transacGrp"
                else:
                    level = _level(element, skip_groups=True)
                if level not in allowed:
                    places = ", ".join(sorted(allowed))
                    problems.append(f"{where}: {kind_type} may only appear at {places}, not in {level}")
    return problems
