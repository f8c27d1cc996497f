import pytest

from challenges.choices import FindingArea, FindingKind, FindingState
from challenges.models import FindingTemplate
from challenges.selectors.finding import (
    area_order,
    challenges_drafted_by,
    challenges_findings_visible_to,
    findings_editable_by,
    findings_in_report,
    findings_page,
    recommendations_numbered,
    wording_library,
)
from challenges.selectors.follow_up import challenge_follow_up

from .factories import ChallengeFactory, FindingFactory

pytestmark = pytest.mark.integration


def _make(challenge, by, kind, area, position, state=FindingState.ACCEPTED, **extras):
    return FindingFactory(challenge=challenge, kind=kind, area=area, position=position, state=state, recorded_by=by, **extras)


def test_area_order_focus_areas_first_then_the_framework_then_older_areas(db):
    challenge = ChallengeFactory.build(focus_areas=[FindingArea.RESPONSE, FindingArea.PREVENTION])

    order = area_order(challenge)

    assert order[:3] == [FindingArea.RESPONSE, FindingArea.PREVENTION, FindingArea.COMMUNITY_RISK_MANAGEMENT]
    assert order[-2:] == [FindingArea.AUTHORITY_PRIORITY, FindingArea.CALL_MANAGEMENT]
    assert sorted(order) == sorted(FindingArea.values)


def test_findings_in_report_by_area_then_place_recommendations_numbered(challenge, lead_peer, team_peer):
    challenge.focus_areas = [FindingArea.PROTECTION]
    challenge.save()
    by = lead_peer.user
    late = _make(challenge, by, FindingKind.RECOMMENDATION, FindingArea.PREVENTION, 2)
    early = _make(challenge, by, FindingKind.STRENGTH, FindingArea.PREVENTION, 1)
    focus = _make(challenge, by, FindingKind.RECOMMENDATION, FindingArea.PROTECTION, 5)
    _make(challenge, team_peer.user, FindingKind.RECOMMENDATION, FindingArea.PROTECTION, 0, state=FindingState.DRAFT)

    report = findings_in_report(challenge=challenge)

    assert [(f.pk, f.number) for f in report] == [(focus.pk, 1), (early.pk, None), (late.pk, 2)]
    assert [f.pk for f in recommendations_numbered(challenge=challenge)] == [focus.pk, late.pk]


def test_findings_page_lead_sees_every_draft_member_their_own(challenge, lead_peer, team_peer, challenge_manager):
    accepted = _make(challenge, lead_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 1)
    mine = _make(challenge, team_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.DRAFT)
    theirs = _make(challenge, challenge_manager.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.DRAFT)
    rejected = _make(challenge, team_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.REJECTED, rejection_reason="No")

    lead, member = findings_page(challenge=challenge, user=lead_peer.user), findings_page(challenge=challenge, user=team_peer.user)

    assert [f.pk for f in lead.drafts] == [mine.pk, theirs.pk]
    assert ([f.pk for f in member.drafts], [f.pk for f in member.rejected]) == ([mine.pk], [rejected.pk])
    assert [[f.pk for f in area["findings"]] for area in member.areas] == [[accepted.pk]]
    assert [c["text"] for c in lead.counts] == ["1 strength", "0 areas for consideration", "0 recommendations", "0 notable practice"]
    assert (lead.areas[0]["findings"][0].first_in_area, lead.areas[0]["findings"][0].last_in_area) == (True, True)


def test_findings_summary_counts_kinds_and_drafts_in_one_query(challenge, lead_peer, team_peer, django_assert_num_queries):
    for kind in (FindingKind.STRENGTH, FindingKind.STRENGTH, FindingKind.RECOMMENDATION):
        _make(challenge, lead_peer.user, kind, FindingArea.PREVENTION, 1)
    _make(challenge, team_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.DRAFT)

    with django_assert_num_queries(1):
        summary = challenge_follow_up(challenge=challenge)["findings"]

    assert ([c["text"] for c in summary["counts"]], summary["drafts"], summary["total"]) == (
        ["2 strengths", "0 areas for consideration", "1 recommendation", "0 notable practice"], 1, 3,
    )


@pytest.mark.parametrize(
    ("role", "sees", "drafts"),
    [
        ("lga_admin", True, False), ("adviser", True, False), ("other_adviser", False, False), ("lead_peer", True, True),
        ("team_peer", True, True), ("other_peer_user", False, False), ("fra_contact", False, False),
    ],
)
def test_challenges_scoped_by_role(challenge, team_peer, user_for, role, sees, drafts):
    user = user_for(role)

    assert (challenge in challenges_findings_visible_to(user=user), challenge in challenges_drafted_by(user=user)) == (sees, drafts)


def test_findings_editable_by_lead_all_but_rejected_member_own_drafts(challenge, lead_peer, team_peer):
    accepted = _make(challenge, lead_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 1)
    draft = _make(challenge, team_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.DRAFT)
    _make(challenge, team_peer.user, FindingKind.STRENGTH, FindingArea.PREVENTION, 0, state=FindingState.REJECTED, rejection_reason="No")

    assert set(findings_editable_by(user=lead_peer.user, challenge=challenge)) == {accepted, draft}
    assert list(findings_editable_by(user=team_peer.user, challenge=challenge)) == [draft]


def test_wording_library_counts_uses_and_is_empty_for_the_authority(challenge, lead_peer, lga_admin, fra_contact):
    used = FindingTemplate.objects.create(kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Good.", saved_by=lga_admin)
    FindingTemplate.objects.create(kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Unused.", saved_by=lga_admin)
    FindingFactory.create_batch(2, challenge=challenge, template=used, recorded_by=lead_peer.user)

    assert sorted(e.usage for e in wording_library(user=lead_peer.user)) == [0, 2]
    assert list(wording_library(user=fra_contact)) == []
