"""The JSON API: the objects of the CLI's ``--json``, from the library's one serialiser.

Each route parses its parameters, calls the library and returns ``to_dict()`` output.
User errors are JSON ``{"error": "..."}`` with 400 (bad request), 404 (unknown id),
401/403 (writes without the right token), 413 (body too large, see :mod:`termbase.server.app`).
The routes are described in ``openapi.json`` beside this module.
"""

from __future__ import annotations

import hmac
import json
import os
import tempfile
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from termbase.errors import InputError, NotFoundError, TermbaseError, UsageError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

    from termbase.model import Concept
    from termbase.server.state import Served

__all__ = ["MEDIA_TYPES", "error_response", "routes"]

MEDIA_TYPES = {
    "tmx": "application/x-tmx+xml",
    "tbx": "application/x-tbx+xml",
    "tbx2008": "application/x-tbx+xml",
    "csv": "text/csv; charset=utf-8",
    "csv-long": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "omegat": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SUFFIX = {"tbx2008": "tbx", "csv-long": "csv", "omegat": "txt"}
_UPLOAD_SUFFIXES = (".tmx", ".tmx.gz", ".tsv", ".csv", ".txt")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import Response

    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(body, status, headers=headers, media_type="application/json")


Handler = Callable[["Request", "Served"], Awaitable["Response"]]


def _api(handler: Handler, *, write: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """Run ``handler`` with the served termbases; user errors become JSON errors."""

    async def endpoint(request: Request) -> Response:
        served: Served = request.app.state.served
        if write:
            refused = _refuse_write(request, served)
            if refused is not None:
                return refused
        try:
            return await handler(request, served)
        except NotFoundError as error:
            return error_response(404, str(error))
        except TermbaseError as error:
            return error_response(400, str(error))

    return endpoint


def _refuse_write(request: Request, served: Served) -> Response | None:
    """403 when the server is read-only; 401 without the right bearer token."""
    if not served.writable:
        why = "no --db file" if not served.config.dbs else "no token ($TERMBASE_TOKEN or --token-file)"
        return error_response(403, f"this server is read-only ({why} configured)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    assert served.token is not None
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), served.token.encode()):
        return error_response(
            401, "a write needs Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
        )
    return None


def _param(request: Request, name: str, *, required: bool = False) -> str | None:
    value = request.query_params.get(name)
    if value is None or not value.strip():
        if required:
            raise UsageError(f"the parameter {name!r} is required")
        return None
    return value.strip()


def _text_from_to(request: Request, guess: Callable[[str], str | None]) -> tuple[str, str, str]:
    """The required ``q`` and ``to`` of a route that renders text from one language in another,
    and ``from``: as given, else what ``guess`` reads from the text's script (as the CLI does)."""
    q, target = _param(request, "q", required=True), _param(request, "to", required=True)
    assert q is not None and target is not None
    source = _param(request, "from")
    if source is None:
        from termbase.guess import language_from_script

        source = language_from_script(q, "the parameter 'from'", guess)
    return q, source, target


def _number(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = _param(request, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise UsageError(f"{name} must be {low}-{high}, not {value}")
    return value


async def _body(request: Request) -> Any:
    """The request's JSON body; malformed JSON is a UsageError (400)."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"malformed JSON body: {error}") from None


# -- reading ----------------------------------------------------------------------------------
async def healthz(request: Request, served: Served) -> Response:
    try:
        counts = {tb.name: len(tb) for tb in served.termbases}
    except Exception as error:  # the file went away, a disk error: not healthy
        return _json({"status": "error", "error": str(error)}, 503)
    return _json({"status": "ok", "concepts": counts})


async def lookup(request: Request, served: Served) -> Response:
    q = _param(request, "q", required=True)
    assert q is not None
    matches = served.lookup(q, _param(request, "lang"), _number(request, "limit", 10, 1, 100))
    return _json([m.to_dict() for m in matches])


async def get_concept(request: Request, served: Served) -> Response:
    _, concept = served.find(request.path_params["concept_id"])
    return _json(concept.to_dict())


async def tm_search(request: Request, served: Served) -> Response:
    from termbase.guess import guess_language

    q, source, target = _text_from_to(request, guess_language)
    min_score = _number(request, "min", 70, 0, 100)
    limit = _number(request, "limit", 5, 1, 100)
    return _json([m.to_dict() for m in served.tm_search(q, source, target, min_score, limit)])


async def tm_concordance(request: Request, served: Served) -> Response:
    q = _param(request, "q", required=True)
    assert q is not None
    hits = served.concordance(q, _param(request, "lang"), _number(request, "limit", 50, 1, 500))
    return _json([h.to_dict() for h in hits])


async def recognize(request: Request, served: Served) -> Response:
    body = await _body(request)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise UsageError('the body is {"text": "...", "lang": "TAG"}')
    lang = body.get("lang")
    if lang is None or (isinstance(lang, str) and not lang.strip()):
        from termbase.guess import language_from_script

        lang = language_from_script(body["text"], "lang")
    if not isinstance(lang, str):
        raise UsageError("lang (the language of the text) is a language tag")
    found = served.first.recognize(body["text"], lang, all_forms=bool(body.get("all_forms", False)))
    return _json([r.to_dict() for r in found])


async def transcribe(request: Request, served: Served) -> Response:
    """A new name's candidates, the first served termbase as the exception list (= ``termbase transcribe --json``)."""
    from termbase.lookalikes import source_by_script
    from termbase.scripts.transcribe import record
    from termbase.scripts.transcribe import transcribe as candidates_of

    q, source, target = _text_from_to(request, source_by_script)
    limit = _number(request, "limit", 6, 1, 50)
    found = candidates_of(q, source, target, tb=served.first, limit=limit, kind=_param(request, "kind"))
    return _json(record(q, found))


async def check(request: Request, served: Served) -> Response:
    """QA of an uploaded bilingual file, read by the CLI's readers from a private temporary copy."""
    from starlette.datastructures import UploadFile

    from termbase.qa import check_file

    form = await request.form()
    upload = form.get("file")
    source, target = form.get("source"), form.get("target")
    if not isinstance(upload, UploadFile) or not isinstance(source, str) or not isinstance(target, str):
        raise UsageError("send a multipart form with file, source and target")
    name = os.path.basename(upload.filename or "upload")
    suffix = next((s for s in _UPLOAD_SUFFIXES if name.lower().endswith(s)), None)
    if suffix is None:
        raise UsageError(f"{name}: a bilingual file ends in {', '.join(_UPLOAD_SUFFIXES)}")
    with tempfile.TemporaryDirectory(prefix="termbase-check-") as folder:
        path = os.path.join(folder, "upload" + suffix)
        with open(path, "wb") as out:
            out.write(await upload.read())
        try:
            findings = check_file(path, source, target, served.first)
        except InputError as error:  # name the upload, not the temporary copy
            raise InputError(error.message, path=name, line=error.line) from None
    return _json([f.to_dict() for f in findings])


async def export(request: Request, served: Served) -> Response:
    from starlette.responses import Response

    from termbase.formats import format_info

    fmt = format_info(_param(request, "format", required=True) or "").name
    params = request.query_params
    with tempfile.TemporaryFile() as out:
        served.first.export(
            fmt,
            out,
            langs=params.getlist("langs") or None,
            source=_param(request, "source"),
            target=_param(request, "target"),
            categories=params.getlist("category") or None,
            ids=params.getlist("ids") or None,
            derived=params.getlist("derived"),
        )
        out.seek(0)
        data = out.read()
    filename = f"termbase.{_SUFFIX.get(fmt, fmt)}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, 200, headers=headers, media_type=MEDIA_TYPES[fmt])


async def stats(request: Request, served: Served) -> Response:
    return _json(served.first.stats().to_dict())


async def openapi(request: Request, served: Served) -> Response:
    from importlib import resources

    text = resources.files("termbase.server").joinpath("openapi.json").read_text(encoding="utf-8")
    return _json(json.loads(text))


# -- writing ----------------------------------------------------------------------------------
def _concept(body: Any, concept_id: str | None = None) -> Concept:
    """A concept from a JSON object in the layout of ``Concept.to_dict()``; tags normalised."""
    from termbase.langtags import normalize_tag
    from termbase.model import Concept

    if not isinstance(body, dict):
        raise UsageError("the body must be a concept object (as GET /api/concepts/{id} returns)")
    if concept_id is not None:
        body = {**body, "id": body.get("id", concept_id)}
        if body["id"] != concept_id:
            raise UsageError(f"the body's id {body['id']!r} is not the id in the URL {concept_id!r}")
    terms = body.get("terms")
    if isinstance(terms, list):
        body = {
            **body,
            "terms": [
                {**t, "lang": normalize_tag(t["lang"])}
                if isinstance(t, dict) and isinstance(t.get("lang"), str)
                else t
                for t in terms
            ],
        }
    try:
        return Concept.from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, TermbaseError):
            raise
        raise UsageError(f"not a valid concept: {error!r}") from None


async def add_concept(request: Request, served: Served) -> Response:
    concept = _concept(await _body(request))
    served.first.add(concept)
    url = "/api/concepts/" + _quote(concept.id)
    return _json(served.first[concept.id].to_dict(), 201, {"Location": url})


async def put_concept(request: Request, served: Served) -> Response:
    concept_id = request.path_params["concept_id"]
    concept = _concept(await _body(request), concept_id)
    if concept_id not in served.first:
        raise NotFoundError(f"no concept with id {concept_id!r} in {served.first.name}")
    served.first.update(concept)
    return _json(served.first[concept_id].to_dict())


async def delete_concept(request: Request, served: Served) -> Response:
    from starlette.responses import Response

    concept_id = request.path_params["concept_id"]
    if concept_id not in served.first:
        raise NotFoundError(f"no concept with id {concept_id!r} in {served.first.name}")
    served.first.remove(concept_id)
    return Response(status_code=204)


async def add_units(request: Request, served: Served) -> Response:
    from termbase.langtags import normalize_tag
    from termbase.model import TranslationUnit

    body = await _body(request)
    items = body if isinstance(body, list) else [body]
    units = []
    for item in items:
        variants = item.get("variants") if isinstance(item, dict) else None
        if not isinstance(variants, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in variants.items()
        ):
            raise UsageError('a unit is {"id": "...", "variants": {"TAG": "text", ...}}')
        unit_id = item.get("id")
        if not isinstance(unit_id, str) or not unit_id.strip():
            raise UsageError("a unit needs an id")
        note = item.get("note")
        units.append(
            TranslationUnit(
                unit_id,
                {normalize_tag(k): v for k, v in variants.items()},
                note=note if isinstance(note, str) else None,
            )
        )
    with served.first.transaction() as tb:
        added = tb.memory.add_units(units)
    return _json({"added": added}, 201)


def _quote(concept_id: str) -> str:
    from urllib.parse import quote

    return quote(concept_id, safe="")


def routes() -> list[BaseRoute]:
    from starlette.routing import Route

    return [
        Route("/healthz", _api(healthz), methods=["GET"]),
        Route("/api/openapi.json", _api(openapi), methods=["GET"]),
        Route("/api/lookup", _api(lookup), methods=["GET"]),
        Route("/api/concepts", _api(add_concept, write=True), methods=["POST"]),
        Route("/api/concepts/{concept_id:path}", _api(get_concept), methods=["GET"]),
        Route("/api/concepts/{concept_id:path}", _api(put_concept, write=True), methods=["PUT"]),
        Route("/api/concepts/{concept_id:path}", _api(delete_concept, write=True), methods=["DELETE"]),
        Route("/api/tm/search", _api(tm_search), methods=["GET"]),
        Route("/api/tm/concordance", _api(tm_concordance), methods=["GET"]),
        Route("/api/tm/units", _api(add_units, write=True), methods=["POST"]),
        Route("/api/recognize", _api(recognize), methods=["POST"]),
        Route("/api/transcribe", _api(transcribe), methods=["GET"]),
        Route("/api/check", _api(check), methods=["POST"]),
        Route("/api/export", _api(export), methods=["GET"]),
        Route("/api/stats", _api(stats), methods=["GET"]),
    ]
