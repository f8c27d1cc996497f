import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from authorities.choices import Role
from authorities.models import AuthorityContact, Inspection, InspectionResult, Peer, PeerTag, TrainingRecord, Unavailability, User
from challenges.choices import ChallengeStatus, FindingKind
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
from peersupport.models import OutboxEmail, OutboxStatus
from reports.choices import ReportStatus
from reports.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from reports.models import FeedbackReport

pytestmark = pytest.mark.integration

MODELS = [
    User, Peer, PeerTag, TrainingRecord, Unavailability, Challenge, TeamMembership, Finding, FeedbackReport,
    AuthorityContact, Inspection, InspectionResult, InspectionResult.history.model, FindingTemplate, FactualCheck,
    FactualCheckComment, ProgressReview, ActionPlan, Evaluation,
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

    assert User.objects.count() == 8


def test_seed_demo_creates_the_demo_data(seed):
    seed()

    assert _counts() == {
        "User": 8,
        "Peer": 70,
        "PeerTag": 1,
        "TrainingRecord": 70,
        "Unavailability": 1,
        "Challenge": 17,
        "TeamMembership": 18,
        "Finding": 19,
        "FeedbackReport": 1,
        "AuthorityContact": 5,
        "Inspection": 2,
        "InspectionResult": 22,
        "HistoricalInspectionResult": 22,
        "FindingTemplate": 6,
        "FactualCheck": 2,
        "FactualCheckComment": 3,
        "ProgressReview": 1,
        "ActionPlan": 0,
        "Evaluation": 3,
    }


def test_seed_demo_running_again_gives_the_same_counts(seed):
    seed()
    seed()  # publishes the report rendered since the first run, and follows it up
    second = _counts()

    seed()

    assert _counts() == second


def test_seed_demo_second_run_publishes_the_report_rendered_since(seed):
    seed()  # the report is rendered once the command has committed: too late to publish
    ready = list(FeedbackReport.objects.values_list("version", "status"))

    seed()

    assert ready == [(1, ReportStatus.READY)]
    assert list(FeedbackReport.objects.values_list("version", "status")) == [(1, ReportStatus.PUBLISHED)]
    assert Challenge.objects.count() == 17


def test_seed_demo_second_run_keeps_changed_passwords(seed):
    seed()
    admin = User.objects.get(email="admin@example.org")
    admin.set_password("changed-by-the-admin-1")
    admin.save()

    seed()

    assert User.objects.get(email="admin@example.org").check_password("changed-by-the-admin-1") is True


def test_seed_demo_creates_one_login_per_role(seed, client):
    seed()

    logins = User.objects.filter(email__in=[spec["email"] for spec in DEMO_USERS])
    assert sorted(logins.values_list("role", flat=True)) == sorted(Role.values)
    assert User.objects.get(email="cornwall.contact@example.org").has_usable_password() is False
    for user in logins:
        response = client.post("/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
        assert (user.email, response.status_code, response.url) == (user.email, 302, "/")
        client.logout()


def test_seed_demo_links_the_lead_peer_login_to_their_peer_record(seed):
    seed()

    peer = Peer.objects.get(user__email="lead.peer@example.org")
    assert (peer.full_name, peer.can_lead, peer.home_authority.slug) == ("Alex Morgan", True, "kent")
    assert peer.memberships.get(challenge__authority__slug="devon-and-somerset").role == "lead_peer"


def test_seed_demo_shows_a_challenge_at_every_stage_of_its_life(seed):
    seed()
    seed()  # publishes the report rendered since the first run

    assert sorted(set(Challenge.objects.values_list("status", flat=True))) == sorted(ChallengeStatus.values)
    assert list(Challenge.objects.exclude(late_step="").values_list("authority__slug", flat=True)) == ["kent"]
    assert OutboxEmail.objects.exclude(status=OutboxStatus.SENT).count() == 0
    # Devon and Somerset's report was late until the second run published it.
    assert OutboxEmail.objects.filter(subject__startswith="Peer challenge running late").count() == 2
    # 27 before issue 9, then the factual checks' (Devon's sent and submitted, Avon's sent),
    # Devon's evaluations and the progress review due at Hampshire.
    assert OutboxEmail.objects.count() == 42


def test_seed_demo_shows_teams_in_every_state_with_a_concern_pins_and_bans(seed):
    from challenges.models import TeamBan, TeamConcern, TeamPin

    seed()

    assert sorted(set(TeamMembership.objects.values_list("state", flat=True))) == [
        "accepted", "declined", "invited", "proposed",
    ]
    assert TeamMembership.objects.get(peer__email="lead.peer@example.org", state="invited").challenge.authority.slug == "isles-of-scilly"
    concern = TeamConcern.objects.get()
    assert (concern.place.peer.email, concern.raised_by.email, concern.answered_at) == ("p.laing@example.org", "contact@example.org", None)
    assert list(TeamPin.objects.values_list("challenge__authority__slug", "peer__email")) == [("surrey", "r.shah@example.org")]
    assert list(TeamBan.objects.values_list("challenge__authority__slug", "peer__email")) == [("norfolk", "t.clarke@example.org")]


def test_seed_demo_lists_the_logins(seed):
    out = seed()

    assert "Every demo login uses the password 'fire-peer-demo':" in out
    for email in ["admin@example.org", "adviser@example.org", "lead.peer@example.org", "contact@example.org"]:
        assert email in out


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
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        reports = connection.execute("SELECT version, status, file FROM reports_feedbackreport").fetchall()
        challenges = connection.execute("SELECT status FROM challenges_challenge").fetchall()
        users = connection.execute("SELECT role FROM authorities_user ORDER BY role").fetchall()
    assert [(version, status) for version, status, _ in reports] == [(1, ReportStatus.PUBLISHED)]
    assert ("published",) in challenges and len(challenges) == 17
    assert users == [("fra_contact",)] * 3 + [("lga_admin",)] + [("peer",)] * 3 + [("principal_adviser",)]
    assert Path(media, reports[0][2]).read_bytes().startswith(b"%PDF-")


def test_seed_demo_records_contacts_and_inspections_under_the_demo_admin(seed):
    seed()

    assert sorted(AuthorityContact.objects.values_list("authority__slug", "role")) == [
        ("avon", "authority_chair"),
        ("avon", "chief_fire_officer"),
        ("avon", "improvement_lead"),
        ("devon-and-somerset", "authority_chair"),
        ("devon-and-somerset", "chief_fire_officer"),
    ]
    assert [(i.round_name, i.grade_scale, i.results.count()) for i in Inspection.objects.filter(authority__slug="avon")] == [
        ("Round 3 (2023 to 2025)", "five_grade", 11),
        ("Round 2 (2021 to 2022)", "four_grade", 11),
    ]
    assert {h.history_user.email for h in Inspection.history.all()} == {"admin@example.org"}


def test_seed_demo_second_run_keeps_corrected_contacts(seed):
    seed()
    AuthorityContact.objects.filter(name="Morgan Reid").update(name="Morgan Reid-Hale")

    seed()

    assert AuthorityContact.objects.get(authority__slug="avon", role="chief_fire_officer").name == "Morgan Reid-Hale"


def test_seed_demo_shows_the_work_after_the_visit(seed):
    """Findings of every kind with a draft waiting and one rejected; the overdue factual check
    the demo contact can comment on; a check answered with a correction kept in the history;
    and, once the report is published, the final action plan, answered evaluations and the
    progress review scheduled."""
    seed()
    seed()  # publishes the report rendered since the first run, and follows it up

    cleveland = Challenge.objects.get(authority__slug="cleveland")
    assert sorted(set(cleveland.findings.values_list("kind", flat=True))) == sorted(FindingKind.values)
    assert sorted(cleveland.findings.values_list("state", flat=True)).count("draft") == 1
    assert cleveland.findings.get(state="rejected").rejection_reason.startswith("The team did not look at the fleet")
    assert cleveland.findings.filter(template__isnull=False).count() == 1
    avon = FactualCheck.objects.get(challenge__authority__slug="avon")
    assert (avon.submitted_at, avon.deadline < timezone.localdate(), avon.comments.count()) == (None, True, 1)
    devon = Challenge.objects.get(authority__slug="devon-and-somerset")
    corrected = devon.findings.get(kind=FindingKind.RECOMMENDATION)
    assert corrected.text.startswith("Review the capacity of the protection team against the re-planned")
    assert corrected.history.first().history_change_reason == "Factual accuracy check: correction accepted"
    assert devon.action_plan.is_final and devon.action_plan.responses.get().actions.count() == 2
    assert devon.evaluations.filter(answered_at__isnull=False).count() == 2
    assert devon.progress_review.scheduled_for > timezone.localdate()
    hampshire = Challenge.objects.get(authority__slug="hampshire-and-isle-of-wight")
    assert (hampshire.status, hampshire.progress_review.assessments.count()) == (ChallengeStatus.PROGRESS_REVIEW, 1)
