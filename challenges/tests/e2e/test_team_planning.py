"""Planning a quarter's peer teams in a real browser: the principal adviser plans every open place
of the quarter's challenges from a pool of peers at once, pins a lead peer and rules a peer out
(the pin holds through every re-plan), and sends the invitations; a peer declines from the
email's link, and re-planning that challenge fills the empty place alone; the peers accept, the
adviser confirms the challenge with a team that meets its composition rules, and the
authority's contact sees the team. axe-core audits every page."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.models import Authority, Peer, Specialism
from authorities.tests.factories import (
    PASSWORD,
    FraContactFactory,
    PeerFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
)
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.forms.plan import next_quarter
from challenges.models import TeamBan, TeamMembership
from challenges.selectors.team import team_active
from challenges.services.team import team_invitation_answer
from challenges.tests.factories import ChallengeFactory
from challenges.tests.journeys import monday_in
from peersupport.models import OutboxEmail

from .pages import ChallengePages

pytestmark = pytest.mark.e2e

# The quarter after next: the planner opens on the next quarter, so the adviser chooses this one.
QUARTER_FROM, QUARTER_TO = next_quarter(next_quarter()[0])
INVITATION_LINK = re.compile(r"Please accept or decline here \(no sign-in needed\): (\S+)")
DECLINE_REASON = "I am leading our own inspection preparation that week."


def _monday_from(after, *, latest):
    """The first Monday from `after` whose week and the next three have no bank holiday
    (journeys.monday_in); or, where bank holidays push that after `latest` (in April and May),
    the first Monday from `after`."""
    weeks = max(0, (after - monday_in(0)).days // 7)
    while (monday := monday_in(weeks)) < after:
        weeks += 1
    if monday > latest:
        monday = after + datetime.timedelta(days=-after.weekday() % 7)
    assert monday <= latest, "the visits must fall in the quarter planned"
    return monday


def _challenge(slug, challenge_type, start, adviser, **extra):
    """A challenge being scoped, its dates agreed, with no team yet."""
    return ChallengeFactory(
        authority=Authority.objects.get(slug=slug), challenge_type=challenge_type, status=ChallengeStatus.SCOPING,
        start_date=start, end_date=start + datetime.timedelta(days=3), principal_adviser=adviser, **extra,
    )


def _pool():
    """About 25 peers from outside the South West (so that none has a soft conflict with its
    challenges): officer peers (three who can lead, two who know protection), member peers of
    two political groups (two who can lead), peers from beyond the sector and LGA challenge
    managers. Those who can lead sign in, to answer from their home page."""
    protection = Specialism.objects.get(code="protection")
    homes = ["kent", "merseyside", "lancashire", "cheshire", "derbyshire", "leicestershire", "london",
             "lincolnshire", "nottinghamshire", "cumbria", "greater-manchester", "bedfordshire"]
    authorities = {authority.slug: authority for authority in Authority.objects.filter(slug__in=homes)}
    home = iter(authorities[slug] for slug in homes * 3)
    peers = []

    def peer(name, peer_type, **extra):
        if extra.pop("login", False):
            extra["user"] = PeerUserFactory(email=f"{name.lower().replace(' ', '.')}@example.org", full_name=name)
        if peer_type in (PeerType.OFFICER, PeerType.MEMBER):
            extra["home_authority"] = next(home)
        else:
            extra["home_authority"] = None
        peers.append(PeerFactory(full_name=name, peer_type=peer_type, **extra))
        return peers[-1]

    for name, can_lead in [("Aisha Khan", True), ("Ben Carter", True), ("Chloe Evans", True), ("Daniel Hughes", False),
                           ("Emma Lewis", False), ("Farid Malik", False), ("Grace Owen", False), ("Harry Price", False),
                           ("Isla Reid", False), ("Jack Turner", False), ("Kiran Patel", False), ("Laura Ward", False)]:
        peer(name, PeerType.OFFICER, can_lead=can_lead, login=can_lead)
    for officer in peers[4:6]:
        officer.specialisms.add(protection)
    for name, group, can_lead in [("Cllr Mary Adams", PoliticalGroup.LABOUR, True),
                                  ("Cllr Nigel Brooks", PoliticalGroup.CONSERVATIVE, True),
                                  ("Cllr Olivia Clarke", PoliticalGroup.LABOUR, False),
                                  ("Cllr Peter Dixon", PoliticalGroup.CONSERVATIVE, False),
                                  ("Cllr Rosa Ellis", PoliticalGroup.LABOUR, False),
                                  ("Cllr Simon Fox", PoliticalGroup.CONSERVATIVE, False)]:
        peer(name, PeerType.MEMBER, political_group=group, can_lead=can_lead, login=can_lead)
    for name, organisation in [("Tom Gray", "Environment Agency"), ("Uma Hill", "NHS England"),
                               ("Victor Ito", "Local Government Association board")]:
        peer(name, PeerType.BEYOND_SECTOR, home_organisation=organisation)
    for name in ["Wendy Jones", "Xavier King", "Yasmin Lowe", "Zoe Moss"]:
        peer(name, PeerType.CHALLENGE_MANAGER)
    return peers


def _place_row(section, value):
    """The row of a plan's place, found by its checkbox's value (challenge id:peer id:role)."""
    return section.get_by_test_id("place").filter(has=section.page.locator(f'input[name="places"][value="{value}"]'))


def _ticked(page):
    return page.locator('input[name="places"]:checked').evaluate_all("boxes => boxes.map(box => box.value)")


def _invitation_path(peer):
    """The link in the peer's invitation email, as the outbox holds it: its path on this site."""
    email = OutboxEmail.objects.filter(recipients=peer.email, subject__startswith="Invitation to a peer team").latest("id")
    return urlsplit(INVITATION_LINK.search(email.body).group(1)).path


def test_adviser_plans_a_quarter_and_confirms_a_team_after_a_decline(browser_page, transactional_db):
    page, audit = browser_page
    adviser = PrincipalAdviserFactory(email="adviser@example.org", full_name="Priya Shah", region=Region.SOUTH_WEST)
    FraContactFactory(email="contact@example.org", authority=Authority.objects.get(slug="avon"))
    _pool()
    first_week = _monday_from(QUARTER_FROM + datetime.timedelta(days=7), latest=QUARTER_TO - datetime.timedelta(weeks=6))
    later_week = _monday_from(first_week + datetime.timedelta(weeks=4), latest=QUARTER_TO - datetime.timedelta(days=3))
    # Avon and Devon & Somerset on site the same week: no peer can be on both teams.
    avon = _challenge("avon", ChallengeType.OPERATIONAL_ASSESSMENT, first_week, adviser)
    devon = _challenge("devon-and-somerset", ChallengeType.LEADERSHIP_GOVERNANCE, first_week, adviser)
    gloucestershire = _challenge("gloucestershire", ChallengeType.DEEP_DIVE, later_week, adviser, theme="Protection")
    service = ChallengePages(page, audit, PASSWORD)

    # 1. The adviser opens the planner (on the next quarter, with nothing to plan) and chooses the quarter.
    service.sign_in(adviser.email).open(reverse("challenges:team-plan"))
    assert service.heading() == "Plan peer teams"
    assert page.get_by_test_id("plan-empty").is_visible()
    service.fill_date("From", QUARTER_FROM)
    service.fill_date("To", QUARTER_TO)
    service.press("Plan teams")
    sections = {challenge: page.get_by_test_id(f"plan-{challenge.pk}") for challenge in (avon, devon, gloucestershire)}
    # Every place of the three teams filled: 6 for the operational assessment, 4 for each of the others.
    assert [sections[c].get_by_test_id("place").count() for c in (avon, devon, gloucestershire)] == [6, 4, 4]
    assert page.get_by_test_id("unfilled").count() == 0
    planned = _ticked(page)
    assert len(planned) == 14
    # No peer on both teams of the same week.
    on_site_first_week = [value.split(":")[1] for value in planned if int(value.split(":")[0]) in (avon.pk, devon.pk)]
    assert len(on_site_first_week) == len(set(on_site_first_week)) == 10

    # 2. They pin Avon's lead peer, and rule out the member peer the plan gave Avon.
    lead_value = next(value for value in planned if value.startswith(f"{avon.pk}:") and value.endswith(":lead_peer"))
    lead = Peer.objects.get(pk=int(lead_value.split(":")[1]))
    service.navigate_by(_place_row(sections[avon], lead_value).get_by_test_id("pin"))
    assert service.notification() == f"{lead} pinned as lead peer for Avon: every plan keeps them there"
    member_value = next(value for value in _ticked(page) if value.startswith(f"{avon.pk}:") and value.endswith(":member_peer"))
    member = Peer.objects.get(pk=int(member_value.split(":")[1]))
    service.navigate_by(_place_row(sections[avon], member_value).get_by_test_id("ban"))
    assert service.heading() == f"Rule out {member}"
    page.get_by_label("Why rule them out (optional)").fill("Chairs the fire authority next door to Avon's.")
    service.press("Rule them out")
    assert service.notification() == f"{member} is ruled out for Avon: no plan will offer them"

    # 3. They plan again: the pin holds, and the peer ruled out is not offered.
    service.press("Plan teams")
    lead_row = _place_row(sections[avon], lead_value)
    assert lead_row.locator(".govuk-tag").inner_text() == "Pinned"
    assert lead_row.get_by_test_id("unpin").is_visible()
    replanned = _ticked(page)
    assert len(replanned) == 14 and lead_value in replanned
    assert not any(value.split(":")[1] == str(member.pk) for value in replanned if value.startswith(f"{avon.pk}:"))
    assert sections[avon].get_by_test_id("bans").inner_text().startswith(f"{member}: Chairs the fire authority")
    assert TeamBan.objects.filter(challenge=avon, peer=member).exists()

    # 4. They accept the whole plan: each peer is invited by email, through the outbox.
    service.press("Send invitations for the places ticked")
    assert service.notification().startswith("14 invitations sent: ")
    invited = TeamMembership.objects.filter(state=PlaceState.INVITED).select_related("peer")
    assert sorted(f"{place.challenge_id}:{place.peer_id}:{place.role}" for place in invited) == sorted(replanned)
    invitations = OutboxEmail.objects.filter(subject__startswith="Invitation to a peer team")
    assert sorted(email.recipients for email in invitations) == sorted(place.peer.email for place in invited)
    service.sign_out()

    # 5. An officer peer on Avon's team declines from the link in their email, without signing in.
    declined = avon.team.filter(role=TeamRole.OFFICER_PEER).select_related("peer").order_by("pk").first()
    link = _invitation_path(declined.peer)
    assert link == reverse("challenges:invitation-answer", args=[declined.invitation_token])
    service.open(link)
    assert service.heading() == "Avon Fire Authority"
    service.answer_invitation(accept=False, reason=DECLINE_REASON)
    assert service.notification() == "Thank you: you have declined, and the principal adviser has been told"
    assert page.get_by_test_id("invitation-answer").inner_text().endswith(DECLINE_REASON)

    # 6. The adviser sees the decline on the team page and plans Avon's team again: only the
    #    empty place is filled, and the page says whom the new peer replaces.
    service.sign_in(adviser.email).open_challenge("Avon")
    service.open_team()
    assert f"Declined: {DECLINE_REASON}" in page.get_by_test_id("team-places").inner_text()
    service.navigate_by(page.get_by_test_id("team-plan"))
    assert parse_qs(urlsplit(page.url).query)["challenge"] == [str(avon.pk)]
    assert page.get_by_test_id("plan-replanning").is_visible()
    assert page.get_by_test_id(f"plan-{devon.pk}").count() == 0
    refill = _ticked(page)
    assert len(refill) == 1 and refill[0].startswith(f"{avon.pk}:") and refill[0].endswith(":officer_peer")
    new_row = _place_row(page.get_by_test_id(f"plan-{avon.pk}"), refill[0])
    assert new_row.get_by_test_id("place-change").inner_text() == f"New: in place of {declined.peer}, who declined"
    held = page.get_by_test_id(f"plan-{avon.pk}").get_by_test_id("place").locator(".govuk-tag").all_inner_texts()
    assert sorted(held) == ["Invited"] * 5 + ["Suggested"]
    service.press("Send invitations for the places ticked")
    replacement = avon.team.get(peer_id=int(refill[0].split(":")[1]), state=PlaceState.INVITED)
    assert service.notification() == f"1 invitation sent: {replacement.peer} (Avon, officer peer)"
    assert TeamMembership.objects.filter(state=PlaceState.INVITED).count() == 14
    service.sign_out()

    # 7. The pinned lead peer accepts from their home page; the rest of Avon's team answer too.
    service.sign_in(lead.user.email)
    service.follow(f"Avon: {ChallengeType.OPERATIONAL_ASSESSMENT.label}", within=page.get_by_test_id("peer-invitations"))
    service.answer_invitation(accept=True)
    assert service.notification() == "Thank you: you have accepted your place as lead peer"
    service.sign_out()
    for place in avon.team.filter(state=PlaceState.INVITED):
        team_invitation_answer(place=place, accept=True)

    # 8. The adviser confirms Avon's challenge: its team meets every composition rule.
    service.sign_in(adviser.email).open_challenge("Avon")
    service.press("Confirm the booking")
    service.press("Confirm the booking")
    assert service.notification() == "The challenge is now ‘Confirmed’"
    assert page.get_by_test_id("challenge-status").inner_text() == "Confirmed"
    service.open_team()
    checklist = page.get_by_test_id("team-checklist").locator("li")
    assert checklist.count() >= 4
    assert checklist.locator(".govuk-task-list__status").all_inner_texts() == ["Met"] * checklist.count()
    avon.refresh_from_db()
    assert avon.status == ChallengeStatus.CONFIRMED
    service.sign_out()

    # 9. Avon's contact sees the team: names, roles and organisations; not the peer who declined.
    service.sign_in("contact@example.org").open(avon.get_absolute_url())
    service.open_team()
    assert service.heading() == "Your proposed peer team"
    team = [[place.peer.full_name, place.get_role_display(), place.peer.home_display] for place in team_active(challenge=avon)]
    assert len(team) == 6 and all(place.state == PlaceState.ACCEPTED for place in team_active(challenge=avon))
    assert [row[:3] for row in service.table_rows("team-places")] == team
    assert declined.peer.full_name not in page.get_by_test_id("team-places").inner_text()
