"""make benchmark: every key page answers on the generated data set and is measured against
the floor; the report says which pages keep within 3x the floor with constant queries. Then the
report pipeline (reports/benchmarks/report.py), here at tiny sizes: each size timed three ways,
the peak memory of a fresh process, and the workers' part skipped, saying why, without a broker."""

import io
import json
import os
import subprocess
import sys
import sysconfig
from io import StringIO

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from authorities.tests.factories import PeerFactory
from reports.benchmarks.report import PageFit, WeasyPrintCalls, report_table, worker_queues
from reports.management.commands.benchmark import (
    PROFILE_AREAS,
    Command,
    _analyse,
    _areas_of,
    _database_url_for,
    _database_url_named,
    _profile_area,
)

pytestmark = pytest.mark.integration

PAGES = [
    "Floor (bare page)", "Home", "Published reports", "Authorities list", "Authority page", "Peer list", "Peer search",
    "Challenges list", "Challenges filtered", "Calendar of visits", "Challenge page", "Findings page", "Action plan",
    "Wording library", "Evaluation by year", "Programme insight", "Insight, after a change", "Insight CSV",
]


def test_benchmark_measures_every_key_page_and_the_pool_on_a_database_of_its_own(tmp_path):
    figures_path = tmp_path / "figures.json"
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings.base", "DEBUG": "false",
        "SECRET_KEY": "benchmark-test-only", "DATABASE_URL": f"sqlite:///{tmp_path / 'bench_0_05.sqlite3'}",
    }

    subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--scale", "0.05", "--rounds", "2", "--pool", "--profile", "--json", str(figures_path)],
        cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=300,
    )

    figures = json.loads(figures_path.read_text())
    assert list(figures["pages"]) == PAGES
    assert all(page["median_ms"] > 0 and page["queries"] >= 4 for page in figures["pages"].values())
    assert list(figures["profile"]) == PAGES
    assert {tuple(shares) for shares in figures["profile"].values()} == {PROFILE_AREAS}
    assert all(round(sum(shares.values()), 6) == 1 for shares in figures["profile"].values())
    assert all(figures["profile"][page]["database"] > 0 for page in PAGES)
    assert [row["name"] for row in figures["pool"]] == [
        "Export: the whole pool as CSV (100 peers)",
        "Import, first load: check 100 new rows",
        "Import, first load: save 100 new rows (checks again)",
        "Import, yearly refresh: check 100 rows",
        "Import, yearly refresh: save 100 rows (checks again)",
    ]


def test_benchmark_of_one_scale_refuses_a_database_not_named_for_it(tmp_path):
    database = tmp_path / "db.sqlite3"
    database.write_bytes(b"the demo data")
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings.base", "DEBUG": "false",
        "SECRET_KEY": "benchmark-test-only", "DATABASE_URL": f"sqlite:///{database}",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--scale", "1"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )

    assert (result.returncode, database.read_bytes()) == (1, b"the demo data")
    assert result.stderr == (
        f"CommandError: --scale 1 empties the database it is given and fills it with generated data: give it one of "
        f"its own whose name ends in _1, not {database} (manage.py benchmark without --scale does)\n"
    )


def _figures(scale, medians, queries):
    return {
        "scale": scale, "rounds": 40, "environment": {"database": "SQLite 3.40.1", "python": "3.11.7", "cpus": 2},
        "pages": {name: {"url": "/", "median_ms": m, "p95_ms": m * 1.1, "queries": q} for name, m, q in zip(PAGES[:3], medians, queries)},
    }


def test_benchmark_report_judges_each_page_against_the_floor_and_its_queries():
    command = Command(stdout=StringIO())

    command.report([_figures(0.1, [2.0, 5.0, 7.0], [4, 4, 6]), _figures(1, [2.0, 5.5, 6.0], [4, 4, 7])])

    rows = {line.split("  ")[0].strip(): line for line in command.stdout.getvalue().splitlines() if line[:1].isupper()}
    assert rows["Home"].endswith("constant  ok")  # 2.8x the floor, 4 queries at both scales
    assert rows["Published reports"].endswith("GROWS  MISSED")  # 3.5x, and 6 queries become 7


def test_benchmark_report_shares_each_median_out_by_the_profile():
    command = Command(stdout=StringIO())
    figures = _figures(1, [2.0, 5.0, 8.0], [4, 4, 6])
    shares = {"database": 0.125, "ORM": 0.25, "templates": 0.375, "forms": 0.0, "our code": 0.125, "framework": 0.125}
    figures["profile"] = {name: shares for name in PAGES[:3]}

    command.report([figures])

    lines = command.stdout.getvalue().split("Where each page's time goes at scale 1")[1].splitlines()
    assert [line.split() for line in lines[2:]][2] == ["Published", "reports", "8.0", "1.0", "2.0", "3.0", "0.0", "1.0", "1.0"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("filename", "function", "area"),
    [
        ("~", "<method 'execute' of 'sqlite3.Cursor' objects>", "database"),
        ("~", "<method 'execute' of 'psycopg2.extensions.cursor' objects>", "database"),
        ("/venv/lib/python3.11/site-packages/django/db/backends/utils.py", "execute", "database"),
        ("/venv/lib/python3.11/site-packages/django/db/models/sql/compiler.py", "as_sql", "ORM"),
        ("/venv/lib/python3.11/site-packages/django/template/base.py", "render", "templates"),
        (f"{settings.BASE_DIR}/peersupport/templatetags/govuk.py", "summary_row", "templates"),
        ("/venv/lib/python3.11/site-packages/crispy_forms/utils.py", "render_crispy_form", "forms"),
        ("/venv/lib/python3.11/site-packages/django_filters/filterset.py", "qs", "forms"),
        (f"{settings.BASE_DIR}/authorities/views/peer.py", "_peer_row", "our code"),
        ("/venv/lib/python3.11/site-packages/django/core/handlers/base.py", "get_response", "framework"),
        ("~", "<built-in method builtins.isinstance>", None),
        (f"{sysconfig.get_paths()['stdlib']}/copy.py", "deepcopy", None),
        ("<frozen _collections_abc>", "__iter__", None),
        (f"{sysconfig.get_paths()['stdlib']}/site-packages/whitenoise/middleware.py", "__call__", "framework"),
    ],
)
def test_benchmark_profile_areas(filename, function, area):
    assert _profile_area(filename, function) == area


@pytest.mark.unit
def test_benchmark_profile_counts_pythons_own_functions_for_their_callers():
    orm = ("/venv/site-packages/django/db/models/query.py", 1, "_fetch_all")
    template = ("/venv/site-packages/django/template/base.py", 1, "render")
    deepcopy = (f"{sysconfig.get_paths()['stdlib']}/copy.py", 1, "deepcopy")
    isinstance_ = ("~", 0, "<built-in method builtins.isinstance>")
    stats = {
        orm: (1, 1, 0.5, 1.0, {}),
        template: (1, 1, 0.5, 1.0, {}),
        deepcopy: (4, 4, 0.2, 0.4, {orm: (3, 3, 0.15, 0.3), template: (1, 1, 0.05, 0.1), deepcopy: (1, 1, 0.1, 0.1)}),
        isinstance_: (2, 2, 0.1, 0.1, {deepcopy: (2, 2, 0.1, 0.1)}),
    }

    shares = {
        function: {area: round(share, 9) for area, share in _areas_of(function, stats, {}).items()}
        for function in (orm, deepcopy, isinstance_)
    }

    assert shares == {orm: {"ORM": 1.0}, deepcopy: {"ORM": 0.75, "templates": 0.25}, isinstance_: {"ORM": 0.75, "templates": 0.25}}


@pytest.mark.unit
def test_benchmark_profile_counts_a_function_whose_callers_took_no_time_for_the_framework():
    builtin = ("~", 0, "<built-in method time.perf_counter>")
    stdlib = (f"{sysconfig.get_paths()['stdlib']}/functools.py", 1, "wrapper")
    stats = {builtin: (1, 1, 0.001, 0.001, {stdlib: (1, 1, 0.0, 0.0)}), stdlib: (1, 1, 0.0, 0.0, {})}

    assert _areas_of(builtin, stats, {}) == {"framework": 1.0}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("configured", "scale", "expected"),
    [
        (None, 0.1, f"sqlite:///{settings.BASE_DIR / 'build' / 'benchmark_0_1.sqlite3'}"),
        ("sqlite:////tmp/x/bench.sqlite3", 1.0, "sqlite:////tmp/x/bench_1.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/peersupport_bench", 0.1, "postgres://postgres@127.0.0.1:5432/peersupport_bench_0_1"),
    ],
)
def test_benchmark_database_for_each_scale(monkeypatch, configured, scale, expected):
    if configured:
        monkeypatch.setenv("DATABASE_URL", configured)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)

    assert _database_url_for(scale) == expected


@pytest.mark.django_db
def test_benchmark_gives_postgresql_the_statistics_of_the_generated_tables():
    """PostgreSQL's planner reads each table's size from pg_class, which ANALYZE fills in; the
    service's SQLite file gets no statistics table, as the service never asks for one."""
    PeerFactory.create_batch(3)

    _analyse()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'authorities_peer'")
            assert cursor.fetchone() == (3.0,)
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() == (0,)


# The report pipeline (issue 10): reports/benchmarks/report.py


def _reports_env(tmp_path, database):
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings.base", "DEBUG": "false", "SECRET_KEY": "benchmark-test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / database}", "MEDIA_ROOT": str(tmp_path / "media"),
        # Nothing answers on port 1: the workers' part says why it is skipped.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }


def test_benchmark_of_the_reports_times_each_size_and_the_peak_memory_and_skips_the_workers_without_a_broker(tmp_path):
    figures_path = tmp_path / "reports.json"

    result = subprocess.run(
        [
            sys.executable, "manage.py", "benchmark", "--reports", "--report-pages", "1", "14", "--report-runs", "2",
            "--report-queue", "2", "--json", str(figures_path),
        ],
        cwd=settings.BASE_DIR, env=_reports_env(tmp_path, "bench_reports.sqlite3"), capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stderr
    figures = json.loads(figures_path.read_text())
    small, large = figures["sizes"]
    assert (small["target_pages"], large["target_pages"], small["runs"], large["runs"]) == (1, 14, 2, 2)
    assert small["findings"] == 4  # the fewest, one of each kind: the cover, contents and approach alone pass a page
    assert abs(large["pages"] - 14) <= 1 and large["findings"] > small["findings"]  # calibrated
    for row in (small, large):
        assert min(row["weasyprint_ms"], row["document_ms"], row["pipeline_ms"], row["weasyprint_cpu_ms"]) > 0  # no order: timings
        assert row["overhead"] == (row["pipeline_ms"] - row["weasyprint_ms"]) / row["weasyprint_ms"]
        assert row["ms_per_page"] == row["pipeline_ms"] / row["pages"]
        assert row["cpu_overhead"] == (row["pipeline_cpu_ms"] - row["weasyprint_cpu_ms"]) / row["weasyprint_cpu_ms"]
        assert row["html_characters"] > 1000
    # The size nearest 40 pages, once more in a fresh process: the peak includes the set-up.
    assert figures["memory"]["pages"] == large["pages"]
    assert 0 < figures["memory"]["baseline_mb"] < figures["memory"]["peak_mb"] <= figures["memory"]["ru_maxrss_mb"]
    assert figures["workers"]["skipped"].startswith("the broker at redis://127.0.0.1:1/0 does not answer (")
    assert "Workers: skipped, the broker at redis://127.0.0.1:1/0 does not answer" in result.stdout
    # Each rendered version's PDF and HTML twin went through the storage API, beside each other.
    stored = sorted(path.suffix for path in (tmp_path / "media" / "reports").rglob("*.*"))
    assert stored == [".html"] * 5 + [".pdf"] * 5  # two rounds at each size, and the fresh process


def test_benchmark_of_the_reports_refuses_a_database_not_named_for_it(tmp_path):
    database = tmp_path / "db.sqlite3"
    database.write_bytes(b"the demo data")

    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--reports"],
        cwd=settings.BASE_DIR, env=_reports_env(tmp_path, "db.sqlite3"), capture_output=True, text=True, timeout=120,
    )

    assert (result.returncode, database.read_bytes()) == (1, b"the demo data")
    assert result.stderr == (
        f"CommandError: --reports empties the database it is given: give it one of its own whose name ends in "
        f"_reports, not {database} (manage.py benchmark without --reports does)\n"
    )


@pytest.mark.unit
def test_benchmark_of_the_reports_replays_the_calls_to_weasyprint_with_fresh_stylesheets():
    import types

    import pypdf
    import weasyprint

    calls_made = []

    def render(module):
        css = module.CSS(string="@page { size: A5 } p { break-after: page }")
        html = module.HTML(string="<p>One</p><p>Two</p><p>Three</p>", base_url="/")
        document = html.render(stylesheets=[css], pdf_tags=True)
        calls_made.append(css)
        return document.write_pdf(pdf_tags=True), len(document.pages)

    module = types.SimpleNamespace(__name__="fake_documents", HTML=weasyprint.HTML, CSS=weasyprint.CSS)
    calls = WeasyPrintCalls(module)

    with calls.recording():
        pdf, pages = render(module)
    replayed = calls.replay()

    assert (module.HTML, module.CSS) == (weasyprint.HTML, weasyprint.CSS)  # put back
    assert [steps for _arguments, steps in calls.calls] == [
        [("render", (), {"stylesheets": [calls_made[0]], "pdf_tags": True}), ("write_pdf", (), {"pdf_tags": True})]
    ]
    assert pages == 3 and len(pypdf.PdfReader(io.BytesIO(replayed[0])).pages) == 3
    assert calls.html_characters == len("<p>One</p><p>Two</p><p>Three</p>")
    fresh = {}
    assert calls._fresh([calls_made[0]], fresh)[0] is not calls_made[0]  # a stylesheet of its own, parsed again


@pytest.mark.unit
def test_benchmark_of_the_reports_replays_write_pdf_called_on_the_html():
    import types

    import weasyprint

    module = types.SimpleNamespace(__name__="fake_documents", HTML=weasyprint.HTML)
    calls = WeasyPrintCalls(module)

    with calls.recording():
        module.HTML(string="<p>One</p>").write_pdf(pdf_variant="pdf/ua-1")

    assert [steps for _arguments, steps in calls.calls] == [[("write_pdf", (), {"pdf_variant": "pdf/ua-1"})]]
    assert calls.replay()[0].startswith(b"%PDF-")


@pytest.mark.unit
def test_benchmark_of_the_reports_refuses_code_that_made_no_call_to_weasyprint():
    import types

    calls = WeasyPrintCalls(types.SimpleNamespace(__name__="reports.services.elsewhere"))

    with pytest.raises(CommandError, match="reports.services.elsewhere made no call to weasyprint.HTML that could be recorded"):
        with calls.recording():
            pass


@pytest.mark.unit
@pytest.mark.parametrize(
    ("points", "pages", "findings"),
    [
        ({12: 6, 48: 14}, 10, 30),  # 4.5 findings a page over 3.3 fixed pages
        ({12: 6, 48: 14}, 160, 705),
        ({12: 6, 48: 14}, 2, 4),  # fewer pages than the fixed ones: one finding of each kind
        ({12: 6}, 10, 30),  # one render: a first guess of three findings a page
        ({12: 6, 48: 6}, 40, 120),
    ],
)
def test_benchmark_of_the_reports_fits_pages_to_findings(points, pages, findings):
    fit = PageFit()
    for count, rendered in points.items():
        fit.add(count, rendered)

    assert fit.findings_for(pages) == findings


@pytest.mark.unit
def test_benchmark_of_the_reports_worker_reads_the_default_queue_and_the_routed_ones(settings):
    settings.CELERY_TASK_ROUTES = {"reports.report_render": {"queue": "reports"}, "reports.other": {"queue": "reports"}}

    assert worker_queues() == ["celery", "reports"]


@pytest.mark.unit
def test_benchmark_of_the_reports_database_beside_the_configured_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/peersupport_bench")

    assert _database_url_named("_reports") == "postgres://postgres@127.0.0.1:5432/peersupport_bench_reports"


def _report_figures(per_page_growth=1.1, overhead=0.05, peak=180.0, workers=None):
    def size(target, pages, weasyprint_ms, pipeline_ms):
        return {
            "target_pages": target, "pages": pages, "findings": pages * 4, "runs": 1, "weasyprint_ms": weasyprint_ms,
            "document_ms": pipeline_ms * 0.98, "pipeline_ms": pipeline_ms, "ms_per_page": pipeline_ms / pages,
            "weasyprint_ms_per_page": weasyprint_ms / pages, "overhead": (pipeline_ms - weasyprint_ms) / weasyprint_ms,
            "cpu_ms_per_page": pipeline_ms * 0.9 / pages, "cpu_overhead": overhead * 0.8,
        }

    return {
        "environment": {
            "database": "SQLite 3.40.1", "python": "3.11.7", "cpus": 2, "weasyprint": "67.0", "template_version": "abc123",
            "load": 0.3, "load_before": 0.2,
        },
        "sizes": [size(10, 10, 1000, 1000 * (1 + overhead)), size(160, 160, 16000 * per_page_growth, 16000 * per_page_growth * (1 + overhead))],
        "memory": {"pages": 40, "baseline_mb": 90.0, "peak_mb": peak},
        "workers": workers or {
            "broker": "redis://127.0.0.1:6379/15", "queues": ["celery", "reports"], "speed_up": 1.8,
            "rows": [
                {"processes": 1, "reports": 20, "seconds": 36.0, "per_minute": 33.3, "failed": 0, "pages": 10},
                {"processes": 2, "reports": 20, "seconds": 20.0, "per_minute": 60.0, "failed": 0, "pages": 10},
            ],
        },
    }


@pytest.mark.unit
def test_benchmark_of_the_reports_judges_each_figure_against_its_target():
    lines = []

    report_table(_report_figures(), lines.append)

    assert lines[1:5] == [
        "Report         pages findings rounds  WeasyPrint   document   pipeline  ms/page  overhead  verdict  CPU ms/page  CPU overhead",
        "-" * 125,
        "~10 pages         10       40      1     1,000ms    1,029ms    1,050ms    105.0      5.0%  ok              94.5          4.0%",
        "~160 pages       160      640      1    17,600ms   18,110ms   18,480ms    115.5      5.0%  ok             104.0          4.0%",
    ]
    assert lines[5] == (
        "Time per page, 160 pages over 10: 1.10x through the pipeline (1.10x in CPU time), 1.10x for WeasyPrint alone "
        "(target <= 1.2x)  ok"
    )
    assert lines[6].endswith("180 MB (after Django's set-up and imports: 90 MB; target < 300 MB)  ok")
    assert lines[-3:] == [
        "1                       20     36.0         33.3       0",
        "2                       20     20.0         60.0       0",
        "Speed-up from 2 processes: 1.80x",
    ]


@pytest.mark.unit
def test_benchmark_of_the_reports_says_which_targets_it_missed():
    lines = []

    report_table(_report_figures(per_page_growth=1.3, overhead=0.12, peak=310.0, workers={"skipped": "no broker"}), lines.append)

    assert [line.split()[-3] for line in lines[3:5]] == ["MISSED"] * 2
    assert [line.rsplit("  ", 1)[-1] for line in lines[5:7]] == ["MISSED"] * 2
    assert lines[-1] == "Workers: skipped, no broker"
