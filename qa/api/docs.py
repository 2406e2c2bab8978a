"""/docs (Swagger UI) and /redoc (ReDoc) served offline: their assets come from the `fastapi-offline` package.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start Swagger UI with an inline script; neither is
allowed offline nor under our Content-Security-Policy. Here the JS and CSS are the files `fastapi-offline` ships,
served by this app under /docs-assets/, and Swagger UI is started by /docs/swagger-init.js, a separate file of
ours, so `script-src 'self'` holds on every page, docs included.

/docs runs under the app's own CSP, unchanged (checked in Chromium: Swagger UI 5 applies its styles from its
CSS file and through the CSSOM, which `style-src 'self'` allows). /redoc alone gets `style-src 'self'
'unsafe-inline'`, because ReDoc's styled-components writes its styles into <style> elements at run time (blank
page without it), and `worker-src blob:`, for the search worker ReDoc builds from a Blob. Inline *scripts* stay
forbidden everywhere, docs included. ReDoc's "API docs by Redocly" logo points at its CDN: the CSP blocks it,
nothing else is missing offline.
"""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs-assets"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))


def redoc_policy(csp: str) -> str:
    """The app's CSP with the two things ReDoc needs: inline styles and a worker from a Blob."""
    parts = [p.strip() for p in csp.split(";") if p.strip() and not p.strip().startswith(("style-src", "worker-src"))]
    return "; ".join([*parts, "style-src 'self' 'unsafe-inline'", "worker-src 'self' blob:"])

SWAGGER_INIT = """\
"use strict";
// Starts Swagger UI on /docs (a file, not an inline script, so that the page's CSP can forbid inline scripts).
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
"""


def _page(title: str, head: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>')


def install_docs(app: FastAPI, csp: str) -> None:
    """Add /docs, /redoc, /docs/swagger-init.js and the /docs-assets files to `app` (built with docs_url=None);
    `csp` is the app's Content-Security-Policy, which /redoc relaxes for styles only (`redoc_policy`)."""
    openapi_url = app.openapi_url or "/openapi.json"
    redoc_csp = redoc_policy(csp)

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = _page(
            f"{app.title} - Swagger UI",
            f'<link rel="stylesheet" href="{root}{ASSETS_URL}/swagger-ui.css">'
            f'<link rel="icon" href="{root}{ASSETS_URL}/favicon.png">',
            f'<div id="swagger-ui" data-openapi-url="{html.escape(root + openapi_url)}"></div>'
            f'<script src="{root}{ASSETS_URL}/swagger-ui-bundle.js"></script>'
            f'<script src="{root}/docs/swagger-init.js"></script>')
        return HTMLResponse(page)  # the app's CSP, as every page: no inline script, no inline style

    @app.get("/docs/swagger-init.js", include_in_schema=False)
    async def swagger_init() -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = _page(
            f"{app.title} - ReDoc",
            f'<link rel="icon" href="{root}{ASSETS_URL}/favicon.png"><style>body{{margin:0;padding:0}}</style>',
            f'<redoc spec-url="{html.escape(root + openapi_url)}"></redoc>'
            f'<script src="{root}{ASSETS_URL}/redoc.standalone.js"></script>')
        return HTMLResponse(page, headers={"Content-Security-Policy": redoc_csp})

    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
