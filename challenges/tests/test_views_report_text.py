"""The report's summary and approach (challenges/views/report_text.py, services/report_text.py):
written by those who record the findings, linked from the findings page, frozen with them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from challenges.choices import ChallengeStatus
from challenges.services.finding import FROZEN
from challenges.services.report_text import challenge_report_text_save
from peersupport.tests.html import error_summary, page

pytestmark = pytest.mark.integration

ROLES = ["lga_admin", "adviser", "lead_peer", "challenge_manager", "team_peer", "fra_contact", "other_peer_user"]
WRITE = {"lead_peer", "challenge_manager"}
WORDS = {"executive_summary": "Avon is **well led**.", "people_met": "- the chief fire officer", "places_visited": "Four stations."}


def _url(challenge):
    return f"/challenges/{challenge.pk}/findings/summary/"


@pytest.mark.parametrize("role", ROLES)
def test_report_text_page_only_for_those_who_record_findings(client, sign_in, challenge, challenge_manager, fra_contact, role):
    sign_in(role)

    response = client.get(_url(challenge))
    findings = client.get(f"/challenges/{challenge.pk}/findings/")

    assert response.status_code == (200 if role in WRITE else 404)
    link = f'href="{_url(challenge)}" data-testid="report-text-link">The report\'s summary and approach</a>'
    shows_link = link in page(findings)
    assert shows_link == (role in WRITE)


def test_report_text_saved_from_the_form(client, sign_in, challenge):
    user = sign_in("lead_peer")

    response = client.post(_url(challenge), {**WORDS, "executive_summary": "  Avon is **well led**.  "})

    challenge.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/challenges/{challenge.pk}/findings/"
    assert (challenge.executive_summary, challenge.people_met, challenge.places_visited) == tuple(WORDS.values())
    latest = challenge.history.first()
    assert (latest.history_user, latest.executive_summary) == (user, "Avon is **well led**.")
    assert client.get(_url(challenge)).context["form"].initial == WORDS


def test_report_text_too_long_shown_in_the_error_summary(client, sign_in, challenge):
    sign_in("lead_peer")

    response = client.post(_url(challenge), {**WORDS, "people_met": "x" * 2001})

    assert error_summary(response) == ["The kinds of people the team met must be 2,000 characters or fewer"]
    challenge.refresh_from_db()
    assert challenge.people_met == ""


def test_report_text_frozen_once_published(client, sign_in, challenge, lead_peer):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    sign_in("lead_peer")

    response = client.get(_url(challenge))
    with pytest.raises(ValidationError) as error:
        challenge_report_text_save(by=lead_peer.user, challenge=challenge, **WORDS)

    assert response.status_code == 302 and response["Location"] == f"/challenges/{challenge.pk}/findings/"
    assert error.value.messages == [FROZEN]
    assert error_summary(client.post(_url(challenge), WORDS)) == [FROZEN]


def test_report_text_refused_to_a_team_member_who_does_not_lead(challenge, team_peer):
    with pytest.raises(PermissionDenied):
        challenge_report_text_save(by=team_peer.user, challenge=challenge, **WORDS)

    challenge.refresh_from_db()
    assert challenge.executive_summary == ""
