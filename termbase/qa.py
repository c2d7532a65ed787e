"""Terminology QA over bilingual segments: missing, deprecated and misspelt terms.

For each pair (source text, target text):

* **missing**: a term recognised in the source whose concept has approved target terms
  (preferred or admitted, stored or derived in the target language), none of which is
  found in the target in any inflected form;
* **deprecated**: a deprecated target-language term used in the target;
* **spelling**: a name written in the target in another language's form or another
  romanisation or script than the glossary's (``Aliyev`` in Azerbaijani text where the
  glossary has ``Əliyev``; ``Baku`` for ``Bakı``). Found by recognising every form of
  every language in the target with the target language's morphology; a span that also
  matches a target-language form is not a finding.

A concept reported as deprecated or misspelt in a segment is not also reported missing.

>>> from termbase.recognize import Recognizer
>>> rec = Recognizer([("baku", "ru", "Баку", "preferred"), ("baku", "az-Latn", "Bakı", "preferred"),
...                   ("baku", "en", "Baku", "preferred")])
>>> [f.kind for f in check_pairs([("Я в Баку", "Mən Bakıdayam")], "ru", "az-Latn", rec)]
[]
>>> [(f.kind, f.found) for f in check_pairs([("Я в Баку", "Mən Bakudayam")], "ru", "az-Latn", rec)]
[('spelling', 'Bakudayam')]
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from termbase.errors import InputError, NotFoundError, UsageError
from termbase.recognize import Recognizer

if TYPE_CHECKING:
    from termbase.termbase import Termbase

__all__ = [
    "Finding",
    "FindingKind",
    "QAReport",
    "Segment",
    "check_file",
    "check_file_report",
    "check_pairs",
    "file_languages",
    "junit_report",
    "read_pairs",
]

FindingKind: TypeAlias = Literal["missing", "deprecated", "spelling"]
MISSING: Final = "missing"
DEPRECATED: Final = "deprecated"
SPELLING: Final = "spelling"


@dataclass(frozen=True, slots=True)
class Segment:
    """A source/target pair with where it came from."""

    id: str
    source: str
    target: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One terminology problem in one segment; ``kind`` is ``"missing"``, ``"deprecated"`` or
    ``"spelling"``."""

    segment: str
    line: int | None
    kind: FindingKind
    concept_id: str
    source_term: str | None
    expected: tuple[str, ...]
    found: str | None
    message: str

    def to_dict(self) -> dict[str, object]:
        """The stable JSON object of ``termbase check --json``."""
        return {
            "segment": self.segment,
            "line": self.line,
            "kind": self.kind,
            "concept": self.concept_id,
            "source_term": self.source_term,
            "expected": list(self.expected),
            "found": self.found,
            "message": self.message,
        }


def _segments(pairs: Iterable[Any]) -> Iterator[Segment]:
    for number, pair in enumerate(pairs, 1):
        if isinstance(pair, Segment):
            yield pair
        else:
            source, target = pair
            yield Segment(str(number), source, target)


def _quoted(forms: Iterable[str]) -> str:
    return " / ".join(f"«{f}»" for f in forms)


def _check_segment(seg: Segment, source: str, target: str, rec: Recognizer) -> list[Finding]:
    findings: list[Finding] = []
    expected_cache: dict[str, tuple[str, ...]] = {}

    def expected(concept_id: str) -> tuple[str, ...]:
        if concept_id not in expected_cache:
            expected_cache[concept_id] = tuple(rec.forms_of(concept_id, target))
        return expected_cache[concept_id]

    approved_found: set[str] = set()
    reported: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    for hit in rec.find(seg.target, target, all_forms=True):
        found_text = seg.target[hit.start : hit.end]
        own = [e for e in hit.entries if e.lang == target]
        if any(e.approved for e in own):
            approved_found.update(e.concept_id for e in own if e.approved)
            continue
        kind: FindingKind
        if own:  # only deprecated target-language forms match
            entry = own[0]
            kind = DEPRECATED
            message = f"«{found_text}» is a deprecated term"
        else:
            entry = next((e for e in hit.entries if expected(e.concept_id)), hit.entries[0])
            if not expected(entry.concept_id):
                continue  # no target-language term to suggest
            kind = SPELLING
            how = f"the {entry.scheme} form" if entry.scheme else f"the {entry.lang} form"
            message = f"«{found_text}» is {how} «{entry.text}»"
        if (kind, entry.concept_id, found_text) in seen:
            continue
        seen.add((kind, entry.concept_id, found_text))
        reported.add(entry.concept_id)
        if expected(entry.concept_id):
            message += f"; use {_quoted(expected(entry.concept_id))}"
        findings.append(
            Finding(
                seg.id,
                seg.line,
                kind,
                entry.concept_id,
                None,
                expected(entry.concept_id),
                found_text,
                message,
            )
        )
    missing_seen: set[str] = set()
    for hit in rec.find(seg.source, source):
        concepts = list(dict.fromkeys(e.concept_id for e in hit.entries))
        if any(c in approved_found for c in concepts):
            continue
        concept_id = next((c for c in concepts if expected(c)), None)
        if concept_id is None or concept_id in missing_seen:
            continue
        if any(c in reported for c in concepts):
            continue
        missing_seen.add(concept_id)
        source_term = seg.source[hit.start : hit.end]
        want = expected(concept_id)
        findings.append(
            Finding(
                seg.id,
                seg.line,
                MISSING,
                concept_id,
                source_term,
                want,
                None,
                f"«{source_term}» ({concept_id}) is not translated as {_quoted(want)}",
            )
        )
    return findings


def check_pairs(
    pairs: Iterable[Segment | tuple[str, str]],
    source: str,
    target: str,
    termbase: Termbase | Recognizer | None = None,
) -> list[Finding]:
    """Check each (source text, target text) pair against the termbase's terms.

    ``termbase`` is a :class:`~termbase.termbase.Termbase` (the bundled glossary by
    default) or a ready :class:`~termbase.recognize.Recognizer`. Segments without an id
    are numbered from 1.
    """
    from termbase.langtags import normalize_tag

    source, target = normalize_tag(source), normalize_tag(target)
    return _check(pairs, source, target, _recognizer(termbase)).findings


@dataclass(frozen=True, slots=True)
class QAReport:
    """What a check found, and how many segment pairs it checked (zero means it checked nothing)."""

    findings: list[Finding]
    pairs: int
    segments: tuple[Segment, ...] = ()  # the pairs checked, in file order (JUnit reports one case each)

    def to_dict(self) -> dict[str, object]:
        return {"pairs": self.pairs, "findings": [f.to_dict() for f in self.findings]}


def _recognizer(termbase: Termbase | Recognizer | None) -> Recognizer:
    """The recogniser a check uses: the one given, a termbase's, or the bundled glossary's (None)."""
    if isinstance(termbase, Recognizer):
        return termbase
    if termbase is None:
        import termbase as package

        return package.open().recognizer
    return termbase.recognizer


def _check(pairs: Iterable[Segment | tuple[str, str]], source: str, target: str, rec: Recognizer) -> QAReport:
    findings: list[Finding] = []
    checked: list[Segment] = []
    for seg in _segments(pairs):
        checked.append(seg)
        findings.extend(_check_segment(seg, source, target, rec))
    return QAReport(findings, len(checked), tuple(checked))


def _tag_or_none(cell: str) -> str | None:
    from termbase.langtags import normalize_foreign_tag

    try:
        return normalize_foreign_tag(cell) if cell.strip() else None
    except UsageError:
        return None


def _read_delimited(path: Path, source: str, target: str) -> Iterator[Segment]:
    """Two columns (source, target), or a header row of language tags naming the columns."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror})", path=str(path)) from None
    with handle:
        reader = csv.reader(handle, delimiter=_delimiter(path))
        columns = (0, 1)
        first = True
        try:
            for row in reader:
                line = reader.line_num
                if first:
                    first = False
                    tags = [_tag_or_none(c) for c in row]
                    if len(row) >= 2 and all(tags):
                        if source not in tags or target not in tags:
                            named = ", ".join(t for t in tags if t)
                            raise InputError(
                                f"the header names {named}, not {source} and {target}",
                                path=str(path),
                                line=line,
                            )
                        columns = (tags.index(source), tags.index(target))
                        continue
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) <= max(columns):
                    raise InputError(
                        f"expected at least {max(columns) + 1} columns, got {len(row)}",
                        path=str(path),
                        line=line,
                    )
                yield Segment(str(line), row[columns[0]], row[columns[1]], line)
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(
                f"not a readable delimited file ({error})", path=str(path), line=reader.line_num
            ) from None


def _read_tmx(path: Path, source: str, target: str) -> Iterator[Segment]:
    from termbase.formats.tmx import read_tmx
    from termbase.langtags import normalize_foreign_tag
    from termbase.model import TranslationUnit

    for number, unit in enumerate(read_tmx(path, inline="plain"), 1):
        if not isinstance(unit, TranslationUnit):
            continue
        variants = {normalize_foreign_tag(k): v for k, v in unit.variants.items()}
        if source in variants and target in variants:
            yield Segment(unit.id or str(number), variants[source], variants[target])


def _read_bilingual(path: Path, source: str | None, target: str | None, fmt: str) -> Iterator[Segment]:
    from termbase.formats.bilingual import load

    document = load(path, format=fmt, source=source, target=target)
    for seg in document.segments():
        if seg.target is not None and seg.translatable:
            yield Segment(seg.id, seg.source, seg.target, seg.line)


def file_languages(path: str | os.PathLike[str], source: str | None, target: str | None) -> tuple[str, str]:
    """The (source, target) of a file's check: as given, or (XLIFF, PO) as the file says."""
    from termbase.formats.bilingual import detect_bilingual, load
    from termbase.langtags import normalize_tag

    if source and target:
        return normalize_tag(source), normalize_tag(target)
    if Path(path).is_file() and detect_bilingual(path):
        document = load(path, source=source, target=target)
        if document.target_lang is not None:
            return document.source_lang, document.target_lang
    named = _named_languages(Path(path))
    given = [normalize_tag(tag) for tag in (source, target) if tag]
    others = [tag for tag in named if tag not in given]
    if len(named) >= 2 and given and others:  # one given: the file's other language is the second
        return (given[0], others[0]) if source else (others[0], given[0])
    if len(named) >= 2 and not given:
        return named[0], named[1]
    raise UsageError(
        "name the languages with --source and --target (XLIFF and PO files carry them, a TSV/CSV file"
        " in a header of language tags)"
    )


def _named_languages(path: Path) -> list[str]:
    """The languages a TSV/CSV file's header row names (each of its cells a language tag), in
    order; for a TMX file those of its first unit; none for another file or one not read."""
    if not path.is_file():
        return []
    if ".tmx" in [suffix.lower() for suffix in path.suffixes]:
        from termbase.formats.tmx import read_tmx
        from termbase.langtags import normalize_foreign_tag

        for unit in read_tmx(path, inline="plain"):
            return [normalize_foreign_tag(tag) for tag in getattr(unit, "variants", {})]
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=_delimiter(path)), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    tags = [_tag_or_none(cell) for cell in header]
    return [tag for tag in tags if tag] if len(tags) >= 2 and all(tags) else []


def _delimiter(path: Path) -> str:
    """A delimited file's delimiter, by its name: tab for ``.tsv``, ``.tab``, ``.txt``, else comma."""
    return "\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ","


def read_pairs(path: str | os.PathLike[str], source: str | None, target: str | None) -> Iterator[Segment]:
    """The segments of a bilingual XLIFF, PO, TMX, TSV or CSV file for the two languages.

    XLIFF and PO segments are named by their unit id (PO: msgctxt|msgid) and line; the languages
    default to the file's.
    """
    from termbase.formats.bilingual import detect_bilingual

    file = Path(path)
    if file.is_dir():
        raise InputError("is a directory, not a file", path=str(file))
    if not file.is_file():
        raise NotFoundError("no such file", path=str(file))
    fmt = detect_bilingual(file)
    if fmt is not None:
        return _read_bilingual(file, source, target, fmt)
    source, target = file_languages(path, source, target)
    suffixes = [s.lower() for s in file.suffixes]
    if ".tmx" in suffixes:
        return _read_tmx(file, source, target)
    return _read_delimited(file, source, target)


def check_file(
    path: str | os.PathLike[str],
    source: str | None = None,
    target: str | None = None,
    termbase: Termbase | Recognizer | None = None,
) -> list[Finding]:
    """:func:`check_pairs` over the segments of a bilingual XLIFF, PO, TMX, TSV or CSV file."""
    source, target = file_languages(path, source, target)
    return check_pairs(read_pairs(path, source, target), source, target, termbase)


def junit_report(path: str, segments: Iterable[Segment], findings: Iterable[Finding]) -> bytes:
    """Findings as JUnit XML (one test case per segment, one failure per finding) for CI pipelines.

    >>> report = junit_report("a.xlf", [Segment("1", "Баку", "Baku", 3)],
    ...     [Finding("1", 3, "missing", "baku", "Баку", ("Bakı",), None, "«Баку» (baku) is not translated")])
    >>> print(report.decode())  # doctest: +NORMALIZE_WHITESPACE
    <?xml version='1.0' encoding='UTF-8'?>
    <testsuites name="termbase check" tests="1" failures="1"><testsuite name="a.xlf" tests="1" failures="1"
    errors="0" skipped="0"><testcase classname="a.xlf" name="1 (line 3)"><failure type="missing"
    message="«Баку» (baku) is not translated">a.xlf:3: 1: missing baku: «Баку» (baku) is not translated</failure></testcase></testsuite></testsuites>
    """
    from lxml import etree

    by_segment: dict[str, list[Finding]] = {}
    for finding in findings:
        by_segment.setdefault(finding.segment, []).append(finding)
    cases = []
    failures = 0
    for seg in segments:
        name = seg.id if seg.line is None or str(seg.line) == seg.id else f"{seg.id} (line {seg.line})"
        case = etree.Element("testcase", classname=path, name=name)
        for finding in by_segment.pop(seg.id, []):
            failure = etree.SubElement(case, "failure", type=finding.kind, message=finding.message)
            where = f"{path}:{finding.line}" if finding.line is not None else path
            failure.text = (
                f"{where}: {finding.segment}: {finding.kind} {finding.concept_id}: {finding.message}"
            )
            failures += 1
        cases.append(case)
    suites = etree.Element("testsuites", name="termbase check", tests=str(len(cases)), failures=str(failures))
    suite = etree.SubElement(
        suites, "testsuite", name=path, tests=str(len(cases)), failures=str(failures), errors="0", skipped="0"
    )
    suite.extend(cases)
    return bytes(etree.tostring(suites, xml_declaration=True, encoding="UTF-8"))


def check_file_report(
    path: str | os.PathLike[str],
    source: str | None = None,
    target: str | None = None,
    termbase: Termbase | Recognizer | None = None,
) -> QAReport:
    """:func:`check_file` with the number of segment pairs checked; a file with no pair of
    the two languages is an :class:`InputError` (a check that checked nothing has not passed).

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "t.tsv")
    >>> _ = open(path, "w", encoding="utf-8").write("ru\\taz-Latn\\nЯ в Баку\\tMən Bakıdayam\\n")
    >>> report = check_file_report(path, "ru", "az")
    >>> report.pairs, report.findings
    (1, [])
    >>> check_file_report(path, "ru", "en")
    Traceback (most recent call last):
    ...
    termbase.errors.InputError: ...t.tsv:1: the header names ru, az-Latn, not ru and en
    """
    source_tag, target_tag = file_languages(path, source, target)
    rec = _recognizer(termbase)
    report = _check(read_pairs(path, source_tag, target_tag), source_tag, target_tag, rec)
    if report.pairs == 0:
        raise InputError(f"no segment pair of {source_tag} and {target_tag} to check", path=os.fspath(path))
    return report
