"""GET /api/health: ready (200, with the index manifest summary) or not yet (503)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from qa.api.errors import LOADING, UNAVAILABLE, scrub_paths
from qa.api.schemas import DocumentCoverage, ErrorBody, Health, HealthProblem, SkippedDocument

router = APIRouter()


def skipped_documents(manifest: dict) -> list[SkippedDocument]:
    """The documents a build could not read, from its manifest: each by its file name, its reason without the
    server's paths."""
    return [SkippedDocument(document=Path(str(s.get("document", ""))).name, reason=scrub_paths(str(s.get("reason", ""))))
            for s in (manifest.get("corpus") or {}).get("skipped", [])]


@router.get("/health", response_model=Health, responses={503: {"model": HealthProblem, "description": "Loading or failed"}})
def health(request: Request) -> Health | JSONResponse:
    """Whether the service can answer; 503 while the index loads (「準備中です」) or when it failed to.

    Nothing here names a file or folder of the server: the model is given by name, skipped documents by file name.
    """
    state = request.app.state.runtime
    if state.service is None:
        error = (ErrorBody(code="index_unavailable", message=UNAVAILABLE) if state.failed
                 else ErrorBody(code="index_loading", message=LOADING))
        body = HealthProblem(status="error" if state.failed else "loading", detail=scrub_paths(state.detail),
                             error=error)
        return JSONResponse(body.model_dump(), status_code=503)
    m = state.service.index.manifest
    index = {k: m.get(k) for k in ("built_at", "counts", "dense_index")}
    model = dict(m.get("model") or {})
    model["name"] = Path(str(model.get("name", ""))).name  # the model's name, not where it lies on the server
    index["model"] = {k: model.get(k) for k in ("name", "dims")}
    skipped = skipped_documents(m)
    coverage = [DocumentCoverage(document=Path(str(d.get("name", ""))).name, layout=str(d.get("layout") or ""),
                                 coverage=d.get("coverage"), note=str(d.get("coverage_note") or ""))
                for d in (m.get("corpus") or {}).get("documents", [])]
    return Health(status="ok", index=index, skipped=skipped, coverage=coverage)
