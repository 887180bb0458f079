"""Two read-only HTTP routes beside the Gradio page, for the passage cards' links:
``puente/page`` (a PDF page as a PNG with the passage highlighted) and ``puente/file``
(the original file, shown inline so ``#page=N`` opens the browser's PDF viewer there).
Only documents of the index are served; anything else is a 404 with the one-line reason.

An original comes from outside (a saved web page may carry scripts), so it is served so
that it cannot act as the app: every response of the server says ``nosniff`` (the
browser takes the type we send, never guesses HTML), and every original but a PDF is
sent with ``Content-Security-Policy: sandbox`` (no scripts, an origin of its own, no
requests). When the app asks for a login, both routes ask for the same one (401 without)."""
from __future__ import annotations

import mimetypes

from fastapi import Request  # module level: the routes' annotations are resolved by name

from puente.common.errors import PuenteError

PAGE_ROUTE = "/puente/page"
FILE_ROUTE = "/puente/file"
NOSNIFF = (b"x-content-type-options", b"nosniff")
# an original shown in the browser: no scripts, forms, plugins or top-level navigation, an
# opaque origin (no cookies, no same-origin requests to the app), and nothing loaded but its
# own inline styles and data: images
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


class NoSniff:
    """ASGI middleware: ``X-Content-Type-Options: nosniff`` on every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_header(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != NOSNIFF[0]]
                message = {**message, "headers": headers + [NOSNIFF]}
            await send(message)

        return await self.app(scope, receive, send_with_header)


def original_headers(name: str) -> tuple[str, dict[str, str]]:
    """The media type an original file is sent with, and its extra headers: a PDF as
    itself (the browser's PDF viewer needs an ordinary document; PDF scripts run inside
    the viewer, not on this origin), anything else sandboxed."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind == "application/pdf":
        return kind, {}
    return kind, {"Content-Security-Policy": SANDBOX}


def logged_in(fastapi_app, request) -> bool:
    """Whether ``request`` may read documents: always when the app has no login, else when
    it carries the session cookie Gradio's login form set (the same check as Gradio's own
    ``login_check``)."""
    if getattr(fastapi_app, "auth", None) is None:
        return True
    cid = fastapi_app.cookie_id
    token = request.cookies.get(f"access-token-{cid}") or request.cookies.get(f"access-token-unsecure-{cid}")
    return fastapi_app.tokens.get(token) is not None


def add_routes(fastapi_app, app) -> None:
    """Register the routes on the served FastAPI app; ``app`` is the :class:`PuenteApp`."""
    from fastapi.responses import FileResponse, PlainTextResponse, Response

    def refused():
        return PlainTextResponse("not logged in; open the app and log in first", status_code=401)

    def page(request: Request, doc: str, page: int, s: int, e: int):
        if not logged_in(fastapi_app, request):
            return refused()
        try:
            png = app.page_png(doc, page, s, e)
        except PuenteError as exc:
            return PlainTextResponse(str(exc), status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})

    def original(request: Request, doc: str):
        if not logged_in(fastapi_app, request):
            return refused()
        try:
            path = app.source_file(doc)
        except PuenteError as exc:
            return PlainTextResponse(str(exc), status_code=404)
        kind, headers = original_headers(path.name)
        return FileResponse(path, media_type=kind, filename=path.name, content_disposition_type="inline",
                            headers=headers)

    fastapi_app.add_api_route(PAGE_ROUTE, page, methods=["GET"], include_in_schema=False)
    fastapi_app.add_api_route(FILE_ROUTE, original, methods=["GET"], include_in_schema=False)
