"""Two read-only HTTP routes beside the Gradio page, for the passage cards' links:
``puente/page`` (a PDF page as a PNG with the passage highlighted) and ``puente/file``
(the original file, shown inline so ``#page=N`` opens the browser's PDF viewer there).
Only documents of the index are served; anything else is a 404 with the one-line reason."""
from __future__ import annotations

import mimetypes

from puente.ingest.errors import PuenteError

PAGE_ROUTE = "/puente/page"
FILE_ROUTE = "/puente/file"


def add_routes(fastapi_app, app) -> None:
    """Register the routes on the served FastAPI app; ``app`` is the :class:`PuenteApp`."""
    from fastapi.responses import FileResponse, PlainTextResponse, Response

    def page(doc: str, page: int, s: int, e: int):
        try:
            png = app.page_png(doc, page, s, e)
        except PuenteError as exc:
            return PlainTextResponse(str(exc), status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})

    def original(doc: str):
        try:
            path = app.source_file(doc)
        except PuenteError as exc:
            return PlainTextResponse(str(exc), status_code=404)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=kind, filename=path.name, content_disposition_type="inline")

    fastapi_app.add_api_route(PAGE_ROUTE, page, methods=["GET"], include_in_schema=False)
    fastapi_app.add_api_route(FILE_ROUTE, original, methods=["GET"], include_in_schema=False)
