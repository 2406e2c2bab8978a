"""Dependencies: the loaded service, or 503 while it is loading."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from qa.errors import IndexNotFound
from qa.service import QAService


def get_service(request: Request) -> QAService:
    state = request.app.state.runtime
    if state.service is None:
        raise IndexNotFound(state.detail or "the index is still loading; try again in a moment")
    return state.service


ServiceDep = Annotated[QAService, Depends(get_service)]
