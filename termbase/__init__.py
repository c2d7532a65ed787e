"""termbase: multilingual terminology and translation memory for Chinese, Russian, Azerbaijani and English.

>>> import termbase
>>> tb = termbase.open()
>>> [t.text for t in tb.lookup("巴庫")[0].concept.terms("ru")][:1]
['Баку']
>>> termbase.convert("Алиев", to="bgn-pcgn")
'Aliyev'
"""

from __future__ import annotations

import os

from termbase._version import __version__
from termbase.errors import InputError, NotFoundError, TermbaseError, UsageError
from termbase.model import Category, Concept, Status, Term, TermType, TranslationUnit

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

    from termbase.results import ImportProgress
    from termbase.scripts import Scheme
    from termbase.scripts.transcribe import Candidate, transcribe
    from termbase.termbase import Form, ImportSummary, Match, Stats, Termbase


__all__ = [
    "Candidate",
    "Category",
    "Concept",
    "ConcordanceHit",
    "Finding",
    "Form",
    "ImportProgress",
    "ImportSummary",
    "InputError",
    "Match",
    "Memory",
    "NotFoundError",
    "Recognized",
    "Scheme",
    "Stats",
    "Status",
    "TMMatch",
    "Term",
    "TermType",
    "Termbase",
    "TermbaseError",
    "TranslationUnit",
    "UsageError",
    "__version__",
    "check_file",
    "convert",
    "language_names",
    "normalize_tag",
    "open",
    "schemes",
    "transcribe",
]

# Names imported from their modules on first use, so `import termbase` stays light.
_LAZY = {
    "Termbase": "termbase.termbase",
    "Match": "termbase.termbase",
    "Form": "termbase.termbase",
    "ImportSummary": "termbase.termbase",
    "ImportProgress": "termbase.results",
    "Stats": "termbase.termbase",
    "Scheme": "termbase.scripts",
    "Memory": "termbase.memory",
    "TMMatch": "termbase.memory",
    "ConcordanceHit": "termbase.memory",
    "Recognized": "termbase.recognize",
    "Finding": "termbase.qa",
    "check_file": "termbase.qa",
    "Candidate": "termbase.scripts.transcribe",
    "transcribe": "termbase.scripts.transcribe",
}


def open(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Termbase:
    """Open a termbase: the bundled glossary by default, or a file of one's own.

    A file that does not exist yet is created on the first write (in a folder that must
    exist); with ``create=False`` a missing file is a :class:`NotFoundError`.
    ``":memory:"`` opens a private in-memory termbase. The bundled glossary is read-only.
    A ``postgresql://user:password@host:port/dbname`` URL opens a termbase in that PostgreSQL
    database (needs ``termbase[postgresql]``; the tables are made on first use).
    """
    from termbase.backends import is_url
    from termbase.store import Store
    from termbase.termbase import Termbase, open_path

    if isinstance(path, str) and is_url(path):
        from termbase.backends.postgresql import PostgresStore

        store = PostgresStore(path)
        return Termbase(store, name=store.name)
    if path is None:
        from termbase.bundled import glossary_path

        return Termbase(Store(glossary_path(), immutable=True), name="bundled glossary")
    return open_path(path, create=create)


def convert(
    text: str, to: str, source: str | None = None, *, tb: Termbase | None = None, keep_names: bool = True
) -> str:
    """Convert ``text`` to the script or romanisation ``to`` (see :func:`schemes`).

    Chinese running text keeps the names of ``tb`` (the bundled glossary by default): each is
    rendered by its curated or derived form, the rest converted as usual (see
    :mod:`termbase.textconvert`). ``keep_names=False`` is the conversion engine alone (OpenCC's
    profiles, pinyin of the whole text as one proper noun per run), several times faster.

    >>> convert("Bakı", to="az-Cyrl")
    'Бакы'
    >>> convert("国际在线报道", to="zh-Hant-TW")[:4]
    '國際在線'
    """
    if not keep_names:
        from termbase.scripts import convert as _convert

        return _convert(text, to=to, source=source)
    from termbase.textconvert import convert_text

    return convert_text(text, to, source, tb=tb)


def schemes() -> tuple[Scheme, ...]:
    """Every conversion scheme, with the BCP 47 tag its output carries."""
    from termbase.scripts import schemes as _schemes

    return _schemes()


def normalize_tag(tag: str) -> str:
    """The canonical BCP 47 tag for what a user typed (``zh_TW`` → ``zh-Hant-TW``)."""
    from termbase.langtags import normalize_tag as _normalize

    return _normalize(tag)


def language_names(display: str = "en") -> dict[str, str]:
    """Every language tag termbase knows with its CLDR name in ``display`` (zh, ru, az or en).

    >>> language_names("zh")["ru"]
    '俄语'
    """
    from termbase.langtags import language_names as _names

    return _names(display)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'termbase' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
