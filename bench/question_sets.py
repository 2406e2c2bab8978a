"""Our own question sets, split dev/test: accuracy, hit@1 and abstention per set and mode.

    python bench/question_sets.py --split dev            # tune on this
    python bench/question_sets.py --split test           # report this; never tune on it
    python bench/question_sets.py --split blind          # the sets written without sight of the code: score once

Sets live in `tests/fixtures/questions/NAME.{dev,test}.jsonl` (written by helpers who read only the document,
split by line parity) and `tests/fixtures/blind/`; each is evaluated over its own document, copied into a
corpus folder under the cache so that the served corpus is untouched.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from qa.config import get_settings
from qa.eval import load_questions, run
from qa.index.build import load_embedder
from qa.index.milvus_store import MilvusStore
from qa.index.stores import publish_copy
from qa.service import QAService

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "corpus" / "examples"
# set name -> (question file stem folder, the documents its questions are about)
SETS: dict[str, list[Path]] = {
    "h29": [ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt", ROOT / "corpus" / "aliases.tsv"],
    "mod": [FIX / "real" / "mod-r05-yosan.txt"],
    "fuk": [FIX / "real" / "fukuoka-r02-juyoshisaku.json", EXAMPLES / "fukuoka-r02-juyoshisaku.mapping.toml"],
    # The national review sheets (5,794 programs, ~29,000 passages): the first build takes minutes.
    "rs": [FIX / "real" / "rs2025-projects.csv.gz", EXAMPLES / "rs2025-projects.mapping.toml"],
}
BLIND: dict[str, list[Path]] = {
    "ibaraki-r02-yosan": [FIX / "blind" / "ibaraki-r02-yosan.json", FIX / "blind" / "ibaraki-r02-yosan.mapping.toml"],
    "mhlw-r02-hosei2": [FIX / "real" / "mhlw-r02-hosei2.json", EXAMPLES / "mhlw-r02-hosei2.mapping.toml"],
}


def corpus_for(name: str, files: list[Path]) -> Path:
    """A corpus folder under the cache holding just these files (refreshed when they change)."""
    folder = get_settings().cache_dir / "question-sets" / name / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        target = folder / f.name
        if not target.exists() or target.read_bytes() != f.read_bytes():
            shutil.copyfile(f, target)
    return folder


def milvus_copy(service: QAService, file_name: str = "milvus.db") -> MilvusStore:
    """A Milvus Lite file beside the set's index holding the same build (published again when it changed)."""
    store = MilvusStore(str(service.index_dir / file_name))
    if store.current_version() is None or store.read_manifest().get("built_at") != service.index.manifest["built_at"]:
        publish_copy(store, service.index.folder, progress=True)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "blind"], default="dev")
    parser.add_argument("--mode", action="append", help="bm25, dense, hybrid (default: hybrid)")
    parser.add_argument("--only", help="one set name")
    parser.add_argument("--out", type=Path, help="write rows as JSONL here")
    parser.add_argument("--store", choices=["embedded", "milvus"], default="embedded",
                        help="milvus: the set's embedded build published to Milvus Lite (built once, copied)")
    args = parser.parse_args()
    modes = args.mode or ["hybrid"]
    embedder = load_embedder(get_settings().model_name)
    sets = BLIND if args.split == "blind" else SETS
    rows_out = []
    print(f"{'set':22} {'mode':7} {'n':>4} {'hit@1':>6} {'acc':>6} {'abst P/R':>10}")
    for name, files in sets.items():
        if args.only and name != args.only:
            continue
        questions = (FIX / "blind" / f"{name}.questions.jsonl" if args.split == "blind"
                     else FIX / "questions" / f"{name}.{args.split}.jsonl")
        corpus = corpus_for(name, files)
        service = QAService.open(corpus.parent / "index", corpus, embedder=embedder, progress=True)
        if args.store == "milvus":
            service = QAService(service.index_dir, corpus, embedder, store=milvus_copy(service))
        items = load_questions(questions, service.index.programs)
        result = run(items, service, modes, progress=False)
        for mode, summary in result["metrics"]["modes"].items():
            o = summary["overall"]
            ab = f"{o.get('abstain_precision', 0):.2f}/{o.get('abstain_recall', 0):.2f}"
            print(f"{name:22} {mode:7} {o['n']:>4} {o.get('hit@1', 0):>6.3f} {o['accuracy']:>6.3f} {ab:>10}")
        rows_out += [dict(r, set=name) for r in result["rows"]]
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows_out), encoding="utf-8")


if __name__ == "__main__":
    main()
