# Two commands do all the set-up: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)

# The catalogues of strings (issue 23): one .po per language in geo/locale, compiled to its .mo here.
MO := $(patsubst %.po,%.mo,$(wildcard geo/locale/*/LC_MESSAGES/zonemap.po))
KEYWORDS := --no-default-keywords -k _ -k n_:1,2 -k p_:1c,2 -k N_ -k NP_:1c,2

.PHONY: run test setup chromium gdal dataset bench mutate lint clean catalogue

run: setup
	$(PY) serve.py

test: setup chromium gdal
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

setup: $(STAMP) $(MO)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel -q compile -i $< -o $@

# Extract every string afresh (the code's and the bundled data's) and merge it into each language's .po.
catalogue: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg $(KEYWORDS) --project zonemap --no-wrap --add-location=file -o geo/locale/zonemap.pot .
	$(VENV)/bin/pybabel -q update -i geo/locale/zonemap.pot -d geo/locale -D zonemap --no-wrap --ignore-obsolete

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

# The browser tests drive Debian's Chromium (no browser download: the network is closed).
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Chromium for the browser tests (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing and cannot be installed without root: browser tests will skip (they fail under CI=true)"; \
	fi

# The dataset's tests open the GeoPackage with GDAL's own ogrinfo (Debian's gdal-bin), as a GIS user would.
gdal:
	@if command -v ogrinfo >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing GDAL's command-line tools for the dataset tests (apt-get install gdal-bin)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null; \
	elif command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null; \
	else \
		echo "ogrinfo is missing and cannot be installed without root: the GDAL tests will skip (they fail under CI=true)"; \
	fi

# The citable release (issue 25): every table in GeoPackage, GeoParquet and CSV, codebook, datapackage.json
DATASET ?= dist/dataset
dataset: setup
	mkdir -p $(dir $(DATASET))
	$(VENV)/bin/zonemap dataset -o $(DATASET) --force

bench: setup chromium
	$(PY) bench/run.py

# A mutation check (issue 16): deliberate bugs put into a copy of the code, one at a time; every one must make a
# unit test fail. A few minutes on two cores; tools/mutants.py lists the bugs.
mutate: setup
	$(PY) tools/mutate.py

lint: setup
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache $(MO)
