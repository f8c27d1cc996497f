"""make benchmark: every key page answers on the generated data set and is measured against
the floor; the report says which pages keep within 3x the floor with constant queries."""

import json
import os
import subprocess
import sys
import sysconfig
from io import StringIO

import pytest
from django.conf import settings
from django.db import connection

from authorities.tests.factories import PeerFactory
from reports.management.commands.benchmark import (
    PROFILE_AREAS,
    Command,
    _analyse,
    _areas_of,
    _database_url_for,
    _profile_area,
)

pytestmark = pytest.mark.integration

PAGES = [
    "Floor (bare page)", "Home", "Published reports", "Authorities list", "Authority page", "Peer list", "Peer search",
    "Challenges list", "Challenges filtered", "Calendar of visits", "Challenge page", "Findings page", "Action plan",
    "Wording library", "Evaluation by year",
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
