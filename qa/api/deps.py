"""Dependencies: the loaded service, or 503 (`index_loading`, 「準備中です」) while it is loading."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from qa.api.errors import LOADING, UNAVAILABLE, ApiError
from qa.service import QAService

RETRY_AFTER_S = "5"


def get_service(request: Request) -> QAService:
    state = request.app.state.runtime
    if state.service is None:
        if state.failed:
            raise ApiError(503, "index_unavailable", UNAVAILABLE)
        raise ApiError(503, "index_loading", LOADING, headers={"Retry-After": RETRY_AFTER_S})
    return state.service


ServiceDep = Annotated[QAService, Depends(get_service)]
