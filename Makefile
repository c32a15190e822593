# The two commands (`make demo`, `make test`) must work on a fresh machine with
# only Python 3.11+ and make: each depends on the venv stamp, which installs
# the project when the venv is missing or pyproject.toml is newer.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Qt Linguist sources and their compiled form (make translations).
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint format bench package package-test forms proto translations translations-update clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory translations
	@touch $(STAMP)

demo: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM= $(BIN)/smartcity-console demo

test: $(STAMP)
	@bash .ci/system-deps
	$(BIN)/python -m pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Compile the Qt Linguist files (resources/translations/*.ts -> .qm; the .qm are
# build output, not committed). The install stamp and the PyInstaller spec run
# this too; docs/translations.md says how to add a string.
translations:
	@test -x $(BIN)/pyside6-lrelease || { echo "run make test or make demo first (no venv)"; exit 1; }
	for ts in $(TS_FILES); do $(BIN)/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm; done

# A .ts edited after the venv was made: `make demo` recompiles its .qm.
resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Collect new source strings from the whole package and ui/ into the .ts files (then
# translate them): the GUI's translate() and the Qt-free core.i18n catalog's
# translate()/Message.translate() calls alike (docs/translations.md).
translations-update: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find src/smartcity_console -name '*.py' -not -path '*/migrations/*' | sort) ui/*.ui \
	  -ts $(TS_FILES) -no-obsolete -locations none -source-language en

# Regenerate the compiled Designer forms (tests fail when they are stale).
forms: $(STAMP)
	for ui in ui/*.ui; do \
	  name=$$(basename $$ui .ui); \
	  $(BIN)/pyside6-uic -a $$ui -o src/smartcity_console/gui/forms/ui_$$name.py; \
	done

# Regenerate the Sparkplug B payload classes from the vendored Eclipse Tahu .proto
# (core/sparkplug/sparkplug_b.proto); grpcio-tools brings the matching protoc.
SPARKPLUG := src/smartcity_console/core/sparkplug
proto: $(STAMP)
	$(BIN)/python -m grpc_tools.protoc --proto_path=$(SPARKPLUG) --python_out=$(SPARKPLUG) \
	  --pyi_out=$(SPARKPLUG) $(SPARKPLUG)/sparkplug_b.proto

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/history.py
	$(BIN)/python bench/incidents.py

$(VENV)/.installed-package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	@touch $@

package: $(VENV)/.installed-package
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/smartcity-console.spec

package-test: $(VENV)/.installed-package
	$(BIN)/python packaging/smoke_test.py dist/smartcity-console

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
