"""Training the learned line reader (`qa.ingest.layouts.learned_lines`): data, fit, floors and figures.

Data: every labelled fixture folder (`tests/fixtures/**/PROGRAMS.jsonl`, read as `qa.ingest.train_reading` reads
them: document, title, yen). Each amount mention of a document is labelled *budget* when its yen is a listed
program's; each title candidate of a budget mention is labelled *title* when it and that program's title hold one
another (NFKC, spaces aside). Two gradient-boosted tree models (scikit-learn) are fitted and written
as JSON (`data/learned_lines.json`), with the floors a mention and a title must reach, chosen by leave-one-folder-out
evaluation (a folder's documents are never both trained on and judged) on programs matched (title and yen) over
all folders. The figures per folder — programs listed, matched by the reading the service keeps today, by the best
existing layout's reading (an oracle over layouts) and by the learned reading held out — are printed as a table and
written into the model file.

Run: `python -m qa.ingest.train_lines [--fixtures tests/fixtures] [--out qa/ingest/data/learned_lines.json]
[--no-baselines]` (a few minutes on 2 cores; the baselines read every document with every layout).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One thread per fit: the folds are many and small, and threads only contend on a shared 2-core machine.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from qa.ingest.layouts import learned_lines as LL
from qa.ingest.lines import lines_of
from qa.ingest.models import Document
from qa.ingest.reading_choice import ReadItem
from qa.ingest.train_reading import _document, gold_programs, match
from qa.ingest.vocabulary import compact

AMOUNT_FLOORS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
TITLE_FLOORS = (0.05, 0.1, 0.2, 0.3, 0.5)
# The boosted trees of each model: how many, and leaves per tree.
TREES = 120
LEAVES = 12

Gold = list[tuple[str, int | None]]


@dataclass
class Labelled:
    """One labelled document: its folder (the group), name, gold list and analysis with labels."""

    group: str
    name: str
    path: Path
    gold: Gold
    analysis: LL.Analysis
    amount_labels: list[int]
    title_labels: list[list[int]]


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def label(analysis: LL.Analysis, gold: Gold) -> tuple[list[int], list[list[int]]]:
    """Labels of a document's mentions (budget of a listed program) and of each mention's title candidates (the
    listed program's name)."""
    by_yen: dict[int, list[str]] = {}
    for title, yen in gold:
        if yen is not None:
            by_yen.setdefault(yen, []).append(title)
    amounts = [int(m.yen in by_yen) for m in analysis.mentions]
    titles = [[int(any(_same(compact(c.text), t) for t in by_yen.get(m.yen, []))) for c in options]
              for m, options in zip(analysis.mentions, analysis.candidates, strict=True)]
    return amounts, titles


def documents(fixtures: Path) -> list[tuple[str, Path, Document, Gold]]:
    """Every labelled text document under `fixtures`: (folder, path, document, gold list). Folders only (a
    `scored-*` folder's .jsonl question sets are no documents)."""
    out = []
    for programs_file in sorted(fixtures.rglob("PROGRAMS.jsonl")):
        folder = programs_file.parent
        gold = gold_programs(programs_file)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            listed = gold.get(path.name.rsplit(".", 1)[0])
            doc = _document(path) if listed else None
            if doc is not None and listed:
                out.append((str(folder.relative_to(fixtures)), path, doc, listed))
    return out


def labelled(fixtures: Path) -> list[Labelled]:
    """Every labelled document analysed (mentions, candidates, features) and labelled."""
    out = []
    for group, path, doc, gold in documents(fixtures):
        analysis = LL.analyse(lines_of(doc))
        amounts, titles = label(analysis, gold)
        out.append(Labelled(group, path.name, path, gold, analysis, amounts, titles))
    return out


def _matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    return np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=float) if rows else np.zeros((0, len(names)))


def _fit(rows: list[dict[str, float]], labels: list[int], names: list[str]) -> dict[str, Any]:
    """Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) as the JSON `LL.Scorer` reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = _matrix(rows, names)
    fitted = HistGradientBoostingClassifier(max_iter=TREES, max_leaf_nodes=LEAVES, learning_rate=0.1,
                                            min_samples_leaf=20, early_stopping=False, random_state=0)
    fitted.fit(x, np.array(labels))
    trees = []
    for (predictor,) in fitted._predictors:
        trees.append([[int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]),
                       int(n["is_leaf"]), round(float(n["value"]), 6)] for n in predictor.nodes])
    return {"kind": "trees", "features": names, "baseline": float(np.ravel(fitted._baseline_prediction)[0]),
            "trees": trees}


def feature_names(data: list[Labelled]) -> tuple[list[str], list[str]]:
    """The amount model's and the title model's feature names (every name any row carries, sorted)."""
    amount: set[str] = set()
    title: set[str] = set()
    for d in data:
        for m, options in zip(d.analysis.mentions, d.analysis.candidates, strict=True):
            amount.update(m.features)
            for c in options:
                title.update(c.features)
    return sorted(amount), sorted(title)


def fit(data: list[Labelled], names: tuple[list[str], list[str]]) -> dict[str, Any]:
    """Both models fitted on `data` (floors 0.5 / 0.2 until chosen)."""
    amount_rows = [m.features for d in data for m in d.analysis.mentions]
    amount_labels = [y for d in data for y in d.amount_labels]
    title_rows, title_labels = [], []
    for d in data:
        for options, labels, positive in zip(d.analysis.candidates, d.title_labels, d.amount_labels, strict=True):
            if positive:
                title_rows.extend(c.features for c in options)
                title_labels.extend(labels)
    return {"amount": _fit(amount_rows, amount_labels, names[0]), "title": _fit(title_rows, title_labels, names[1]),
            "amount_floor": 0.5, "title_floor": 0.2}


def _items(found: list[LL.Found]) -> list[ReadItem]:
    return [ReadItem(f.title.text, f.mention.yen, "program", f.title.start, f.mention.end, f.mention.start)
            for f in found]


def held_out(data: list[Labelled], names: tuple[list[str], list[str]]) -> dict[str, dict[str, Any]]:
    """For each folder, both models fitted without it."""
    return {g: fit([d for d in data if d.group != g], names) for g in sorted({d.group for d in data})}


Scores = dict[str, tuple[list[float], list[list[float]]]]


def held_out_scores(data: list[Labelled], models: dict[str, dict[str, Any]]) -> Scores:
    """Per document (folder/name): the probabilities its folder's held-out models give (every candidate scored)."""
    out = {}
    for d in data:
        learned = LL.LearnedModel.of({**models[d.group], "amount_floor": 0.0})
        out[f"{d.group}/{d.name}"] = LL.probabilities(d.analysis, learned)
    return out


def reading(d: Labelled, scores: Scores, a: float, t: float) -> list[ReadItem]:
    """The held-out learned reading of a labelled document under floors `a` (budget) and `t` (title)."""
    amounts, titles = scores[f"{d.group}/{d.name}"]
    return _items(LL.pick(d.analysis, amounts, titles, a, t))


def choose_floors(data: list[Labelled], scores: Scores) -> tuple[float, float, dict[str, Any]]:
    """The floors whose held-out readings have the best F1 over all documents (programs matched, programs read
    that are listed)."""
    grid: dict[tuple[float, float], list[int]] = {}
    for a in AMOUNT_FLOORS:
        for t in TITLE_FLOORS:
            matched = read = right = 0
            for d in data:
                items = reading(d, scores, a, t)
                matched += match(items, d.gold)[0]
                read += len(items)
                right += _precise(items, d.gold)
            grid[(a, t)] = [matched, read, right]
    gold = sum(len(d.gold) for d in data)

    def f1(v: list[int]) -> float:
        p, r = v[2] / max(v[1], 1), v[0] / max(gold, 1)
        return 2 * p * r / max(p + r, 1e-9)

    a, t = max(grid, key=lambda k: (f1(grid[k]), -k[0]))
    return a, t, {f"amount {k[0]} title {k[1]}": {"matched": v[0], "read": v[1], "read_right": v[2]}
                  for k, v in grid.items()}


def _precise(items: list[ReadItem], gold: Gold) -> int:
    """How many programs read are a listed one (title held either way and yen equal)."""
    listed = [(t, y) for t, y in gold]
    return sum(any(_same(compact(i.title), t) and (y is None or y == i.yen) for t, y in listed) for i in items)


def baselines(data: list[Labelled]) -> dict[str, tuple[int, int]]:
    """Per document (folder/name): programs matched by the reading the service keeps today (`qa.ingest.parse.parse`,
    this reader left out) and by the best reading of any existing layout."""
    from qa.ingest.detect import readings
    from qa.ingest.layouts import LAYOUTS
    from qa.ingest.parse import parse
    from qa.ingest.reading_choice import read_items

    out = {}
    learned = LAYOUTS.pop(LL.NAME, None)  # today: the service without this reader
    try:
        for d in data:
            _, programs = parse(d.path)
            today, _ = match(read_items(programs), d.gold)
            doc = _document(d.path)
            if doc is None:
                raise ValueError(f"{d.path}: a labelled document that cannot be read")
            best = max((match(read_items(r.programs), d.gold)[0]
                        for r in readings(doc, lines_of(doc), list(LAYOUTS))), default=0)
            out[f"{d.group}/{d.name}"] = (today, best)
    finally:
        if learned is not None:
            LAYOUTS[LL.NAME] = learned
    return out


def table(data: list[Labelled], scores: Scores, a: float, t: float,
          base: dict[str, tuple[int, int]] | None) -> dict[str, dict[str, int]]:
    """Per folder: programs listed, matched today / best layout (when `base`), matched and read-right / read by the
    learned reading held out."""
    rows: dict[str, dict[str, int]] = {}
    for d in data:
        items = reading(d, scores, a, t)
        got, _ = match(items, d.gold)
        row = rows.setdefault(d.group, {"listed": 0, "today": 0, "best_layout": 0, "learned": 0, "read": 0,
                                        "read_right": 0})
        row["listed"] += len(d.gold)
        row["learned"] += got
        row["read"] += len(items)
        row["read_right"] += _precise(items, d.gold)
        if base is not None:
            today, best = base[f"{d.group}/{d.name}"]
            row["today"] += today
            row["best_layout"] += best
    return rows


def print_table(rows: dict[str, dict[str, int]]) -> None:
    """The table of `table`, one folder a line, then the total."""
    print(f"{'folder':44} {'listed':>6} {'today':>6} {'best':>6} {'learned':>7} {'prec':>5}")
    total = {k: 0 for k in next(iter(rows.values()))}
    for group, row in rows.items():
        for k, v in row.items():
            total[k] += v
        print(f"{group:44} {row['listed']:6} {row['today']:6} {row['best_layout']:6} {row['learned']:7} "
              f"{row['read_right'] / max(row['read'], 1):5.2f}")
    print(f"{'TOTAL':44} {total['listed']:6} {total['today']:6} {total['best_layout']:6} {total['learned']:7} "
          f"{total['read_right'] / max(total['read'], 1):5.2f}")


def dumps(model: dict[str, Any]) -> str:
    """The model file's text: each model's trees on one line (numbers, not for reading), the rest indented."""
    parts = [f' "{k}": ' + (json.dumps(v, ensure_ascii=False, separators=(",", ":")) if k in ("amount", "title")
                            else json.dumps(v, ensure_ascii=False, indent=1).replace("\n", "\n "))
             for k, v in model.items()]
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures"))
    parser.add_argument("--out", type=Path, default=LL.MODEL)
    parser.add_argument("--no-baselines", action="store_true", help="skip today's and the layouts' readings")
    args = parser.parse_args()
    began = time.perf_counter()
    data = labelled(args.fixtures)
    names = feature_names(data)
    print(f"{len(data)} documents, {len({d.group for d in data})} folders, "
          f"{sum(len(d.analysis.mentions) for d in data)} mentions ({time.perf_counter() - began:.0f} s)")
    models = held_out(data, names)
    scores = held_out_scores(data, models)
    a, t, grid = choose_floors(data, scores)
    base = None if args.no_baselines else baselines(data)
    rows = table(data, scores, a, t, base)
    print_table(rows)
    model = {**fit(data, names), "amount_floor": a, "title_floor": t}
    model["figures"] = {
        "documents": len(data), "folders": len(rows), "floors_cross_validated": grid, "per_folder": rows,
        "note": "programs matched (yen equal, one title holding the other) per fixture folder: listed, by the reading "
                "the service keeps today, by the best existing layout's reading (an oracle), and by the learned reading "
                "with both models fitted without the folder (leave-one-folder-out); read / read_right: programs the "
                "learned reading found and how many of them are listed",
    }
    args.out.write_text(dumps(model), encoding="utf-8")
    print(f"floors amount {a} title {t} written to {args.out} ({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
