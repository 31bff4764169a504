# Two commands on a fresh machine: `make run` (plan the demo half-year and serve it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TIME_LIMIT ?= 120
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run plan test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Plan the built-in demo half-year, check it, draw it.
plan: install
	mkdir -p out
	$(BIN)/movable solve data/demo-problem.json -o out/plan.json --time-limit $(TIME_LIMIT) --seed 1
	$(BIN)/movable check data/demo-problem.json out/plan.json
	$(BIN)/movable map out/plan.json -o out/map.html

# ... and serve it: the pages, the API (/docs) and a worker for new solves. Ctrl-C stops.
# A demo database of its own, made anew, so every run shows the plan it just made.
run: plan
	mkdir -p var && rm -f var/demo.db*
	$(BIN)/movable serve --host $(HOST) --port $(PORT) --db sqlite:///var/demo.db --seed-demo out/plan.json

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest

$(BIN)/.bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(BIN)/.bench
	$(BIN)/python -m benchmarks.travel_calibration
	$(BIN)/python -m benchmarks.half_year quality --time-limit 120
	$(BIN)/python -m benchmarks.half_year fairness --time-limit 120
	$(BIN)/python -m benchmarks.half_year scale --time-limit 300
	$(BIN)/python -m benchmarks.half_year anytime
	$(BIN)/python -m benchmarks.replan --base-limit 60 --time-limit 30
	$(BIN)/python -m benchmarks.hand_dispatch
	$(BIN)/python -m benchmarks.public_vrptw --set solomon --time-limit 10
	$(BIN)/python -m benchmarks.public_vrptw --set gh200 --time-limit 20 --instances r1,rc1
	$(BIN)/python -m benchmarks.public_vrptw --set gh400 --time-limit 30 --instances r1,rc1

clean:
	rm -rf $(VENV) out var .pytest_cache .ruff_cache .hypothesis
