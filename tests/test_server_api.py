"""`termbase serve`'s JSON API and its safety, against the real server process on loopback.

Each answer is compared with the library's own ``to_dict()`` output for the same call,
so the API and ``--json`` cannot drift apart.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

import termbase
from termbase.model import Concept, Term
from tests.server_process import RunningServer, serve
from tests.strategies import concepts

TOKEN = "s3cret-token-for-tests"


def _dicts(results: list[Any]) -> list[dict[str, Any]]:
    """What the library's one serialiser makes of each result."""
    return [r.to_dict() for r in results]


@pytest.fixture(scope="module")
def bundled() -> termbase.Termbase:
    return termbase.open()


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    """The bundled glossary, read-only."""
    with serve() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


@pytest.fixture(scope="module")
def team_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("team") / "team.tb"
    with termbase.open(path) as tb:
        tb.add(
            Concept("baku", "city", [Term("Bakı", "az-Latn"), Term("Баку", "ru"), Term("巴库", "zh-Hans")])
        )
    return path


@pytest.fixture(scope="module")
def writable(team_db: Path) -> Iterator[RunningServer]:
    with serve("--db", str(team_db), token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def wclient(writable: RunningServer) -> Iterator[httpx.Client]:
    with writable.client(headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


# -- reading: the same objects as the library's to_dict() ------------------------------------------
def test_healthz_and_the_printed_url_is_loopback(server: RunningServer, client: httpx.Client) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "concepts": {"bundled glossary": 53}}


GLOSSARY_FORMS = ["BAKI", "巴庫", "Бакы", "Bakı", "İLHAM ƏLİYEV", "Azerbajan", "Sankt Peterburg", "莫斯科"]


@settings(max_examples=20)
@given(query=st.sampled_from(GLOSSARY_FORMS), lang=st.sampled_from([None, "ru", "zh", "az-Latn", "en"]))
def test_lookup_equals_the_library(
    client: httpx.Client, bundled: termbase.Termbase, query: str, lang: str | None
) -> None:
    params = {"q": query, "limit": "5"} | ({"lang": lang} if lang else {})
    answer = client.get("/api/lookup", params=params)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == _dicts(bundled.lookup(query, lang=lang, limit=5))


def test_lookup_finds_any_script(client: httpx.Client) -> None:
    for query in ("BAKI", "巴庫", "Бакы"):
        assert client.get("/api/lookup", params={"q": query}).json()[0]["id"] == "baku"


def test_every_concept_equals_to_dict(client: httpx.Client, bundled: termbase.Termbase) -> None:
    for concept in bundled.concepts():
        assert client.get(f"/api/concepts/{concept.id}").json() == concept.to_dict()


def test_unknown_concept_is_a_404_json_error(client: httpx.Client) -> None:
    answer = client.get("/api/concepts/no-such-thing")
    assert answer.status_code == 404
    assert "no-such-thing" in answer.json()["error"]


def test_tm_search_and_concordance_equal_the_library(
    client: httpx.Client, bundled: termbase.Termbase
) -> None:
    query = "2003年，俄罗斯总统普京正式访问阿塞拜疆，是阿塞拜疆独立以来访问的俄罗斯最高领导人；"
    answer = client.get("/api/tm/search", params={"q": query, "from": "zh-Hans", "to": "en", "min": "50"})
    expected = bundled.memory.search(query, source="zh-Hans", target="en", min_score=50, limit=5)
    assert expected and answer.json() == _dicts(expected)
    answer = client.get("/api/tm/concordance", params={"q": "巴库", "lang": "zh-Hans"})
    hits = bundled.memory.concordance("巴库", lang="zh-Hans", limit=50)
    assert hits and answer.json() == _dicts(hits)


def test_tm_search_needs_both_languages(client: httpx.Client) -> None:
    answer = client.get("/api/tm/search", params={"q": "巴库", "from": "zh-Hans"})
    assert answer.status_code == 400 and "'to'" in answer.json()["error"]


def test_the_source_language_left_out_is_read_from_the_script(
    client: httpx.Client, bundled: termbase.Termbase
) -> None:
    """``from`` (tm search, transcribe) and ``lang`` (recognize) are guessed as the CLI guesses them."""
    from termbase.scripts.transcribe import record, transcribe

    given = client.get("/api/tm/search", params={"q": "概况", "from": "zh-Hans", "to": "ru"}).json()
    assert given and client.get("/api/tm/search", params={"q": "概况", "to": "ru"}).json() == given
    for name, source in (("Гянджа", "ru"), ("Gəncə", "az")):
        answer = client.get("/api/transcribe", params={"q": name, "to": "zh"})
        assert answer.json() == record(name, transcribe(name, source, "zh", tb=bundled)), name
    text = "İlham Əliyev Moskvaya səfər etdi"
    answer = client.post("/api/recognize", json={"text": text})
    assert answer.json() == _dicts(bundled.recognize(text, "az-Latn")) and len(answer.json()) == 2
    for method, url, request in (
        ("GET", "/api/tm/search", {"params": {"q": "2024", "to": "ru"}}),
        ("GET", "/api/transcribe", {"params": {"q": "巴库", "to": "zh"}}),
        ("POST", "/api/recognize", {"json": {"text": "2024"}}),
    ):
        answer = client.request(method, url, **request)  # type: ignore[arg-type]
        assert answer.status_code == 400 and "script" in answer.json()["error"], url


def test_recognize_equals_the_library(client: httpx.Client, bundled: termbase.Termbase) -> None:
    text = "Путин посетил Азербайджан и встретился с Алиевым в Баку"
    answer = client.post("/api/recognize", json={"text": text, "lang": "ru"})
    assert answer.status_code == 200
    assert answer.json() == _dicts(bundled.recognize(text, "ru"))
    assert [r["concept"] for r in answer.json()][:2] == ["vladimir-putin", "azerbaijan"]


def test_transcribe_equals_the_library(client: httpx.Client, bundled: termbase.Termbase) -> None:
    from termbase.scripts.transcribe import record, transcribe

    for name, source, target, kind in (
        ("Путиным", "ru", "zh-Hans", None),  # the served termbase: 普京
        ("Кабаева", "ru", "zh-Hant-TW", None),
        ("Лебедь", "ru", "zh", "place"),
        ("Hacıyev", "az", "ru", None),
        ("Бaку", "ru", "az", None),  # a Latin a
    ):
        params = {"q": name, "from": source, "to": target, **({"kind": kind} if kind else {})}
        answer = client.get("/api/transcribe", params=params)
        assert answer.status_code == 200
        assert answer.json() == record(name, transcribe(name, source, target, tb=bundled, kind=kind))
    assert (
        client.get("/api/transcribe", params={"q": "Путиным", "from": "ru", "to": "zh"}).json()["candidates"][
            0
        ]["text"]
        == "普京"
    )


def test_the_names_page_shows_the_librarys_candidates(
    client: httpx.Client, bundled: termbase.Termbase
) -> None:
    from termbase.scripts.transcribe import transcribe

    page = client.get("/names", params={"q": "Путиным", "dir": "ru:zh-Hant-TW", "hl": "en"})
    assert page.status_code == 200
    rows = re.findall(r'<tr><td lang="zh-Hant-TW">([^<]+)</td><td>([^<]+)</td>', page.text)
    assert rows == [
        (c.text, {"termbase": "known form", "convention": "by convention", "table": "by the table"}[c.how])
        for c in transcribe("Путиным", "ru", "zh-Hant-TW", tb=bundled)
    ]
    assert rows[0] == ("普丁", "known form")  # Taiwan writes Putin 普丁
    placed = client.get("/names", params={"q": "Лебедь", "dir": "ru:zh-Hans", "kind": "place"}).text
    assert '<td lang="zh-Hans">列别季</td>' in placed and '<option value="place" selected>' in placed
    in_russian = client.get("/names", params={"hl": "ru"}).text
    assert "Новые имена" in in_russian and "Транскрибировать" in in_russian


def test_the_names_page_says_why_nothing_came_beside_the_form(client: httpx.Client) -> None:
    for params, message in (
        ({"q": "Baku", "dir": "ru:zh-Hans"}, "no candidates for &#39;Baku&#39;: it has no Cyrillic letters"),
        ({"q": "Баку", "dir": "ru:xx"}, "unknown direction &#39;ru:xx&#39;"),
        ({"q": "Баку", "dir": "ru:zh-Hans", "kind": "river"}, "unknown kind of name &#39;river&#39;"),
    ):
        page = client.get("/names", params=params)
        assert page.status_code == 200 and 'role="alert"' in page.text and message in page.text, params
        assert f'value="{params["q"]}"' in page.text  # the query stays in the form


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Баку", "from": "ru"},  # no target
        {"q": "Баку", "from": "en", "to": "zh"},  # no such direction
        {"q": "Баку", "from": "ru", "to": "zh", "kind": "river"},
        {"q": "Баку", "from": "ru", "to": "zh", "limit": "0"},
    ],
)
def test_transcribe_user_errors_are_400(client: httpx.Client, params: dict[str, str]) -> None:
    answer = client.get("/api/transcribe", params=params)
    assert answer.status_code == 400 and set(answer.json()) == {"error"}


def test_check_upload_equals_check_file(
    client: httpx.Client, bundled: termbase.Termbase, tmp_path: Path
) -> None:
    from termbase.qa import check_file

    rows = "zh-Hans\tru\n俄罗斯在巴库设有大使馆。\tУ России есть посольство в Бакы.\n巴库\tБаку\n"
    path = tmp_path / "pairs.tsv"
    path.write_text(rows, encoding="utf-8")
    files = {"file": ("pairs.tsv", rows.encode(), "text/tab-separated-values")}
    answer = client.post("/api/check", files=files, data={"source": "zh-Hans", "target": "ru"})
    assert answer.status_code == 200
    expected = _dicts(check_file(path, "zh-Hans", "ru", bundled))
    assert expected and answer.json() == expected


def test_check_refuses_an_unknown_kind_of_file(client: httpx.Client) -> None:
    files = {"file": ("../../etc/passwd", b"root:x:0:0", "text/plain")}
    answer = client.post("/api/check", files=files, data={"source": "zh", "target": "ru"})
    assert answer.status_code == 400 and answer.json()["error"].startswith("passwd:")


@pytest.mark.parametrize(
    ("fmt", "media", "filename"),
    [
        ("tbx", "application/x-tbx+xml", "termbase.tbx"),
        ("tmx", "application/x-tmx+xml", "termbase.tmx"),
        ("csv-long", "text/csv; charset=utf-8", "termbase.csv"),
    ],
)
def test_export_is_a_download_that_reads_back(
    client: httpx.Client, bundled: termbase.Termbase, tmp_path: Path, fmt: str, media: str, filename: str
) -> None:
    from termbase.formats import read

    answer = client.get("/api/export", params={"format": fmt})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media
    assert answer.headers["content-disposition"] == f'attachment; filename="{filename}"'
    path = tmp_path / filename
    path.write_bytes(answer.content)
    back = {c.id: c for c in read(path, fmt) if isinstance(c, Concept)}
    assert sorted(back) == sorted(c.id for c in bundled.concepts())
    if fmt == "csv-long":  # lossless: every concept comes back equal
        assert all(back[c.id] == c for c in bundled.concepts())


def test_export_of_an_unknown_format_is_400(client: httpx.Client) -> None:
    answer = client.get("/api/export", params={"format": "docx"})
    assert answer.status_code == 400 and "docx" in answer.json()["error"]
    answer = client.get("/api/export", params={"format": "po"})  # a known format, but not a glossary's
    assert answer.status_code == 400 and "not exported as po" in answer.json()["error"]


def test_export_as_xlsx(client: httpx.Client) -> None:
    answer = client.get("/api/export", params={"format": "xlsx", "ids": "baku"})
    assert answer.status_code == 200 and answer.content.startswith(b"PK\x03\x04")
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_stats_equals_the_library(client: httpx.Client, bundled: termbase.Termbase) -> None:
    assert client.get("/api/stats").json() == bundled.stats().to_dict()


def test_openapi_describes_every_api_route(client: httpx.Client) -> None:
    from termbase.server import api

    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    served = set()
    for route in api.routes():
        path = re.sub(r"\{(\w+):path\}", r"{\1}", route.path)  # type: ignore[attr-defined]
        for method in route.methods - {"HEAD"}:  # type: ignore[attr-defined]
            served.add((path, method.lower()))
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert described == served


# -- writes: a bearer token, the first --db --------------------------------------------------------
def test_writes_on_a_read_only_server_are_403(client: httpx.Client) -> None:
    body = Concept("x", "city", [Term("X", "en")]).to_dict()
    for answer in (
        client.post("/api/concepts", json=body, headers={"Authorization": f"Bearer {TOKEN}"}),
        client.delete("/api/concepts/baku"),
        client.post("/api/tm/units", json={"id": "u", "variants": {"en": "a"}}),
    ):
        assert answer.status_code == 403, answer.text
        assert "read-only" in answer.json()["error"]


def test_writes_need_the_right_token(writable: RunningServer) -> None:
    body = Concept("ganja", "city", [Term("Gəncə", "az-Latn")]).to_dict()
    with writable.client() as anonymous:
        assert anonymous.post("/api/concepts", json=body).status_code == 401
        wrong = anonymous.post("/api/concepts", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert anonymous.get("/api/concepts/ganja").status_code == 404


def test_add_update_remove_land_in_the_first_db(wclient: httpx.Client, team_db: Path) -> None:
    concept = Concept("ganja", "city", [Term("Gəncə", "az-Latn"), Term("Гянджа", "RU")])
    answer = wclient.post("/api/concepts", json=concept.to_dict())
    assert answer.status_code == 201, answer.text
    assert answer.headers["location"] == "/api/concepts/ganja"
    assert answer.json()["terms"][1] == {"text": "Гянджа", "lang": "ru"}  # the tag normalised
    assert wclient.post("/api/concepts", json=concept.to_dict()).status_code == 400  # exists
    assert wclient.get("/api/lookup", params={"q": "GƏNCƏ"}).json()[0]["id"] == "ganja"
    changed = Concept(
        "ganja", "city", [Term("Gəncə", "az-Latn"), Term("Ganja", "en")], notes={"en": "2nd city"}
    )
    answer = wclient.put("/api/concepts/ganja", json=changed.to_dict())
    assert answer.status_code == 200 and answer.json() == changed.to_dict()
    with termbase.open(team_db) as tb:  # another reader of the file sees it
        assert tb.get("ganja") == changed
    assert wclient.delete("/api/concepts/ganja").status_code == 204
    assert wclient.get("/api/concepts/ganja").status_code == 404
    assert wclient.delete("/api/concepts/ganja").status_code == 404


def test_put_with_another_id_in_the_body_is_400(wclient: httpx.Client) -> None:
    body = Concept("other", "city", [Term("X", "en")]).to_dict()
    answer = wclient.put("/api/concepts/baku", json=body)
    assert answer.status_code == 400 and "other" in answer.json()["error"]


def test_tm_units_are_added_and_found(wclient: httpx.Client) -> None:
    unit = {
        "id": "desk-1",
        "variants": {"zh-Hans": "巴库是阿塞拜疆的首都。", "ru": "Баку — столица Азербайджана."},
    }
    answer = wclient.post("/api/tm/units", json=[unit])
    assert answer.status_code == 201 and answer.json() == {"added": 1}
    found = wclient.get(
        "/api/tm/search", params={"q": "巴库是阿塞拜疆的首都。", "from": "zh-Hans", "to": "ru"}
    )
    assert found.json()[0]["id"] == "desk-1" and found.json()[0]["score"] == 100


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"id": "x", "category": "city", "terms": [', "\u00ff".encode("latin-1"), b""],
)
def test_malformed_json_is_400_with_a_json_error(wclient: httpx.Client, body: bytes) -> None:
    for method, url in (("POST", "/api/concepts"), ("POST", "/api/recognize"), ("POST", "/api/tm/units")):
        answer = wclient.request(method, url, content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (url, answer.text)
        assert answer.json()["error"].startswith("malformed JSON body")


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"id": "x"},
        {"id": "x", "category": "planet"},
        {"id": "x", "category": "city", "terms": [{"text": "", "lang": "en"}]},
        {"id": "x", "category": "city", "terms": [{"text": "X", "lang": "klingon-xx-yy"}]},
        {"id": "x", "category": "city", "terms": ["Baku"]},
    ],
)
def test_invalid_concepts_are_400(wclient: httpx.Client, body: Any) -> None:
    answer = wclient.post("/api/concepts", json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]


# -- safety -----------------------------------------------------------------------------------------
def test_a_12_mb_body_gets_413_and_the_server_keeps_serving(
    server: RunningServer, client: httpx.Client
) -> None:
    big = b"x" * (12 * 1024 * 1024)
    answer = client.post("/api/recognize", content=big, headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert "too large" in answer.json()["error"]
    # Without a Content-Length (chunked), the limit holds as the body streams in.
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.tsv"\r\n\r\n'
    chunks = iter([head, *(b"y" * 1024 * 1024 for _ in range(12))])
    answer = client.post(
        "/api/check", content=chunks, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert answer.status_code == 413
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/lookup", params={"q": "Baku"}).json()[0]["id"] == "baku"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fstate.py",
        "/static/%2e%2e/state.py",
        "/static//etc/passwd",
        "/static/../../../../etc/passwd",
    ],
)
def test_no_path_traversal_in_static_files(server: RunningServer, path: str) -> None:
    # Sent as raw bytes (httpx would normalise the dots away).
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    assert status in (400, 404), data[:200]
    assert b"root:" not in data and b"[project]" not in data and b"class Served" not in data


def test_every_answer_carries_the_security_headers(client: httpx.Client) -> None:
    for url in (
        "/",
        "/concepts/baku",
        "/tm",
        "/recognize",
        "/names",
        "/static/app.js",
        "/api/lookup?q=x",
        "/nowhere",
    ):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_static_files_have_the_right_types(client: httpx.Client) -> None:
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


def test_errors_are_logged_as_one_line_never_a_traceback(server: RunningServer, client: httpx.Client) -> None:
    client.get("/api/concepts/%00")
    client.get("/api/lookup", params={"q": "x", "limit": "many"})
    client.post("/api/recognize", content=b"x" * (11 * 1024 * 1024))
    log = server.stderr_lines()
    assert log and not any("Traceback" in line for line in log)
    stamp = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING|ERROR) ")
    assert [line for line in log[1:] if not stamp.match(line)] == []


# -- hostile text: escaped on every page, round-tripped exactly by the API -----------------------
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' onmouseover='alert(1)",
        "<i id=pwn>x</i>",
        "\u202eevil\u202c \u200f<b>",
        "a\x01b\x1fc&amp;",
        "</textarea><svg onload=alert(1)>",
    ]
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.ids += [value for name, value in attrs if name == "id"]


def _assert_safe(html: str, texts: list[str]) -> None:
    parsed = _Tags()
    parsed.feed(html)
    assert parsed.scripts == [{"src": "/static/app.js?v=" + termbase.__version__, "defer": None}]
    assert parsed.handlers == [] and "pwn" not in parsed.ids
    for text in texts:
        assert str(escape(text)) in html, text


@st.composite
def hostile_concepts(draw: st.DrawFn) -> Concept:
    base = draw(concepts())
    bad = draw(HOSTILE)
    first, *rest = base.terms()
    terms = [Term(first.text + bad, first.lang, first.type, first.status, note=bad), *rest]
    return Concept(
        base.id,
        base.category,
        terms,
        wikidata=base.wikidata,
        definitions={"en": bad},
        notes={**base.notes, "ru": bad + " note"},
        sources=[*base.sources, bad],
    )


@settings(max_examples=25)
@given(concept=hostile_concepts())
def test_hostile_text_round_trips_and_is_escaped_on_every_page(
    wclient: httpx.Client, concept: Concept
) -> None:
    from urllib.parse import quote

    created = wclient.post("/api/concepts", json=concept.to_dict())
    assert created.status_code == 201, created.text
    try:
        url = quote(concept.id, safe="")
        assert wclient.get(f"/api/concepts/{url}").json() == concept.to_dict()
        term = concept.terms()[0]
        page = wclient.get(f"/concepts/{url}")
        assert page.status_code == 200
        texts = [
            t.text for t in concept.terms() if not t.lang.startswith("zh")
        ]  # Chinese terms are split into ruby, character by character
        texts += [t.note for t in concept.terms() if t.note] + list(concept.sources)
        texts += list(concept.notes.values()) + list(concept.definitions.values())
        _assert_safe(page.text, texts)
        search = wclient.get("/", params={"q": term.text})
        assert search.status_code == 200
        _assert_safe(search.text, [term.text])
        recognized = wclient.post("/recognize", data={"text": f"{term.text} …", "lang": term.lang})
        _assert_safe(recognized.text, [f"{term.text} …"])
        for path in ("/tm", "/tm/concordance", "/names"):
            _assert_safe(wclient.get(path, params={"q": term.text}).text, [term.text])
    finally:
        assert wclient.delete(f"/api/concepts/{quote(concept.id, safe='')}").status_code == 204


def test_the_json_is_utf8_not_ascii_escaped(client: httpx.Client) -> None:
    raw = client.get("/api/concepts/baku").content
    assert "巴库".encode() in raw and json.loads(raw)["id"] == "baku"


def test_a_page_shows_a_termbase_error_beside_its_form(client: httpx.Client) -> None:
    """A query the library refuses (an unknown language tag) is a one-line alert on the page the user
    filled, the query kept in the form: not an error page, not a 500."""
    answers = {
        "/": client.get("/", params={"q": "Баку", "lang": "xx-nope"}),
        "/tm": client.get("/tm", params={"q": "巴库", "from": "xx-nope", "to": "ru"}),
        "/recognize": client.post("/recognize", data={"text": "Путин в Баку", "lang": "xx-nope"}),
    }
    for path, answer in answers.items():
        assert answer.status_code == 200, path
        assert 'role="alert"' in answer.text and "unknown language tag &#39;xx-nope&#39;" in answer.text, path
    assert 'value="Баку"' in answers["/"].text
    assert "Путин в Баку" in answers["/recognize"].text
