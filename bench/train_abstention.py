"""Fit the abstention gate (`qa.answer.abstention`) on tuning question sets and write `qa/answer/data/abstention.json`.

Data: question sets whose provenance (`NAME.provenance.toml`) says `role = "tuning"` and that were written by
someone who saw no code and no other set: the two sets of `tests/fixtures/scored-2026-12-03/` (100 user questions over
the seed document and the 防衛省 予算の概要; 59 questions over five documents of unseen layouts) and the seven of
`tests/fixtures/scored-2026-12-03-s5/` (45 each: seed users, 防衛省, 福岡市 records, two rounds of fictional layouts,
three ministries of the national review, chat over two documents) and the five of `tests/fixtures/scored-2026-12-03-s6/`
(45 each, round 3: chat over two documents, 小樽市 records, 防衛省, five ministries of the national review, three
fictional layouts) and the five each of `scored-2026-12-03-s7/` and `scored-2026-12-04-s8/` (rounds 4 and 5: chat
over the seed, 茨城県 records, 防衛省, the national review, three fictional layouts) and of `scored-2026-12-04-s9/`,
`-s10/` and `-s11/` (rounds 6 to 8: chat over the seed, 福岡市 and 茨城県 records of one and two years, 防衛省, the
national review, three fictional layouts each) and of `-s12/` (round 9: chat over the seed, 厚生労働省 records, 防衛省,
国土交通省's rows of the national review, three fictional layouts) and of `-s13/` and `-s14/` (rounds 10 and 11: chat over the seed, 小樽市 and
福岡市 records, 防衛省, the rows of 厚生労働省 and of 外務省 and 防衛省 of the national review, three fictional layouts
each, among them a ledger, a web page and an XML export), and the five a round of rounds 12 to 23
(`scored-2026-12-05-s16/` … `scored-2026-12-06-s26/`: chat over the seed, PoliInfo-3 records, 防衛省, rows of the national
review, three fictional layouts each). seed-dev and the field cases are never used. Each set is answered over its own documents with the gate off; a question reaches the gate when no fact was computed,
something was retrieved and the program was not carried from the previous turn, and did not abstain for another
reason (a year not covered, an attribute the program does not give). Label: 1 when the answer is right
(`qa.eval.run.is_correct`), 0 when it is wrong or the question is unanswerable.

Fit: scikit-learn logistic regression (L2, C=1) on standardised features; threshold: the one maximising accuracy on
the data (abstaining is right for an unanswerable question). Figures printed and saved with the model: 5-fold
cross-validated accuracy and expected calibration error (10 bins), the accuracy the previous hand-weighted gate
(threshold 0.45) gets on the same questions in the same run, and leave-one-set-out figures (each written set scored
by a gate fitted without it, beside answering everything and the gate shipped before the fit). Answering takes
~35 minutes on 2 cores the first time (index builds cached; one corpus held at a time); `--reuse` refits from the
rows cached by the last run; `--resume` answers only the sets whose rows no earlier run kept (a run stopped halfway,
a set added).

    .venv/bin/python bench/train_abstention.py [--reuse | --resume]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from qa.answer import Turn
from qa.answer.abstention import FEATURES, MODEL, abstention_model
from qa.config import ROOT, get_settings
from qa.eval.datasets import load_questions
from qa.eval.provenance import read_provenance
from qa.eval.run import is_correct
from qa.ingest.amounts import find_amounts
from qa.service import QAService

FIX = ROOT / "tests" / "fixtures"
GENERATED = 40  # generated questions of each kind per corpus
GENERATED_SHARE = float(os.environ.get("GENERATED_SHARE", "0.5"))  # their weight, relative to the written ones
SCORED = FIX / "scored-2026-12-03"
SCORED5 = FIX / "scored-2026-12-03-s5"
SEED = ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"
MOD = FIX / "real" / "mod-r05-yosan.txt"
SCORED6 = FIX / "scored-2026-12-03-s6"
SCORED7 = FIX / "scored-2026-12-03-s7"
SCORED8 = FIX / "scored-2026-12-04-s8"
SCORED9 = FIX / "scored-2026-12-04-s9"
SCORED10 = FIX / "scored-2026-12-04-s10"
SCORED11 = FIX / "scored-2026-12-04-s11"
SCORED12 = FIX / "scored-2026-12-04-s12"
SCORED13 = FIX / "scored-2026-12-04-s13"
SCORED14 = FIX / "scored-2026-12-04-s14"
SCORED15 = FIX / "scored-2026-12-04-s15"
SCORED16 = FIX / "scored-2026-12-05-s16"
SCORED17 = FIX / "scored-2026-12-05-s17"
SCORED18 = FIX / "scored-2026-12-05-s18"
SCORED19 = FIX / "scored-2026-12-05-s19"
SCORED20 = FIX / "scored-2026-12-05-s20"
SCORED21 = FIX / "scored-2026-12-06-s21"
# Rounds 19 to 23 (chat over the seed, the whole PoliInfo-3 file, 防衛省, 400 sampled rows of the national review,
# three fictional layouts each), one folder a round.
LATER = {n: FIX / f"scored-2026-12-06-s{n - 1}" for n in range(23, 28)}
# The PoliInfo-3 budget file split by government code (小樽市, 茨城県, 福岡市 of two years; 厚生労働省), as rounds 14 to
# 17's record sets were written over it; each set's folder holds the mappings its writer saw.
POLIINFO = FIX / "records" / "poliinfo3-split"
FUKUOKA = [FIX / "real" / "fukuoka-r02-juyoshisaku.json", ROOT / "corpus" / "examples" / "fukuoka-r02-juyoshisaku.mapping.toml"]
MHLW = [FIX / "real" / "mhlw-r02-hosei2.json", ROOT / "corpus" / "examples" / "mhlw-r02-hosei2.mapping.toml"]


def rs_table(name: str, ministries: tuple[str, ...]) -> Callable[[], list[Path]]:
    """The rows of the national review a set was written over (some ministries), with their mapping, written once
    into the cache as `name`.csv (the repository keeps the whole table)."""
    return lambda: _rs_rows(name, ministries)


def _rs_rows(name: str, ministries: tuple[str, ...]) -> list[Path]:
    import csv
    import gzip

    folder = get_settings().cache_dir / "abstention" / f"{name}-source"
    table = folder / f"{name}.csv"
    if not table.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with gzip.open(FIX / "real" / "rs2025-projects.csv.gz", "rt", encoding="utf-8") as source:
            rows = list(csv.DictReader(source))
        with table.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(r for r in rows if r["ministry"] in ministries)
    mapping = folder / (table.name + ".mapping.toml")
    shutil.copy(ROOT / "corpus" / "examples" / "rs2025-projects.mapping.toml", mapping)
    return [table, mapping]


def rs_sample(folder: Path) -> Callable[[], list[Path]]:
    """The rows of the national review a set's folder names by id (`project_ids.txt`), with the mapping its writer
    saw, written once into the cache."""
    return lambda: _rs_sample(folder)


def _rs_sample(folder: Path) -> list[Path]:
    import csv
    import gzip

    mapping = next(folder.glob("*.mapping.toml"))
    name = mapping.name.removesuffix(".mapping.toml")
    target = get_settings().cache_dir / "abstention" / f"{name}-source"
    table = target / f"{name}.csv"
    if not table.exists():
        target.mkdir(parents=True, exist_ok=True)
        ids = set((folder / "project_ids.txt").read_text(encoding="utf-8").split())
        with gzip.open(FIX / "real" / "rs2025-projects.csv.gz", "rt", encoding="utf-8") as source:
            rows = [r for r in csv.DictReader(source) if r["projectId"] in ids]
        with table.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    shutil.copy(mapping, target / (table.name + ".mapping.toml"))
    return [table, target / (table.name + ".mapping.toml")]


def _split_records(mappings: Path) -> list[Path]:
    """The split PoliInfo-3 records, each beside the mapping a set's folder holds for it."""
    return [path for mapping in sorted(mappings.glob("*.mapping.toml"))
            for path in (POLIINFO / mapping.name.removesuffix(".mapping.toml"), mapping)]


def documents_of(folder: Path) -> list[Path]:
    """A fixture folder's documents: every file but the writers' truth files and notes (LAYOUTS5.md)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.endswith(".truth.json") and not p.stem.isupper())


# set -> {document field value ("" for every question): corpus files}; every set is tuning data written by someone
# who saw no code and no other set (its provenance file says so; main() refuses any other).
SETS: dict[Path, dict[str, list[Path] | Callable[[], list[Path]]]] = {
    SCORED / "user-questions.jsonl": {"corpus": [SEED], "mod": [MOD]},
    SCORED / "layouts" / "questions.jsonl": {"": sorted((SCORED / "layouts").glob("*.txt"))},
    SCORED5 / "seedusers5.jsonl": {"": [SEED]},
    SCORED5 / "mod5.jsonl": {"": [MOD]},
    SCORED5 / "chat6.jsonl": {"": [SEED, MOD]},
    SCORED5 / "fukuoka-h31.jsonl": {"": lambda: documents_of(SCORED5 / "fukuoka-h31")},
    SCORED5 / "layouts5.jsonl": {"": lambda: documents_of(SCORED5 / "layouts5")},
    SCORED5 / "layouts6.jsonl": {"": lambda: documents_of(SCORED5 / "layouts6")},
    SCORED5 / "rs6.jsonl": {"": rs_table("rs2025-env-child-consumer", ("環境省", "こども家庭庁", "消費者庁"))},
    SCORED6 / "chat7.jsonl": {"": [SEED, MOD]},
    SCORED6 / "mod7.jsonl": {"": [MOD]},
    SCORED6 / "otaru7.jsonl": {"": lambda: documents_of(SCORED6 / "otaru7")},
    SCORED6 / "layouts7.jsonl": {"": lambda: documents_of(SCORED6 / "layouts7")},
    SCORED6 / "rs7.jsonl": {"": rs_table("rs2025-culture-sport-forest-justice-fsa",
                                         ("文化庁", "スポーツ庁", "林野庁", "法務省", "金融庁"))},
    SCORED7 / "chat8.jsonl": {"": [SEED]},
    SCORED7 / "ibaraki8.jsonl": {"": lambda: documents_of(SCORED7 / "ibaraki8")},
    SCORED7 / "mod8.jsonl": {"": [MOD]},
    SCORED7 / "layouts8.jsonl": {"": lambda: documents_of(SCORED7 / "layouts8")},
    SCORED7 / "rs8.jsonl": {"": rs_table("rs2025-env-caa-jpo-npa-jfa", ("環境省", "消費者庁", "特許庁", "警察庁", "水産庁"))},
    SCORED8 / "chat9.jsonl": {"": [SEED]},
    SCORED8 / "ibaraki9.jsonl": {"": lambda: documents_of(SCORED8 / "ibaraki9")},
    SCORED8 / "mod9.jsonl": {"": [MOD]},
    SCORED8 / "layouts9.jsonl": {"": lambda: documents_of(SCORED8 / "layouts9")},
    SCORED8 / "rs9.jsonl": {"": rs_table("rs2025-mic-mof-nra-jma-jcg", (
        "総務省", "消防庁", "財務省", "国税庁", "公正取引委員会", "国土交通省気象庁", "国土交通省海上保安庁", "原子力規制委員会"))},
    SCORED9 / "chat10.jsonl": {"": [SEED]},
    SCORED9 / "fukuoka10.jsonl": {"": FUKUOKA},
    SCORED9 / "mod10.jsonl": {"": [MOD]},
    SCORED9 / "layouts10.jsonl": {"": lambda: documents_of(SCORED9 / "layouts10")},
    SCORED9 / "rs10.jsonl": {"": rs_table("rs2025-rc-jta-da-cas", (
        "復興庁", "国土交通省観光庁", "デジタル庁", "内閣官房", "個人情報保護委員会", "カジノ管理委員会", "公害等調整委員会",
        "中央労働委員会", "公安調査庁", "国土交通省運輸安全委員会"))},
    SCORED10 / "chat11.jsonl": {"": [SEED]},
    SCORED10 / "fukuoka11.jsonl": {"": lambda: documents_of(SCORED10 / "fukuoka11")},
    SCORED10 / "mod11.jsonl": {"": [MOD]},
    SCORED10 / "layouts11.jsonl": {"": lambda: documents_of(SCORED10 / "layouts11")},
    SCORED10 / "rs11.jsonl": {"": rs_table("rs2025-mext-cao", ("文部科学省", "内閣府"))},
    SCORED11 / "chat12.jsonl": {"": [SEED]},
    SCORED11 / "ibaraki12.jsonl": {"": lambda: documents_of(SCORED11 / "ibaraki12")},
    SCORED11 / "mod12.jsonl": {"": [MOD]},
    SCORED11 / "layouts12.jsonl": {"": lambda: documents_of(SCORED11 / "layouts12")},
    SCORED11 / "rs12.jsonl": {"": rs_table("rs2025-meti-maff", ("経済産業省", "農林水産省"))},
    SCORED12 / "chat13.jsonl": {"": [SEED]},
    SCORED12 / "mhlw13.jsonl": {"": MHLW},
    SCORED12 / "mod13.jsonl": {"": [MOD]},
    SCORED12 / "layouts13.jsonl": {"": lambda: documents_of(SCORED12 / "layouts13")},
    SCORED12 / "rs13.jsonl": {"": rs_table("rs2025-mlit", ("国土交通省", "国土交通省観光庁", "国土交通省海上保安庁",
                                                         "国土交通省気象庁", "国土交通省運輸安全委員会"))},
    SCORED13 / "chat14.jsonl": {"": [SEED]},
    SCORED13 / "recs14.jsonl": {"": lambda: documents_of(SCORED13 / "recs14")},
    SCORED13 / "mod14.jsonl": {"": [MOD]},
    SCORED13 / "layouts14.jsonl": {"": lambda: documents_of(SCORED13 / "layouts14")},
    SCORED13 / "rs14.jsonl": {"": rs_table("rs2025-mhlw", ("厚生労働省",))},
    SCORED14 / "chat15.jsonl": {"": [SEED]},
    SCORED14 / "recs15.jsonl": {"": lambda: documents_of(SCORED14 / "recs15")},
    SCORED14 / "mod15.jsonl": {"": [MOD]},
    SCORED14 / "layouts15.jsonl": {"": lambda: documents_of(SCORED14 / "layouts15")},
    SCORED14 / "rs15.jsonl": {"": rs_table("rs2025-mofa-mod", ("外務省", "防衛省"))},
    SCORED15 / "chat16.jsonl": {"": [SEED]},
    SCORED15 / "recs16.jsonl": {"": lambda: documents_of(SCORED15 / "recs16")},
    SCORED15 / "mod16.jsonl": {"": [MOD]},
    SCORED15 / "layouts16.jsonl": {"": lambda: documents_of(SCORED15 / "layouts16")},
    SCORED15 / "rs16.jsonl": {"": rs_table("rs2025-env-mic", ("環境省", "総務省"))},
    **{folder / f"{kind}{n}.jsonl": corpus for n, folder in ((17, SCORED16), (18, SCORED17), (19, SCORED18),
                                                            (20, SCORED19), (21, SCORED20), (22, SCORED21),
                                                            *LATER.items())
       for kind, corpus in (("chat", {"": [SEED]}), ("mod", {"": [MOD]}),
                            ("recs", {"": (lambda f=folder, n=n: _split_records(f / f"recs{n}"))}),
                            ("layouts", {"": (lambda f=folder, n=n: documents_of(f / f"layouts{n}"))}))},
    SCORED16 / "rs17.jsonl": {"": rs_table("rs2025-rc-cfa-npa-mof", ("復興庁", "こども家庭庁", "警察庁", "財務省"))},
    SCORED17 / "rs18.jsonl": {"": rs_table("rs2025-meti-mext", ("経済産業省", "文部科学省"))},
    SCORED18 / "rs19.jsonl": {"": rs_table("rs2025-maff-jfa-rinya", ("農林水産省", "水産庁", "林野庁"))},
    SCORED19 / "rs20.jsonl": {"": rs_table("rs2025-dig-cao-cas", ("デジタル庁", "内閣府", "内閣官房"))},
    SCORED20 / "rs21.jsonl": {"": rs_table("rs2025-bunka-sports-kanko", ("文化庁", "スポーツ庁", "国土交通省観光庁"))},
    SCORED21 / "rs22.jsonl": {"": rs_table("rs2025-small-agencies", (
        "法務省", "金融庁", "消費者庁", "特許庁", "原子力規制委員会", "消防庁", "国土交通省海上保安庁", "国土交通省気象庁", "国税庁",
        "公正取引委員会", "個人情報保護委員会", "公安調査庁", "公害等調整委員会", "中央労働委員会", "国土交通省運輸安全委員会", "カジノ管理委員会"))},
    **{folder / f"rs{n}.jsonl": {"": rs_sample(folder / f"rs{n}")} for n, folder in LATER.items()},
}


def service_for(name: str, files: list[Path]) -> QAService:
    folder = get_settings().cache_dir / "abstention" / name
    corpus = folder / "corpus"
    if corpus.exists() and sorted(p.name for p in corpus.iterdir()) != sorted(p.name for p in files):
        shutil.rmtree(folder)
    corpus.mkdir(parents=True, exist_ok=True)
    for path in files:
        if not (corpus / path.name).exists():
            shutil.copy(path, corpus / path.name)
    return QAService.open(folder / "index", corpus, build_if_missing=True, progress=True)


def at_gate(service: QAService, question: str, history: list[Turn]) -> tuple[dict[str, float], str] | None:
    """The gate's features for a question and the answer given with the gate off, or None when the question does
    not reach the gate: a fact was computed, nothing was retrieved, the program came from the previous turn, or it
    abstained for a reason the gate does not decide."""
    answerer = service.answerer
    query = answerer.understand(question, history)
    if answerer._fact(query, query.question) is not None:
        return None
    resolution = answerer.resolve(query, "hybrid")
    if not resolution.hits or resolution.from_history:
        return None
    answer = answerer.answer(question, history, gate=False)
    if answer.abstained:
        return None
    features = answerer.gate_features(query, resolution)
    features["attribute"] = resolution.attribute or ""  # for reading the rows, not a feature
    return features, answer.answer


def set_name(questions: Path) -> str:
    """A question set's name: its file's stem, or its folder's for a set named questions.jsonl."""
    return questions.parent.name if questions.stem == "questions" else questions.stem


def gate_rows(service: QAService, questions: Path, document: str) -> list[dict]:
    """One row per question of the set (of one document, "" for all) that reaches the gate: its features, label
    and whether it is answerable."""
    records = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    keep = {str(r["id"]) for r in records if not document or r.get("document") == document}
    rows = []
    origin = read_provenance(questions)
    rule = origin.answers if origin is not None else "all"
    for item in load_questions(questions, service.index.programs):
        if item.id not in keep:
            continue
        # The set's own rule for its answer strings (「any」: alternative forms of one answer), as `qa eval` reads it;
        # without it an answer stating one of three written forms of its amount was labelled wrong.
        item = item.model_copy(update={"answers_rule": rule})
        history: list[Turn] = []
        for turn in item.context:
            history += [Turn("user", turn), Turn("assistant", service.ask(turn, history).answer)]
        reached = at_gate(service, item.question, history)
        if reached is not None:
            features, answer = reached
            rows.append({"id": item.id, "set": set_name(questions), "features": features,
                         "answerable": item.answerable, "label": int(is_correct(item, False, answer))})
    return rows


TEMPLATES = ("{t}の予算はいくら？", "{t}って何？", "{t}の目的は？", "{t}はどんな事業ですか", "{t}の予算額を教えて")


def generated_rows(service: QAService, foreign: list[str], rng: random.Random, n: int) -> list[dict]:
    """Questions made by code over one corpus: `n` naming a program of another corpus (absent here, so abstaining
    is right) and `n` asking the budget of a program of this corpus by its title (right when the answer states the
    program's budget). A foreign title sharing a long run with a title here is skipped (it may well be here)."""
    from qa.ingest.normalize import common_run, key

    own = [p for p in service.index.programs if p.has_budget_structure and p.budget]
    own_keys = [key(p.title) for p in service.index.programs]
    absent = [t for t in foreign if all(common_run(key(t), k) < 6 for k in own_keys)]
    rows = []
    cases = [(rng.choice(TEMPLATES).format(t=t), None) for t in rng.sample(absent, min(n, len(absent)))]
    cases += [(f"{p.title}の予算はいくら？", p) for p in rng.sample(own, min(n, len(own)))]
    for question, program in cases:
        reached = at_gate(service, question, [])
        if reached is None:
            continue
        features, answer = reached
        right = program is not None and program.budget is not None and any(
            yen == program.budget.yen for _, yen in find_amounts(answer))
        rows.append({"id": question, "set": "generated", "answerable": program is not None, "label": int(right),
                     "features": features})
    return rows


def accuracy(p: np.ndarray, y: np.ndarray, answerable: np.ndarray, threshold: float,
             weight: np.ndarray | None = None) -> float:
    answered = p >= threshold
    return float(np.average(np.where(answered, y == 1, ~answerable), weights=weight))


def best_threshold(p: np.ndarray, y: np.ndarray, answerable: np.ndarray, weight: np.ndarray) -> float:
    """The threshold maximising weighted accuracy; of equal ones, the middle of the best run (stabler than its
    edge)."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = np.array([accuracy(p, y, answerable, t, weight) for t in grid])
    best = np.flatnonzero(scores == scores.max())
    return float(grid[best[len(best) // 2]])


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: |mean p − mean y| per equal-width bin, weighted by the bin's share."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    return float(sum(abs(p[which == b].mean() - y[which == b].mean()) * (which == b).mean()
                     for b in range(bins) if (which == b).any()))


def old_gate(f: dict[str, float]) -> float:
    """The hand-weighted confidence this gate replaces, for the comparison only."""
    agree = 0.15 * (f["bm25_first"] + f["dense_first"] - 1.0)
    return max(min(1.0, f["name_score"] * 1.5), 0.5 * f["coverage"] + 0.5 * f["clarity"] + agree)


def _written_rows(name: str, files: list[Path], questions: Path, document: str) -> tuple[list[dict], list[str]]:
    """In a child process: the set's rows at the gate and the corpus's titles (for other corpora's absent names)."""
    service = service_for(name, files)
    return gate_rows(service, questions, document), [p.title for p in service.index.programs if p.has_budget_structure]


def _generated_rows(name: str, files: list[Path], foreign: list[str], seed: int) -> list[dict]:
    """In a child process: the generated questions of one corpus (`generated_rows`)."""
    return generated_rows(service_for(name, files), foreign, random.Random(seed), GENERATED)


def collect_rows() -> list[dict]:
    """Every tuning set's questions that reach the gate, and the generated ones, answered with the gate off.

    Written to the cache as rows.json; `--reuse` reads them from there (to refit without answering again)."""
    cache = get_settings().cache_dir / "abstention" / "rows.json"
    if "--reuse" in sys.argv and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    rows: list[dict] = []
    corpora: dict[str, list[Path]] = {}
    titles: dict[str, list[str]] = {}
    # Each corpus is answered in a process of its own, one at a time: a service's caches outlive it in one process,
    # and forty corpora answered in one ran out of the machine's 24 GB. The written questions of each set first,
    # then, reopening each from its cached index, the generated ones.
    jobs = []
    for questions, documents in SETS.items():
        origin = read_provenance(questions)
        if origin is None or origin.role != "tuning":
            raise SystemExit(f"{questions}: only sets whose provenance says tuning may be fitted on")
        for document, files in documents.items():
            name = f"{set_name(questions)}-{document or 'all'}"
            corpora[name] = files() if callable(files) else files
            jobs.append((name, questions, document))
    # WORKERS processes at a time (default 1; each holds one corpus, ~2 GB).
    workers = int(os.environ.get("WORKERS", "1"))
    with ProcessPoolExecutor(max_workers=workers, max_tasks_per_child=1, mp_context=get_context("spawn")) as pool:
        pending = {}
        for name, questions, document in jobs:
            # Each set's rows are kept as they are answered (`--resume` reads them back): a run stopped halfway, or
            # one with a set added, answers only the sets it lacks.
            done = cache.parent / name / "rows.json"
            if "--resume" in sys.argv and done.exists():
                written, titles[name] = json.loads(done.read_text(encoding="utf-8"))
                rows += written
            else:
                pending[name] = pool.submit(_written_rows, name, corpora[name], questions, document)
        for name, future in pending.items():
            written, titles[name] = future.result()
            (cache.parent / name / "rows.json").write_text(json.dumps([written, titles[name]], ensure_ascii=False),
                                                          encoding="utf-8")
            rows += written
        rng = random.Random(13)
        generated = [pool.submit(_generated_rows, name, files,
                                 [t for other, own in titles.items() if other != name for t in own],
                                 rng.randrange(1 << 30))
                     for name, files in corpora.items()]
        rows += [row for future in generated for row in future.result()]
    cache.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return rows


def fit(z: np.ndarray, y: np.ndarray, weight: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=1.0).fit(z, y, sample_weight=weight)


def leave_one_set_out(z: np.ndarray, y: np.ndarray, answerable: np.ndarray, weight: np.ndarray,
                      sets: np.ndarray, written: np.ndarray, shipped: np.ndarray) -> dict[str, dict[str, float]]:
    """Each written set scored by a gate fitted, and thresholded, without it: how the gate does on a set whose
    writer and documents it has not seen (the nearest this script gets to held-out figures); beside it the
    accuracy of answering everything and of the gate shipped before this fit (`shipped`: its answer decisions)."""
    figures = {}
    for name in sorted(set(sets[written])):
        out = sets == name
        model = fit(z[~out], y[~out], weight[~out])
        threshold = best_threshold(model.predict_proba(z[~out])[:, 1], y[~out], answerable[~out],
                                   written[~out].astype(float))
        p = model.predict_proba(z[out])[:, 1]
        figures[name] = {"n": int(out.sum()), "answer_everything": round(float(y[out].mean()), 3),
                         "shipped_gate": round(float(np.mean(np.where(shipped[out], y[out] == 1,
                                                                      ~answerable[out]))), 3),
                         "gate": round(accuracy(p, y[out], answerable[out], threshold), 3),
                         "ece": round(ece(p, y[out]), 3)}
    return figures


def main() -> None:
    rows = collect_rows()
    before = abstention_model()
    shipped = np.array([not before.abstains(r["features"]) for r in rows])
    x = np.array([[r["features"].get(n, 0.0) for n in FEATURES] for r in rows])
    y = np.array([r["label"] for r in rows])
    answerable = np.array([r["answerable"] for r in rows])
    sets = np.array([r["set"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale

    # Generated questions teach what an absent program looks like, but half of them are absent by construction:
    # together they weigh GENERATED_SHARE of the fit, so that the class balance stays near the written sets'.
    written = sets != "generated"
    weight = np.where(written, 1.0, GENERATED_SHARE * written.sum() / max(1, (~written).sum()))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    held = np.zeros(len(y))
    for train, test in folds.split(z, y):
        held[test] = fit(z[train], y[train], weight[train]).predict_proba(z[test])[:, 1]
    model = fit(z, y, weight)
    p = model.predict_proba(z)[:, 1]
    # The threshold is chosen on the written questions alone: their share of unanswerables is the real one.
    threshold = best_threshold(p, y, answerable, written.astype(float))
    old = np.array([old_gate(r["features"]) for r in rows])
    figures: dict[str, object] = {"threshold": threshold}
    for name, part in (("all", np.ones(len(y), dtype=bool)), ("written", written), ("generated", ~written)):
        yy, aa = y[part], answerable[part]
        figures[name] = {
            "questions_at_gate": int(part.sum()), "right_if_answered": int(yy.sum()),
            "unanswerable": int((~aa).sum()),
            "accuracy": round(accuracy(p[part], yy, aa, threshold), 3),
            "cv5_accuracy": round(accuracy(held[part], yy, aa, threshold), 3),
            "cv5_ece": round(ece(held[part], yy), 3),
            "previous_gate_accuracy": round(accuracy(old[part], yy, aa, 0.45), 3),
            "answer_everything_accuracy": round(float(yy.mean()), 3),
        }
    out = {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
           "weights": model.coef_[0].round(6).tolist(), "bias": round(float(model.intercept_[0]), 6),
           "threshold": threshold, "fitted_on": [str(q.relative_to(ROOT)) for q in SETS], "figures": figures,
           "leave_one_set_out": leave_one_set_out(z, y, answerable, weight, sets, written, shipped),
           "script": "bench/train_abstention.py"}
    MODEL.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    print("weights:", dict(zip(FEATURES, model.coef_[0].round(2).tolist(), strict=True)))


if __name__ == "__main__":
    main()
