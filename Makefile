# Two commands: `make run` (set up, build the index on first run, serve) and `make test` (set up, run everything).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint eval bench browser clean

install: $(STAMP)
	# Every time, not once: it returns in ~1 s when the model and its ONNX export are current, and redoes only
	# what an upgrade made stale (a new export recipe re-exports).
	$(BIN)/qa model install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU torch from this machine's disk; a bare `torch` requirement would pull a CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Debian's Chromium and a Japanese font for the browser tests (Playwright never downloads a browser).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi ipaex; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipaexfont-gothic >/dev/null; \
	fi

run: install
	$(BIN)/qa serve

lint: install
	$(BIN)/ruff check qa tests bench

test: install browser lint
	# Both cores, a file's tests on one worker (its module fixtures built once); `pytest -q` alone runs them serially.
	$(BIN)/pytest -q -n 2 --dist loadfile
	# Floors that protect what has been reached on the seed dev set (see README for the current figures).
	$(BIN)/qa eval ../shared/eval/seed-dev.jsonl --fail-under accuracy=0.93 --fail-under hit@1=0.95 \
		--fail-under abstain_recall=0.8 --report reports/ci-seed-dev

eval: install
	$(BIN)/qa eval ../shared/eval/seed-dev.jsonl --mode bm25 --mode dense --mode hybrid --report reports/seed-dev
	$(BIN)/qa eval ../shared/eval/ext/jaquad-dev/questions.jsonl --corpus ../shared/eval/ext/jaquad-dev/corpus.jsonl \
		--mode bm25 --mode dense --mode hybrid --report reports/jaquad-dev

bench: install
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/build.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/soak.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) index/*.d index/current test-output reports
