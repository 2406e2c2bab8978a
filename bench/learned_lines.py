"""Programs matched per labelled fixture folder, before and after the learned line reader, as written and unseen.

Each document is read by `qa.ingest.parse.parse` four ways: today (the reading choice shipped before this reader, no
learned reader), after (the shipped choice, the learned reader with both models fitted without the document's folder:
leave-one-folder-out), and both again with the layout that reads the document today taken away (unseen: how a form
nobody wrote a reader for is met). One table, one folder a line (the folders of the latest rounds first), then the
total. About ten minutes on 2 cores.

Run: `python bench/learned_lines.py [--fixtures tests/fixtures] [--before path/to/old/reading_choice.json]`
(`--before`: the reading choice to call today's, e.g. main's `qa/ingest/data/reading_choice.json`; without it, the
shipped one).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.ingest import detect as D
from qa.ingest import train_lines
from qa.ingest.layouts import LAYOUTS
from qa.ingest.layouts import learned_lines as LL
from qa.ingest.parse import parse
from qa.ingest.reading_choice import ReadingChooser, read_items
from qa.ingest.train_reading import match


def recent(group: str) -> bool:
    """A folder of the latest rounds (listed first)."""
    return group.startswith(("scored-2026-12-06-s2", "forms2")) or (group.startswith("layouts2")
                                                                     and group.endswith("-variants"))


def read(path: Path, gold: list, drop: list[str], chooser) -> tuple[int, str | None]:
    """(programs matched, layout kept) of one document parsed without the layouts `drop`, under `chooser`."""
    saved, shipped = dict(LAYOUTS), D.chooser
    for name in drop:
        LAYOUTS.pop(name, None)
    D.chooser = chooser
    try:
        docs, programs = parse(path)
        return match(read_items(programs), gold)[0], docs[0].layout
    finally:
        LAYOUTS.clear()
        LAYOUTS.update(saved)
        D.chooser = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures"))
    parser.add_argument("--before", type=Path, default=None)
    args = parser.parse_args()
    shipped = json.loads(LL.MODEL.read_text(encoding="utf-8"))
    before = ReadingChooser(json.loads(args.before.read_text(encoding="utf-8"))) if args.before else D.chooser()
    data = train_lines.labelled(args.fixtures)
    models = train_lines.held_out(data, train_lines.feature_names(data))
    rows: dict[str, list[int]] = {}
    for d in data:
        learned = LL.LearnedModel.of({**models[d.group], "amount_floor": shipped["amount_floor"],
                                      "title_floor": shipped["title_floor"]})
        with LL.using(learned):
            today, layout = read(d.path, d.gold, [LL.NAME], lambda: before)
            after, _ = read(d.path, d.gold, [], D.chooser)
            unseen_today, _ = read(d.path, d.gold, [LL.NAME, layout or ""], lambda: before)
            unseen_after, _ = read(d.path, d.gold, [layout or ""], D.chooser)
            alone = match(read_items(LL.read(train_lines._document(d.path), d.analysis.lines)), d.gold)[0]
        row = rows.setdefault(d.group, [0] * 6)
        for k, v in enumerate((len(d.gold), today, alone, after, unseen_today, unseen_after)):
            row[k] += v
    print(f"{'folder':40} {'listed':>6} {'today':>6} {'learned':>7} {'after':>6} {'unseen today':>12} "
          f"{'unseen after':>12}")
    order = sorted(rows, key=lambda g: (not recent(g), g))
    for group in [*order, "TOTAL"]:
        row = rows[group] if group != "TOTAL" else [sum(r[k] for r in rows.values()) for k in range(6)]
        print(f"{group:40} {row[0]:6} {row[1]:6} {row[2]:7} {row[3]:6} {row[4]:12} {row[5]:12}")


if __name__ == "__main__":
    main()
