"""The report pipeline's benchmark (issue 10): `manage.py benchmark` runs it after the pages.

On a database of its own, emptied first (build/benchmark_reports.sqlite3, or the configured
PostgreSQL database's name with _reports), it builds challenges whose feedback reports run to
about 10, 40 and 160 pages: a team of six, focus areas, and accepted findings of every kind
across the areas in paragraphs of a realistic length, the number of findings calibrated from
the page counts of the first renders. For each size, in a few interleaved rounds, it times

- WeasyPrint alone: the very calls that `report_document` makes to WeasyPrint, recorded once
  (the HTML, stylesheets and fonts built with the same arguments, URL fetcher and options) and
  made again on their own, on the same HTML;
- the document: `reports.services.documents.report_document` (the HTML, the PDF, the HTML twin);
- the pipeline: `reports.services.pipeline.report_render` of a queued version (claiming it,
  rendering, checksums, both files stored through the storage API, the record's writes);

and reports each median, the time per page, and the pipeline's overhead over WeasyPrint alone.
It then renders the 40-page report once more in a fresh process (`manage.py benchmark
--report-memory ID`) and reads that process's peak memory, and has 20 reports of about 10 pages
rendered by real Celery worker processes on the broker, with one worker process and then two,
from asking until the last is ready.

Targets: the time per page does not grow with the size (the largest report's within 1.2x the
smallest's), the pipeline within 10% of WeasyPrint alone, under 300 MB for the 40-page report."""

import datetime
import gc
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import factory.random
import weasyprint
from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory, PeerUserFactory, PrincipalAdviserFactory
from challenges.choices import FOCUS_AREA_CHOICES, ChallengeStatus, ChallengeType, FindingKind, TeamRole
from challenges.models import Challenge, Finding
from challenges.tests.factories import ChallengeFactory, FindingFactory, TeamMembershipFactory
from reports.choices import PENDING_STATUSES, ReportKind, ReportStatus
from reports.management.commands.generate_data import ENDINGS, OPENINGS, SUBJECTS
from reports.models import FeedbackReport
from reports.services import documents, pipeline

PAGE_TARGETS = (10, 40, 160)
QUEUED_REPORTS, QUEUED_REPORT_PAGES = 20, 10
WORKER_PROCESSES = (1, 2)
MEMORY_PAGES = 40
TARGET_PER_PAGE_GROWTH = 1.2  # the largest report's time per page over the smallest's
TARGET_OVERHEAD = 0.10  # the pipeline over WeasyPrint alone
TARGET_PEAK_MB = 300  # rendering the 40-page report, the whole process
DEFAULT_BROKER = "redis://127.0.0.1:6379/15"
# The kinds of finding in every twenty, as in the generated data set (generate_data.KIND_MIX).
KIND_PATTERN = (
    [FindingKind.STRENGTH] * 8 + [FindingKind.AREA_FOR_CONSIDERATION] * 7 + [FindingKind.RECOMMENDATION] * 3
    + [FindingKind.NOTABLE_PRACTICE] * 2
)
AREAS = [value for value, _label in FOCUS_AREA_CHOICES]
# The fewest findings a calibrated report has (one of each kind), and the probes' sizes.
FEWEST_FINDINGS, PROBES = 4, (12, 48)


def runs_for(pages: int) -> int:
    """How many timed rounds a size gets: the median of five small ones, a single large one,
    which keeps the whole benchmark to a few minutes."""
    return 5 if pages <= 20 else 3 if pages <= 80 else 1


class ReportBenchmark:
    """Times the report at each size, its peak memory, and the workers (the module's docstring)."""

    def __init__(self, *, stdout, seed=2026):
        self.stdout = stdout
        self.data = ReportData(seed=seed)
        self.rng = random.Random(seed)
        self.fit = PageFit()

    def run(self, *, pages=PAGE_TARGETS, runs=None, queued=QUEUED_REPORTS, queued_pages=QUEUED_REPORT_PAGES) -> dict:
        started, load_before = time.perf_counter(), os.getloadavg()[0]
        self.calibrate()
        sizes, challenges = [], {}
        for target in pages:
            row, challenge = self.measure_size(target, runs=runs or runs_for(target))
            sizes.append(row)
            challenges[target] = challenge
        memory_target = min(pages, key=lambda target: abs(target - MEMORY_PAGES))
        figures = {
            "environment": {**_environment(), "load_before": load_before},
            "sizes": sizes,
            "memory": self.memory(challenges[memory_target]),
            "workers": WorkerBenchmark(self.data, self.fit, self.stdout).run(reports=queued, pages=queued_pages),
        }
        figures["seconds"] = time.perf_counter() - started
        return figures

    def calibrate(self):
        """Pages for a number of findings, from two small reports: each size's first guess."""
        challenge = self.data.challenge(findings=0)
        for findings in PROBES:
            self.data.add_findings(challenge, findings - challenge.findings.count())
            self.fit.add(findings, documents.report_document(report=self.data.queued(challenge)).page_count)
        self.stdout.write(
            "  Calibration: " + ", ".join(f"{findings} findings give {pages} pages" for findings, pages in self.fit.points.items())
        )

    def measure_size(self, target, *, runs):
        findings = self.fit.findings_for(target)
        challenge = self.data.challenge(findings=findings)
        report = self.data.queued(challenge)
        calls = WeasyPrintCalls(documents)
        for attempt in range(3):  # the first render, again (twice at most) if the guess was far out
            with calls.recording():
                pages = documents.report_document(report=report).page_count
            self.fit.add(findings, pages)
            better = self.fit.findings_for(target)
            if abs(pages - target) <= max(1, target * 0.05) or better == findings or attempt == 2:
                break
            self.data.add_findings(challenge, better - findings)
            findings = better
        self.stdout.write(f"  {target} pages: {findings} findings give {pages} pages; {runs} round(s)…")
        times = {"weasyprint": [], "document": [], "pipeline": []}
        cpu = {name: [] for name in times}

        def document():
            fresh = FeedbackReport.objects.get(pk=report.pk)  # as the pipeline reads it: nothing cached
            return lambda: documents.report_document(report=fresh)

        def render():
            queued = self.data.queued(challenge)
            return lambda: _rendered(pipeline.report_render(report_id=queued.pk), pages)

        steps = {"weasyprint": lambda: calls.replay, "document": document, "pipeline": render}
        order = list(steps)
        for _ in range(runs):
            self.rng.shuffle(order)
            for name in order:
                wall_ms, cpu_ms = _timed(steps[name]())
                times[name].append(wall_ms)
                cpu[name].append(cpu_ms)
        medians = {name: statistics.median(values) for name, values in times.items()}
        cpu = {name: statistics.median(values) for name, values in cpu.items()}
        return {
            "target_pages": target, "pages": pages, "findings": findings, "runs": runs,
            "html_characters": calls.html_characters,
            "weasyprint_ms": medians["weasyprint"], "document_ms": medians["document"], "pipeline_ms": medians["pipeline"],
            "ms_per_page": medians["pipeline"] / pages, "weasyprint_ms_per_page": medians["weasyprint"] / pages,
            "overhead": (medians["pipeline"] - medians["weasyprint"]) / medians["weasyprint"],
            # The same on this process's CPU time, which other processes on the machine do not lengthen.
            "weasyprint_cpu_ms": cpu["weasyprint"], "pipeline_cpu_ms": cpu["pipeline"],
            "cpu_ms_per_page": cpu["pipeline"] / pages, "cpu_overhead": (cpu["pipeline"] - cpu["weasyprint"]) / cpu["weasyprint"],
        }, challenge

    def memory(self, challenge) -> dict:
        """The peak memory of a fresh process that renders one version of the challenge's report."""
        report = self.data.queued(challenge)
        result = subprocess.run(
            [sys.executable, "manage.py", "benchmark", "--report-memory", str(report.pk)],
            cwd=settings.BASE_DIR, env=os.environ, capture_output=True, text=True, timeout=300,
        )
        if result.returncode:
            raise CommandError(f"Rendering the report for its peak memory failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def report_memory(*, report_id) -> dict:
    """In a fresh process: its peak resident memory after Django's set-up and imports, and once
    it has rendered the queued report through the pipeline."""
    baseline = _peak_mb()
    report = pipeline.report_render(report_id=report_id)
    report.refresh_from_db()
    if report.status != ReportStatus.READY:
        raise CommandError(f"The report was not rendered: {report.status} {report.error_message}")
    return {
        "report_id": report_id, "pages": report.page_count, "baseline_mb": baseline, "peak_mb": _peak_mb(),
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _peak_mb() -> float:
    """The process's peak resident memory: Linux's VmHWM, the high-water mark of its own memory.
    Not ru_maxrss alone: on exec Linux carries into it the peak of the process that started this
    one (a benchmark that has just rendered 160 pages), so it is at least that; kept beside."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux; elsewhere, the best there is


def _timed(function) -> tuple[float, float]:
    """The milliseconds `function` takes: on the clock, and of this process's CPU time."""
    gc.collect()
    start, start_cpu = time.perf_counter(), time.process_time()
    function()
    return (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000


def _rendered(report, pages):
    report.refresh_from_db()
    if report.status != ReportStatus.READY or report.page_count != pages:
        raise CommandError(f"The pipeline left version {report.version} {report.status} with {report.page_count} pages, not {pages}")


class PageFit:
    """Pages as a straight line in the number of findings, fitted to the renders so far: the
    fixed pages (cover, contents, approach, next steps) and the findings per page."""

    def __init__(self):
        self.points = {}

    def add(self, findings, pages):
        self.points[findings] = pages

    def findings_for(self, pages) -> int:
        (low, low_pages), (high, high_pages) = min(self.points.items()), max(self.points.items())
        per_finding = (high_pages - low_pages) / (high - low) if high > low else 0
        if per_finding <= 0:
            return max(FEWEST_FINDINGS, pages * 3)
        return max(FEWEST_FINDINGS, round(low + (pages - low_pages) / per_finding))


class ReportData:
    """The people and challenges the benchmark renders, made with the apps' factories from a
    seeded generator, so that every run renders the same reports."""

    def __init__(self, *, seed):
        self.rng = random.Random(seed)
        factory.random.reseed_random(seed)
        self.admin = LgaAdminFactory(email="bench.reports@generated.example.org")
        self.adviser = PrincipalAdviserFactory()
        self.manager = PeerFactory(peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None, user=PeerUserFactory())
        self.lead = PeerFactory(
            user=PeerUserFactory(), can_lead=True, home_authority=Authority.objects.get(slug="kent"), role_title="Chief fire officer"
        )
        self.team = [
            (TeamRole.MEMBER_PEER, PeerFactory(
                full_name="Cllr Priya Shah", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.values[0], role_title="Councillor"
            )),
            (TeamRole.OFFICER_PEER, PeerFactory(role_title="Area manager")),
            (TeamRole.OFFICER_PEER, PeerFactory(role_title="Head of protection")),
            (TeamRole.BEYOND_SECTOR, PeerFactory(
                peer_type=PeerType.BEYOND_SECTOR, home_authority=None, home_organisation="NHS England", role_title="Adviser"
            )),
        ]
        self.authorities = list(Authority.objects.order_by("pk"))
        self.made = 0

    def challenge(self, *, findings) -> Challenge:
        """An operational assessment just after its visit, its team of six, four to eight focus
        areas and `findings` accepted findings across them."""
        self.made += 1
        start = datetime.date(2026, 9, 7) + datetime.timedelta(weeks=self.made)
        with transaction.atomic():
            challenge = ChallengeFactory(
                authority=self.rng.choice(self.authorities), challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT,
                status=ChallengeStatus.FEEDBACK_GIVEN, start_date=start, end_date=start + datetime.timedelta(days=3),
                days_on_site=4, booked_by=self.admin, principal_adviser=self.adviser, challenge_manager=self.manager.user,
                focus_areas=self.rng.sample(AREAS, self.rng.randint(4, 8)), own_priorities=self.paragraph(2, 3),
                request_details=self.paragraph(2, 4), **self.report_text(),
            )
            places = [(TeamRole.LEAD_PEER, self.lead), (TeamRole.CHALLENGE_MANAGER, self.manager), *self.team]
            for role, peer in places:
                TeamMembershipFactory(challenge=challenge, peer=peer, role=role, added_by=self.admin)
            self.add_findings(challenge, findings)
        return challenge

    def report_text(self) -> dict:
        """The report's own words beside its findings, for the fields the challenge has."""
        text = {
            "executive_summary": self.paragraph(5, 7),
            "people_met": "Elected members of the fire authority, the chief fire officer and the strategic leadership "
            "team, middle managers, station and watch managers, firefighters on wholetime and on-call stations, control "
            "room staff, support staff, the representative bodies, and partners from the police, the ambulance "
            "service, the county and district councils and the voluntary sector.",
            "places_visited": "Headquarters, the joint control room, six wholetime and on-call fire stations, the "
            "training centre, the prevention hub and the workshops.",
        }
        fields = {field.name for field in Challenge._meta.get_fields()}
        return {name: value for name, value in text.items() if name in fields}

    def add_findings(self, challenge, count):
        """`count` more accepted findings, every kind in the proportions of KIND_PATTERN, the
        areas in turn; a negative count takes the last ones away."""
        if count < 0:
            last = challenge.findings.order_by("-position").values_list("pk", flat=True)[: -count]
            Finding.objects.filter(pk__in=list(last)).delete()
            return
        first = challenge.findings.count()
        areas = challenge.focus_areas or AREAS
        findings = []
        for index in range(first, first + count):
            kind = KIND_PATTERN[index % len(KIND_PATTERN)]
            extra = {}
            if kind == FindingKind.NOTABLE_PRACTICE:
                extra = {
                    "title": self.rng.choice(SUBJECTS).capitalize(), "why_it_matters": self.paragraph(2, 3),
                    "practice_contact": f"{self.rng.choice(['Area manager', 'Head of prevention'])}, {challenge.authority.name}",
                }
            findings.append(FindingFactory.build(
                challenge=challenge, kind=kind, area=areas[index // len(KIND_PATTERN) % len(areas)], position=index + 1,
                text=self.paragraph(1, 2) if kind == FindingKind.RECOMMENDATION else self.paragraph(3, 6),
                recorded_by=self.admin, **extra,
            ))
        Finding.objects.bulk_create(findings)

    def paragraph(self, fewest, most) -> str:
        return " ".join(
            f"{self.rng.choice(OPENINGS)} {self.rng.choice(SUBJECTS)}, {self.rng.choice(ENDINGS)}"
            for _ in range(self.rng.randint(fewest, most))
        )

    def queued(self, challenge) -> FeedbackReport:
        """A new version of the challenge's feedback report, queued as report_request leaves
        one (without sending it: the caller renders it)."""
        latest = challenge.reports.filter(kind=ReportKind.FEEDBACK).order_by("-version").first()
        return FeedbackReport.objects.create(
            challenge=challenge, kind=ReportKind.FEEDBACK, version=(latest.version if latest else 0) + 1,
            requested_by=self.lead.user, status=ReportStatus.QUEUED, queued_at=timezone.now(),
        )


class WeasyPrintCalls:
    """The calls some code makes to WeasyPrint, recorded while it runs, to be made again on
    their own: HTML, CSS and FontConfiguration built with the same arguments, and the same
    render and write_pdf steps with the same options, each replay building afresh. So WeasyPrint
    alone is timed on the same HTML with the same stylesheets, fetcher and options as the
    documents module uses, without copying them here."""

    def __init__(self, module):
        self.module = module
        self.made = {}  # id of a recorded object: (the object, its class, args, kwargs)
        self.calls = []  # each HTML made: its arguments and its steps

    @contextmanager
    def recording(self):
        self.made, self.calls = {}, []
        patched = [(weasyprint, name) for name in ("HTML", "CSS")]
        patched += [(self.module, name) for name in ("HTML", "CSS", "FontConfiguration") if hasattr(self.module, name)]
        originals = [(owner, name, getattr(owner, name)) for owner, name in patched]
        try:
            for owner, name, original in originals:
                setattr(owner, name, self._html(original) if name == "HTML" else self._recorded(original))
            yield self
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)
        if not self.calls:
            raise CommandError(f"{self.module.__name__} made no call to weasyprint.HTML that could be recorded")

    @property
    def html_characters(self) -> int:
        return sum(len(kwargs.get("string") or "") for (_args, kwargs), _steps in self.calls)

    def replay(self) -> list:
        made = {}
        results = []
        for (args, kwargs), steps in self.calls:
            target = weasyprint.HTML(*self._fresh(args, made), **self._fresh(kwargs, made))
            for step, step_args, step_kwargs in steps:
                target = getattr(target, step)(*self._fresh(step_args, made), **self._fresh(step_kwargs, made))
            results.append(target)
        return results

    def _fresh(self, value, made):
        """The value with each recorded object built again (once a replay, as shared objects are)."""
        if id(value) in self.made and self.made[id(value)][0] is value:
            if id(value) not in made:
                _object, cls, args, kwargs = self.made[id(value)]
                made[id(value)] = cls(*self._fresh(args, made), **self._fresh(kwargs, made))
            return made[id(value)]
        if isinstance(value, list | tuple):
            return type(value)(self._fresh(each, made) for each in value)
        if isinstance(value, dict):
            return {key: self._fresh(each, made) for key, each in value.items()}
        return value

    def _recorded(self, cls):
        made = self.made

        class Recorded(cls):
            def __init__(inner, *args, **kwargs):
                super().__init__(*args, **kwargs)
                made[id(inner)] = (inner, cls, args, kwargs)

        return Recorded

    def _html(self, cls):
        calls = self.calls

        class RecordedHTML(cls):
            def __init__(inner, *args, **kwargs):
                super().__init__(*args, **kwargs)
                inner._steps, inner._writing = [], False
                calls.append(((args, kwargs), inner._steps))

            def render(inner, *args, **kwargs):
                document = super().render(*args, **kwargs)
                if not inner._writing:  # called by the code, not by our own write_pdf
                    inner._steps.append(("render", args, kwargs))
                    write = document.write_pdf

                    def write_pdf(*write_args, **write_kwargs):
                        inner._steps.append(("write_pdf", write_args, write_kwargs))
                        return write(*write_args, **write_kwargs)

                    document.write_pdf = write_pdf
                return document

            def write_pdf(inner, *args, **kwargs):
                inner._steps.append(("write_pdf", args, kwargs))
                inner._writing = True
                try:
                    return super().write_pdf(*args, **kwargs)
                finally:
                    inner._writing = False

        return RecordedHTML


class WorkerBenchmark:
    """Reports of about ten pages asked for together and rendered by real Celery worker
    processes on the broker (one process, then two), timed from asking until the last is ready."""

    def __init__(self, data, fit, stdout):
        self.data, self.fit, self.stdout = data, fit, stdout

    def run(self, *, reports, pages, processes=WORKER_PROCESSES) -> dict:
        broker = settings.CELERY_BROKER_URL
        reason = _broker_unanswered(broker)
        if reason:
            self.stdout.write(f"  Workers: skipped, {reason}")
            return {"skipped": reason}
        from reports.services.request import report_request

        findings = self.fit.findings_for(pages)
        challenges = [self.data.challenge(findings=findings) for _ in range(reports)]
        warm_ups = [self.data.challenge(findings=findings) for _ in range(max(processes))]
        queues = worker_queues()
        rows = []
        for count in processes:
            self.stdout.write(f"  {reports} reports with {count} worker process(es), queues {', '.join(queues)}…")
            with celery_worker(concurrency=count, queues=queues):
                # Each process imports WeasyPrint and compiles the templates with its first
                # report, as a long-running worker has long since done: not timed.
                self.wait([report_request(by=self.data.lead.user, challenge=c).pk for c in warm_ups[:count]])
                asked = timezone.now()
                ids = [report_request(by=self.data.lead.user, challenge=c).pk for c in challenges]
                done = self.wait(ids)
            seconds = (max(r.finished_at for r in done) - asked).total_seconds()
            rows.append({
                "processes": count, "reports": reports, "seconds": seconds, "per_minute": reports * 60 / seconds,
                "failed": sum(r.status != ReportStatus.READY for r in done),
                "pages": statistics.median(r.page_count or 0 for r in done),
            })
        return {"broker": _without_password(broker), "queues": queues, "rows": rows, "speed_up": rows[0]["seconds"] / rows[-1]["seconds"]}

    def wait(self, ids, *, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = list(FeedbackReport.objects.filter(pk__in=ids).exclude(status__in=PENDING_STATUSES))
            if len(done) == len(ids):
                return done
            time.sleep(0.1)
        raise CommandError(f"The workers had not finished {len(ids)} reports after {timeout} s")


def worker_queues() -> list[str]:
    """The queues a worker must read for the reports: the default one and those the routes name."""
    from peersupport.celery import app

    queues = [app.conf.task_default_queue]
    routes = settings.CELERY_TASK_ROUTES if hasattr(settings, "CELERY_TASK_ROUTES") else {}
    for route in (routes or {}).values():
        if isinstance(route, dict) and route.get("queue") and route["queue"] not in queues:
            queues.append(route["queue"])
    return queues


@contextmanager
def celery_worker(*, concurrency, queues):
    """A Celery worker process (`concurrency` processes of its pool) on the broker, reading this
    process's database and files; always stopped, with its pool, when the block ends."""
    from peersupport.celery import app

    hostname = f"bench-reports-{concurrency}-{os.getpid()}@{socket.gethostname()}"
    log_path = Path(settings.BASE_DIR) / "build" / f"benchmark-reports-worker-{concurrency}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with app.connection_for_write() as connection:  # a message left by an earlier run names another database's report
        for queue in queues:
            connection.default_channel.queue_purge(queue)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "peersupport", "worker", f"--concurrency={concurrency}",
                "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--hostname", hostname, "--queues", ",".join(queues),
            ],
            cwd=settings.BASE_DIR, env=os.environ, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not app.control.ping(destination=[hostname], timeout=0.5):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise CommandError(f"The Celery worker did not start:\n{log_path.read_text()[-3000:]}")
            yield process
        finally:
            process.terminate()  # a warm shutdown: the worker stops its pool's processes
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: the pool goes with it
                process.wait()


def _broker_unanswered(broker) -> str:
    """Why the broker cannot be used, or "" if it answers."""
    if not broker:
        return "no broker is configured (CELERY_BROKER_URL)"
    if not broker.startswith("redis"):
        return ""
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"the broker at {_without_password(broker)} does not answer ({error})"
    return ""


def _without_password(url) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def _environment() -> dict:
    import platform

    from django.db import connection

    if connection.vendor == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        database = f"SQLite {connection.Database.sqlite_version}"
    return {
        "database": database, "python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()[0],
        "weasyprint": weasyprint.__version__, "template_version": getattr(documents, "TEMPLATE_VERSION", ""),
    }


def report_table(figures, write):
    """The figures as the table docs/performance.md shows, each against its target."""
    env = figures["environment"]
    write(
        f"\nThe report pipeline (issue 10): WeasyPrint {env['weasyprint']}, {env['database']}, Python {env['python']}, "
        f"{env['cpus']} CPUs (load average {env['load_before']:.1f} before, {env['load']:.1f} after the reports); "
        f"templates {env['template_version'] or '(no TEMPLATE_VERSION)'}; median of the rounds shown\n"
    )
    header = (
        f"{'Report':<14}{'pages':>6}{'findings':>9}{'rounds':>7}{'WeasyPrint':>12}{'document':>11}{'pipeline':>11}"
        f"{'ms/page':>9}{'overhead':>10}  verdict{'CPU ms/page':>13}{'CPU overhead':>14}"
    )
    write(header)
    write("-" * len(header))
    sizes = figures["sizes"]
    for row in sizes:
        verdict = "ok" if row["overhead"] <= TARGET_OVERHEAD else "MISSED"
        write(
            f"{'~' + str(row['target_pages']) + ' pages':<14}{row['pages']:>6}{row['findings']:>9}{row['runs']:>7}"
            f"{row['weasyprint_ms']:>10,.0f}ms{row['document_ms']:>9,.0f}ms{row['pipeline_ms']:>9,.0f}ms"
            f"{row['ms_per_page']:>9.1f}{row['overhead']:>10.1%}  {verdict:<7}{row['cpu_ms_per_page']:>13.1f}{row['cpu_overhead']:>14.1%}"
        )
    if len(sizes) > 1:
        growth = sizes[-1]["ms_per_page"] / sizes[0]["ms_per_page"]
        weasyprint_growth = sizes[-1]["weasyprint_ms_per_page"] / sizes[0]["weasyprint_ms_per_page"]
        cpu_growth = sizes[-1]["cpu_ms_per_page"] / sizes[0]["cpu_ms_per_page"]
        verdict = "ok" if growth <= TARGET_PER_PAGE_GROWTH else "MISSED"
        write(
            f"Time per page, {sizes[-1]['pages']} pages over {sizes[0]['pages']}: {growth:.2f}x through the pipeline "
            f"({cpu_growth:.2f}x in CPU time), {weasyprint_growth:.2f}x for WeasyPrint alone (target <= "
            f"{TARGET_PER_PAGE_GROWTH}x)  {verdict}"
        )
    memory = figures["memory"]
    verdict = "ok" if memory["peak_mb"] < TARGET_PEAK_MB else "MISSED"
    write(
        f"Peak memory rendering the {memory['pages']}-page report in a fresh process: {memory['peak_mb']:.0f} MB "
        f"(after Django's set-up and imports: {memory['baseline_mb']:.0f} MB; target < {TARGET_PEAK_MB} MB)  {verdict}"
    )
    workers = figures["workers"]
    if "skipped" in workers:
        write(f"Workers: skipped, {workers['skipped']}")
        return
    write(f"\nReports of about {workers['rows'][0]['pages']:g} pages asked for together, rendered by Celery workers "
          f"({workers['broker']}; queues {', '.join(workers['queues'])})")
    write(f"{'Worker processes':<18}{'reports':>8}{'seconds':>9}{'reports/min':>13}{'failed':>8}")
    for row in workers["rows"]:
        write(f"{row['processes']:<18}{row['reports']:>8}{row['seconds']:>9.1f}{row['per_minute']:>13.1f}{row['failed']:>8}")
    write(f"Speed-up from {workers['rows'][-1]['processes']} processes: {workers['speed_up']:.2f}x")
