# Fire peer support: `make run` serves the demo, `make test` runs every test.
# Both set up whatever is missing first, so each works on its own in a fresh clone.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup check-system deps assets worker web clean benchmark

run: setup
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: check-system deps assets
	$(BIN)/pytest

# Everything the demo needs: packages, static files, database, demo data.
setup: check-system deps assets
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo

check-system:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install it (for example 'apt-get install python3.11 python3.11-venv') or set PYTHON=/path/to/python3.11"; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js and npm are needed for GOV.UK Frontend: install them (for example 'apt-get install nodejs npm')"; exit 1; }

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { echo "WeasyPrint cannot load Pango. Install it: 'apt-get install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu) or 'brew install pango' (macOS)"; exit 1; }
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/static/css/application.css

build/static/css/application.css: static/scss/application.scss node_modules/.installed
	npm run --silent build:css

# The peer pool at 2,000 peers: import, export and list page timings (docs/performance.md).
# Production settings (DEBUG off) on a SQLite file of its own unless DATABASE_URL names
# another database; everything the benchmark creates is rolled back.
BENCH_ENV = DEBUG=false SECRET_KEY=$${SECRET_KEY:-benchmark-only-not-a-secret} \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/build/benchmark.sqlite3}

benchmark: deps
	mkdir -p build
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py benchmark_peer_pool

# The production shape, for reference: see README.md.
worker: deps
	$(BIN)/celery -A peersupport worker --loglevel=INFO --concurrency=2

web: setup
	$(BIN)/gunicorn peersupport.wsgi --bind $(HOST):$(PORT) --workers 2

clean:
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3 media
