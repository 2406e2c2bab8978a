"""Per-question time of `/api/ask`'s answer path on a (synthetic) index, in process, and the answers it gives.

Asks a fixed mix of distinct questions of the kind the synthetic curve asks (「<title>の目的は？」, the budget and
the 補助率 of drawn programs) plus fact questions (counts, sums, the largest), one at a time through
`QAService.ask`, after a warm-up on other questions. Prints p50/p95/mean in ms and the top functions of a cProfile
when asked; writes every answer (text + citations) to `--answers` so that two versions of the code can be compared
on the same index (run the same script with PYTHONPATH on each worktree).

    PYTHONPATH=. .venv/bin/python bench/ask_profile.py --index /tmp/syn10k --answers /tmp/after.json [--profile] \
        [--settle-gc]

Also prints the cyclic collector's passes during the measured questions (count per generation, ms in all);
`--settle-gc` freezes the loaded heap and raises the young threshold as `qa serve` does (`qa.api.app.settle_gc`).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

FACTS = ["こども家庭庁の事業で予算が一番大きいのは？", "デジタル庁の事業はいくつ？", "消費者庁の事業の予算の合計は？",
         "名前に水素が入る事業を予算の大きい順に3つ", "環境省の事業はいくつ？", "文部科学省の事業で予算が一番大きいのは？"]


def questions(folder: Path, n: int) -> tuple[list[str], list[str]]:
    """(warm-up questions, measured questions): titles drawn as the curve draws them (seed 7), disjoint sets."""
    from synthetic import draw_programs

    drawn = draw_programs(folder, n + 10)
    warm = [f"{t}の目的は？" for _, t in drawn[n:]]
    forms = ("{}の目的は？", "{}の予算は？", "{}の補助率は？")
    asked = [forms[i % 10 % 3 if i % 10 >= 7 else 0].format(t) for i, (_, t) in enumerate(drawn[:n])]
    return warm, asked + FACTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index folder (DIR/current -> the build)")
    parser.add_argument("--questions", type=int, default=100, help="distinct title questions (+ 6 fact questions)")
    parser.add_argument("--answers", type=Path, help="write the answers (text, citations) here as JSON")
    parser.add_argument("--profile", action="store_true", help="print the cProfile of the measured questions")
    parser.add_argument("--top", type=int, default=40, help="how many functions the profile lists")
    parser.add_argument("--settle-gc", action="store_true", help="freeze the loaded heap as `qa serve` does")
    args = parser.parse_args()

    from synthetic import SOURCE_CORPUS

    from qa.index.store import current_dir
    from qa.service import QAService

    started = time.perf_counter()
    service = QAService.open(args.index, args.index / SOURCE_CORPUS, build_if_missing=False, progress=False)
    print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
    if args.settle_gc:
        from qa.api.app import settle_gc

        settle_gc()
    warm, asked = questions(current_dir(args.index), args.questions)
    for q in warm:
        service.ask(q)
    passes = [0, 0, 0]  # collector passes per generation during the measured questions
    paused: list[float] = []  # ms of each pass
    began: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            passes[info["generation"]] += 1
            paused.append((time.perf_counter() - began.pop()) * 1000)

    gc.callbacks.append(on_gc)
    profiler = cProfile.Profile() if args.profile else None
    times: list[float] = []
    answers = []
    for q in asked:
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        answer = service.ask(q)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - t0) * 1000)
        answers.append({"question": q, "answer": answer.answer, "abstained": answer.abstained,
                        "confidence": answer.confidence,
                        "programs": answer.programs[:3],
                        "citations": [(c.program_id, c.section, c.start, c.end) for c in answer.citations],
                        "related": [(c.program_id, c.section, c.start, c.end) for c in answer.related]})
    gc.callbacks.remove(on_gc)
    cuts = statistics.quantiles(times, n=20)
    print(f"collector: passes per generation {passes}, {sum(paused):.0f} ms in all, longest "
          f"{max(paused, default=0):.0f} ms; tracked objects now {len(gc.get_objects())}")
    print(f"{len(asked)} questions: p50 {statistics.median(times):.1f} ms, p95 {cuts[18]:.1f} ms, "
          f"mean {statistics.fmean(times):.1f} ms; facts: {[round(t) for t in times[-len(FACTS):]]}")
    if args.answers:
        args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
