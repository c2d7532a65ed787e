"""`termbase serve`'s parts: catalogues, language choice, the guard, the command's errors, packaging."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.server.i18n import LOCALES, catalogue_path, negotiate, translations
from tests.helpers import run_cli
from tests.server_process import serve

SERVER = Path(resources.files("termbase.server"))  # type: ignore[arg-type]


def _extracted() -> dict[str, list[str]]:
    """Every message of the templates and page code, as Babel's extractors see them."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, list[str]] = {}
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "gettext": None, "N_": None}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(SERVER), method_map, options_map=options, keywords=keywords
    ):
        found.setdefault(message, []).append(f"{filename}:{line}")
    return found


def test_every_message_is_translated_in_every_catalogue() -> None:
    from babel.messages.pofile import read_po

    messages = _extracted()
    assert "Find a term" in messages and "Skip to content" in messages and "Not found" in messages
    for locale in LOCALES:
        if locale == "en":
            continue
        with (SERVER / catalogue_path(locale)).open("rb") as po:
            catalog = read_po(po, locale=locale)
        ids = {m.id for m in catalog if m.id}
        assert ids == set(messages), (locale, ids ^ set(messages))
        for message in catalog:
            if not message.id:
                continue
            assert message.string and not message.fuzzy, (locale, message.id)
            placeholders = re.findall(r"%\(\w+\)s", str(message.id))
            assert re.findall(r"%\(\w+\)s", str(message.string)) == placeholders, (locale, message.id)


@pytest.mark.parametrize(
    ("locale", "expected"), [("zh", "搜索"), ("ru", "Поиск"), ("az", "Axtar"), ("en", "Search")]
)
def test_catalogues_compile_and_translate(locale: str, expected: str) -> None:
    assert translations(locale).gettext("Search") == expected


tag = st.sampled_from(
    ["en", "en-GB", "zh", "zh-TW", "zh_Hans", "ru", "ru-RU", "az", "az-Latn-AZ", "de", "fr", "*"]
)
weighted = st.tuples(tag, st.sampled_from([None, "1", "0.9", "0.5", "0.1", "0", "x"]))


@given(st.lists(weighted, max_size=5))
def test_accept_language_picks_the_best_weighted_interface(items: list[tuple[str, str | None]]) -> None:
    header = ", ".join(t if q is None else f"{t};q={q}" for t, q in items)
    best: tuple[float, int, str] | None = None
    for i, (t, q) in enumerate(items):
        primary = re.split("[-_]", t)[0].lower()
        weight = 1.0 if q is None else (float(q) if q != "x" else 0.0)
        if primary in LOCALES and weight > 0 and (best is None or (-weight, i) < best[:2]):
            best = (-weight, i, primary)
    assert negotiate(None, None, header) == (best[2] if best else "en")
    assert negotiate("ru", "zh", header) == "ru"  # ?hl= first, then the cookie
    assert negotiate("klingon", "zh", header) == "zh"


def _through_guard(
    app: Any, method: str, body: bytes = b"", max_body: int = 100
) -> tuple[int, dict[str, str], bytes]:
    """One request to ``app`` behind the guard, in process (the guard alone, no server)."""
    import asyncio

    from termbase.server.app import Guard

    scope = {
        "type": "http",
        "method": method,
        "path": "/x",
        "headers": [(b"content-length", str(len(body)).encode())],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(Guard(app, max_body)(scope, receive, send))
    headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_the_guard_logs_an_unexpected_error_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    async def crashing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("disk on fire\n  second line\n  third line")

    with caplog.at_level(logging.ERROR, logger="termbase.server"):
        status, headers, body = _through_guard(crashing, "GET")
    assert status == 500 and json.loads(body) == {"error": "internal error (logged)"}
    assert headers["x-content-type-options"] == "nosniff"
    assert [r.getMessage() for r in caplog.records] == ["GET /x: RuntimeError: disk on fire"]


def test_the_guard_refuses_a_declared_large_body_before_the_app_runs() -> None:
    called = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope["path"])

    status, _, body = _through_guard(app, "POST", b"x" * 11, max_body=10)
    assert status == 413 and called == [] and b"too large" in body


def test_serve_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "uvicorn" else real(name))
    status, out, err = run_cli(capsys, "serve")
    assert status == 2 and out == ""
    assert err == (
        "termbase: error: termbase serve needs the server extra (uvicorn missing): pip install 'termbase[server]'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/nowhere/x.tb"], "no such termbase file: {tmp}/nowhere/x.tb"),
        (["--db", "{tmp}"], "{tmp} is a folder, not a termbase file"),
        (["--db", "{tmp}/a.tb", "--db", "{tmp}/b.tb"], "no such termbase file: {tmp}/b.tb"),
        (["--token-file", "{tmp}/no-token"], "cannot read the token file: No such file or directory"),
        (["--workers", "0"], "--workers must be at least 1, not 0"),
        (["--port", "70000"], "--port must be 0-65535, not 70000"),
    ],
)
def test_serve_refuses_bad_options_in_one_line(
    capsys: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    status, out, err = run_cli(capsys, "serve", *(a.format(tmp=tmp_path) for a in args))
    assert status == 2 and out == ""
    assert err == f"termbase: error: {message.format(tmp=tmp_path)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing created


def test_an_empty_token_file_is_refused(capsys: Any, tmp_path: Path) -> None:
    (tmp_path / "token").write_text("\n")
    status, _, err = run_cli(capsys, "serve", "--token-file", str(tmp_path / "token"))
    assert status == 2 and err.endswith("is empty\n") and err.count("\n") == 1


def test_a_busy_port_is_one_line(capsys: Any) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, _, err = run_cli(capsys, "serve", "--port", str(port))
    assert status == 2 and err.startswith(f"termbase: error: cannot listen on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


def test_a_new_first_db_is_served_and_created_on_the_first_write(tmp_path: Path) -> None:
    db = tmp_path / "new.tb"
    with serve("--db", str(db), token="t") as running, running.client() as client:
        assert client.get("/api/lookup", params={"q": "Baku"}).json() == []
        body = {"id": "baku", "category": "city", "terms": [{"text": "Bakı", "lang": "az-Latn"}]}
        assert (
            client.post("/api/concepts", json=body, headers={"Authorization": "Bearer t"}).status_code == 201
        )
    assert db.exists()


def test_several_dbs_are_read_together_and_writes_go_to_the_first(tmp_path: Path) -> None:
    import termbase
    from termbase.model import Concept, Term

    first, second = tmp_path / "first.tb", tmp_path / "second.tb"
    with termbase.open(first) as tb:
        tb.add(Concept("ganja", "city", [Term("Gəncə", "az-Latn")]))
    with termbase.open(second) as tb:
        tb.add(Concept("shaki", "city", [Term("Şəki", "az-Latn")]))
    with serve("--db", str(first), "--db", str(second), token="t") as running, running.client() as client:
        assert client.get("/api/concepts/shaki").json()["terms"] == [{"text": "Şəki", "lang": "az-Latn"}]
        assert client.get("/api/lookup", params={"q": "ŞƏKI"}).json()[0]["id"] == "shaki"
        body = {"id": "quba", "category": "city", "terms": [{"text": "Quba", "lang": "az-Latn"}]}
        assert (
            client.post("/api/concepts", json=body, headers={"Authorization": "Bearer t"}).status_code == 201
        )
    with termbase.open(first) as tb:
        assert "quba" in tb
    with termbase.open(second) as tb:
        assert "quba" not in tb


def test_a_non_editable_install_ships_and_serves_every_asset(tmp_path: Path) -> None:
    """``pip install .`` (a wheel, not this checkout) serves every template, static file and catalogue."""
    repo = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "wheel"), str(repo)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("termbase-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assets = [
        p.relative_to(SERVER.parent.parent).as_posix()
        for p in SERVER.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".css", ".svg", ".po", ".json"}
    ]
    assert len(assets) >= 15 and set(assets) <= shipped, set(assets) - shipped
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {"PYTHONPATH": str(target)}
    with serve(env=env, cwd=tmp_path) as running, running.client() as client:
        where = client.get("/api/openapi.json")
        assert where.status_code == 200
        for name in (p.name for p in (SERVER / "static").iterdir()):
            assert client.get(f"/static/{name}").status_code == 200, name
        for locale, heading in (
            ("en", "Find a term"),
            ("zh", "查找术语"),
            ("ru", "Поиск термина"),
            ("az", "Termin axtarışı"),
        ):
            assert f"<h1>{heading}</h1>" in client.get("/", params={"hl": locale}).text
        for path in ("/concepts/baku", "/tm", "/tm/concordance", "/recognize", "/names", "/nowhere"):
            assert client.get(path).status_code in (200, 404)
    # The server really ran from the installed copy, not from this checkout.
    probe = subprocess.run(
        [sys.executable, "-c", "import termbase.server; print(termbase.server.__file__)"],
        env={**__import__("os").environ, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(target))


def test_the_readme_shows_a_small_committed_screenshot_and_the_true_limit() -> None:
    from termbase.server.state import MAX_BODY_BYTES

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Serve it to your team", 1)[1].split("\n## ", 1)[0]
    (picture,) = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", section)
    data = (repo / picture).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and 10_000 < len(data) < 200_000
    assert f"bodies over {MAX_BODY_BYTES // 2**20} MB are refused" in " ".join(section.split())
