"""The bundled glossary: data only, like ``tzdata``; this module only says where the files are.

The package holds the curated concepts of the zh-Wikipedia article 俄罗斯—阿塞拜疆关系
(Russia–Azerbaijan relations), one TOML file per concept under ``concepts/``, and the
article's aligned segments under ``memory/``. ``termbase`` reads and indexes them; nothing
here parses or caches anything.

The data is derived from Wikipedia text and is licensed under CC BY-SA 3.0
(https://creativecommons.org/licenses/by-sa/3.0/); see ``LICENSE`` and ``README.md``
in this package for attribution.

>>> files = concept_files()
>>> files[0].name.endswith(".toml")
True
>>> [f.name for f in files] == sorted(f.name for f in files)
True
>>> any(f.name == "baku.toml" for f in files)
True
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = ["concept_files", "memory_files"]


def _toml_files(folder: str) -> list[Traversable]:
    from importlib import resources

    entry = resources.files(__name__) / folder
    if not entry.is_dir():
        return []
    return sorted((f for f in entry.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def concept_files() -> list[Traversable]:
    """The concept files (``concepts/<id>.toml``), sorted by name."""
    return _toml_files("concepts")


def memory_files() -> list[Traversable]:
    """The translation-memory files (``memory/*.toml``), sorted by name; empty if there are none.

    >>> all(f.name.endswith(".toml") for f in memory_files())
    True
    """
    return _toml_files("memory")
