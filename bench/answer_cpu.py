"""CPU per answer in process (every thread of the process: the encoder's included), and the answers themselves.

Loads the service on an existing index, asks distinct questions of `bench/throughput.py`'s pool one at a time
after a warm-up on others, and prints CPU ms and wall ms per answer. Run it with PYTHONPATH on two worktrees, one
after the other, to compare two versions of the code on the same index (`cmp` the `--answers` files: the answers
must not move). CPU per answer is what bounds `qa serve`'s requests/s once the cores are busy, and it moves less
than req/s with other work on a shared machine.

    PYTHONPATH=. .venv/bin/python bench/answer_cpu.py --index /tmp/seed-idx --corpus ../shared/corpus \
        --answers /tmp/after.json [--settle-gc]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index folder (DIR/current -> the build)")
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus the index was built from")
    parser.add_argument("--questions", type=int, default=300, help="distinct questions measured")
    parser.add_argument("--answers", type=Path, help="write (answer, abstained, programs, citation spans) here")
    parser.add_argument("--settle-gc", action="store_true", help="freeze the loaded heap as `qa serve` does")
    args = parser.parse_args()

    from throughput import distinct_questions

    from qa.service import QAService

    service = QAService.open(args.index, args.corpus, build_if_missing=False, progress=False)
    if args.settle_gc:
        from qa.api.app import settle_gc

        settle_gc()
    pool = distinct_questions()
    for question in pool[:30]:
        service.ask(question)
    asked = pool[30:30 + args.questions]
    cpu, wall = time.process_time(), time.perf_counter()
    answers = [service.ask(question) for question in asked]
    cpu_ms = (time.process_time() - cpu) * 1000 / len(asked)
    wall_ms = (time.perf_counter() - wall) * 1000 / len(asked)
    print(json.dumps({"questions": len(asked), "cpu_ms_per_answer": round(cpu_ms, 2),
                      "wall_ms_per_answer": round(wall_ms, 2)}))
    if args.answers:
        rows = [(a.answer, a.abstained, a.programs, [(c.program_id, c.start, c.end) for c in a.citations])
                for a in answers]
        args.answers.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
