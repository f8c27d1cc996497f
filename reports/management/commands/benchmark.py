"""How fast the key pages are against a bare page, on the generated ten-year data set.

`manage.py benchmark` (what `make benchmark` runs) generates the data set at each scale in a
database of its own (scale 0.1 and 1 by default), then, for each scale, measures every key
page and the floor (the bare base template through the same middleware), signed in as the
same LGA administrator, interleaved: each round requests every page once, in a shuffled
order, so that a slow moment of the machine falls on all pages alike. It reports each page's
median and 95th-percentile time, its ratio to the floor's median, and its query count at each
scale, then where each page's time goes at scale 1 (profiled), and the peer pool's import and
export there. Targets: every page within 3x the floor, and the same number of queries at both
scales. The key pages include the programme insight (issue 11) for the busiest of the last
three financial years in England, and its largest table (the period's challenges) as CSV.
After the pages it benchmarks the report pipeline (reports/benchmarks/report.py: reports of
10, 40 and 160 pages, peak memory, 20 reports with one worker process and with two) on a
database of its own. docs/performance.md holds the figures.

Each scale is measured in a process of its own (`--scale`), since a process has one database;
so are the reports (`--reports`). `--only-reports` runs the reports part alone."""

import argparse
import cProfile
import datetime
import gc
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from authorities import peer_csv
from authorities.models import Authority, Peer, User
from authorities.selectors.peer import peers_for_export
from authorities.services.peer_import import peers_import_commit, peers_import_preview
from challenges.choices import COMPLETED_STATUSES, ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.insight.period import InsightPeriod
from challenges.models import Challenge, TeamMembership
from peersupport.records_version import models_changed
from reports.benchmarks.report import (
    DEFAULT_BROKER,
    PAGE_TARGETS,
    QUEUED_REPORTS,
    ReportBenchmark,
    report_memory,
    report_table,
)
from reports.management.commands.generate_data import ADMIN_EMAIL

TARGET_RATIO = 3.0
# The insight page as the first person to open it after a change to the records sees it: its
# figures worked out and its sections drawn afresh (challenges/selectors/insight.py keeps them
# until then). Measured beside the page as served, and held to the same target.
INSIGHT_AFRESH = "Insight, after a change"
POOL_TARGETS_MS = {"import": 10_000, "export": 2_000}
# The team planner (issue 8): suggestions for one place, a quarter's plan, re-planning after a decline.
TEAM_TARGETS_MS = {"suggestions": 100, "plan": 2_000, "replan": 200}
QUARTER_VISITS = 15
BUILD = Path(settings.BASE_DIR) / "build"
REPORTS_SUFFIX = "_reports"


class Command(BaseCommand):
    help = "Measure the key pages against the bare page on the generated data set (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0], help="Data set scales (default 0.1 1).")
        parser.add_argument("--rounds", type=int, default=40, help="Measured rounds of every page (default 40).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the data set and of the order (default 2026).")
        parser.add_argument("--scale", type=float, help="Measure this one scale in this process, on its own database.")
        parser.add_argument("--json", dest="json_path", help="With --scale: write the figures here as JSON.")
        parser.add_argument("--pool", action="store_true", help="With --scale: also time the peer pool's import and export.")
        parser.add_argument("--profile", action="store_true", help="With --scale: also profile where each page's time goes.")
        parser.add_argument("--only-reports", action="store_true", help="Benchmark the report pipeline alone, not the pages.")
        parser.add_argument("--skip-reports", action="store_true", help="Benchmark the pages alone, not the report pipeline.")
        parser.add_argument("--reports", action="store_true", help="Benchmark the report pipeline in this process, on its own database.")
        parser.add_argument("--report-pages", type=int, nargs="+", default=list(PAGE_TARGETS), help="Sizes of the reports timed, in pages (default 10 40 160).")
        parser.add_argument("--report-runs", type=int, help="Rounds for every size (default 5, 3 and 1 by size).")
        parser.add_argument("--report-queue", type=int, default=QUEUED_REPORTS, help="Reports rendered by the workers (default 20).")
        parser.add_argument("--report-memory", type=int, metavar="REPORT_ID", help=argparse.SUPPRESS)  # the fresh process of --reports

    def handle(self, *args, scales, rounds, seed, scale, json_path, pool, profile, **options):
        if options["report_memory"] is not None:
            self.stdout.write(json.dumps(report_memory(report_id=options["report_memory"])))
            return None
        if options["reports"]:
            return self.measure_reports(seed=seed, json_path=json_path, **options)
        if scale is not None:
            return self.measure_one_scale(scale=scale, rounds=rounds, seed=seed, json_path=json_path, pool=pool, profile=profile)
        results = []
        for each in [] if options["only_reports"] else scales:
            path = BUILD / f"benchmark-{each:g}.json"
            env = {**os.environ, "DATABASE_URL": _database_url_for(each)}
            self.stdout.write(f"Scale {each:g}: generating the data set and measuring ({env['DATABASE_URL']})…")
            command = [sys.executable, "manage.py", "benchmark", "--scale", str(each), "--rounds", str(rounds), "--seed", str(seed), "--json", str(path)]
            if each == max(scales):
                command += ["--profile", "--pool"]
            subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True)
            results.append(json.loads(path.read_text()))
        reports = None if options["skip_reports"] else self.run_reports(seed=seed, **options)
        if results:
            self.report(results)
        if reports:
            report_table(reports, self.stdout.write)
        return None

    # The report pipeline, in a process of its own

    def run_reports(self, *, seed, report_pages, report_runs, report_queue, **options):
        """The report benchmark on a database of its own, its files in build/benchmark_reports_media."""
        path, media = BUILD / "benchmark-reports.json", BUILD / "benchmark_reports_media"
        shutil.rmtree(media, ignore_errors=True)
        env = {
            **os.environ, "DATABASE_URL": _database_url_named(REPORTS_SUFFIX), "MEDIA_ROOT": str(media),
            "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER,
        }
        self.stdout.write(f"The report pipeline: building the reports and measuring ({env['DATABASE_URL']})…")
        command = [
            sys.executable, "manage.py", "benchmark", "--reports", "--seed", str(seed), "--json", str(path),
            "--report-pages", *map(str, report_pages), "--report-queue", str(report_queue),
        ]
        if report_runs:
            command += ["--report-runs", str(report_runs)]
        subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True)
        return json.loads(path.read_text())

    def measure_reports(self, *, seed, json_path, report_pages, report_runs, report_queue, **options):
        name = str(connection.settings_dict["NAME"])
        if not Path(name).stem.endswith(REPORTS_SUFFIX):
            raise CommandError(
                f"--reports empties the database it is given: give it one of its own whose name ends in "
                f"{REPORTS_SUFFIX}, not {name} (manage.py benchmark without --reports does)"
            )
        _recreate_database()
        call_command("migrate", verbosity=0)
        figures = ReportBenchmark(stdout=self.stdout, seed=seed).run(
            pages=report_pages, runs=report_runs, queued=report_queue
        )
        if json_path:  # for the process that started this one to show
            Path(json_path).write_text(json.dumps(figures, indent=1))
        else:
            report_table(figures, self.stdout.write)
        return None

    # One scale, in this process

    def measure_one_scale(self, *, scale, rounds, seed, json_path, pool, profile):
        name, suffix = str(connection.settings_dict["NAME"]), _scale_suffix(scale)
        if not Path(name).stem.endswith(suffix):
            raise CommandError(
                f"--scale {scale:g} empties the database it is given and fills it with generated data: give it one of its "
                f"own whose name ends in {suffix}, not {name} (manage.py benchmark without --scale does)"
            )
        _recreate_database()
        call_command("migrate", verbosity=0)
        call_command("generate_data", scale=scale, seed=seed, stdout=self.stdout)
        _analyse()
        # The test client's host, and static files found without collecting them first: what
        # is measured is the pages, not the static files; plain http, as the client speaks.
        with override_settings(
            ROOT_URLCONF="peersupport.benchmark_urls",
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
            WHITENOISE_AUTOREFRESH=True,
            WHITENOISE_USE_FINDERS=True,
            SECURE_SSL_REDIRECT=False,
        ):
            client = Client()
            client.force_login(User.objects.get(email=ADMIN_EMAIL))
            figures = {"scale": scale, "rounds": rounds, "environment": _environment(), "pages": self.pages(client, rounds, seed)}
            if profile:
                figures["profile"] = {name: _profile_shares(client, url, name) for name, url in key_pages().items()}
            if pool:
                figures["pool"] = PoolBenchmark(client, self.stdout).run(runs=5, rng=random.Random(seed))
                figures["teams"] = TeamPlannerBenchmark().run(runs=5, rng=random.Random(seed))
        if json_path:
            Path(json_path).write_text(json.dumps(figures, indent=1))
        return None

    def pages(self, client, rounds, seed):
        """Median, 95th percentile and queries of each key page and of the floor."""
        pages = key_pages()
        for url in pages.values():  # each page answers, and warms its templates and caches
            _get(client, url)
        times = {name: [] for name in pages}
        order, rng = list(pages), random.Random(seed)
        gc.collect()
        for _ in range(rounds):
            rng.shuffle(order)
            for name in order:
                _before(name)
                start = time.perf_counter()
                _get(client, pages[name])
                times[name].append((time.perf_counter() - start) * 1000)
        figures = {}
        for name, url in pages.items():
            _before(name)
            with CaptureQueriesContext(connection) as queries:
                _get(client, url)
            figures[name] = {
                "url": url, "median_ms": statistics.median(times[name]), "p95_ms": _percentile(times[name], 95),
                "queries": len(queries),
            }
        return figures

    # The report

    def report(self, results):
        env = results[0]["environment"]
        self.stdout.write(
            f"\nKey pages against the floor (the bare base template through the same middleware), signed in as an LGA "
            f"administrator; {results[0]['rounds']} interleaved rounds; {env['database']}; Python {env['python']}; "
            f"{env['cpus']} CPUs\n"
        )
        header = f"{'Page':<24}" + "".join(
            f"{'scale ' + format(r['scale'], 'g'):>38}" for r in results
        ) + f"{'queries':>10}  verdict"
        sub = f"{'':<24}" + "".join(f"{'median':>10}{'p95':>9}{'ratio':>9}{'queries':>10}" for _ in results)
        self.stdout.write(header)
        self.stdout.write(sub)
        self.stdout.write("-" * len(header))
        for name in results[0]["pages"]:
            cells, ratios, queries = "", [], []
            for r in results:
                page, floor = r["pages"][name], r["pages"]["Floor (bare page)"]
                ratio = page["median_ms"] / floor["median_ms"]
                ratios.append(ratio)
                queries.append(page["queries"])
                cells += f"{page['median_ms']:>8.1f}ms{page['p95_ms']:>7.1f}ms{ratio:>8.1f}x{page['queries']:>10}"
            constant = "constant" if len(set(queries)) == 1 else "GROWS"
            verdict = "ok" if max(ratios) <= TARGET_RATIO and constant == "constant" else "MISSED"
            self.stdout.write(f"{name:<24}{cells}{constant:>10}  {verdict}")
        profiled = next((r for r in results if "profile" in r), None)
        if profiled:
            self.report_profile(profiled)
        pool = next((r["pool"] for r in results if "pool" in r), None)
        if pool:
            self.stdout.write(f"\nPeer pool at scale {max(r['scale'] for r in results):g} (median of 5 runs, each rolled back)\n")
            self.stdout.write(f"{'Operation':<62}{'median ms':>11}{'queries':>9}{'peak MB':>9}{'target':>12}  verdict")
            for row in pool:
                target = POOL_TARGETS_MS[row["kind"]]
                verdict = "ok" if row["median_ms"] <= target else "MISSED"
                self.stdout.write(
                    f"{row['name']:<62}{row['median_ms']:>11,.0f}{row['queries']:>9,}{row['peak_mb']:>9.1f}{'<' + format(target, ',') + ' ms':>12}  {verdict}"
                )
        teams = next((r for r in results if "teams" in r), None)
        if teams:
            self.stdout.write(f"\nTeam planner at scale {teams['scale']:g} (median of 5 runs, each rolled back)\n")
            self.stdout.write(f"{'Operation':<62}{'median ms':>11}{'queries':>9}{'peak MB':>9}{'target':>12}  verdict")
            for row in teams["teams"]:
                target = TEAM_TARGETS_MS[row["kind"]]
                verdict = "ok" if row["median_ms"] <= target else "MISSED"
                self.stdout.write(
                    f"{row['name']:<62}{row['median_ms']:>11,.0f}{row['queries']:>9,}{row['peak_mb']:>9.1f}{'<' + format(target, ',') + ' ms':>12}  {verdict}"
                )

    def report_profile(self, figures):
        self.stdout.write(
            f"\nWhere each page's time goes at scale {figures['scale']:g}: the median above shared out as cProfile "
            f"shares out {PROFILE_ROUNDS} profiled requests, in ms\n"
        )
        self.stdout.write(f"{'Page':<24}{'median':>8}" + "".join(f"{area:>11}" for area in PROFILE_AREAS))
        for name, shares in figures["profile"].items():
            median = figures["pages"][name]["median_ms"]
            self.stdout.write(f"{name:<24}{median:>8.1f}" + "".join(f"{shares[area] * median:>11.1f}" for area in PROFILE_AREAS))


# Where a page's time goes: each function's own time, by the part of the stack it belongs to.
PROFILE_AREAS = ("database", "ORM", "templates", "forms", "our code", "framework")
PROFILE_ROUNDS = 20
PROJECT_FOLDERS = tuple(f"{Path(settings.BASE_DIR) / app}{os.sep}" for app in ("authorities", "challenges", "reports", "peersupport"))


def _profile_shares(client, url, name) -> dict[str, float]:
    """The share of the page's time spent in each area, over PROFILE_ROUNDS requests."""
    _get(client, url)
    profiler = cProfile.Profile()
    for _ in range(PROFILE_ROUNDS):
        _before(name)
        profiler.enable()
        _get(client, url)
        profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, function): (calls, primitive calls, own time, cumulative, callers)
    areas, seconds = {}, dict.fromkeys(PROFILE_AREAS, 0.0)
    for function, (_calls, _primitive, own_time, _cumulative, _callers) in stats.items():
        for area, share in _areas_of(function, stats, areas).items():
            seconds[area] += own_time * share
    total = sum(seconds.values())
    return {area: spent / total for area, spent in seconds.items()}


def _areas_of(function, stats, known, calling=frozenset()) -> dict[str, float]:
    """The area a function's own time counts for, as shares. Python's built-ins and standard
    library serve every area, so theirs counts for the areas of whoever called them, in
    proportion to the time each caller spent in them."""
    if function in known:
        return known[function]
    filename, _line, name = function
    area = _profile_area(filename, name)
    if area:
        shares = {area: 1.0}
    else:
        callers = {caller: timing[2] for caller, timing in stats[function][4].items() if caller in stats and caller not in calling}
        total = sum(callers.values())
        shares = {} if total else {"framework": 1.0}
        for caller, spent in callers.items() if total else ():
            for caller_area, share in _areas_of(caller, stats, known, calling | {function}).items():
                shares[caller_area] = shares.get(caller_area, 0.0) + share * spent / total
    known[function] = shares  # inside a loop of calls, the first way round stands for every way
    return shares


PYTHON_ITSELF = (sysconfig.get_paths()["stdlib"] + os.sep, "~", "<frozen ")


def _profile_area(filename, function) -> str | None:
    """database: the driver and Django's backends; ORM: building queries and records;
    templates: Django's template engine and every template tag; forms: Django's forms,
    crispy-forms and django-filter; our code: the project's apps; framework: the rest of
    Django and its add-ons (request handling, middleware, sessions, URLs, history, sign-in
    lockout, static files). None for Python's own built-ins and standard library."""
    where = f"{filename}:{function}".replace(os.sep, "/")
    if "sqlite3." in where or "psycopg2." in where or "/django/db/backends/" in where:
        return "database"
    if "/django/db/" in where:
        return "ORM"
    if "/django/template/" in where or "/templatetags/" in where:
        return "templates"
    if "/django/forms/" in where or "/crispy_forms" in where or "/django_filters/" in where:
        return "forms"
    if filename.startswith(PROJECT_FOLDERS):
        return "our code"
    if filename.startswith(PYTHON_ITSELF) and "-packages" not in where:  # site- or dist-packages hold the libraries
        return None
    return "framework"


def key_pages() -> dict[str, str]:
    """The pages people use most, on the data set as generated: each with its address."""
    today = timezone.localdate()
    busiest = Authority.objects.annotate(held=Count("challenges")).order_by("-held", "pk").first()
    challenges = list(
        Challenge.objects.filter(status__in=COMPLETED_STATUSES).annotate(found=Count("findings")).order_by("found", "pk")
    )
    typical = challenges[len(challenges) // 2]  # the median number of findings
    insight_query = urlencode(busiest_recent_year(today).query())
    free_from, free_to = today + datetime.timedelta(days=60), today + datetime.timedelta(days=63)
    search = {
        "peer_type": "officer", "specialism": "prevention",
        "free_from_0": free_from.day, "free_from_1": free_from.month, "free_from_2": free_from.year,
        "free_to_0": free_to.day, "free_to_1": free_to.month, "free_to_2": free_to.year,
    }
    return {
        "Floor (bare page)": "/benchmark/floor/",
        "Home": "/",
        "Published reports": "/reports/",
        "Authorities list": "/authorities/",
        "Authority page": busiest.get_absolute_url(),
        "Peer list": "/peers/",
        "Peer search": f"/peers/?{urlencode(search)}",
        "Challenges list": "/challenges/",
        "Challenges filtered": "/challenges/?status=closed&sort=authority",
        "Calendar of visits": f"/challenges/calendar/?month={today:%Y-%m}",
        "Challenge page": typical.get_absolute_url(),
        "Findings page": reverse("challenges:findings", args=[typical.pk]),
        "Action plan": reverse("challenges:action-plan", args=[typical.pk]),
        "Wording library": reverse("challenges:wording-library"),
        "Evaluation by year": reverse("challenges:evaluation-summary"),
        "Programme insight": f"{reverse('challenges:insight')}?{insight_query}",
        INSIGHT_AFRESH: f"{reverse('challenges:insight')}?{insight_query}",
        "Insight CSV": f"{reverse('challenges:insight-download', args=['challenges-in-period'])}?{insight_query}",
    }


def _before(name):
    """Out of the timing: before each request for the insight worked out afresh, a change to
    the records it reads (as after any change a user makes), so that its figures are not kept."""
    if name == INSIGHT_AFRESH:
        models_changed(Challenge)


def busiest_recent_year(today) -> InsightPeriod:
    """Of the last three financial years to today's, the one with the most challenges counted
    in it, in England: the insight page at its fullest."""
    current = InsightPeriod.containing(today)
    periods = [InsightPeriod(year=year) for year in range(current.year, current.year - 3, -1)]
    return max(periods, key=lambda period: period.challenges(Challenge.objects.all()).count())


class PoolBenchmark:
    """The peer pool's CSV import and export on the generated pool, each run rolled back."""

    def __init__(self, client, stdout):
        self.client, self.stdout = client, stdout
        self.admin = User.objects.get(email=ADMIN_EMAIL)

    def run(self, *, runs, rng):
        peers = Peer.objects.count()
        refresh, first_load = self.refresh_file(rng), self.first_load_file()

        def export():
            response = self.client.get("/peers/export/?status=all")
            b"".join(response.streaming_content)

        def check(data):
            return lambda: peers_import_preview(by=self.admin, file=ContentFile(data, name="peers.csv"))

        def save(data):
            sha256 = peers_import_preview(by=self.admin, file=ContentFile(data, name="peers.csv")).sha256
            return lambda: peers_import_commit(by=self.admin, file=ContentFile(data, name="peers.csv"), sha256=sha256)

        operations = [
            (f"Export: the whole pool as CSV ({peers:,} peers)", "export", lambda: export),
            (f"Import, first load: check {peers:,} new rows", "import", lambda: check(first_load)),
            (f"Import, first load: save {peers:,} new rows (checks again)", "import", lambda: save(first_load)),
            (f"Import, yearly refresh: check {peers:,} rows", "import", lambda: check(refresh)),
            (f"Import, yearly refresh: save {peers:,} rows (checks again)", "import", lambda: save(refresh)),
        ]
        rows = []
        for name, kind, prepare in operations:
            median, queries, peak = self.measure(prepare(), runs=runs)
            rows.append({"name": name, "kind": kind, "median_ms": median, "queries": queries, "peak_mb": peak})
        return rows

    def measure(self, operation, *, runs):
        """The median time, the queries and the peak memory of `operation`, each run rolled back.
        A _Prepared operation's set-up runs first in each run, unmeasured."""
        import tracemalloc

        def ready():
            return operation.prepare() if isinstance(operation, _Prepared) else operation

        times = []
        for _ in range(runs):
            with _rolled_back():
                run = ready()
                gc.collect()
                start = time.perf_counter()
                run()
                times.append((time.perf_counter() - start) * 1000)
        with _rolled_back():
            run = ready()
            with CaptureQueriesContext(connection) as queries:
                tracemalloc.start()
                run()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        return statistics.median(times), len(queries), peak / 1024 / 1024

    def refresh_file(self, rng) -> bytes:
        """The yearly refresh: the pool's own export with about one row in five edited (a new
        role and one more specialism), and the last tenth replaced by people new to the pool."""
        rows = self.export_rows()
        for index, row in enumerate(rows):
            if index >= len(rows) * 9 // 10:
                row["email"] = row["email"].replace("@generated.", "@new.generated.")
            elif rng.random() < 0.2:
                row["role_title"] = f"{row['role_title']} (acting)"
                row["specialisms"] = ";".join(sorted({*row["specialisms"].split(";"), "prevention"} - {""}))
        return _csv(rows)

    def first_load_file(self) -> bytes:
        """A first load: the generated pool under new addresses, so that every row adds a peer."""
        rows = self.export_rows()
        for row in rows:
            row["email"] = row["email"].replace("@generated.", "@first.generated.")
        return _csv(rows)

    def export_rows(self):
        import csv
        import io

        text = "".join(peer_csv.export_lines(peers_for_export(queryset=Peer.objects.all()))).lstrip("\ufeff")
        return list(csv.DictReader(io.StringIO(text)))


class TeamPlannerBenchmark:
    """The team planner on the generated pool: a quarter of fifteen visits being scoped, with no
    team yet, added in a transaction that each run rolls back."""

    def run(self, *, runs, rng):
        from challenges.selectors.team import team_suggestions
        from challenges.teams.planner import plan_teams

        peers = Peer.objects.filter(is_active=True).count()
        rows = []

        def suggestions():
            challenge = self.quarter(rng)[0]
            return lambda: team_suggestions(challenge=challenge, role=TeamRole.OFFICER_PEER)

        def plan():
            ids = [challenge.pk for challenge in self.quarter(rng)]
            return lambda: plan_teams(challenge_ids=ids)

        def replan():
            challenges = self.quarter(rng)
            planned = plan_teams(challenge_ids=[challenge.pk for challenge in challenges])
            self.accept(planned)
            place = TeamMembership.objects.filter(challenge=challenges[0], role=TeamRole.OFFICER_PEER).first()
            TeamMembership.objects.filter(pk=place.pk).update(
                state=PlaceState.DECLINED, decline_reason="On leave", on_site_from=None, on_site_to=None
            )
            return lambda: plan_teams(challenge_ids=[challenges[0].pk])

        for name, kind, prepare in (
            (f"Suggestions for one officer place ({peers:,} active peers)", "suggestions", suggestions),
            (f"Plan a quarter: {QUARTER_VISITS} visits, every place", "plan", plan),
            ("Re-plan one team after a decline", "replan", replan),
        ):
            median, queries, peak = PoolBenchmark.measure(self, _Prepared(prepare), runs=runs)
            rows.append({"name": name, "kind": kind, "median_ms": median, "queries": queries, "peak_mb": peak})
        return rows

    def quarter(self, rng):
        """Fifteen operational assessments being scoped, two or three a week over a quarter
        half a year ahead, of authorities with no visit then."""
        admin = User.objects.get(email=ADMIN_EMAIL)
        today = timezone.localdate()
        monday = today + datetime.timedelta(days=182 - today.weekday())
        busy = set(
            Challenge.objects.live().on_site_between(monday, monday + datetime.timedelta(weeks=13)).values_list("authority_id", flat=True)
        )
        authorities = [a for a in Authority.objects.filter(status="current").order_by("pk") if a.pk not in busy]
        challenges = []
        for index, authority in enumerate(rng.sample(authorities, QUARTER_VISITS)):
            start = monday + datetime.timedelta(weeks=index * 13 // QUARTER_VISITS)
            challenges.append(Challenge.objects.create(
                authority=authority, challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT, status=ChallengeStatus.SCOPING,
                start_date=start, end_date=start + datetime.timedelta(days=3), booked_by=admin,
                focus_areas=rng.sample(["prevention", "protection", "response", "leadership", "governance"], 2),
            ))
        return challenges

    def accept(self, planned):
        admin = User.objects.get(email=ADMIN_EMAIL)
        places = []
        for challenge_plan in planned.challenges:
            challenge = challenge_plan.challenge
            for place in challenge_plan.suggested:
                places.append(TeamMembership(
                    challenge_id=challenge.id, peer_id=place.candidate.peer.id, role=place.role, state=PlaceState.ACCEPTED,
                    added_by=admin, on_site_from=challenge.start, on_site_to=challenge.last,
                    soft_conflicts="\n".join(place.candidate.soft), soft_conflict_reason="Benchmark" if place.candidate.soft else "",
                ))
        TeamMembership.objects.bulk_create(places)


class _Prepared:
    """An operation whose set-up runs, unmeasured, inside each rolled-back run: PoolBenchmark.measure
    times what the set-up returns."""

    def __init__(self, prepare):
        self.prepare = prepare


def _csv(rows) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=peer_csv.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@contextmanager
def _rolled_back():
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            yield
        finally:
            transaction.savepoint_rollback(savepoint)


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _percentile(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _database_url_for(scale) -> str:
    """A database of the benchmark's own for each scale, beside the one configured."""
    return _database_url_named(_scale_suffix(scale))


def _database_url_named(suffix) -> str:
    """A database of the benchmark's own, beside the one configured, its name ending in `suffix`."""
    base = os.environ.get("DATABASE_URL") or f"sqlite:///{BUILD / 'benchmark.sqlite3'}"
    parts = urlsplit(base)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path.replace("//", "/"))
        return f"sqlite:///{path.with_name(f'{path.stem}{suffix}{path.suffix}')}"
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}{suffix}"))


def _scale_suffix(scale) -> str:
    return f"_{format(scale, 'g').replace('.', '_')}"


def _recreate_database():
    """Empty this process's database: a data set is generated into an empty one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()
        Path(db["NAME"]).unlink(missing_ok=True)
        return
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')


def _analyse():
    """PostgreSQL plans a query from statistics of each table, which autovacuum keeps up to
    date in a running service but has not gathered yet for tables filled a moment ago: without
    them it takes the tables for nearly empty and picks nested loops that rescan thousands of
    rows. SQLite keeps no statistics unless asked, as the service never does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _environment():
    if connection.vendor == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        database = f"SQLite {connection.Database.sqlite_version}"
    return {"database": database, "python": platform.python_version(), "cpus": os.cpu_count()}
