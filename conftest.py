"""Fixtures shared by every app's tests: one user per role, and a real Celery worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from authorities.tests.factories import (
    FraContactFactory,
    LgaAdminFactory,
    PeerFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
)
from authorities.choices import Region
from authorities.models import Authority, Peer

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


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on the real broker, reading the test database.

    Needs CELERY_BROKER_URL; without it the test is skipped and says why. Tasks queued during
    the test go to the broker instead of running in-process."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("CELERY_BROKER_URL is not set: no broker for a real Celery worker (CI sets it)")
    from peersupport.celery import app

    app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log_path = BASE_DIR / "build" / "celery-worker.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "peersupport", "worker",
            "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--hostname", f"test-worker-{os.getpid()}@%h",
        ],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_worker(app, process, log_path)
        app.conf.task_always_eager = False
        yield process
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_worker(app, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early:\n{log_path.read_text()}")
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError(f"The Celery worker did not answer within {timeout}s:\n{log_path.read_text()}")


# Fixtures added for the app test suites. They build on the role fixtures above.


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
    TeamMembershipFactory(challenge=challenge, peer=peer, role=TeamRole.PEER)
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
def user_for(request):
    """The user of the named role fixture: a peer fixture gives the peer's login, and
    "anonymous" an anonymous user."""

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


@pytest.fixture
def whitenoise_lazy(settings):
    """WhiteNoise finds static files when asked instead of scanning every static file each
    time a test client starts: the scan costs about 0.2 s a test, and no test here fetches
    static files through it."""
    settings.WHITENOISE_AUTOREFRESH = True
