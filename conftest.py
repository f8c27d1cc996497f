"""Fixtures shared by every app's tests: one user per role, and a real Celery worker."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from authorities.choices import Region
from authorities.models import Authority, Peer
from authorities.tests.factories import (
    FraContactFactory,
    LgaAdminFactory,
    PeerFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
)
from peersupport.celery import app as celery_app
from peersupport.tests.clock import Clock

BASE_DIR = Path(__file__).resolve().parent


@pytest.fixture
def avon(db):
    """A current South West authority, loaded by the reference-data migration."""
    return Authority.objects.get(slug="avon")


@pytest.fixture
def lga_admin(db):
    return LgaAdminFactory()


@pytest.fixture
def adviser(db):
    """The South West principal adviser, whose region holds Avon."""
    return PrincipalAdviserFactory(region=Region.SOUTH_WEST)


@pytest.fixture
def other_adviser(db):
    return PrincipalAdviserFactory(region=Region.NORTH_WEST)


@pytest.fixture
def lead_peer(db):
    """A peer who can lead, from Kent, with a login."""
    return PeerFactory(user=PeerUserFactory(), can_lead=True, home_authority=Authority.objects.get(slug="kent"))


@pytest.fixture
def other_peer_user(db):
    return PeerFactory(user=PeerUserFactory()).user


@pytest.fixture
def fra_contact(avon):
    return FraContactFactory(authority=avon)


@pytest.fixture
def other_fra_contact(db):
    return FraContactFactory(authority=Authority.objects.get(slug="cleveland"))


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, fixed at peersupport.tests.clock.NOW and moved on by the test: `clock.now = ...`."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback, media_root):
    """A real Celery worker process on the real broker, reading the test database.

    Needs CELERY_BROKER_URL; without it the test is skipped and says why. Tasks queued during
    the test go to the broker instead of running in-process. The test's data is committed so
    that the worker sees it; the reference data the migrations loaded is restored afterwards.
    Gives a TestWorker, which the test may kill (as a machine failure would) and start again."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("CELERY_BROKER_URL is not set: no broker for a real Celery worker (CI sets it)")
    from peersupport.celery import app

    # Queues and a worker of this test process's own: the suite runs in several processes at
    # once (pytest-xdist), each with its own test database, so none may take another's tasks.
    # Each task routed to a queue of its own in CELERY_TASK_ROUTES (the reports' renders) goes to
    # this process's own namesake here.
    queue = f"tests-{os.getpid()}"
    routes = {task: {"queue": f"{queue}-{route['queue']}"} for task, route in settings.CELERY_TASK_ROUTES.items()}
    env = {
        **os.environ,
        # The production settings, as a deployed worker runs them, on the test database.
        "DJANGO_SETTINGS_MODULE": "peersupport.settings.base",
        "SECRET_KEY": "test-only-secret-key",
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = TestWorker(
        app, env=env, queues=list(dict.fromkeys([queue, *(route["queue"] for route in routes.values())])),
        hostname=f"test-worker-{os.getpid()}@{socket.gethostname()}",
        log_path=BASE_DIR / "build" / f"celery-worker-{os.getpid()}.log",
    )
    default_queue, default_routes = app.conf.task_default_queue, app.conf.task_routes
    try:
        worker.start()
        _route_tasks_to(app, queue, routes)
        app.conf.task_always_eager = False
        yield worker
    finally:
        app.conf.task_always_eager = True
        _route_tasks_to(app, default_queue, default_routes)
        worker.stop()


class TestWorker:
    """A Celery worker process (the solo pool: tasks run in the process itself) on the given
    queues, its output in `log_path`."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, app, *, env, queues, hostname, log_path):
        self.app, self.env, self.queues, self.hostname, self.log_path = app, env, queues, hostname, log_path
        self.process = None

    def start(self):
        """Start the worker and wait until it answers."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "peersupport", "worker",
                    "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                    "--hostname", self.hostname, "--queues", ",".join(self.queues),
                ],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        _wait_for_worker(self.app, self.process, self.log_path, self.hostname)

    def kill(self):
        """SIGKILL the worker's main process, whatever it is doing, as the machine dying would:
        it acknowledges nothing and records nothing."""
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _route_tasks_to(app, queue, routes):
    app.conf.task_default_queue = queue
    app.conf.task_routes = routes
    for remembered in ("default_queue", "queues", "router"):  # Celery keeps them once worked out
        app.amqp.__dict__.pop(remembered, None)
    app.amqp.flush_routes()


def _wait_for_worker(app, process, log_path, hostname, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early:\n{log_path.read_text()}")
        if app.control.ping(destination=[hostname], timeout=1.0):
            return
    raise RuntimeError(f"The Celery worker did not answer within {timeout}s:\n{log_path.read_text()}")


# Fixtures added for the app test suites. They build on the role fixtures above.


@pytest.fixture
def real_cache(settings):
    """The tests run with no cache (peersupport/settings/test.py); this switches one on, empty."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored feedback report files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def challenge(avon, lead_peer):
    """A challenge at Avon (South West) whose team `lead_peer` leads."""
    from challenges.choices import TeamRole
    from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory

    challenge = ChallengeFactory(authority=avon)
    TeamMembershipFactory(challenge=challenge, peer=lead_peer, role=TeamRole.LEAD_PEER)
    return challenge


@pytest.fixture
def team_peer(challenge):
    """A peer with a login on the challenge's team who does not lead it: sees the
    challenge, writes nothing."""
    from challenges.choices import TeamRole
    from challenges.tests.factories import TeamMembershipFactory

    peer = PeerFactory(user=PeerUserFactory())
    TeamMembershipFactory(challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER)
    return peer


@pytest.fixture
def challenge_manager(challenge):
    """The LGA peer challenge manager on the challenge's team: writes the findings and the
    report with the lead peer."""
    from authorities.choices import PeerType
    from challenges.choices import TeamRole
    from challenges.tests.factories import TeamMembershipFactory

    manager = PeerFactory(peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None, user=PeerUserFactory())
    TeamMembershipFactory(challenge=challenge, peer=manager, role=TeamRole.CHALLENGE_MANAGER)
    return manager


@pytest.fixture
def user_for(request, db):
    """The user of the named role fixture: a peer fixture gives the peer's login, and
    "anonymous" an anonymous user. Asks for the database itself, so that pytest-django
    runs these tests with the other database tests, before the transactional ones."""

    def user_for(role):
        if role == "anonymous":
            return AnonymousUser()
        user = request.getfixturevalue(role)
        return user.user if isinstance(user, Peer) else user

    return user_for


@pytest.fixture
def sign_in(client, user_for):
    """Sign the test client in as the user of the named role fixture ("anonymous" signs
    nobody in). Returns the user."""

    def sign_in(role):
        user = user_for(role)
        if user.is_authenticated:
            client.force_login(user)
        return user

    return sign_in


# Browser journeys: a real headless Chromium against the live test server.


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """Debian's Chromium, driven by Playwright. Skipped, saying why, when it is not installed."""
    from peersupport.tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: 'apt-get install chromium' (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API leaves an event loop running in this thread. From then
    # on Django takes the thread for an async one: the tests' own ORM calls (synchronous
    # all the same) must be allowed, and they get new connection objects, which must be
    # given the copy of the reference data that transactional tests restore.
    with django_db_blocker.unblock():
        serialized = {
            connection.alias: connection._test_serialized_contents
            for connection in connections.all()
            if hasattr(connection, "_test_serialized_contents")
        }
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser, live_server, django_db_serialized_rollback):
    """A fresh browser context on the live server with axe-core loaded into every page.

    Fails the test on any console error (a Content Security Policy violation among them) or
    on a page the test visited without auditing it."""
    from peersupport.tests.browser import AXE_SCRIPT, AccessibilityAudit

    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    audit = AccessibilityAudit(page)
    yield page, audit
    context.close()
    # A page that answers 404 or 403 is logged as a failed load; it is a page like any other
    # (audited, its status asserted by the test). Anything else going wrong is an error.
    errors = [
        str(error) if isinstance(error, str) else f"{error.text} ({error.location.get('url')})"
        for error in console_errors
        if isinstance(error, str) or urlsplit(error.location.get("url", "")).path not in audit.visited
    ]
    assert errors == [], f"The browser reported errors: {errors}"
    assert audit.unaudited_paths() == [], "Pages visited without an axe-core audit"


@pytest.fixture
def report_worker(request):
    """A real Celery worker when a broker is configured (CI's PostgreSQL run), so that the
    browser sees the report queued and then ready; otherwise reports render in-process."""
    if os.environ.get("CELERY_BROKER_URL"):
        return request.getfixturevalue("celery_worker")
    return None


# Nothing listens on port 9 (discard): a broker that is down.
UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"
BROKER_SETTINGS = ("task_always_eager", "broker_url", "task_publish_retry", "broker_transport_options")


@pytest.fixture
def broker_down():
    """Celery as in production (tasks go to the broker), with the broker unreachable and no
    retrying, so that queuing fails at once. Returns `broker_back()`, which restores Celery as
    the tests run it (tasks in-process); run at the end of the test in any case."""
    saved = {name: celery_app.conf[name] for name in BROKER_SETTINGS}
    saved_pools = (celery_app._pool, celery_app.amqp._producer_pool)
    saved_environment = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = UNREACHABLE_BROKER  # Celery reads it before its settings
    celery_app.conf.update(
        task_always_eager=False, broker_url=UNREACHABLE_BROKER, task_publish_retry=False,
        broker_transport_options={"max_retries": 0, "socket_connect_timeout": 1},
    )
    # Celery keeps its broker connections once made: forgotten, so that the new URL is used.
    celery_app._pool = celery_app.amqp._producer_pool = None
    restored = []

    def broker_back():
        if restored:
            return
        # The pools made for the unreachable broker stay open (they hold no connection): kombu
        # keeps producer pools by broker address across tests, and a closed one would be
        # handed to the next test that takes the broker down.
        celery_app.conf.update(saved)
        if saved_environment is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment
        celery_app._pool, celery_app.amqp._producer_pool = saved_pools
        restored.append(True)

    yield broker_back
    broker_back()
