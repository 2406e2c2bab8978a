"""A servable index of N synthetic passages made from a real build, with no model run; and its scale curve.

The passages are varied copies of a real build (by default the national RS build that `bench/question_sets.py`
keeps in the cache, 29,128 passages with real embeddings): copy k (k ≥ 1) of every program gets the title suffix
「（k）」 and ids/document names suffixed `~k`; each passage keeps the real passage's BM25 terms, with its title's
terms swapped for the suffixed title's; its vector is the real passage's vector plus Gaussian noise (σ = 0.02 per
dimension, renormalised), copy 0 too (an exact copy would win every dense search over its noisy namesakes). N is
met exactly: the last copy is cut after its first N mod 29,128 passages, with the programs they belong to (and
their parents).

The build folder has what a real build of the current format has (documents/programs jsonl, passages/,
programs.parquet, bm25/, dense.faiss and, past `QA_HNSW_THRESHOLD`, the HNSW-SQ8 index with vectors.f32.npy, a
manifest with checksums) plus `"synthetic": "<what it is>"` in the manifest. It is published into `--index DIR`
like any build (DIR/current -> DIR/versions/<stamp>), and the source corpus files are copied to
DIR/source-corpus: the manifest records them as its corpus, so that

    qa serve --index DIR --corpus DIR/source-corpus

finds the index up to date (same corpus fingerprint, same model fingerprint as the source build, current format)
and serves it without a rebuild. A synthetic build is never rebuilt from the corpus even when stale
(`QAService.open` logs why and serves it as is): a rebuild would replace it by the source corpus's own build.

    .venv/bin/python bench/synthetic.py --passages 100000 --index /tmp/syn100k
    .venv/bin/python bench/synthetic.py --curve 10000 100000 1000000    # writes bench/results/synthetic-curve.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from qa.config import ROOT, get_settings
from qa.index.store import (
    INDEX_FORMAT,
    MANIFEST,
    PROGRAMS_TABLE,
    EmbeddedStore,
    StoredIndex,
    corpus_fingerprint,
    current_dir,
    load_folder,
    reader_fingerprint,
    sha256_file,
    write_jsonl,
)

OUT = ROOT / "bench" / "results"
SOURCE_CORPUS = "source-corpus"
NOISE = 0.02
SEED = 11


def default_source() -> Path:
    """The RS build kept by bench/question_sets.py (not rebuilt here: read as it is, whatever its format)."""
    return get_settings().cache_dir / "question-sets" / "rs" / "index"


def suffixed(text: str, k: int) -> str:
    return text if k == 0 else f"{text}（{k}）"


def _copy(rs: StoredIndex, k: int, limit: int, vocab: dict[str, int], base_ids: list[list[int]]):  # type: ignore[no-untyped-def]
    """Copy k of the source build, cut after `limit` passages: (documents, programs, passages, term ids)."""
    from qa.index.tokenize import index_terms

    tag = "" if k == 0 else f"~{k}"
    passages = rs.passages[:limit]
    by_id = rs.programs_by_id
    wanted = {p.program_id for p in passages}
    for pid in list(wanted):  # keep each kept program's parents (the document's tree stays whole)
        parent = by_id[pid].parent_id if pid in by_id else None
        while parent and parent not in wanted and parent in by_id:
            wanted.add(parent)
            parent = by_id[parent].parent_id
    programs = [p for p in rs.programs if p.id in wanted] if limit < len(rs.passages) else rs.programs
    names = {p.document for p in programs} | {p.document for p in passages}
    documents = [d.model_copy(update={"name": d.name + tag}) for d in rs.documents.values() if d.name in names]
    new_programs = [p.model_copy(update={"id": p.id + tag, "title": suffixed(p.title, k), "document": p.document + tag,
                                         "parent_id": p.parent_id + tag if p.parent_id else None}) for p in programs]
    new_passages = [p.model_copy(update={"id": p.id + tag, "program_id": p.program_id + tag,
                                         "program_title": suffixed(p.program_title, k), "document": p.document + tag})
                    for p in passages]
    if k == 0:
        return documents, new_programs, new_passages, base_ids[:limit]
    # The passage's index text starts 「<title>｜<section>」: swap the old title's terms for the suffixed title's.
    swap: dict[str, tuple[list[int], list[int]]] = {}
    for title in {p.program_title for p in passages}:
        old = [vocab.setdefault(t, len(vocab)) for t in index_terms(f"{title}｜")]
        new = [vocab.setdefault(t, len(vocab)) for t in index_terms(f"{suffixed(title, k)}｜")]
        gone, added = list(old), []
        for t in new:
            if t in gone:
                gone.remove(t)
            else:
                added.append(t)
        swap[title] = (gone, added)
    ids = []
    for p, base in zip(passages, base_ids, strict=False):
        gone, added = swap[p.program_title]
        terms = list(base)
        for t in gone:
            try:
                terms.remove(t)
            except ValueError:
                pass
        ids.append(terms + added)
    return documents, new_programs, new_passages, ids


def synthetic_units(out: Path, programs: list, documents: dict, source: Path) -> int:  # type: ignore[type-arg]
    """Write the build's unit vectors (`qa.index.unit_vectors`) for the units of `programs` (copy 0: every copy
    quotes the same sentences, only titles differ), as the source build's model encodes them.

    Unlike the passages, these are real model runs (a question-time encode would compute them, so noise has no
    place here): the source build's own unit vectors, reused by text (`qa.index.vector_reuse`), and the model for
    any sentence it lacks (a source built by an older reader).

    Returns:
        How many distinct unit texts the build's files hold.
    """
    from qa.index.build import load_embedder
    from qa.index.unit_vectors import unit_texts, write_unit_vectors
    from qa.index.vector_reuse import ReusedVectors

    texts = unit_texts(programs, documents)
    if not texts:
        return 0
    embedder = load_embedder(get_settings().model_name)
    reused = ReusedVectors.from_build(source, embedder.fingerprint, embedder.dim)
    if not reused.sources:
        raise SystemExit(f"the source build {source} was not encoded by the model here ({embedder.fingerprint}): "
                         "its unit vectors would not be the ones a question computes")
    vectors = reused.encode(texts, lambda missing: embedder.encode_passages(missing, progress=True))
    print(f"unit vectors: {len(texts)} distinct sentences, {len(texts) - reused.reused} encoded", flush=True)
    return write_unit_vectors(out, texts, vectors)


def synthetic(rs: StoredIndex, copies: int, out: Path, passages: int | None = None,
              corpus: Path | None = None, with_units: bool = True) -> float:
    """Write a build folder of synthetic passages made from `rs` (see the module docstring); returns seconds.

    Args:
        rs: the source build, loaded.
        copies: whole copies of it (used when `passages` is None).
        out: the build folder to create.
        passages: exactly this many passages (the last copy cut short) instead of `copies` whole copies.
        corpus: the folder holding the source corpus files, recorded as the build's corpus (default: the source
            build's own corpus entry, unchanged).
    """
    import bm25s
    from bm25s.tokenization import Tokenized

    from qa.facts.columns import write_programs_parquet
    from qa.index.build import _versions, write_dense
    from qa.index.passage_table import write_passage_table
    from qa.index.tokenize import index_terms

    started = time.perf_counter()
    total = passages if passages is not None else copies * len(rs.passages)
    copies = -(-total // len(rs.passages))
    out.mkdir(parents=True)
    vocab: dict[str, int] = {}
    base_ids = [[vocab.setdefault(t, len(vocab)) for t in index_terms(p.index_text())] for p in rs.passages]
    base = np.asarray(rs.exact_vectors(), dtype=np.float32)
    rng = np.random.default_rng(SEED)
    documents, programs, passages_out, ids, vectors = [], [], [], [], []
    for k in range(copies):
        limit = min(len(rs.passages), total - k * len(rs.passages))
        docs, progs, pas, terms = _copy(rs, k, limit, vocab, base_ids)
        documents += docs
        programs += progs
        passages_out += pas
        ids += terms
        rows = base[:limit]
        # Every copy noisy, the first one too: an exact copy would be closer than its noisy namesakes to any query
        # (noise lowers every cosine), and dense search would always favour copy 0 over the copy a question names.
        noisy = rows + rng.normal(0, NOISE, rows.shape).astype(np.float32)
        vectors.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    write_jsonl(out / "documents.jsonl", documents)
    write_jsonl(out / "programs.jsonl", programs)
    texts = {d.name: d.text for d in documents}
    write_programs_parquet(out / PROGRAMS_TABLE, programs, lambda p: texts[p.document][p.start:p.end])
    write_passage_table(out, passages_out, {d.name: d for d in documents})
    bm25_started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    retriever.save(str(out / "bm25"), show_progress=False)
    bm25_seconds = time.perf_counter() - bm25_started
    del ids
    dense = write_dense(out, np.vstack(vectors), get_settings().hnsw_threshold)
    source = rs.manifest
    unit_started = time.perf_counter()
    units = synthetic_units(out, [p for p in programs if "~" not in p.id], {d.name: d for d in documents},
                            rs.folder) if with_units else 0
    unit_seconds = time.perf_counter() - unit_started
    manifest = {
        "format": INDEX_FORMAT,
        "reader": reader_fingerprint(),  # read by this code, as a build here would be
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 2),
        "embed_seconds": 0.0,
        "unit_embed_seconds": round(unit_seconds, 2),
        "bm25_seconds": round(bm25_seconds, 2),
        "corpus": {**source["corpus"], **({"dir": str(corpus)} if corpus else {})},
        "model": source["model"],
        "tokenizer": source.get("tokenizer"),
        "dense_index": dense["index"],
        "dense": dense,
        "libraries": _versions(),
        "counts": {"documents": len(documents), "programs": len(programs), "passages": len(passages_out),
                   "units": units},
        "synthetic": (f"{len(passages_out)} synthetic passages: {total / len(rs.passages):.2f} varied copies of the "
                      f"build {rs.folder} ({len(rs.passages)} passages; copy k's titles suffixed 「（k）」, vectors + "
                      f"Gaussian noise σ={NOISE} renormalised, seed {SEED}); passages: no model run"
                      + ("; unit vectors of the source build, reused by text" if units else "; no unit vectors")),
    }
    manifest["checksums"] = {str(p.relative_to(out)): sha256_file(p) for p in sorted(out.rglob("*")) if p.is_file()}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return time.perf_counter() - started


def make_index(source: Path, passages: int, index_dir: Path, with_units: bool = True) -> dict:
    """Build `passages` synthetic passages from the build at `source` (an index folder or a build folder) and
    publish them as the current build of `index_dir`, with the source corpus in `index_dir/source-corpus`.

    Returns:
        The new build's manifest, with `folder` (the build folder) added.

    Raises:
        SystemExit: the source corpus files are missing or no longer match the source build.
    """
    rs = load_folder(current_dir(source) if (source / "current").exists() else source)
    recorded = rs.manifest["corpus"]
    corpus = index_dir / SOURCE_CORPUS
    corpus.mkdir(parents=True, exist_ok=True)
    for name in recorded["files"]:
        target = corpus / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(recorded["dir"]) / name, target)
    if corpus_fingerprint(corpus) != recorded["files"]:
        raise SystemExit(f"the corpus at {recorded['dir']} no longer matches the build at {source}")
    staged = index_dir / "versions" / f".tmp-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"
    staged.parent.mkdir(parents=True, exist_ok=True)
    try:
        synthetic(rs, 0, staged, passages=passages, corpus=corpus, with_units=with_units)
        folder = index_dir / "versions" / EmbeddedStore(index_dir).publish(staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return {**json.loads((folder / MANIFEST).read_text(encoding="utf-8")), "folder": str(folder)}


# ---- the curve: build, serve, ask ----

def draw_programs(folder: Path, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(id, title) of `n` programs drawn with a fixed seed from a build's program table, among the titles that
    name one program only (a question naming a shared title has no one right program)."""
    import duckdb

    rows = sorted(duckdb.sql(f"SELECT any_value(id), title FROM '{folder / PROGRAMS_TABLE}' WHERE kind = 'program' "
                             "GROUP BY title HAVING count(*) = 1").fetchall())
    return random.Random(seed).sample(rows, min(n, len(rows)))


def measure(index_dir: Path, folder: Path, questions: int, requests: int, clients: int,
            answers: Path | None = None) -> dict:
    """Serve the build with `qa serve`, ask, and read its memory and the server's CPU per answer; `answers`: write
    the one-at-a-time questions' answers there (jsonl: question, text, abstained, programs, citations) to compare
    two versions of the code."""
    import httpx

    sys.path.insert(0, str(Path(__file__).parent))
    from _server import qa_server, rss_mb
    from throughput import cpu_seconds, level

    drawn = draw_programs(folder, questions + requests)
    asked, load = drawn[:questions], [f"{t}の目的は？" for _, t in drawn[questions:]]
    env = {"QA_INDEX_DIR": str(index_dir), "QA_CORPUS_DIR": str(index_dir / SOURCE_CORPUS),
           "QA_STORE_POLL_SECONDS": "0", "QA_STORE": "embedded"}
    row: dict = {}
    with qa_server(timeout_s=3600, env_extra=env) as (url, process, ready_s):
        row["ready_s"] = round(ready_s, 1)
        row["rss_after_load_mb"] = round(rss_mb(process.pid))
        times, first, abstained, errors, namesake, by_copy = [], 0, 0, 0, 0, {}
        dumped = []
        cpu = cpu_seconds(process.pid)
        with httpx.Client(timeout=300) as client:
            for pid, title in asked:
                started = time.perf_counter()
                res = client.post(f"{url}/api/ask", json={"question": f"{title}の目的は？"})
                times.append((time.perf_counter() - started) * 1000)
                if res.status_code != 200:
                    errors += 1
                    continue
                body = res.json()
                dumped.append({"question": f"{title}の目的は？", **{key: body.get(key) for key in
                               ("answer", "abstained", "confidence", "programs", "citations", "related")}})
                abstained += bool(body.get("abstained"))
                ranked = body.get("programs") or [c["program_id"] for c in body.get("related") or []]
                hit = bool(ranked) and ranked[0] == pid
                first += hit
                copy = "copy_0" if "~" not in pid else "copies_1_up"
                by_copy.setdefault(copy, [0, 0])
                by_copy[copy][0] += hit
                by_copy[copy][1] += 1
                namesake += bool(ranked) and not hit and ranked[0].split("~")[0] == pid.split("~")[0]
        ask_cpu_ms = (cpu_seconds(process.pid) - cpu) * 1000 / len(asked)
        if answers is not None:
            answers.write_text("".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in dumped),
                               encoding="utf-8")
        cuts = statistics.quantiles(times, n=20)
        row["ask"] = {"questions": len(asked), "p50_ms": round(statistics.median(times), 1),
                      "p95_ms": round(cuts[18], 1), "server_cpu_ms": round(ask_cpu_ms, 1),
                      "errors": errors, "abstained": abstained,
                      "named_program_first": round(first / len(asked), 3),
                      # [first, asked] by the copy the question names; a namesake: another copy of it came first
                      "named_program_first_by_copy": by_copy, "namesake_first": namesake}
        row["rss_after_questions_mb"] = round(rss_mb(process.pid))
        cpu = cpu_seconds(process.pid)
        row["concurrent"] = asyncio.run(level(url, clients, requests, load))
        row["concurrent"]["server_cpu_ms"] = round((cpu_seconds(process.pid) - cpu) * 1000 / requests, 1)
        row["rss_after_concurrent_mb"] = round(rss_mb(process.pid))
    return row


def save_row(path: Path, row: dict) -> None:
    """Write a row into the results file, replacing an earlier row of the same size (sizes run separately)."""
    rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    rows = sorted([r for r in rows if r["passages"] != row["passages"]] + [row], key=lambda r: r["passages"])
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def curve(source: Path, sizes: list[int], questions: int, requests: int, clients: int, keep: Path | None) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory(dir=keep or get_settings().cache_dir) as tmp:
            index_dir = Path(tmp) / f"synthetic-{size}"
            print(f"[{size}] building", flush=True)
            started = time.perf_counter()
            # In its own process, as a user runs it: its memory is given back before the server starts.
            subprocess.run([sys.executable, __file__, "--passages", str(size), "--index", str(index_dir),
                            "--source", str(source)], check=True)
            build_s = time.perf_counter() - started
            folder = current_dir(index_dir)
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            row = {"passages": manifest["counts"]["passages"], "programs": manifest["counts"]["programs"],
                   "build_s": round(build_s, 1), "disk_mb": round(disk / 1e6),
                   "dense": manifest["dense"]["kind"], "synthetic": manifest["synthetic"]}
            print(f"[{size}] built in {build_s:.0f} s, {disk / 1e6:.0f} MB; serving", flush=True)
            row.update(measure(index_dir, folder, questions, requests, clients))
            print(json.dumps(row, ensure_ascii=False), flush=True)
            save_row(OUT / "synthetic-curve.json", row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, help="how many passages (exactly)")
    parser.add_argument("--index", type=Path, help="the index folder to publish the build into")
    parser.add_argument("--source", type=Path, default=None, help="the real build (default: the cached RS build)")
    parser.add_argument("--no-units", action="store_true",
                        help="write no unit vectors (answers then encode the quoted program's sentences per question)")
    parser.add_argument("--curve", type=int, nargs="*", help="measure these sizes through `qa serve` instead")
    parser.add_argument("--measure", action="store_true",
                        help="serve the existing build in --index and measure it as the curve does (prints the row)")
    parser.add_argument("--questions", type=int, default=100, help="distinct questions asked one at a time")
    parser.add_argument("--requests", type=int, default=160, help="requests at --clients concurrent clients")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--answers", type=Path, help="with --measure: write the one-at-a-time answers here (jsonl)")
    args = parser.parse_args()
    source = args.source or default_source()
    if args.curve:
        curve(source, args.curve, args.questions, args.requests, args.clients, args.index)
        return
    if args.measure and args.index:
        print(json.dumps(measure(args.index, current_dir(args.index), args.questions, args.requests, args.clients,
                                 args.answers),
                         ensure_ascii=False))
        return
    if not args.passages or not args.index:
        parser.error("give --passages N and --index DIR (or --curve SIZES)")
    started = time.perf_counter()
    manifest = make_index(source, args.passages, args.index, with_units=not args.no_units)
    print(f"{manifest['counts']} in {time.perf_counter() - started:.0f} s at {manifest['folder']}\n"
          f"serve it with: qa serve --index {args.index} --corpus {args.index / SOURCE_CORPUS}")


if __name__ == "__main__":
    main()
