"""How the peer pool performs at the size the LGA runs it: a generated pool of 2,000 peers,
then the CSV import (check and save), the CSV export and the peer list page, each timed
(median of several runs), with its query count and peak memory. See docs/performance.md.

Everything it creates is rolled back at the end: the database is left as it was."""

import csv
import datetime
import gc
import io
import os
import platform
import random
import statistics
import time
import tracemalloc
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from authorities import peer_csv
from authorities.choices import AuthorityStatus, PeerType, PoliticalGroup, Role
from authorities.models import Authority, Peer, Specialism, TrainingRecord, Unavailability, User
from authorities.selectors.peer import peers_for_export
from authorities.services.peer import tags_from_names
from authorities.services.peer_import import peers_import_commit, peers_import_preview
from challenges.choices import ChallengeType, TeamRole
from challenges.models import Challenge, TeamMembership

FIRST_NAMES = [
    "Alex", "Amira", "Ben", "Chloe", "Daniel", "Deepa", "Eleanor", "Femi", "Gareth", "Grace", "Hannah", "Imran",
    "James", "Jo", "Kamala", "Liam", "Megan", "Mohammed", "Niamh", "Olu", "Patrick", "Priya", "Rachel", "Ravi",
    "Sam", "Sarah", "Tom", "Uzma", "Victoria", "Wei", "Yusuf", "Zoë",
]
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans", "Green", "Hughes",
    "Jackson", "Jones", "Khan", "Lewis", "Morgan", "Murphy", "Nowak", "O'Brien", "Osei", "Patel", "Price",
    "Roberts", "Shah", "Smith", "Taylor", "Thomas", "Walker", "Ward", "White", "Williams", "Wilson",
]
TAGS = [
    "fleet", "wildfire", "estates", "ict", "building safety", "water rescue", "high-rise", "sprinklers",
    "fire investigation", "safeguarding", "wellbeing", "blue light collaboration", "media", "hr", "pensions",
]
OFFICER_ROLES = ["Chief fire officer", "Deputy chief fire officer", "Assistant chief fire officer", "Area manager",
                 "Group manager", "Head of prevention", "Head of protection", "Director of finance"]
ORGANISATIONS = ["Care Quality Commission", "Local Government Association", "NHS England", "Environment Agency",
                 "Metropolitan Police", "Audit Wales"]
TYPE_MIX = {PeerType.OFFICER: 60, PeerType.MEMBER: 25, PeerType.BEYOND_SECTOR: 10, PeerType.CHALLENGE_MANAGER: 5}

TARGETS_MS = {"import": 10_000, "export": 2_000, "page": 300}


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = "Time the peer pool's import, export and list page on a generated pool; changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--peers", type=int, default=2000, help="Size of the generated pool (default 2000).")
        parser.add_argument("--runs", type=int, default=5, help="Timed runs of each operation (default 5).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generated data (default 2026).")

    def handle(self, *args, peers, runs, seed, **options):
        if peers < 50:
            raise CommandError("--peers must be at least 50, so that every challenge can have a team")
        # The test client's host, and static files found without collecting them first: what
        # is measured is the pages, not the static files.
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
            WHITENOISE_AUTOREFRESH=True,
            WHITENOISE_USE_FINDERS=True,
        ):
            try:
                with transaction.atomic():
                    results = self.run(peers=peers, runs=runs, rng=random.Random(seed))
                    raise _RollBack
            except _RollBack:
                pass
        self.report(results, peers=peers, runs=runs, seed=seed)

    def run(self, *, peers, runs, rng):
        started = time.perf_counter()
        admin = self.build_pool(size=peers, rng=rng)
        self.stdout.write(f"Generated a pool of {peers:,} peers in {time.perf_counter() - started:.1f} s; measuring…")
        client = Client()
        client.force_login(admin)
        refresh, first_load = self.refresh_file(rng), self.first_load_file()
        today = timezone.localdate()
        free_from, free_to = today + datetime.timedelta(days=60), today + datetime.timedelta(days=63)
        filtered = f"/peers/?peer_type=officer&specialism=prevention&free_from={free_from}&free_to={free_to}"

        def page(url):
            def get():
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                if response.streaming:
                    b"".join(response.streaming_content)
            return get

        def check(data):
            return lambda: peers_import_preview(by=admin, file=ContentFile(data, name="peers.csv"))

        def save(data):
            sha256 = peers_import_preview(by=admin, file=ContentFile(data, name="peers.csv")).sha256
            return lambda: peers_import_commit(by=admin, file=ContentFile(data, name="peers.csv"), sha256=sha256)

        def check_page(data):
            # The upload leaves the file in the session, read by every later request: so this
            # runs after the list pages.
            client.post("/peers/import/", {"file": ContentFile(data, name="peers.csv")})
            return page("/peers/import/check/")

        operations = [
            ("Peer list: page 1, no search", "page", lambda: page("/peers/")),
            ("Peer list: officers, one specialism, free on dates, page 1", "page", lambda: page(filtered)),
            ("Peer list: free-text search, page 1", "page", lambda: page("/peers/?q=smith&status=all")),
            (f"Export: the whole pool as CSV ({peers:,} peers)", "export", lambda: page("/peers/export/?status=all")),
            (f"Import, first load: check {peers:,} new rows", "import", lambda: check(first_load)),
            (f"Import, first load: save {peers:,} new rows (checks again)", "import", lambda: save(first_load)),
            (f"Import, yearly refresh: check {peers:,} rows", "import", lambda: check(refresh)),
            (f"Import, yearly refresh: check page showing {peers:,} rows", "import", lambda: check_page(refresh)),
            (f"Import, yearly refresh: save {peers:,} rows (checks again)", "import", lambda: save(refresh)),
        ]
        return [(name, kind, *self.measure(prepare(), runs=runs)) for name, kind, prepare in operations]

    def measure(self, operation, *, runs):
        """Median wall time of `runs` runs, each rolled back; queries and peak memory of one
        more run, traced (tracemalloc slows what it traces, so that run is not timed)."""
        times = []
        for _ in range(runs):
            with self.rolled_back():
                gc.collect()
                start = time.perf_counter()
                operation()
                times.append((time.perf_counter() - start) * 1000)
        with self.rolled_back(), self.count_queries() as queries:
            gc.collect()
            tracemalloc.start()
            operation()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return statistics.median(times), min(times), max(times), queries[0], peak / 1024 / 1024

    @contextmanager
    def rolled_back(self):
        savepoint = transaction.savepoint()
        try:
            yield
        finally:
            transaction.savepoint_rollback(savepoint)

    @contextmanager
    def count_queries(self):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            yield count

    def report(self, results, *, peers, runs, seed):
        if connection.vendor == "postgresql":
            database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        else:
            database = f"{connection.display_name} {connection.Database.sqlite_version}"
        self.stdout.write(
            f"\nPeer pool benchmark: {peers:,} peers, median of {runs} runs, seed {seed}; {database}; "
            f"Python {platform.python_version()}; {os.cpu_count()} CPUs\n"
        )
        header = self.row("Operation", "median ms", "min ms", "max ms", "queries", "peak MB", "target", "")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, kind, median, low, high, queries, peak in results:
            self.stdout.write(self.row(
                name, f"{median:,.0f}", f"{low:,.0f}", f"{high:,.0f}", f"{queries:,}", f"{peak:.1f}",
                f"<{TARGETS_MS[kind]:,} ms", "ok" if median <= TARGETS_MS[kind] else "MISSED",
            ))
        for kind in ("first load", "yearly refresh"):
            total = sum(median for name, _, median, *_ in results if name.startswith(f"Import, {kind}:") and "page" not in name)
            target = TARGETS_MS["import"]
            self.stdout.write(self.row(
                f"Import, {kind}, check then save", f"{total:,.0f}", "", "", "", "", f"<{target:,} ms",
                "ok" if total <= target else "MISSED",
            ))

    @staticmethod
    def row(name, median, low, high, queries, peak, target, verdict):
        return f"{name:<60} {median:>10} {low:>9} {high:>9} {queries:>8} {peak:>8} {target:>10}  {verdict}"

    # The generated pool

    def build_pool(self, *, size, rng):
        """A pool like the LGA's: peers from every current authority in a realistic mix of
        types, with specialisms, tags, training (some expired), leave, and three years of
        challenges with teams of 4 to 8. Returns an LGA administrator to sign in as."""

        admin = User.objects.create_user(
            "benchmark.admin@bench.example.org", full_name="Benchmark Administrator", role=Role.LGA_ADMIN
        )
        authorities = list(Authority.objects.filter(status=AuthorityStatus.CURRENT))
        specialisms = list(Specialism.objects.all())
        tags = tags_from_names(TAGS)
        today = timezone.localdate()
        pool = Peer.objects.bulk_create([self.peer(n, rng, authorities) for n in range(size)])

        Peer.specialisms.through.objects.bulk_create([
            Peer.specialisms.through(peer_id=peer.pk, specialism_id=specialism.pk)
            for peer in pool for specialism in rng.sample(specialisms, rng.randint(1, 5))
        ])
        Peer.tags.through.objects.bulk_create([
            Peer.tags.through(peer_id=peer.pk, peertag_id=tag.pk) for peer in pool for tag in rng.sample(tags, rng.randint(0, 2))
        ])
        training = []
        for peer in pool:
            completed = today - datetime.timedelta(days=rng.randint(30, 6 * 365))
            training.append(TrainingRecord(peer=peer, course="LGA peer challenge induction", completed_on=completed,
                                           expires_on=completed + datetime.timedelta(days=3 * 365)))
            if peer.can_lead:
                training.append(TrainingRecord(peer=peer, course="Leading a peer team", completed_on=completed + datetime.timedelta(days=20)))
        TrainingRecord.objects.bulk_create(training)
        Unavailability.objects.bulk_create([
            Unavailability(peer=peer, start_date=start, end_date=start + datetime.timedelta(days=rng.randint(3, 21)), reason="Leave")
            for peer in pool for start in [today + datetime.timedelta(days=rng.randint(0, 365)) for _ in range(rng.randint(0, 2))]
        ])

        challenges = []
        for _ in range(150):
            start = datetime.date(today.year - 1, 1, 1) + datetime.timedelta(days=rng.randint(0, 3 * 365))
            challenges.append(Challenge(
                authority=rng.choice(authorities), challenge_type=rng.choice(ChallengeType.values), start_date=start,
                end_date=start + datetime.timedelta(days=3), booked_by=admin,
            ))
        challenges = Challenge.objects.bulk_create(challenges)
        leaders = [peer for peer in pool if peer.can_lead]
        team = []
        for challenge in challenges:
            eligible = [peer for peer in pool if peer.home_authority_id != challenge.authority_id]
            lead = rng.choice([peer for peer in leaders if peer.home_authority_id != challenge.authority_id])
            members = [peer for peer in rng.sample(eligible, 8) if peer != lead][: rng.randint(3, 7)]
            team.append(TeamMembership(challenge=challenge, peer=lead, role=TeamRole.LEAD_PEER, added_by=admin))
            team += [TeamMembership(challenge=challenge, peer=peer, role=TeamRole.PEER, added_by=admin) for peer in members]
        TeamMembership.objects.bulk_create(team)
        return admin

    def peer(self, n, rng, authorities):
        peer_type = rng.choices(list(TYPE_MIX), weights=list(TYPE_MIX.values()))[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        member = peer_type == PeerType.MEMBER
        active = rng.random() > 0.05
        return Peer(
            full_name=f"{'Cllr ' if member else ''}{first} {last}",
            email=f"{first}.{last}.{n}@bench.example.org".lower().replace("'", "").replace("ë", "e"),
            phone=f"01632 {rng.randint(100000, 999999)}",
            peer_type=peer_type,
            home_authority=rng.choice(authorities) if peer_type in (PeerType.OFFICER, PeerType.MEMBER) else None,
            home_organisation=rng.choice(ORGANISATIONS) if peer_type == PeerType.BEYOND_SECTOR else "",
            role_title=rng.choice(OFFICER_ROLES) if peer_type == PeerType.OFFICER else ("Councillor" if member else "Adviser"),
            political_group=rng.choice(PoliticalGroup.values) if member else "",
            can_lead=peer_type == PeerType.OFFICER and rng.random() < 0.3,
            max_challenges_per_year=rng.randint(1, 4),
            is_active=active,
            retired_reason="" if active else "Left the service",
            consented_on=datetime.date(2025, 4, 1) + datetime.timedelta(days=rng.randint(0, 300)),
        )

    def refresh_file(self, rng) -> bytes:
        """The yearly refresh: the pool's own export with about one row in five edited (a new
        role and one more specialism), and the last tenth replaced by people new to the pool."""
        rows = list(csv.DictReader(io.StringIO(self.export())))
        for index, row in enumerate(rows):
            if index >= len(rows) * 9 // 10:
                row["email"] = row["email"].replace("@bench.", "@new.bench.")
            elif rng.random() < 0.2:
                row["role_title"] = f"{row['role_title']} (acting)"
                row["specialisms"] = ";".join(sorted({*row["specialisms"].split(";"), "prevention"} - {""}))
        return self.csv_file(rows)

    def first_load_file(self) -> bytes:
        """A first load: the generated pool under new addresses, so that every row adds a peer."""
        rows = list(csv.DictReader(io.StringIO(self.export())))
        for row in rows:
            row["email"] = row["email"].replace("@bench.", "@first.bench.")
        return self.csv_file(rows)

    def export(self) -> str:
        return "".join(peer_csv.export_lines(peers_for_export(queryset=Peer.objects.all()))).lstrip("\ufeff")

    def csv_file(self, rows) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=peer_csv.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()
