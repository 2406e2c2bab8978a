"""Admin operations behind an API key: rebuild the index, list, upload and delete the corpus's documents. Disabled
without a key."""

from __future__ import annotations

import hmac
import re
import threading
import unicodedata
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, Request, UploadFile
from pydantic import BaseModel, Field

from qa.api.routes.health import skipped_documents
from qa.api.schemas import ErrorResponse, SkippedDocument
from qa.config import get_settings
from qa.errors import AdminDisabled, BadUpload, Conflict, Forbidden, NotFound
from qa.ingest.readers import CONFIG_FILES, SUPPORTED, TEXT_SUFFIXES, UnreadableDocument, _check_text, _decode

router = APIRouter(prefix="/admin")
UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9\u3040-\u30ff\u3400-\u9fff\uff10-\uff19._-]+")
SAFE_NAME = re.compile(r"^[A-Za-z0-9\u3040-\u30ff\u3400-\u9fff][A-Za-z0-9\u3040-\u30ff\u3400-\u9fff._-]{0,120}$")


class ReindexStatus(BaseModel):
    status: str = Field(description="idle, running, ok or failed")
    detail: str = Field("", description="the error of a failed reindex; for one that succeeded, the documents it "
                                        "could not read, named (they do not answer; the others do)")
    skipped: list[SkippedDocument] = Field([], description="documents of the corpus the last reindex could not read")


class Uploaded(BaseModel):
    name: str
    bytes: int
    replaced: list[str] = []
    indexed: bool = Field(False, description="Whether the document answers yet: not until a reindex.")
    next: str = Field("POST /api/admin/reindex で索引に取り込むと回答に使われます。 "
                      "Reindex (POST /api/admin/reindex) to make it answer.")


def require_key(request: Request, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """The admin key, compared in constant time; without a configured key the endpoints do not exist."""
    key = request.app.state.admin_key
    if not key:
        raise AdminDisabled("admin endpoints are disabled: set QA_ADMIN_KEY to enable them")
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), key.encode()):
        raise Forbidden("missing or wrong X-API-Key")


AdminDep = Annotated[None, Depends(require_key)]


def _reindex(request: Request) -> None:
    from qa.index.build import build

    runtime = request.app.state.runtime
    service = runtime.service
    try:
        manifest = build(service.corpus, service.index_dir, embedder=service.embedder, store=service.store)
        service.refresh()
        runtime.reindex_skipped = skipped_documents(manifest)
        runtime.reindex = ("ok", "")
    except Exception as exc:  # the old index keeps serving; the error is reported
        runtime.reindex = ("failed", str(exc))


def skipped_note(skipped: list[SkippedDocument]) -> str:
    """One line naming the documents a build could not read ("" when it read them all)."""
    if not skipped:
        return ""
    named = "; ".join(f"{s.document} ({s.reason})" for s in skipped)
    return f"{len(skipped)} 件の資料を読めませんでした（回答には使われません）。 {len(skipped)} document(s) skipped: {named}"


@router.post("/reindex", response_model=ReindexStatus, status_code=202,
             responses={403: {"model": ErrorResponse}, 409: {"model": ErrorResponse}})
def reindex(request: Request, _: AdminDep) -> ReindexStatus:
    """Rebuild the index from the corpus folder aside, then swap it in; answering goes on meanwhile."""
    runtime = request.app.state.runtime
    if runtime.service is None and not (runtime.failed and runtime.load is not None):
        raise Conflict("the service is still loading")
    with runtime.lock:
        if runtime.reindex[0] == "running":
            raise Conflict("a reindex is already running")
        runtime.reindex = ("running", "")
    if runtime.service is None:
        # A load that failed (an empty corpus folder before its first upload, a build that could not finish): the
        # reindex loads again, building the index from what the folder holds now; no restart needed.
        threading.Thread(target=_load_again, args=(runtime,), daemon=True).start()
    else:
        threading.Thread(target=_reindex, args=(request,), daemon=True).start()
    return ReindexStatus(status="running")


def _load_again(runtime) -> None:  # noqa: ANN001 - the app's Runtime (qa.api.app imports this module)
    """Load the service again after a failed load; the reindex status says how it went."""
    runtime.load()
    if runtime.service is not None:
        runtime.reindex_skipped = skipped_documents(runtime.service.store.read_manifest())
        runtime.reindex = ("ok", "")
    else:
        runtime.reindex = ("failed", runtime.detail)


@router.get("/reindex", response_model=ReindexStatus, responses={403: {"model": ErrorResponse}})
def reindex_status(request: Request, _: AdminDep) -> ReindexStatus:
    """State of the last reindex: idle, running, ok or failed (with the error)."""
    runtime = request.app.state.runtime
    status, detail = runtime.reindex
    if status != "ok":
        return ReindexStatus(status=status, detail=detail)
    # (one that succeeded says which documents it could not read, if any)
    return ReindexStatus(status=status, detail=skipped_note(runtime.reindex_skipped), skipped=runtime.reindex_skipped)


@router.post("/documents", response_model=Uploaded, status_code=201,
             responses={403: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
async def upload(request: Request, _: AdminDep, file: Annotated[UploadFile, File()]) -> Uploaded:
    """Store a document in the corpus folder under a safe name (reindex to make it answer).

    The name is NFC-normalised (macOS sends NFD) and made safe rather than refused; a file whose content is
    already in the corpus under another name replaces that file instead of duplicating it (`replaced`).
    """
    name = safe_name(file.filename or "")
    if Path(name).suffix.lower() not in SUPPORTED:
        raise BadUpload(f"この形式のファイルは読めません（読める形式：{'、'.join(sorted(SUPPORTED))}）。 "
                        f"unsupported type; accepted: {', '.join(sorted(SUPPORTED))}")
    limit = get_settings().max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise BadUpload(f"ファイルが大きすぎます（{limit:,}バイトまで）。 file over {limit} bytes")
    if not data.strip():
        raise BadUpload("ファイルが空です。 file is empty")
    if Path(name).suffix.lower() == ".pdf" and b"%PDF-" not in data[:1024]:
        # (a PDF opens with 「%PDF-」 within its first 1,024 bytes: anything else would only be skipped at the reindex)
        raise BadUpload("PDFファイルではありません（%PDF- で始まっていません）。 not a PDF file (no %PDF- header)")
    if Path(name).suffix.lower() in TEXT_SUFFIXES:
        try:  # refused now, not only reported as skipped at the next reindex
            _check_text(_decode(data, Path(name)), Path(name))
        except UnreadableDocument as exc:
            raise BadUpload(str(exc)) from exc
    corpus = _corpus(request)
    target = (corpus / name).resolve()
    if target.parent != corpus.resolve():
        raise BadUpload("ファイル名が正しくありません。 invalid file name")
    replaced = [p for p in corpus.iterdir() if p.is_file() and p.resolve() != target and not p.name.startswith(".")
                and (unicodedata.normalize("NFC", p.name) == name or p.read_bytes() == data)]
    overwritten = [name] if target.is_file() else []  # the file of the same name, replaced in place
    tmp = target.with_name(f".{target.name}.upload")
    tmp.write_bytes(data)
    tmp.replace(target)
    for old in replaced:
        old.unlink(missing_ok=True)
    return Uploaded(name=name, bytes=len(data),
                    replaced=sorted({*overwritten, *(unicodedata.normalize("NFC", p.name) for p in replaced)}))


class CorpusFile(BaseModel):
    name: str
    bytes: int
    supported: bool = Field(description="Whether the service reads files of this type as a document (others are "
                                        "skipped)")
    config: bool = Field(False, description="A setting of the corpus, not a document (aliases.tsv: the genre's "
                                            "common names for programs)")


class CorpusFiles(BaseModel):
    documents: list[CorpusFile] = Field(description="The files of the corpus folder, by name (what a reindex reads)")


class Deleted(BaseModel):
    name: str
    next: str = Field("POST /api/admin/reindex で索引から外れます。 Reindex (POST /api/admin/reindex) to drop it "
                      "from the answers.")


def _corpus(request: Request) -> Path:
    runtime = request.app.state.runtime
    return runtime.service.corpus if runtime.service else (runtime.corpus or get_settings().corpus_dir)


@router.get("/documents", response_model=CorpusFiles, responses={403: {"model": ErrorResponse}})
def list_documents(request: Request, _: AdminDep) -> CorpusFiles:
    """The files in the corpus folder (uploaded or put there), whether indexed yet or not."""
    corpus = _corpus(request)
    files = sorted((p for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")),
                   key=lambda p: p.name) if corpus.is_dir() else []
    return CorpusFiles(documents=[CorpusFile(name=unicodedata.normalize("NFC", p.name), bytes=p.stat().st_size,
                                             supported=p.suffix.lower() in SUPPORTED and p.name not in CONFIG_FILES,
                                             config=p.name in CONFIG_FILES) for p in files])


@router.delete("/documents/{name}", response_model=Deleted,
               responses={403: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
def delete_document(request: Request, _: AdminDep, name: str) -> Deleted:
    """Remove a file from the corpus folder (the answers keep it until the next reindex); 404 `not_found` when no
    file of that name is there."""
    corpus = _corpus(request)
    wanted = unicodedata.normalize("NFC", name)
    found = next((p for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")
                  and unicodedata.normalize("NFC", p.name) == wanted), None) if corpus.is_dir() else None
    if found is None or found.resolve().parent != corpus.resolve():
        raise NotFound(f"資料「{wanted}」は資料フォルダにありません。 no document named {wanted} in the corpus folder")
    found.unlink()
    return Deleted(name=wanted)


def safe_name(name: str) -> str:
    """An upload's file name as stored: NFC, no folders, characters outside letters/digits/kana/kanji/._- as _.

    Raises:
        BadUpload: nothing usable is left of the name.
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = UNSAFE_CHARS.sub("_", name).lstrip("._")[:120]
    if not name or not SAFE_NAME.match(name):
        raise BadUpload("ファイル名に使える文字がありません（英数字・かな・漢字・「.」「_」「-」）。 "
                        "file name has no usable characters (letters, digits, kana/kanji, '.', '_' or '-')")
    return name
