"""Where a termbase lives: an SQLite file (a path) or a PostgreSQL database (a URL).

A ``postgresql://`` or ``postgres://`` URL is never taken for a path (it used to make a folder
named ``postgresql:``); every other target is a path. ``$TERMBASE_DB`` holds several targets
separated by ``os.pathsep``, and a URL's own colons (``host:port``, ``user:password``) do not
split it.

>>> is_url("postgresql://tb@db.example:5432/terms"), is_url("terms.tb"), is_url("postgres:x.tb")
(True, False, False)
>>> split_targets("a.tb:postgresql://u:pw@h:5432/tb:b.tb", sep=":")
['a.tb', 'postgresql://u:pw@h:5432/tb', 'b.tb']
>>> redact("postgresql://tb:secret@db.example:5433/terms?sslmode=require")
'postgresql://tb@db.example:5433/terms'
"""

from __future__ import annotations

import os
import re

__all__ = ["URL_SCHEMES", "is_url", "redact", "split_targets"]

URL_SCHEMES = ("postgresql://", "postgres://")

_URL_START = re.compile(r"(?:postgresql|postgres)://", re.IGNORECASE)


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database (a ``postgresql://`` or ``postgres://`` URL)."""
    return isinstance(target, str) and target[:13].lower().startswith(URL_SCHEMES)


def split_targets(value: str, sep: str = os.pathsep) -> list[str]:
    """The targets of a ``$TERMBASE_DB``-style list: paths and URLs separated by ``sep``.

    A URL runs to the next ``sep`` that is followed by something that is not part of a URL
    (a URL holds no ``sep`` + ``/`` pair other than after its scheme, so a ``sep`` ends it
    unless what follows is digits then ``/`` or ``@`` — a port — or a password before ``@``).
    """
    out: list[str] = []
    rest = value
    while rest:
        if _URL_START.match(rest):
            end = _url_end(rest, sep)
            out.append(rest[:end])
            rest = rest[end + 1 :]
            continue
        head, found, tail = rest.partition(sep)
        if head:
            out.append(head)
        rest = tail if found else ""
    return [t for t in out if t]


def _url_end(text: str, sep: str) -> int:
    """Where the URL at the start of ``text`` ends: the index of the separating ``sep`` or len."""
    scheme_end = text.index("://") + 3
    slash = text.find("/", scheme_end)  # the end of user:password@host:port
    if slash == -1:
        authority_end = len(text)
        for i in range(scheme_end, len(text)):
            if text[i] == sep and not _authority_continues(text[i + 1 :]):
                return i
        return authority_end
    nxt = text.find(sep, slash)
    return len(text) if nxt == -1 else nxt


def _authority_continues(rest: str) -> bool:
    """After a ``sep`` inside ``user:password@host:port``: is this still the authority?"""
    return bool(re.match(r"[^/@]*@|\d+(?:/|$)", rest))


def redact(url: str) -> str:
    """``url`` without its password and query (for messages, names and logs)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        port = ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"
