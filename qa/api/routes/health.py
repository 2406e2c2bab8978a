"""GET /api/health: ready (200, with the index manifest summary) or not yet (503)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from qa.api.schemas import Health

router = APIRouter()


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(request: Request) -> Health | JSONResponse:
    """Whether the service can answer; 503 while the index loads or when it failed to."""
    state = request.app.state.runtime
    if state.service is None:
        body = Health(status="error" if state.failed else "loading", detail=state.detail)
        return JSONResponse(body.model_dump(), status_code=503)
    m = state.service.index.manifest
    index = {k: m.get(k) for k in ("built_at", "counts", "dense_index")}
    model = dict(m.get("model") or {})
    model["name"] = Path(str(model.get("name", ""))).name  # the model's name, not where it lies on the server
    index["model"] = {k: model.get(k) for k in ("name", "dims")}
    return Health(status="ok", index=index, skipped=(m.get("corpus") or {}).get("skipped", []))
