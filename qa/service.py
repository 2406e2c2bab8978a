"""The question-answering service: one loaded index, model, retriever and answerer, shared by CLI and API."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from qa.answer import Answer, Answerer, Turn
from qa.answer.examples import example_questions
from qa.config import get_settings
from qa.errors import BadQuestion, IndexNotFound
from qa.index.build import build, load_embedder
from qa.index.embed import Embedder
from qa.index.store import staleness
from qa.index.stores import LoadedIndex, Store, open_store
from qa.ingest.models import Program
from qa.ingest.normalize import key
from qa.retrieve import Retriever
from qa.retrieve.aliases import load_aliases
from qa.retrieve.search import Hit

log = logging.getLogger(__name__)


def _synthetic(store: Store) -> str | None:
    """The manifest's `synthetic` description when the store's current build is synthetic (bench/synthetic.py)."""
    try:
        return store.read_manifest().get("synthetic")
    except Exception:  # unreadable here means not synthetic: the build path reports the real problem
        return None


class QAService:
    """Holds what answering needs; `reload()` swaps in a new index without stopping answers."""

    def __init__(self, index_dir: Path, corpus: Path, embedder: Embedder, store: Store | None = None) -> None:
        self.index_dir = index_dir
        self.corpus = corpus
        self.embedder = embedder
        self.settings = get_settings()
        self.store = store or open_store(index_dir)
        self.answerer: Answerer
        self._reloading = threading.Lock()
        self._examples: tuple[str, list[str]] | None = None  # (build version, questions)
        self.reload()

    @property
    def index(self) -> LoadedIndex:
        """The index being served: the answerer's own, so that one read never mixes two builds."""
        return self.answerer.index

    @classmethod
    def open(cls, index_dir: Path, corpus: Path, build_if_missing: bool = True,
             embedder: Embedder | None = None, progress: bool = True) -> QAService:
        """Load the index, building it first when it is missing or stale (and allowed to)."""
        settings = get_settings()
        embedder = embedder or load_embedder(settings.model_name)
        store = open_store(index_dir)
        reasons = staleness(index_dir, corpus, embedder.name, embedder.fingerprint, store=store)
        synthetic = _synthetic(store) if reasons != ["no index"] else None
        if synthetic and not reasons:
            log.info("serving a synthetic build: %s", synthetic)
        elif synthetic:
            # A rebuild would replace it by the build of `corpus` itself: a synthetic build (bench/synthetic.py)
            # is served as it is, or remade by its own script.
            log.warning("index is stale (%s) but synthetic, so not rebuilt: serving it as is (%s); remake it with "
                        "bench/synthetic.py", ", ".join(reasons), synthetic)
        elif reasons:
            if not build_if_missing and reasons == ["no index"]:
                raise IndexNotFound(f"no index in {store.describe()}: run `qa index build`")
            if build_if_missing:
                log.warning("building the index (%s)", ", ".join(reasons))
                build(corpus, index_dir, embedder=embedder, progress=progress, store=store)
            else:
                log.warning("index is stale (%s): run `qa index build`", ", ".join(reasons))
        return cls(index_dir, corpus, embedder, store)

    def reload(self) -> None:
        """Load the current build and swap it in for new requests (one assignment: requests under way
        keep the answerer they started with)."""
        index = self.store.load()
        retriever = Retriever(index, self.embedder, fusion=self.settings.fusion,
                              dense_weight=self.settings.dense_weight, rrf_k=self.settings.rrf_k,
                              script_weights={"en": self.settings.dense_weight_en})
        answerer = Answerer(index, retriever, load_aliases(self.corpus), self.settings.abstain_threshold,
                            self.settings.top_k)
        answerer.warm()  # before it serves: the first questions then wait for nothing made over the whole table
        self.answerer = answerer

    def refresh(self) -> bool:
        """Switch to the store's current build when another process published a newer one.

        Returns:
            Whether a new build was loaded.

        Raises:
            StoreUnavailable: the store cannot be reached (the loaded build keeps serving what it can).
        """
        with self._reloading:
            current = self.store.current_version()
            if current is None or current == self.index.version:
                return False
            log.info("switching to build %s (was %s)", current, self.index.version)
            self.reload()
            return True

    def watch(self, interval_s: float, stop: threading.Event) -> None:
        """Poll the store every `interval_s` seconds and `refresh()` (run in a daemon thread by the server):
        so that every replica serves a reindex published by any of them."""
        while not stop.wait(interval_s):
            try:
                self.refresh()
            except Exception as exc:  # a store down for a while: keep serving, try again at the next tick
                log.warning("could not check the store for a new build: %s", exc)

    def ask(self, question: str, history: list[Turn] | None = None, mode: str = "hybrid") -> Answer:
        """Answer a question (see `Answerer.answer`); empty or oversized questions are refused."""
        question = question.strip()
        if not question:
            raise BadQuestion("質問が空です。 The question is empty.")
        if len(question) > self.settings.max_question_chars:
            raise BadQuestion(f"質問が長すぎます（{self.settings.max_question_chars}文字まで）。 "
                              f"The question is longer than {self.settings.max_question_chars} characters.")
        history = history or []
        if len(history) > self.settings.max_history_turns:
            raise BadQuestion(f"会話の履歴が長すぎます（{self.settings.max_history_turns}件まで）。 "
                              f"At most {self.settings.max_history_turns} earlier turns are accepted.")
        return self.answerer.answer(question, history, mode=mode)

    def examples(self) -> list[str]:
        """Questions to start with, made from the served programs and answered before they are offered
        (`qa.answer.examples`); made once per build (a few answers' time), then kept."""
        answerer = self.answerer
        version = answerer.index.version
        if self._examples is None or self._examples[0] != version:
            documents = answerer.index.documents
            questions = example_questions(
                answerer.index.programs, lambda p: documents[p.document].text[p.start:p.end],
                lambda question: not answerer.answer(question, []).abstained)
            self._examples = (version, questions)
        return self._examples[1]

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[tuple[Hit, Program]]:
        """Passages for a query, best first, each with the program it belongs to.

        Args:
            query: free text (Japanese or English).
            k: how many passages.
            mode: bm25, dense or hybrid.

        Returns:
            (hit, program) pairs from one build (a reindex swapping in another meanwhile does not mix them).
        """
        answerer = self.answerer  # one snapshot: a reindex may swap in another build meanwhile
        # The query prepared as /api/ask prepares it (kana read back, aliases and English terms given the documents'
        # wording, the dense weight of its script), so that the ranks shown are the ones an answer starts from.
        text, weight = answerer.retrieval_query(answerer.understand(query, []))
        hits = answerer.retriever.search(text, k, mode, dense_weight=weight)
        programs = answerer.index.programs_by_id
        return [(hit, programs[hit.passage.program_id]) for hit in hits]

    def find_programs(self, ministry: str | None = None, department: str | None = None, category: str | None = None,
                      fiscal_year: int | None = None, min_yen: int | None = None,
                      max_yen: int | None = None) -> list[Program]:
        """Programs and priced items (not totals, not plain passages) matching every filter given, in document order.

        Names match as substrings after normalisation (width, case, spaces and punctuation ignored): 「経済産業省」
        finds 「経済産業省 中小企業庁」. A department also matches a program's contacts (PR sheets name the
        responsible office there); a category matches any enclosing heading. An amount filter drops programs
        without a figure in 円.

        Args:
            ministry: part of the 府省庁 name.
            department: part of the 部局 / 課室 name.
            category: part of an enclosing heading.
            fiscal_year: Western year the fiscal year starts in (令和5年度 = 2023).
            min_yen, max_yen: inclusive bounds on the budget in 円.

        Returns:
            The matching programs.
        """
        def has(values: list[str | None], wanted: str | None) -> bool:
            return wanted is None or any(key(wanted) in key(v) for v in values if v)

        out = []
        for p in self.index.programs:
            yen = p.budget.yen if p.budget else None
            if not p.has_budget_structure or not has([p.ministry], ministry) or not has(
                    [p.department, *(c.dept for c in p.contacts)], department) or not has(
                    [p.category, *p.categories], category):
                continue
            if fiscal_year is not None and (p.budget is None or p.budget.fiscal_year != fiscal_year):
                continue
            if (min_yen is not None or max_yen is not None) and (
                    yen is None or (min_yen is not None and yen < min_yen) or (max_yen is not None and yen > max_yen)):
                continue
            out.append(p)
        return out
