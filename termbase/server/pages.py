"""The web page: server-rendered HTML (Jinja2, autoescaped) in four interface languages.

Each route parses the request, calls the library, and renders a template; plain search,
TM search, concordance and recognition are forms that work without JavaScript.
``static/app.js`` only adds results-as-you-type to the search box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urlencode

from termbase.errors import NotFoundError, TermbaseError
from termbase.server.i18n import LOCALES, negotiate, translations

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

    from termbase.server.state import Served

__all__ = ["marked_parts", "recognized_parts", "routes"]

EXPORTS = (
    ("tbx", "TBX (ISO 30042)"),
    ("tmx", "TMX 1.4b"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("csv-long", "CSV (long)"),
)


def concept_url(concept_id: str, api: bool = False) -> str:
    """The page (or API object) of a concept; any id, slashes and all, is one path segment.

    >>> concept_url("baku"), concept_url("a/b?c", api=True)
    ('/concepts/baku', '/api/concepts/a%2Fb%3Fc')
    """
    return ("/api/concepts/" if api else "/concepts/") + quote(concept_id, safe="")


def marked_parts(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) where ``spans`` (start, end) are marked; overlaps merged.

    >>> marked_parts("в Баку и Москве", [(2, 6), (9, 15)])
    [('в ', False), ('Баку', True), (' и ', False), ('Москве', True)]
    """
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def recognized_parts(text: str, found: Sequence[Any]) -> list[tuple[str, Any]]:
    """``text`` cut into (piece, recognised term or None); overlapping finds after the first are left out.

    >>> from types import SimpleNamespace as R
    >>> [(p, h is not None) for p, h in recognized_parts("в Баку", [R(start=2, end=6)])]
    [('в ', False), ('Баку', True)]
    """
    out: list[tuple[str, Any]] = []
    pos = 0
    for hit in sorted(found, key=lambda r: (r.start, -r.end)):
        if hit.start < pos:
            continue
        if hit.start > pos:
            out.append((text[pos : hit.start], None))
        out.append((text[hit.start : hit.end], hit))
        pos = hit.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _ruby(text: str) -> list[tuple[str, str | None]]:
    from termbase.scripts.pinyin import pinyin_ruby

    return pinyin_ruby(text)


@cache
def environment(locale: str) -> Environment:
    """The templates, autoescaped, with the interface strings of ``locale``."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("termbase.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(ruby=_ruby, concept_url=concept_url)
    return env


@dataclass(frozen=True, slots=True)
class UI:
    """What every page needs: the interface language, its switcher, links that keep it."""

    locale: str
    keep_value: str
    switcher: list[tuple[str, str, str]]
    termbases: str

    @property
    def html_lang(self) -> str:
        return {"zh": "zh-Hans", "az": "az-Latn"}.get(self.locale, self.locale)

    @property
    def keep(self) -> str:
        """``?hl=xx`` when the language was chosen in the URL, so plain links keep it."""
        return f"?hl={self.keep_value}" if self.keep_value else ""

    @staticmethod
    def static(name: str) -> str:
        from termbase import __version__

        return f"/static/{name}?v={__version__}"


def _ui(request: Request, served: Served) -> UI:
    asked = request.query_params.get("hl")
    locale = negotiate(asked, request.cookies.get("hl"), request.headers.get("accept-language"))
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "hl"]
    switcher = [
        (code, name, request.url.path + "?" + urlencode([*params, ("hl", code)]))
        for code, name in LOCALES.items()
    ]
    return UI(locale, locale if asked in LOCALES else "", switcher, ", ".join(served.names()))


def _tags(locale: str) -> list[tuple[str, str]]:
    from termbase.langtags import KNOWN_TAGS, language_name

    return [(tag, language_name(tag, locale)) for tag in KNOWN_TAGS]


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    from starlette.responses import HTMLResponse

    served: Served = request.app.state.served
    ui = _ui(request, served)
    env = environment(ui.locale)
    gettext = translations(ui.locale).gettext
    title = context.pop("title", "")
    html = env.get_template(template).render(
        ui=ui, title=gettext(title) if title else "", tags=_tags(ui.locale), **context
    )
    response = HTMLResponse(html, status_code=status)
    if ui.keep_value:
        response.set_cookie("hl", ui.keep_value, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def _page(
    handler: Callable[[Request, Served], Any],
) -> Callable[[Request], Any]:
    """A page handler whose user errors become the page with the message, not a crash."""

    async def endpoint(request: Request) -> Response:
        served: Served = request.app.state.served
        try:
            result: Response = await handler(request, served)
        except NotFoundError as error:
            return render(request, "error.html", 404, title=N_("Not found"), message=str(error), section="")
        return result

    return endpoint


Found = TypeVar("Found")


def _attempt(work: Callable[[], list[Found]]) -> tuple[list[Found], str | None]:
    """What ``work`` found, or nothing and the one-line message of the termbase error it raised
    (the page shows it beside the form the user filled)."""
    try:
        return work(), None
    except TermbaseError as error:
        return [], str(error)


# Page titles: marked for extraction here, translated in render().
def N_(message: str) -> str:
    return message


async def search(request: Request, served: Served) -> Response:
    q = request.query_params.get("q", "").strip()
    lang = request.query_params.get("lang") or None
    matches, error = _attempt(lambda: [m.to_dict() for m in served.lookup(q, lang, 20)]) if q else ([], None)
    return render(
        request,
        "search.html",
        title=N_("Find a term"),
        section="search",
        q=q,
        lang=lang or "",
        matches=matches,
        error=error,
        exports=EXPORTS,
    )


async def concept(request: Request, served: Served) -> Response:
    from termbase.langtags import language_name

    concept_id = request.path_params["concept_id"]
    tb, found = served.find(concept_id)
    ui = _ui(request, served)
    gettext = translations(ui.locale).gettext
    statuses = {"preferred": gettext("preferred"), "admitted": gettext("admitted")}
    statuses["deprecated"] = gettext("deprecated")
    languages = []
    for lang in found.languages():
        try:
            name = language_name(lang, ui.locale)
        except Exception:  # a tag Babel cannot name: show the tag
            name = lang
        languages.append((lang, name, found.terms(lang)))
    return render(
        request,
        "concept.html",
        title=found.id,
        section="",
        concept=found,
        languages=languages,
        statuses=statuses,
        derived=tb.derived_forms(found.id),
    )


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        number = default
    return min(max(number, low), high)


async def tm(request: Request, served: Served) -> Response:
    params = request.query_params
    q = params.get("q", "").strip()
    source = params.get("from") or "zh-Hans"
    target = params.get("to") or "ru"
    min_score = _int(params.get("min"), 50, 0, 100)
    matches, error = (
        _attempt(
            lambda: [
                (m, marked_parts(m.source, [(d.match_start, d.match_end) for d in m.diff]))
                for m in served.tm_search(q, source, target, min_score, 10)
            ]
        )
        if q
        else ([], None)
    )
    return render(
        request,
        "tm.html",
        title=N_("Translation memory"),
        section="tm",
        q=q,
        source=source,
        target=target,
        min_score=min_score,
        matches=matches,
        error=error,
    )


async def concordance(request: Request, served: Served) -> Response:
    q = request.query_params.get("q", "").strip()
    lang = request.query_params.get("lang") or None
    hits, error = (
        _attempt(lambda: [(h, marked_parts(h.text, h.spans)) for h in served.concordance(q, lang, 50)])
        if q
        else ([], None)
    )
    return render(
        request,
        "concordance.html",
        title=N_("Concordance"),
        section="concordance",
        q=q,
        lang=lang or "",
        hits=hits,
        error=error,
    )


async def recognize(request: Request, served: Served) -> Response:
    text, lang = "", "ru"
    parts = None
    found: list[Any] = []
    error = None
    if request.method == "POST":
        form = await request.form()
        text = str(form.get("text") or "")
        lang = str(form.get("lang") or "ru")
        found, error = _attempt(lambda: list(served.first.recognize(text, lang)))
        parts = None if error else recognized_parts(text, found)
    return render(
        request,
        "recognize.html",
        title=N_("Recognise names in a text"),
        section="recognize",
        text=text,
        lang=lang,
        parts=parts,
        found=found,
        error=error,
    )


async def names(request: Request, served: Served) -> Response:
    """A new name in another language (``termbase transcribe``), the first served termbase as the exception list."""
    from termbase.errors import UsageError
    from termbase.scripts.transcribe import DIRECTIONS, no_candidates, transcribe

    params = request.query_params
    q = params.get("q", "").strip()
    direction = params.get("dir") or "ru:zh-Hans"
    kind = params.get("kind") or None
    source, _, target = direction.partition(":")
    candidates: list[Any] = []
    error = None
    if q:

        def work() -> list[Any]:
            if (source, target) not in DIRECTIONS:
                raise UsageError(f"unknown direction {direction!r}")
            found = transcribe(q, source, target, tb=served.first, kind=kind)
            if not found:
                raise UsageError(no_candidates(q, source))
            return found

        candidates, error = _attempt(work)
    gettext = translations(_ui(request, served).locale).gettext
    hows = {
        "termbase": gettext("known form"),
        "convention": gettext("by convention"),
        "table": gettext("by the table"),
    }
    return render(
        request,
        "names.html",
        title=N_("Transcribe a new name"),
        section="names",
        q=q,
        direction=direction,
        directions=[(f"{s}:{t}", f"{s} → {t}") for s, t in DIRECTIONS],
        source=source,
        target=target,
        kind=kind or "",
        candidates=candidates,
        hows=hows,
        error=error,
    )


def routes() -> list[BaseRoute]:
    from starlette.routing import Route

    return [
        Route("/", _page(search), methods=["GET"]),
        Route("/concepts/{concept_id:path}", _page(concept), methods=["GET"]),
        Route("/tm", _page(tm), methods=["GET"]),
        Route("/tm/concordance", _page(concordance), methods=["GET"]),
        Route("/recognize", _page(recognize), methods=["GET", "POST"]),
        Route("/names", _page(names), methods=["GET"]),
    ]
