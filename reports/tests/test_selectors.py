import pytest

from authorities.models import Authority
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportStatus
from reports.selectors import (
    report_latest_for_challenge,
    reports_publishable_by,
    reports_published,
    reports_published_for_authority,
    reports_visible_to,
)

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def reports(challenge):
    """An Avon challenge with a superseded and a ready version; a published Kent report;
    a ready Cornwall report."""
    return {
        "avon_v1": FeedbackReportFactory(challenge=challenge, version=1, published=True, status=ReportStatus.SUPERSEDED),
        "avon_v2": FeedbackReportFactory(challenge=challenge, version=2, ready=True),
        "kent": FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="kent")), published=True),
        "cornwall": FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="cornwall")), ready=True),
    }


def _names(reports, queryset):
    return sorted(name for name, report in reports.items() if report in set(queryset))


def test_reports_published_only_published(reports):
    assert _names(reports, reports_published()) == ["kent"]


def test_reports_published_for_authority_only_that_authority(reports, avon):
    published = FeedbackReportFactory(challenge=ChallengeFactory(authority=avon), published=True)

    assert list(reports_published_for_authority(authority=avon)) == [published]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", ["avon_v1", "avon_v2", "cornwall", "kent"]),
        ("adviser", ["avon_v1", "avon_v2", "cornwall", "kent"]),
        ("other_adviser", ["avon_v1", "kent"]),  # a superseded version stays public
        ("lead_peer", ["avon_v1", "avon_v2", "kent"]),
        ("team_peer", ["avon_v1", "avon_v2", "kent"]),
        ("other_peer_user", ["avon_v1", "kent"]),  # a superseded version stays public
        ("fra_contact", ["avon_v1", "kent"]),  # a superseded version stays public
        ("anonymous", ["avon_v1", "kent"]),  # a superseded version stays public
    ],
)
def test_reports_visible_to_each_role(reports, user_for, role, expected):
    assert _names(reports, reports_visible_to(user=user_for(role))) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", ["avon_v2", "cornwall"]),
        ("adviser", ["avon_v2", "cornwall"]),
        ("other_adviser", []),
        ("lead_peer", []),
        ("fra_contact", []),
        ("anonymous", []),
    ],
)
def test_reports_publishable_by_only_ready_reports_of_managed_challenges(reports, user_for, role, expected):
    assert _names(reports, reports_publishable_by(user=user_for(role))) == expected


def test_report_latest_for_challenge_highest_version(reports, challenge):
    assert report_latest_for_challenge(challenge=challenge) == reports["avon_v2"]
    assert report_latest_for_challenge(challenge=ChallengeFactory()) is None
