"""The ASGI application: the API and page routes, the static files, and a guard around them.

The guard (:class:`Guard`, outermost) gives every response the security headers (a strict
Content-Security-Policy: scripts, styles and images only from this server, no inline code),
refuses request bodies over the limit with 413, and turns any unexpected error into a 500
answer and one log line (never a traceback page, never a traceback in the log).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from termbase.server.state import Served, ServerConfig

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["SECURITY_HEADERS", "Guard", "create_app", "create_app_from_env"]

log = logging.getLogger("termbase.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
_HEADER_BYTES = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class _TooLarge(Exception):
    pass


class Guard:
    """Security headers, the body limit and one-line error logs around an ASGI app."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in _HEADER_BYTES if k not in have),
                ]
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, send_with_headers)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._too_large(scope, send_with_headers)
        except Exception as error:
            log.error(
                "%s %s: %s: %s",
                scope.get("method"),
                scope.get("path"),
                type(error).__name__,
                str(error).splitlines()[0] if str(error) else "",
            )
            if not started:
                await _send_json(send_with_headers, 500, '{"error": "internal error (logged)"}')

    async def _too_large(self, scope: Scope, send: Send) -> None:
        log.warning(
            "%s %s: body over %d bytes refused", scope.get("method"), scope.get("path"), self.max_body
        )
        message = f"request body too large (limit {self.max_body} bytes)"
        await _send_json(send, 413, json.dumps({"error": message}))


async def _send_json(send: Send, status: int, body: str) -> None:
    data = body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def create_app(config: ServerConfig) -> Guard:
    """The application serving ``config``'s termbases (opened now, in this process)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from termbase.server import api, pages

    served = Served(config)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            return api.error_response(exc.status_code, str(exc.detail))
        title = pages.N_("Not found") if exc.status_code == 404 else str(exc.detail)
        return pages.render(request, "error.html", exc.status_code, title=title, message=str(exc.detail))

    async def too_large(request: Request, exc: Exception) -> Response:
        log.warning("%s %s: body over %d bytes refused", request.method, request.url.path, config.max_body)
        return api.error_response(413, f"request body too large (limit {config.max_body} bytes)")

    async def crashed(request: Request, exc: Exception) -> Response:
        # The guard logs the error in one line once Starlette re-raises it.
        return api.error_response(500, "internal error (logged)")

    app: Starlette = Starlette(
        routes=[
            *api.routes(),
            *pages.routes(),
            Mount("/static", StaticFiles(packages=[("termbase.server", "static")]), name="static"),
        ],
        exception_handlers={HTTPException: http_error, _TooLarge: too_large, Exception: crashed},
    )
    app.state.served = served
    return Guard(app, config.max_body)


def create_app_from_env() -> Guard:
    """The factory uvicorn's worker processes call: the configuration comes in the environment."""
    return create_app(ServerConfig.from_env())
