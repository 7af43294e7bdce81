# The two commands of the README: `make guide` builds the guide, `make test` runs the tests.
# Each sets up everything it needs on a fresh machine (a virtual environment in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: guide test setup check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

guide: setup
	$(BIN)/inclucities build .

check: setup
	$(BIN)/inclucities check .

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf _build _generated
