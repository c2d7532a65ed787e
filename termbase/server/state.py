"""What one server process serves: its configuration and the termbases it opened.

The configuration travels to uvicorn's worker processes in environment variables
(:meth:`ServerConfig.to_env` / :meth:`ServerConfig.from_env`): the bearer token itself
never does (each worker reads ``$TERMBASE_TOKEN`` or the token file again).

>>> config = ServerConfig(dbs=("a.tb", "b.tb"), token_file=None)
>>> ServerConfig.from_env(config.to_env()) == config
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from termbase.backends import is_url
from termbase.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from termbase.memory import ConcordanceHit, TMMatch
    from termbase.model import Concept
    from termbase.termbase import Match, Termbase

__all__ = ["MAX_BODY_BYTES", "Served", "ServerConfig", "check_paths"]

# The largest request body accepted: a bilingual file to check, a concept, a text to recognise.
MAX_BODY_BYTES = 10 * 1024 * 1024
_ENV = "TERMBASE_SERVE_CONFIG"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """``dbs``: termbase files or PostgreSQL URLs (none: the bundled glossary); writes go to the
    first. ``token_file``: where the bearer token for writes is (else ``$TERMBASE_TOKEN``).
    ``read_db``: a replica of the first (a PostgreSQL URL) that serves its reads. ``pool``: the
    most connections each process keeps to each PostgreSQL database."""

    dbs: tuple[str, ...] = ()
    token_file: str | None = None
    max_body: int = MAX_BODY_BYTES
    read_db: str | None = None
    pool: int = 4

    def to_env(self) -> dict[str, str]:
        data = {
            "dbs": list(self.dbs),
            "token_file": self.token_file,
            "max_body": self.max_body,
            "read_db": self.read_db,
            "pool": self.pool,
        }
        return {_ENV: json.dumps(data)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerConfig:
        raw = (os.environ if environ is None else environ).get(_ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(
            tuple(data["dbs"]),
            data["token_file"],
            int(data["max_body"]),
            data.get("read_db"),
            int(data.get("pool", 4)),
        )

    def token(self) -> str | None:
        """The bearer token that allows writes, or None (the server is read-only)."""
        if self.token_file is not None:
            try:
                text = Path(self.token_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise UsageError(f"cannot read the token file: {error.strerror or error}") from None
            if not text:
                raise UsageError(f"the token file {self.token_file} is empty")
            return text
        return os.environ.get("TERMBASE_TOKEN", "").strip() or None


def check_paths(dbs: tuple[str, ...]) -> None:
    """Refuse termbase files that do not exist (the first may be new if its folder exists)."""
    from termbase.backends import is_url

    for i, db in enumerate(dbs):
        if is_url(db):
            continue  # a PostgreSQL database: checked when connecting
        path = Path(db)
        if path.is_dir():
            raise UsageError(f"{db} is a folder, not a termbase file")
        if path.exists():
            continue
        if i == 0 and path.parent.is_dir():
            continue
        raise UsageError(f"no such termbase file: {db}")


class Served:
    """The termbases of one server process: reads consult all of them, writes go to the first."""

    def __init__(self, config: ServerConfig) -> None:
        import termbase

        check_paths(config.dbs)
        if config.read_db is not None and not (config.dbs and is_url(config.dbs[0])):
            raise UsageError(
                "--read-db is a replica of a PostgreSQL --db: give the primary's URL as the first --db"
            )
        self.config = config
        self.termbases: list[Termbase] = (
            [self._open(i, db) for i, db in enumerate(config.dbs)] if config.dbs else [termbase.open()]
        )
        self.token = config.token()

    def _open(self, index: int, db: str) -> Termbase:
        """A termbase of the configuration: a file, or a PostgreSQL database through a pool
        (the first one reading from ``read_db`` when given)."""
        import termbase

        if not is_url(db):
            return termbase.open(db)
        from termbase.backends.postgresql import PostgresStore
        from termbase.termbase import Termbase

        read_url = self.config.read_db if index == 0 else None
        store = PostgresStore(db, pool_size=self.config.pool, read_url=read_url)
        return Termbase(store, name=store.name)

    @property
    def first(self) -> Termbase:
        return self.termbases[0]

    @property
    def writable(self) -> bool:
        """Writes are allowed: a token is configured and the first termbase is a file of one's own."""
        return self.token is not None and bool(self.config.dbs)

    def names(self) -> list[str]:
        return [tb.name for tb in self.termbases]

    def lookup(self, query: str, lang: str | None, limit: int) -> list[Match]:
        """``Termbase.lookup`` of every termbase, merged by score (the first termbase wins ties)."""
        if len(self.termbases) == 1:
            return self.first.lookup(query, lang=lang, limit=limit)
        found: list[Match] = []
        seen: set[str] = set()
        for tb in self.termbases:
            for match in tb.lookup(query, lang=lang, limit=limit):
                if match.concept.id not in seen:
                    seen.add(match.concept.id)
                    found.append(match)
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def tm_search(self, text: str, source: str, target: str, min_score: int, limit: int) -> list[TMMatch]:
        """``Memory.search`` of every termbase's memory, merged by score."""
        from termbase.langtags import normalize_tag

        source, target = normalize_tag(source), normalize_tag(target)
        if not text.strip():
            raise UsageError("empty query")
        found: list[TMMatch] = []
        for tb in self.termbases:
            found += tb.memory.search(text, source=source, target=target, min_score=min_score, limit=limit)
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def concordance(self, text: str, lang: str | None, limit: int) -> list[ConcordanceHit]:
        """``Memory.concordance`` of every termbase's memory, one after the other."""
        from termbase.langtags import normalize_tag

        if not text.strip():
            raise UsageError("empty query")
        tag = normalize_tag(lang) if lang else None
        found: list[ConcordanceHit] = []
        for tb in self.termbases:
            found += tb.memory.concordance(text, lang=tag, limit=limit - len(found))
            if len(found) >= limit:
                break
        return found

    def find(self, concept_id: str) -> tuple[Termbase, Concept]:
        """The first termbase that has the concept, and the concept; NotFoundError if none has."""
        for tb in self.termbases:
            concept = tb.get(concept_id)
            if concept is not None:
                return tb, concept
        raise NotFoundError(f"no concept with id {concept_id!r}")

    def close(self) -> None:
        for tb in self.termbases:
            tb.close()
