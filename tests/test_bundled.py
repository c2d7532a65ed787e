"""The bundled glossary's cached index: built once, rebuilt when data or code change, never stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import glossary
import termbase
import termbase._version
from termbase import bundled
from termbase.derive import derive
from termbase.model import Category, Concept, Term
from termbase.normalize import LOOSE, loose, search_keys

# The one form the article's glossary shares between concepts: the surname of Heydar and
# Ilham Aliyev, as running text writes it (阿利耶夫 / Алиев / Əliyev / Aliyev).
SHARED_SURNAME = ("阿利耶夫", "Алиев", "Əliyev", "Aliyev")


def test_lookup_does_not_read_data_files(monkeypatch: pytest.MonkeyPatch) -> None:
    termbase.open()  # build (or find) the index first

    def refuse(*_: object) -> Concept:
        raise AssertionError("a data file was parsed on the lookup path")

    monkeypatch.setattr(bundled, "_read_concept", refuse)
    assert termbase.open().lookup("Bakı")[0].concept.id == "baku"


def test_stamp_changes_with_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "glossary"
    shutil.copytree(Path(glossary.__file__).parent, copy)
    monkeypatch.setattr(glossary, "__file__", str(copy / "__init__.py"))
    before = bundled._stamp()
    assert bundled._stamp() == before
    baku = copy / "concepts" / "baku.toml"
    baku.write_text(baku.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert bundled._stamp() != before
    after_edit = bundled._stamp()
    (copy / "concepts" / "new-concept.toml").write_text('id = "x"', encoding="utf-8")
    assert bundled._stamp() != after_edit


def test_stamp_changes_with_the_library_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = bundled._stamp()
    monkeypatch.setattr(termbase._version, "__version__", "999.0")
    assert bundled._stamp() != before


def test_a_stale_index_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(tmp_path))
    built = [bundled.glossary_path()]
    for version in ("901.0", "902.0", "903.0"):
        monkeypatch.setattr(termbase._version, "__version__", version)
        built.append(bundled.glossary_path())
    assert len(set(built)) == 4
    # The newest indexes of other versions are kept (two installed versions do not rebuild
    # in turn); older ones go.
    assert [os.path.exists(p) for p in built] == [False, True, True, True]
    assert not [p for p in os.listdir(tmp_path) if p.endswith((".tmp", "-wal", "-shm"))]


def test_an_unwritable_cache_falls_back_to_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = str(tmp_path / "locked")
    monkeypatch.setenv("TERMBASE_CACHE_DIR", locked)
    monkeypatch.setattr(bundled, "_fallback_cache_dir", lambda: str(tmp_path / "fallback"))
    build = bundled._build

    def refuse_locked(target: str, stamp: str) -> None:
        if target.startswith(locked):  # what a read-only home gives (root would not see it)
            raise PermissionError(13, "Permission denied", target)
        build(target, stamp)

    monkeypatch.setattr(bundled, "_build", refuse_locked)
    path = bundled.glossary_path()
    assert path.startswith(str(tmp_path / "fallback"))
    assert termbase.open().lookup("Bakı")[0].concept.id == "baku"


def test_only_the_listed_surname_is_shared_between_concepts() -> None:
    """No two concepts share a search key, except for the forms of the Aliyev surname."""
    surname = Concept(
        "surname",
        Category.PERSON,
        [Term(t, lang) for t, lang in zip(SHARED_SURNAME, ("zh-Hans", "ru", "az-Latn", "en"), strict=True)],
    )
    allowed = {loose(t.text, t.lang) for t in surname.terms()}
    allowed |= {loose(text, tag) for _term, (_scheme, tag, text) in derive(surname)}
    owners: dict[str, set[str]] = {}
    for form in termbase.open().forms(include_derived=True):
        for level, key in search_keys(form.text, form.lang):
            if level == LOOSE:
                owners.setdefault(key, set()).add(form.concept_id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert set(shared) <= allowed, {k: sorted(v) for k, v in shared.items() if k not in allowed}
    assert all(ids == {"heydar-aliyev", "ilham-aliyev"} for ids in shared.values())
    assert loose("Aliyev") in shared


def test_a_broken_data_file_names_itself(tmp_path: Path) -> None:
    from importlib.resources.abc import Traversable

    broken = tmp_path / "baku.toml"
    broken.write_text('id = "baku"\ncategory = "city"\n[[terms]]\ntext = "Baku"\n', encoding="utf-8")
    entry: Traversable = broken
    with pytest.raises(termbase.InputError, match=r"glossary/concepts/baku.toml: invalid concept"):
        bundled._read_concept(entry)
