"""``termbase lookup``, ``show``, ``langs``, ``stats``, ``add`` and ``remove``."""

from __future__ import annotations

import argparse
import sys

from termbase.cli._common import add_db_option, open_termbase, open_termbases, print_json, text_or_stdin
from termbase.errors import UsageError
from termbase.results import counted

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

    from termbase.model import Concept
    from termbase.termbase import Termbase

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("lookup", help="find concepts by any form, in any language or script")
    p.add_argument(
        "query",
        nargs="?",
        help="a term in any language, script, case; with or without tones or diacritics; - (or leaving it"
        " out, with a pipe) looks up each line of standard input: a table of the best concept's terms",
    )
    p.add_argument(
        "--lang", metavar="TAG", help="only match forms of this language (zh, zh-Hant-TW, az, ru …)"
    )
    p.add_argument("--limit", type=int, default=10, help="at most this many concepts (default 10)")
    p.add_argument(
        "--all-forms", action="store_true", help="also show derived forms (scripts, romanisations)"
    )
    p.add_argument(
        "--in", dest="display", default="en", metavar="LANG", help="language names in zh, ru, az or en"
    )
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p, several=True)
    p.set_defaults(func=_lookup)

    p = sub.add_parser("show", help="show one concept by its id (case-insensitive)")
    p.add_argument("id", help="the concept id, such as baku (close ids are suggested)")
    p.add_argument("--all-forms", action="store_true", help="also show derived forms")
    p.add_argument(
        "--in", dest="display", default="en", metavar="LANG", help="language names in zh, ru, az or en"
    )
    p.add_argument("--json", action="store_true", help="a JSON object (a stable contract)")
    add_db_option(p, several=True)
    p.set_defaults(func=_show)

    p = sub.add_parser("langs", help="the language tags termbase knows, with their CLDR names")
    p.add_argument("--in", dest="display", default="en", metavar="LANG", help="names in zh, ru, az or en")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    p.set_defaults(func=_langs)

    p = sub.add_parser(
        "stats", help="concepts per category, terms per language, translation units and segments"
    )
    p.add_argument("--json", action="store_true", help="a JSON object (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_stats)

    p = sub.add_parser("add", help="add a concept, or terms to a concept (needs --db)")
    p.add_argument("id", help="the concept id (a slug such as baku)")
    p.add_argument("terms", nargs="*", metavar="TAG=TEXT", help="terms, e.g. ru=Баку az=Bakı en=Baku")
    p.add_argument("--category", help="category of a new concept (country, city, person …)")
    p.add_argument("--type", default="fullForm", help="term type of the terms given (fullForm, shortForm …)")
    p.add_argument("--status", default="preferred", help="status of the terms given (preferred, admitted …)")
    p.add_argument("--note", help="a note on the terms given")
    p.add_argument("--wikidata", help="Wikidata id of a new concept")
    p.add_argument("--source", action="append", default=[], help="a source (repeatable)")
    add_db_option(p, write=True)
    p.set_defaults(func=_add, collect_extra="terms")

    p = sub.add_parser("remove", help="remove a concept, or some of its terms (needs --db)")
    p.add_argument("id", help="the concept id")
    p.add_argument("terms", nargs="*", metavar="TAG=TEXT", help="only these terms")
    add_db_option(p, write=True)
    p.set_defaults(func=_remove, collect_extra="terms")


def _print_concept(
    tb: Termbase, concept: Concept, display: str, *, all_forms: bool, header: str = "", details: bool = False
) -> None:
    tb.language_name("en", display)  # an unknown display language fails before anything is printed
    extra = ", ".join(x for x in (concept.category.value, concept.wikidata) if x)
    print(f"{concept.id}  ({extra}){header}")
    width = max((len(lang) for lang in concept.languages()), default=2)
    for lang in concept.languages():
        terms = " · ".join(
            t.text + ("" if t.status.value == "preferred" else f" [{t.status.value}]")
            for t in concept.terms(lang)
        )
        print(f"  {lang:<{width}}  {tb.language_name(lang, display)}: {terms}")
    if all_forms:
        for scheme, forms in tb.derived_forms(concept.id).items():
            print(f"  ~ {scheme}: {' · '.join(forms)}")
    for lang, note in concept.notes.items():
        print(f"  note ({lang}): {note}")
    if details:
        for lang, definition in concept.definitions.items():
            print(f"  definition ({lang}): {definition}")
        for term in concept.terms():
            said: list[str] = [
                x for x in (term.type.value if term.type.value != "fullForm" else "", term.note) if x
            ]
            if term.source:
                said.append(f"source: {term.source}")
            if said:
                print(f"  term {term.lang} {term.text!r}: {'; '.join(said)}")
        for source in concept.sources:
            print(f"  source: {source}")


def _lookup(args: argparse.Namespace) -> int:
    from termbase.langtags import display_language

    display_language(args.display)  # an unknown --in fails whether or not anything is found
    args.query = text_or_stdin(args.query, "QUERY")
    tbs = open_termbases(args)
    if args.query == "-":
        return _lookup_lines(args, tbs)
    matches = tbs.lookup(args.query, lang=args.lang, limit=args.limit)
    by_name = {tb.name: tb for tb in tbs.members}
    several = len(tbs.members) > 1
    if args.json:
        out = []
        for m in matches:
            item = m.to_dict()
            if args.all_forms:
                item["derived"] = by_name[m.termbase or ""].derived_forms(m.concept.id)
            out.append(item)
        print_json(out)
    else:
        if not matches:
            print(f"nothing found for {args.query!r}", file=sys.stderr)
        for i, m in enumerate(matches):
            if i:
                print()
            how = m.how + (f" via {m.scheme}" if m.scheme else "")
            if several:
                how += f", in {m.termbase}"
            _print_concept(
                by_name[m.termbase or ""],
                m.concept,
                args.display,
                all_forms=args.all_forms,
                header=f"  score {m.score}, {how}: {m.lang} {m.text!r}",
            )
    return 0 if matches else 1


TABLE_LANGS = ("zh-Hans", "ru", "az-Latn", "en")
"""The languages of ``lookup -``'s table: the best concept's term in each."""


def _lookup_lines(args: argparse.Namespace, tbs: Any) -> int:
    """``lookup -``: each line of standard input looked up; a tab-separated table (the query, the
    best concept, its score and its preferred term in each of :data:`TABLE_LANGS`), or with
    ``--json`` one JSON object a line (the query and its matches). A term of the type the query
    matched is chosen (:meth:`~termbase.model.Concept.counterpart`: a short form for a short form).
    Exit 1 if a line found nothing."""
    import json

    status = 0
    if not args.json:
        print("\t".join(("query", "concept", "score", *TABLE_LANGS)))
    for line in sys.stdin:
        query = line.strip()
        if not query:
            continue
        matches = tbs.lookup(query, lang=args.lang, limit=args.limit)
        status = status or (0 if matches else 1)
        if args.json:
            record = {"query": query, "matches": [m.to_dict() for m in matches]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        if not matches:
            print("\t".join((query, "", "", *("" for _ in TABLE_LANGS))))
            continue
        best = matches[0]
        written = best.matched_term()
        terms = [best.concept.counterpart(lang, written) for lang in TABLE_LANGS]
        cells = (term.text if term is not None else "" for term in terms)
        print("\t".join((query, best.concept.id, str(best.score), *cells)))
    return status


def _show(args: argparse.Namespace) -> int:
    tb, concept = open_termbases(args).find(args.id)
    if args.json:
        data = concept.to_dict()
        data["termbase"] = tb.name
        if args.all_forms:
            data["derived"] = tb.derived_forms(concept.id)
        print_json(data)
    else:
        _print_concept(tb, concept, args.display, all_forms=args.all_forms, details=True)
    return 0


def _langs(args: argparse.Namespace) -> int:
    from termbase.langtags import language_names

    rows = list(language_names(args.display).items())
    if args.json:
        print_json([{"tag": tag, "name": name} for tag, name in rows])
    else:
        for tag, name in rows:
            print(f"{tag:<11} {name}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    tb = open_termbase(args)
    stats = tb.stats()
    if args.json:
        print_json(stats.to_dict())
        return 0
    print(f"{counted(stats.concepts, 'concept')} in {tb.name}")
    print(counted(stats.units, "translation unit"))
    if stats.file_bytes is not None:
        what = "file" if tb.store.path is not None else "database"  # a server's database has no file
        print(f"{what} size: {stats.file_bytes / 1e6:.1f} MB")
    for title in ("categories", "terms", "derived", "segments"):
        table = getattr(stats, title)
        if not table:  # a termbase of units alone has no categories, terms or derived forms
            continue
        print(f"{title}:")
        for key, count in table.items():
            print(f"  {key:<14} {count}")
    return 0


def _parse_terms(items: list[str], args: argparse.Namespace) -> list[Any]:
    from termbase.langtags import normalize_tag
    from termbase.model import Status, Term, TermType

    try:
        kind = TermType(getattr(args, "type", TermType.FULL_FORM))
        status = Status(getattr(args, "status", Status.PREFERRED))
    except ValueError as error:
        raise UsageError(str(error)) from None
    terms = []
    for item in items:
        tag, sep, text = item.partition("=")
        if not sep or not text.strip():
            raise UsageError(f"a term is TAG=TEXT (like ru=Баку), not {item!r}")
        terms.append(Term(text.strip(), normalize_tag(tag), kind, status, note=getattr(args, "note", None)))
    return terms


def _add(args: argparse.Namespace) -> int:
    from termbase.model import Category, Concept

    tb = open_termbase(args, write=True)
    terms = _parse_terms(args.terms, args)
    if args.id in tb:
        print(f"{args.id}: {counted(tb.add_terms(args.id, terms), 'term')} added")
        return 0
    if not args.category:
        raise UsageError(f"{args.id!r} is a new concept: give its --category")
    try:
        category = Category(args.category)
    except ValueError:
        known = ", ".join(c.value for c in Category)
        raise UsageError(f"unknown category {args.category!r}; known: {known}") from None
    try:
        concept = Concept(args.id, category, terms, wikidata=args.wikidata, sources=args.source)
    except ValueError as error:  # an id that is not a slug, a malformed Wikidata id
        raise UsageError(str(error)) from None
    tb.add(concept)
    print(f"{args.id}: concept added with {counted(len(terms), 'term')}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    tb = open_termbase(args, write=True)
    if not args.terms:
        tb.remove(args.id)
        print(f"{args.id}: removed")
        return 0
    tb.remove_terms(args.id, [(term.lang, term.text) for term in _parse_terms(args.terms, args)])
    print(f"{args.id}: {counted(len(args.terms), 'term')} removed")
    return 0
