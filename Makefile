# Two commands on a fresh machine: `make run` (plan the demo half-year and show it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TIME_LIMIT ?= 120

.PHONY: install run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	mkdir -p out
	$(BIN)/movable solve data/demo-problem.json -o out/plan.json --time-limit $(TIME_LIMIT) --seed 1
	$(BIN)/movable check data/demo-problem.json out/plan.json
	$(BIN)/movable map out/plan.json -o out/map.html
	@echo "계획 plan: out/plan.json   지도 map: out/map.html"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks.travel_calibration

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
