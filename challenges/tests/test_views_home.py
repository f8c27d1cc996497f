"""Each role's home page shows its work (challenges/selectors/home.py through the
challenge_tags.your_work tag on the home page)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType, TeamRole
from peersupport.tests.forms import short_date
from peersupport.tests.html import page, section_text, visible_text

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def programme(avon, lead_peer):
    """A challenge of Avon (South West) at each stage, and one in Lancashire (North West)."""
    made = {
        "requested": ChallengeFactory(authority=avon, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None,
                                      requested_on=TODAY - datetime.timedelta(days=3)),
        "scoping": ChallengeFactory(authority=Authority.objects.get(slug="cornwall"), status=ChallengeStatus.SCOPING,
                                    start_date=None, end_date=None, challenge_type=ChallengeType.DEEP_DIVE),
        "soon": ChallengeFactory(authority=Authority.objects.get(slug="gloucestershire"), start_date=SOON,
                                 end_date=SOON + datetime.timedelta(days=3)),
        "drafting": ChallengeFactory(authority=avon, status=ChallengeStatus.FACTUAL_CHECK, start_date=datetime.date(2026, 3, 9),
                                     end_date=datetime.date(2026, 3, 12), late_step="Publication was due by 12 June 2026, 3 months after the visit"),
        "elsewhere": ChallengeFactory(authority=Authority.objects.get(slug="lancashire"), status=ChallengeStatus.REQUESTED,
                                      start_date=None, end_date=None),
    }
    TeamMembershipFactory(challenge=made["soon"], peer=lead_peer, role=TeamRole.LEAD_PEER)
    return made


def test_home_adviser_sees_their_regions_work(client, sign_in, programme):
    adviser = sign_in("adviser")

    response = client.get("/")

    text = visible_text(response)
    assert f"You are signed in as {adviser.full_name}, principal adviser for South West." in text
    assert section_text(response, "requests-waiting") == (
        "Requests waiting 1 Avon: Operational Assessment and fire peer challenge To be agreed · Requested · "
        "The principal adviser takes on the request"
    )
    assert section_text(response, "to-scope") == (
        "Challenges to scope 1 Cornwall: Deep-dive themed peer challenge To be agreed · Scoping · "
        "Agree the scope and dates, then confirm the booking"
    )
    assert section_text(response, "visits-soon") == (
        f"Visits in the next 90 days 1 Gloucestershire: Operational Assessment and fire peer challenge "
        f"{short_date(SOON)} to {short_date(SOON + datetime.timedelta(days=3))} · Confirmed · The team goes on site"
    )
    assert section_text(response, "teams-incomplete").startswith("Teams not yet complete 2 Cornwall")
    assert section_text(response, "reports-waiting") == (
        "Reports waiting for publication 1 Avon: Operational Assessment and fire peer challenge 9 Mar 2026 to 12 Mar 2026 · "
        "Factual accuracy check · Late: Publication was due by 12 June 2026, 3 months after the visit"
    )
    assert section_text(response, "running-late").startswith("Steps running late 1 Avon")
    assert "Lancashire" not in text
    assert 'href="/challenges/book/"' in page(response)


def test_home_adviser_sees_factual_checks_overdue(client, sign_in, programme):
    from .factories import FactualCheckFactory

    due = TODAY - datetime.timedelta(days=2)
    FactualCheckFactory(challenge=programme["drafting"], deadline=due)
    FactualCheckFactory(challenge__authority=programme["drafting"].authority, deadline=TODAY)  # due today: not yet overdue
    sign_in("adviser")

    response = client.get("/")

    assert section_text(response, "factual-checks-overdue") == (
        "Factual accuracy checks overdue 1 Avon: Operational Assessment and fire peer challenge 9 Mar 2026 to 12 Mar 2026 · "
        f"Factual accuracy check · Late: The authority's factual accuracy check was due on {short_date(due)}"
    )


def test_home_submitted_factual_check_is_not_overdue(client, sign_in, programme, fra_contact):
    from .factories import FactualCheckFactory

    FactualCheckFactory(
        challenge=programme["drafting"], deadline=TODAY - datetime.timedelta(days=2), submitted_at=timezone.now(), submitted_by=fra_contact
    )
    sign_in("adviser")

    assert section_text(client.get("/"), "factual-checks-overdue") == "Factual accuracy checks overdue 0 None at the moment."


def test_home_lga_admin_sees_the_work_nationally(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/")

    assert section_text(response, "requests-waiting").startswith("Requests waiting 2 Avon")
    assert "Lancashire" in section_text(response, "requests-waiting")


def test_home_section_lists_five_and_links_to_all(client, sign_in, avon):
    for _ in range(7):
        ChallengeFactory(authority=avon, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None)
    sign_in("adviser")

    response = client.get("/")

    section = section_text(response, "requests-waiting")
    assert section.startswith("Requests waiting 7 ")
    assert section.count("Avon: ") == 5
    assert section.endswith("See all 7 requests waiting")
    assert 'href="/challenges/?status=requested&amp;sort=requested"' in page(response)


def test_home_empty_sections_say_so(client, sign_in):
    sign_in("other_adviser")

    response = client.get("/")

    assert section_text(response, "requests-waiting") == "Requests waiting 0 None at the moment."


def test_home_peer_sees_their_visits(client, sign_in, programme):
    sign_in("lead_peer")

    response = client.get("/")

    assert section_text(response, "peer-visits").startswith("Your visits coming up 1 Gloucestershire")
    assert "/challenges/book/" not in page(response)
    assert 'href="/challenges/">Challenges you are on</a>' in page(response)


def test_home_fra_contact_sees_their_authoritys_challenges_and_can_ask(client, sign_in, programme):
    contact = sign_in("fra_contact")

    response = client.get("/")

    assert f"You are signed in as {contact.full_name}, fire and rescue authority contact for Avon Fire Authority" in visible_text(response)
    section = section_text(response, "authority-challenges")
    assert section.startswith("Your authority's challenges 2 Avon")
    assert "The principal adviser takes on the request" in section
    assert 'href="/challenges/ask/"' in page(response)
    assert "/challenges/book/" not in page(response)


@pytest.mark.parametrize("role", ["adviser", "lga_admin", "lead_peer", "fra_contact"])
def test_home_queries_do_not_grow_with_the_programme(client, sign_in, avon, lead_peer, role):
    sign_in(role)
    ChallengeFactory(authority=avon, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(8):
        ChallengeFactory(authority=avon, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None)
        TeamMembershipFactory(challenge=ChallengeFactory(authority=avon, start_date=SOON, end_date=SOON), peer=lead_peer)
    with CaptureQueriesContext(connection) as many:
        client.get("/")

    assert len(many) == len(few)


def test_home_fra_contact_sees_the_draft_to_check_and_the_action_plan_to_write(client, sign_in, programme, fra_contact, avon):
    from .factories import FactualCheckFactory

    due = TODAY - datetime.timedelta(days=1)
    FactualCheckFactory(challenge=programme["drafting"], deadline=due)
    published = ChallengeFactory(authority=avon, status=ChallengeStatus.PUBLISHED, start_date=datetime.date(2025, 9, 8),
                                 end_date=datetime.date(2025, 9, 11))
    sign_in("fra_contact")

    response = client.get("/")

    assert section_text(response, "authority-checks") == (
        "Draft reports to check 1 Avon: Operational Assessment and fire peer challenge 9 Mar 2026 to 12 Mar 2026 · "
        f"Factual accuracy check · Late: Your factual accuracy check was due on {short_date(due)}"
    )
    assert f'href="/challenges/{programme["drafting"].pk}/factual-check/"' in page(response)
    assert section_text(response, "authority-plans") == (
        "Action plans to write 1 Avon: Operational Assessment and fire peer challenge 8 Sep 2025 to 11 Sep 2025 · "
        "Report published · Respond to the report's recommendations"
    )
    assert f'href="/challenges/{published.pk}/action-plan/"' in page(response)
