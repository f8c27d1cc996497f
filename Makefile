# Fire peer support: `make run` serves the demo, `make test` runs every test.
# Both set up whatever is missing first, so each works on its own in a fresh clone.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup check-system deps assets worker beat web clean benchmark

run: setup
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two processes share the unit and page tests, then the browser journeys (each process has its
# own test database, live server and Celery queues).
test: check-system deps assets
	$(BIN)/pytest -n 2 -m "not e2e"
	$(BIN)/pytest -n 2 -m e2e

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

# The key pages against the bare page, and the peer pool's import and export, on the generated
# ten-year data set at scales 0.1 and 1 (docs/performance.md). Production settings (DEBUG off);
# each scale gets a database of its own beside DATABASE_URL's (build/benchmark_<scale>.sqlite3
# unless DATABASE_URL names a PostgreSQL database), emptied and generated afresh. Then the report
# pipeline (reports/benchmarks/report.py) on build/benchmark_reports.sqlite3 (or <database>_reports):
# reports of 10, 40 and 160 pages, peak memory, and 20 reports rendered by one Celery worker process
# and by two on CELERY_BROKER_URL (default redis://127.0.0.1:6379/15; skipped, saying why, if it
# does not answer). `manage.py benchmark --only-reports` runs that part alone.
BENCH_ENV = DEBUG=false SECRET_KEY=$${SECRET_KEY:-benchmark-only-not-a-secret}

benchmark: deps
	mkdir -p build
	$(BENCH_ENV) $(BIN)/python manage.py benchmark

# The production shape, for reference: see README.md. Consumes the default queue (emails) and
# the reports' own ("reports"), where renders wait.
worker: deps
	$(BIN)/celery -A peersupport worker --loglevel=INFO --concurrency=2 --queues celery,reports

# Queues the periodic work in CELERY_BEAT_SCHEDULE (sending due emails and sweeping the reports
# every minute); one only.
beat: deps
	$(BIN)/celery -A peersupport beat --loglevel=INFO

web: setup
	$(BIN)/gunicorn peersupport.wsgi --bind $(HOST):$(PORT) --workers 2

clean:
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3 media
