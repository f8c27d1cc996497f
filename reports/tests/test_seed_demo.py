import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from authorities.models import AuthorityContact, Inspection, InspectionResult, Peer, PeerTag, TrainingRecord, Unavailability, User
from challenges.models import (
    ActionPlan,
    Challenge,
    Evaluation,
    FactualCheck,
    FactualCheckComment,
    Finding,
    FindingTemplate,
    ProgressReview,
    TeamMembership,
)
from reports.models import CommitteePaper, FeedbackReport

pytestmark = pytest.mark.integration

MODELS = [
    User, Peer, PeerTag, TrainingRecord, Unavailability, Challenge, TeamMembership, Finding, FeedbackReport,
    AuthorityContact, Inspection, InspectionResult, InspectionResult.history.model, FindingTemplate, FactualCheck,
    FactualCheckComment, ProgressReview, ActionPlan, Evaluation, CommitteePaper,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seed(db, settings, media_root, django_capture_on_commit_callbacks):
    """Run the command as `make setup` does (DEBUG on), letting queued report rendering run."""
    settings.DEBUG = True

    def seed(*args):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", *args, stdout=out)
        return out.getvalue()

    return seed


def test_seed_demo_refuses_without_debug(settings, db):
    settings.DEBUG = False

    with pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=StringIO())

    assert str(error.value) == "Demo data has known passwords: run it only with DEBUG=true, or pass --force."
    assert User.objects.count() == 0


def test_seed_demo_force_runs_without_debug(settings, media_root, db):
    settings.DEBUG = False

    call_command("seed_demo", "--force", stdout=StringIO())

    assert User.objects.count() == 10


def _reports():
    """Every report version as the demo leaves it: whose, which, its state and its files."""
    return list(
        FeedbackReport.objects.order_by("pk").values_list(
            "challenge__authority__slug", "kind", "version", "status", "file", "sha256", "html_sha256", "published_at",
        )
    )


def test_seed_demo_running_again_changes_nothing(seed):
    seed()
    first, reports = _counts(), _reports()

    seed()

    assert (_counts(), _reports()) == (first, reports)


def test_seed_demo_second_run_keeps_changed_passwords(seed):
    seed()
    admin = User.objects.get(email="admin@example.org")
    admin.set_password("changed-by-the-admin-1")
    admin.save()

    seed()

    assert User.objects.get(email="admin@example.org").check_password("changed-by-the-admin-1") is True


def test_seed_demo_on_a_fresh_database_publishes_a_report(tmp_path):
    """As `make setup` runs it: a new database, autocommit, tasks in-process. Run in its own
    process because the test database wraps every test in a transaction, which holds back
    the rendering the command waits for."""
    database, media = tmp_path / "demo.sqlite3", tmp_path / "media"
    env = {key: value for key, value in os.environ.items() if key not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="peersupport.settings.base",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(media),
        LOG_LEVEL="WARNING",
    )
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "call_command('seed_demo');"
        "call_command('seed_demo')"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        reports = connection.execute("SELECT status, file, html_file FROM reports_feedbackreport ORDER BY id").fetchall()
        papers = connection.execute("SELECT status, file, html_file FROM reports_committeepaper ORDER BY id").fetchall()
        challenges = connection.execute("SELECT status FROM challenges_challenge").fetchall()
        users = connection.execute("SELECT role FROM authorities_user ORDER BY role").fetchall()
    assert [status for status, _, _ in reports] == [
        "published", "ready", "failed", "superseded", "published", "published", "published", "published", "withdrawn",
        "published",
    ]
    assert [status for status, _, _ in papers] == ["ready"]
    assert ("published",) in challenges and len(challenges) == 21
    assert users == [("fra_contact",)] * 4 + [("lga_admin",)] + [("peer",)] * 4 + [("principal_adviser",)]
    rendered = [(pdf, html) for status, pdf, html in [*reports, *papers] if status != "failed"]
    assert [Path(media, pdf).read_bytes()[:5] for pdf, _ in rendered] == [b"%PDF-"] * 10
    # Rendered once each: the second run, and the render tasks queued as each version was asked
    # for, found them done and stored nothing more.
    stored = sorted(str(path.relative_to(media)) for path in Path(media).rglob("*") if path.is_file())
    assert stored == sorted(name for pair in rendered for name in pair)


def test_seed_demo_second_run_keeps_corrected_contacts(seed):
    seed()
    AuthorityContact.objects.filter(name="Morgan Reid").update(name="Morgan Reid-Hale")

    seed()

    assert AuthorityContact.objects.get(authority__slug="avon", role="chief_fire_officer").name == "Morgan Reid-Hale"
