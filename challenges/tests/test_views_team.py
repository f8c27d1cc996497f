"""The team pages: what each person sees of a challenge's team, finding and proposing peers,
sending the invitations, withdrawing a place, the authority's concerns and their answers, and
letting a team break its composition rules."""

import html
import re

import pytest
from django.urls import NoReverseMatch, reverse

from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import PlaceState, TeamRole
from challenges.models import TeamConcern, TeamMembership
from peersupport.tests.html import error_summary, inline_code, notifications, page, visible_text

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

def _place(challenge, name, role=TeamRole.OFFICER_PEER, state=PlaceState.ACCEPTED, **kwargs):
    peer = PeerFactory(full_name=name, **{key: kwargs.pop(key) for key in ("home_authority",) if key in kwargs})
    return TeamMembershipFactory(challenge=challenge, peer=peer, role=role, state=state, **kwargs)


@pytest.fixture
def places(challenge):
    """A proposed officer peer chosen despite a soft conflict, and one who declined."""
    return {
        "proposed": _place(
            challenge, "Ola Nowak", state=PlaceState.PROPOSED, soft_conflicts="From the same region as the authority (South West)",
            soft_conflict_reason="Knows protection best", home_authority=Authority.objects.get(slug="cornwall"),
        ),
        "declined": _place(challenge, "Dev Patel", state=PlaceState.DECLINED, decline_reason="On leave that week"),
    }


def _team(challenge):
    return f"/challenges/{challenge.pk}/team/"


def element_text(response, testid):
    """The text of the element with `data-testid` (a table, a list), tags removed, whitespace
    collapsed: counts the element's own kind of tag, opened and closed, to find its end."""
    content = page(response)
    match = re.search(rf'<(\w+)\b[^>]*data-testid="{re.escape(testid)}"', content)
    assert match, f"The page has no {testid}"
    name, start = match.group(1), match.start()
    depth, position = 0, start
    opening, closing = re.compile(rf"<{name}\b"), re.compile(rf"</{name}>")
    while True:
        next_open = opening.search(content, position)
        next_close = closing.search(content, position)
        if next_open and next_open.start() < next_close.start():
            depth += 1
            position = next_open.end()
        else:
            depth -= 1
            position = next_close.end()
            if depth == 0:
                break
    inner = content[start:position]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())


# The team page, by role


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("fra_contact", 200), ("other_fra_contact", 404),
    ("team_peer", 200), ("other_peer_user", 404),
])
def test_team_page_by_role(client, sign_in, challenge, team_peer, role, status):
    sign_in(role)

    assert client.get(_team(challenge)).status_code == status


def test_team_page_anonymous_sent_to_sign_in(client, challenge):
    response = client.get(_team(challenge))

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={_team(challenge)}")


def test_team_page_peer_invited_but_not_accepted_not_found(client, sign_in, challenge):
    user = sign_in("other_peer_user")
    TeamMembershipFactory(challenge=challenge, peer=user.peer, state=PlaceState.INVITED)

    assert client.get(_team(challenge)).status_code == 404


def test_team_page_for_managers_shows_the_checklist(client, sign_in, challenge, lead_peer, places):
    sign_in("adviser")

    text = element_text(client.get(_team(challenge)), "team-checklist")

    assert text == (
        f"A lead peer {lead_peer.full_name} Met "
        "At least one member peer 0 member peers accepted Not met "
        "At least two officer peers 1 officer peer accepted, 1 waiting for an answer Not met "
        "An LGA challenge manager 0 challenge managers accepted Not met"
    )


def test_team_page_for_managers_shows_every_place_with_its_notes(client, sign_in, challenge, lead_peer, places):
    sign_in("adviser")

    text = element_text(client.get(_team(challenge)), "team-places")

    assert text == (
        "Places on the team Name Role Organisation State Notes Action "
        f"{lead_peer.full_name} Lead peer Kent Accepted Withdraw {lead_peer.full_name} "
        "Dev Patel Officer peer Merseyside Declined Declined: On leave that week "
        "Ola Nowak Officer peer Cornwall Proposed Conflicts: From the same region as the authority (South West) "
        "Chosen because: Knows protection best Withdraw Ola Nowak"
    )


def test_team_page_for_managers_links_each_open_place_to_its_suggestions(client, sign_in, challenge, places):
    sign_in("adviser")

    response = client.get(_team(challenge))

    assert element_text(response, "team-open-places") == (
        "Open places Role Action Member peer Find peers for the place of member peer "
        "Officer peer Find peers for the place of officer peer "
        "Peer from beyond the sector Find peers for the place of peer from beyond the sector "
        "LGA challenge manager Find peers for the place of LGA challenge manager"
    )
    assert f'href="/challenges/{challenge.pk}/team/add/?role=member_peer"' in page(response)


def test_team_page_send_invitations_only_with_proposed_places(client, sign_in, challenge, places):
    sign_in("adviser")

    with_proposed = client.get(_team(challenge))
    places["proposed"].state = PlaceState.INVITED
    places["proposed"].save()
    without = client.get(_team(challenge))

    button = f'action="/challenges/{challenge.pk}/team/invitations/"'
    assert (button in page(with_proposed), button in page(without)) == (True, False)


def test_team_page_plan_link_for_lga_staff(client, sign_in, challenge):
    sign_in("adviser")

    response = client.get(_team(challenge))

    try:
        plan_url = reverse("challenges:team-plan")
    except NoReverseMatch:  # the planner's page is another change's; until it is there, no link
        assert 'data-testid="team-plan"' not in page(response)
    else:
        assert f'href="{plan_url}?challenge={challenge.pk}"' in page(response)


def test_team_page_override_link_for_lga_admins_only(client, sign_in, challenge):
    link = f'href="/challenges/{challenge.pk}/team/rules/override/"'
    sign_in("adviser")
    for_adviser = page(client.get(_team(challenge)))
    sign_in("lga_admin")
    for_admin = page(client.get(_team(challenge)))

    assert (link in for_adviser, link in for_admin) == (False, True)


def test_team_page_shows_the_override_and_who_agreed_it(client, sign_in, challenge, lga_admin):
    challenge.team_rules_override_reason = "No member peer free this spring"
    challenge.team_rules_overridden_by = lga_admin
    challenge.save()
    sign_in("adviser")

    response = client.get(_team(challenge))

    assert element_text(response, "team-override-detail") == (
        f"Reason No member peer free this spring Agreed by {lga_admin.full_name}"
    )
    assert "/team/rules/override/" not in page(response)


def test_team_page_for_the_authority_shows_the_proposed_team_only(client, sign_in, challenge, lead_peer, places):
    sign_in("fra_contact")

    response = client.get(_team(challenge))

    assert element_text(response, "team-places") == (
        "The proposed team Name Role Organisation Concern "
        f"{lead_peer.full_name} Lead peer Kent Raise a concern about {lead_peer.full_name} "
        "Ola Nowak Officer peer Cornwall Raise a concern about Ola Nowak"
    )
    text = visible_text(response)
    assert ("Dev Patel" in text, "On leave" in text, "same region" in text, "Knows protection" in text) == (False,) * 4
    assert ("Composition rules" in text, "Withdraw" in text, "Find peers" in text) == (False,) * 3


def test_team_page_for_the_authority_never_shows_contact_details(client, sign_in, challenge, lead_peer, places):
    lead_peer.phone = "01632 960123"
    lead_peer.save()
    sign_in("fra_contact")

    content = page(client.get(_team(challenge)))

    peers = [lead_peer, places["proposed"].peer, places["declined"].peer]
    assert [peer.email in content for peer in peers] + ["960123" in content] == [False] * 4


def test_team_page_for_a_team_peer_shows_names_roles_organisations_and_states(client, sign_in, challenge, lead_peer, team_peer, places):
    team_peer.full_name = "Zoe Young"  # after Ola Nowak, as places of one role are in the order of names
    team_peer.save()
    sign_in("team_peer")

    response = client.get(_team(challenge))

    assert element_text(response, "team-places") == (
        "Places on the team Name Role Organisation State "
        f"{lead_peer.full_name} Lead peer Kent Accepted "
        "Ola Nowak Officer peer Cornwall Proposed "
        "Zoe Young Officer peer Merseyside Accepted"
    )
    text = visible_text(response)
    assert ("same region" in text, "Dev Patel" in text, "Withdraw" in text, "Raise a concern" in text) == (False,) * 4


@pytest.mark.parametrize("path", [
    "team/", "team/add/?role=officer_peer&q=o", "team/add/{peer}/?role=officer_peer", "team/invitations/",
    "team/places/{place}/withdraw/", "team/concerns/{concern}/answer/",
])
def test_team_pages_have_no_inline_code(client, sign_in, challenge, places, concern, path):
    sign_in("lga_admin")

    response = client.get(f"/challenges/{challenge.pk}/" + path.format(peer=places["proposed"].peer_id, place=places["proposed"].pk, concern=concern.pk))

    assert (response.status_code, inline_code(response)) == (200, [])


def test_team_page_shows_hostile_text_escaped(client, sign_in, challenge):
    _place(challenge, "Ann Lee", state=PlaceState.DECLINED, decline_reason="<script>alert(1)</script>")
    sign_in("adviser")

    content = page(client.get(_team(challenge)))

    assert ("<script>alert(1)" in content, "&lt;script&gt;alert(1)&lt;/script&gt;" in content) == (False, True)


@pytest.mark.parametrize(("role", "queries"), [("adviser", 7), ("fra_contact", 8), ("team_peer", 8)])
def test_team_page_queries_do_not_grow_with_places(client, sign_in, challenge, team_peer, django_assert_num_queries, role, queries):
    sign_in(role)
    client.get(_team(challenge))  # the session and the user, read once

    for count in (1, 6):
        for n in range(count):
            place = _place(challenge, f"Peer {count}-{n}", state=PlaceState.PROPOSED)
            TeamConcern.objects.create(place=place, reason="Worked here before", raised_by=place.added_by)
        with django_assert_num_queries(queries):
            response = client.get(_team(challenge))
        assert response.status_code == 200


# Finding and proposing peers for a place


@pytest.fixture
def pool(challenge):
    """Officer peers: one from another region, one from the authority's region (a soft
    conflict), one from the authority itself (a hard conflict)."""
    return {
        "amy": PeerFactory(full_name="Amy Brook"),
        "cara": PeerFactory(full_name="Cara Dunn", home_authority=Authority.objects.get(slug="gloucestershire")),
        "bob": PeerFactory(full_name="Bob Avonside", home_authority=challenge.authority),
    }


def _add(challenge, query=""):
    return f"/challenges/{challenge.pk}/team/add/{query}"


def _propose(challenge, peer, role=TeamRole.OFFICER_PEER):
    return f"/challenges/{challenge.pk}/team/add/{peer.pk}/?role={role}"


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("fra_contact", 404), ("team_peer", 404), ("lead_peer", 404),
])
def test_suggestions_page_by_role(client, sign_in, challenge, team_peer, role, status):
    sign_in(role)

    assert client.get(_add(challenge, "?role=officer_peer")).status_code == status


def test_suggestions_ranked_with_reasons_and_soft_conflicts(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_add(challenge, "?role=officer_peer"))

    assert element_text(response, "candidates") == (
        "Suggested peers, best first Name Organisation Why suggested Action "
        "Amy Brook Merseyside No places in the last 12 months From another region (North West) Propose Amy Brook "
        "Cara Dunn Gloucestershire No places in the last 12 months ! Warning From the same region as the authority (South West) "
        "Propose Cara Dunn"
    )
    assert element_text(response, "eligible-count") == "2 peers can take this place."


def test_suggestions_peer_with_soft_conflicts_proposed_from_their_own_page(client, sign_in, challenge, pool):
    sign_in("adviser")

    content = page(client.get(_add(challenge, "?role=officer_peer")))

    assert f'href="{_propose(challenge, pool["cara"])}"' in content
    assert f'name="peer" value="{pool["amy"].pk}"' in content
    assert f'name="peer" value="{pool["cara"].pk}"' not in content


def test_suggestions_default_to_the_first_open_place(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_add(challenge))

    assert "Find peers: member peer" in visible_text(response)


def test_suggestions_search_says_why_not(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_add(challenge, "?role=officer_peer&q=+bob++AVON "))

    assert element_text(response, "why-not") == (
        "Peers found who cannot be offered Name Organisation Why not "
        "Bob Avonside Avon Bob Avonside belongs to Avon, the authority challenged"
    )


def test_suggestions_search_finds_an_eligible_peer(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_add(challenge, "?role=officer_peer&q=amy"))

    assert element_text(response, "found").startswith("Peers found who can be offered Name Organisation Why suggested Action Amy Brook Merseyside")
    assert 'data-testid="why-not"' not in page(response)


@pytest.mark.parametrize(("query", "message"), [
    ("?role=boss", "Choose a role from the list"),
    ("?role=officer_peer&q=bob%00", "Name must not include hidden or control characters"),
    ("?role=officer_peer&q=" + "b" * 100_000, "Name must be 150 characters or fewer"),
])
def test_suggestions_bad_search_shows_the_error_summary(client, sign_in, challenge, pool, query, message):
    sign_in("adviser")

    response = client.get(_add(challenge, query))

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert 'data-testid="candidates"' not in page(response)


def test_propose_from_the_suggestions(client, sign_in, challenge, pool):
    adviser = sign_in("adviser")

    response = client.post(_add(challenge), {"peer": pool["amy"].pk, "role": TeamRole.OFFICER_PEER})

    place = TeamMembership.objects.get(peer=pool["amy"])
    assert (response.url, place.state, place.role, place.added_by) == (_team(challenge), PlaceState.PROPOSED, TeamRole.OFFICER_PEER, adviser)
    assert notifications(client.get(response.url)) == ["Amy Brook proposed for the team as officer peer"]


@pytest.mark.parametrize(("data", "message"), [
    ({"peer": "", "role": "officer_peer"}, "Choose a peer from the list"),
    ({"peer": "amy", "role": "officer_peer"}, "Choose a peer from the list"),
    ({"peer": "-1", "role": "officer_peer"}, "Choose a peer from the list"),
    ({"peer": "9" * 30, "role": "officer_peer"}, "Choose a peer from the list"),
    ({"peer": "1\x00", "role": "officer_peer"}, "Choose a peer from the list"),
    ({"peer": "999999", "role": "officer_peer"}, "Choose a peer from the list"),
    ({"role": "<b>boss</b>"}, "Choose a peer from the list"),
])
def test_propose_bad_input_shows_the_error_summary(client, sign_in, challenge, pool, data, message):
    sign_in("adviser")

    response = client.post(_add(challenge), data)

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert TeamMembership.objects.filter(state=PlaceState.PROPOSED).count() == 0


def test_propose_bad_role_shows_the_error_summary(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.post(_add(challenge), {"peer": pool["amy"].pk, "role": "<b>boss</b>" * 1000})

    assert error_summary(response) == ["Choose a role from the list"]


def test_propose_peer_with_a_hard_conflict_refused(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.post(_add(challenge), {"peer": pool["bob"].pk, "role": TeamRole.OFFICER_PEER})

    assert error_summary(response) == ["Bob Avonside belongs to Avon, the authority challenged"]
    assert not TeamMembership.objects.filter(peer=pool["bob"]).exists()


@pytest.mark.parametrize("role", ["fra_contact", "team_peer", "other_adviser"])
def test_propose_by_others_changes_nothing(client, sign_in, challenge, team_peer, pool, role):
    sign_in(role)

    response = client.post(_add(challenge), {"peer": pool["amy"].pk, "role": TeamRole.OFFICER_PEER})

    assert response.status_code == 404
    assert not TeamMembership.objects.filter(peer=pool["amy"]).exists()


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("fra_contact", 404), ("team_peer", 404),
])
def test_propose_page_by_role(client, sign_in, challenge, team_peer, pool, role, status):
    sign_in(role)

    assert client.get(_propose(challenge, pool["cara"])).status_code == status


@pytest.mark.parametrize("query", ["", "?role=boss", "?role=%00"])
def test_propose_page_without_a_known_role_not_found(client, sign_in, challenge, pool, query):
    sign_in("adviser")

    assert client.get(f"/challenges/{challenge.pk}/team/add/{pool['amy'].pk}/{query}").status_code == 404


def test_propose_page_unknown_peer_not_found(client, sign_in, challenge):
    sign_in("adviser")

    assert client.get(f"/challenges/{challenge.pk}/team/add/{'9' * 30}/?role=officer_peer").status_code == 404


def test_propose_page_shows_the_soft_conflicts_and_asks_why(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_propose(challenge, pool["cara"]))

    assert element_text(response, "soft-conflicts") == (
        "! Warning This peer has conflicts. Propose them only if there is a good reason. "
        "From the same region as the authority (South West)"
    )
    assert re.search(r'<label for="id_soft_conflict_reason" class="govuk-label">\s*Why should Cara Dunn join the team all the same\?', page(response))


def test_propose_page_without_soft_conflicts_asks_nothing(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_propose(challenge, pool["amy"]))

    assert ("soft_conflict_reason" in page(response), 'data-testid="soft-conflicts"' in page(response)) == (False, False)
    assert element_text(response, "candidate") == (
        "Organisation Merseyside Why suggested No places in the last 12 months From another region (North West)"
    )


def test_propose_page_for_an_excluded_peer_says_why_not_and_offers_no_button(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.get(_propose(challenge, pool["amy"], role=TeamRole.MEMBER_PEER))

    assert element_text(response, "why-not") == (
        "! Warning This peer cannot be offered for this place. Amy Brook is an officer peer, so cannot be a member peer"
    )
    assert 'name="propose"' not in page(response)


def test_propose_with_soft_conflicts_keeps_the_reason(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.post(_propose(challenge, pool["cara"]), {"soft_conflict_reason": "Knows <b>protection</b> best"})

    place = TeamMembership.objects.get(peer=pool["cara"])
    assert response.url == _team(challenge)
    assert (place.soft_conflicts, place.soft_conflict_reason) == (
        "From the same region as the authority (South West)", "Knows <b>protection</b> best"
    )
    assert "Chosen because: Knows &lt;b&gt;protection&lt;/b&gt; best" in page(client.get(response.url))


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter why Cara Dunn should join the team despite their conflicts"),
    ("   ", "Enter why Cara Dunn should join the team despite their conflicts"),
    ("x" * 501, "Reason must be 500 characters or fewer"),
    ("x" * 100_000, "Reason must be 500 characters or fewer"),
    ("<script>alert(1)</script>\x00", "Reason must not include hidden or control characters"),
    ("First line\nsecond line", "Reason must be on one line"),
])
def test_propose_with_soft_conflicts_bad_reason_shows_the_error_summary(client, sign_in, challenge, pool, reason, message):
    sign_in("adviser")

    response = client.post(_propose(challenge, pool["cara"]), {"soft_conflict_reason": reason})

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert not TeamMembership.objects.filter(peer=pool["cara"]).exists()


def test_propose_excluded_peer_from_their_page_refused(client, sign_in, challenge, pool):
    sign_in("adviser")

    response = client.post(_propose(challenge, pool["bob"]))

    assert error_summary(response) == ["Bob Avonside belongs to Avon, the authority challenged"]


# Sending the invitations


def _send(challenge):
    return f"/challenges/{challenge.pk}/team/invitations/"


def test_invitations_sent_to_the_proposed_places(client, sign_in, challenge, places):
    sign_in("adviser")

    response = client.post(_send(challenge))

    places["proposed"].refresh_from_db()
    assert (response.url, places["proposed"].state) == (_team(challenge), PlaceState.INVITED)
    assert notifications(client.get(response.url)) == ["1 invitation sent"]


def test_invitations_page_lists_who_will_be_invited(client, sign_in, challenge, places):
    sign_in("adviser")

    assert element_text(client.get(_send(challenge)), "proposed") == "Ola Nowak, officer peer"


def test_invitations_with_none_proposed_shows_the_error_summary(client, sign_in, challenge):
    sign_in("adviser")

    response = client.post(_send(challenge))

    assert error_summary(response) == ["There are no proposed places to send invitations for"]


@pytest.mark.parametrize("role", ["fra_contact", "team_peer", "other_adviser", "other_peer_user"])
def test_invitations_by_others_change_nothing(client, sign_in, challenge, team_peer, places, role):
    sign_in(role)

    response = client.post(_send(challenge))

    places["proposed"].refresh_from_db()
    assert (response.status_code, places["proposed"].state) == (404, PlaceState.PROPOSED)


# Withdrawing a place


def _withdraw(challenge, place):
    return f"/challenges/{challenge.pk}/team/places/{place.pk}/withdraw/"


def test_withdraw_page_says_what_happens_with_a_warning_button(client, sign_in, challenge, places):
    sign_in("adviser")

    response = client.get(_withdraw(challenge, places["proposed"]))

    assert element_text(response, "withdraw-summary") == (
        "Ola Nowak will no longer be officer peer on the team. Their place is kept in the team's record."
    )
    assert 'class="govuk-button govuk-button--warning"' in page(response)


def test_withdraw_a_place(client, sign_in, challenge, places):
    sign_in("adviser")

    response = client.post(_withdraw(challenge, places["proposed"]))

    places["proposed"].refresh_from_db()
    assert (response.url, places["proposed"].state) == (_team(challenge), PlaceState.WITHDRAWN)
    assert notifications(client.get(response.url)) == ["Ola Nowak withdrawn from the team"]


def test_withdraw_twice_shows_the_error_summary(client, sign_in, challenge, places):
    sign_in("adviser")
    client.post(_withdraw(challenge, places["proposed"]))

    response = client.post(_withdraw(challenge, places["proposed"]))

    assert error_summary(response) == ["Ola Nowak is not on the team: their place is withdrawn"]


def test_withdraw_page_for_a_place_no_longer_active_or_of_another_challenge_not_found(client, sign_in, challenge, places):
    elsewhere = _place(ChallengeFactory(), "Zed Moss")
    sign_in("adviser")

    assert client.get(_withdraw(challenge, places["declined"])).status_code == 404
    assert client.get(_withdraw(challenge, elsewhere)).status_code == 404
    assert client.post(_withdraw(challenge, elsewhere)).status_code == 404


@pytest.mark.parametrize("role", ["fra_contact", "team_peer", "other_adviser", "lead_peer"])
def test_withdraw_by_others_changes_nothing(client, sign_in, challenge, team_peer, places, role):
    sign_in(role)

    response = client.post(_withdraw(challenge, places["proposed"]))

    places["proposed"].refresh_from_db()
    assert (response.status_code, places["proposed"].state) == (404, PlaceState.PROPOSED)


# The authority's concerns


def _raise(challenge, place):
    return f"/challenges/{challenge.pk}/team/places/{place.pk}/concern/"


def _answer(challenge, concern):
    return f"/challenges/{challenge.pk}/team/concerns/{concern.pk}/answer/"


@pytest.fixture
def concern(places, fra_contact):
    return TeamConcern.objects.create(place=places["proposed"], reason="Inspected us last year", raised_by=fra_contact)


@pytest.mark.parametrize(("role", "status"), [
    ("fra_contact", 200), ("other_fra_contact", 404), ("adviser", 404), ("lga_admin", 404), ("team_peer", 404),
])
def test_concern_page_by_role(client, sign_in, challenge, team_peer, places, role, status):
    sign_in(role)

    assert client.get(_raise(challenge, places["proposed"])).status_code == status


def test_concern_raised_by_the_authority(client, sign_in, challenge, places):
    contact = sign_in("fra_contact")

    response = client.post(_raise(challenge, places["proposed"]), {"reason": "Inspected us last year"})

    concern = TeamConcern.objects.get()
    assert (response.url, concern.place, concern.reason, concern.raised_by) == (
        _team(challenge), places["proposed"], "Inspected us last year", contact
    )
    assert notifications(client.get(response.url)) == ["Your concern about Ola Nowak has been sent to the LGA"]


def test_concern_about_a_place_no_longer_active_not_found(client, sign_in, challenge, places):
    sign_in("fra_contact")

    assert client.post(_raise(challenge, places["declined"]), {"reason": "Too close"}).status_code == 404
    assert TeamConcern.objects.count() == 0


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter your concern"),
    ("x" * 2001, "Your concern must be 2,000 characters or fewer"),
    ("x" * 100_000, "Your concern must be 2,000 characters or fewer"),
    ("<script>alert(1)</script>\x00", "Your concern must not include hidden or control characters"),
])
def test_concern_bad_reason_shows_the_error_summary(client, sign_in, challenge, places, reason, message):
    sign_in("fra_contact")

    response = client.post(_raise(challenge, places["proposed"]), {"reason": reason})

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert TeamConcern.objects.count() == 0


@pytest.mark.parametrize("role", ["adviser", "team_peer", "other_fra_contact"])
def test_concern_by_others_changes_nothing(client, sign_in, challenge, team_peer, places, role):
    sign_in(role)

    response = client.post(_raise(challenge, places["proposed"]), {"reason": "Too close"})

    assert (response.status_code, TeamConcern.objects.count()) == (404, 0)


def test_concern_shown_to_the_authority_with_its_answer(client, sign_in, challenge, concern, adviser):
    sign_in("adviser")
    client.post(_answer(challenge, concern), {"answer": "She will not look at <b>inspection</b> work"})
    sign_in("fra_contact")

    response = client.get(_team(challenge))

    assert element_text(response, "team-concerns") == (
        f"Your concerns Person Your concern The LGA's answer Ola Nowak Inspected us last year "
        f"Raised on {concern.raised_at:%-d %B %Y} She will not look at <b>inspection</b> work "
        f"Answered on {concern.raised_at:%-d %B %Y}"
    )
    assert "&lt;b&gt;inspection&lt;/b&gt;" in page(response)


def test_concern_shown_to_managers_with_a_link_to_answer_it(client, sign_in, challenge, concern):
    sign_in("adviser")

    response = client.get(_team(challenge))

    assert element_text(response, "team-concerns") == (
        f"The authority's concerns Person Concern Answer Ola Nowak Inspected us last year "
        f"Raised on {concern.raised_at:%-d %B %Y} Answer the concern about Ola Nowak"
    )
    assert f'href="{_answer(challenge, concern)}"' in page(response)


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("fra_contact", 404), ("team_peer", 404),
])
def test_concern_answer_page_by_role(client, sign_in, challenge, team_peer, concern, role, status):
    sign_in(role)

    assert client.get(_answer(challenge, concern)).status_code == status


def test_concern_answered(client, sign_in, challenge, concern):
    adviser = sign_in("adviser")

    response = client.post(_answer(challenge, concern), {"answer": "She will not look at inspection work"})

    concern.refresh_from_db()
    assert (response.url, concern.answer, concern.answered_by) == (_team(challenge), "She will not look at inspection work", adviser)
    assert notifications(client.get(response.url)) == ["Your answer to the concern about Ola Nowak has been saved"]


def test_concern_answered_twice_refused(client, sign_in, challenge, concern):
    sign_in("adviser")
    client.post(_answer(challenge, concern), {"answer": "First"})

    assert client.get(_answer(challenge, concern)).status_code == 404
    assert error_summary(client.post(_answer(challenge, concern), {"answer": "Second"})) == ["This concern has been answered already"]
    concern.refresh_from_db()
    assert concern.answer == "First"


@pytest.mark.parametrize(("answer", "message"), [
    ("", "Enter your answer to the authority's concern"),
    ("x" * 2001, "Your answer must be 2,000 characters or fewer"),
    ("x" * 100_000, "Your answer must be 2,000 characters or fewer"),
    ("<script>alert(1)</script>\x00", "Your answer must not include hidden or control characters"),
])
def test_concern_bad_answer_shows_the_error_summary(client, sign_in, challenge, concern, answer, message):
    sign_in("adviser")

    response = client.post(_answer(challenge, concern), {"answer": answer})

    concern.refresh_from_db()
    assert (error_summary(response), concern.answer) == ([message], "")


@pytest.mark.parametrize("role", ["fra_contact", "team_peer", "other_adviser"])
def test_concern_answer_by_others_changes_nothing(client, sign_in, challenge, team_peer, concern, role):
    sign_in(role)

    response = client.post(_answer(challenge, concern), {"answer": "Fine"})

    concern.refresh_from_db()
    assert (response.status_code, concern.answer) == (404, "")


def test_concern_of_another_challenge_not_found(client, sign_in, challenge, concern):
    other = ChallengeFactory()
    sign_in("lga_admin")

    assert client.get(_answer(other, concern)).status_code == 404


# Letting a team break its composition rules


def _override(challenge):
    return f"/challenges/{challenge.pk}/team/rules/override/"


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 404), ("fra_contact", 404), ("team_peer", 404),
])
def test_override_page_by_role(client, sign_in, challenge, team_peer, role, status):
    sign_in(role)

    assert client.get(_override(challenge)).status_code == status


def test_override_page_warns_and_lists_the_rules_not_met(client, sign_in, challenge, lead_peer):
    sign_in("lga_admin")

    response = client.get(_override(challenge))

    assert element_text(response, "unmet") == (
        "At least one member peer: 0 member peers accepted "
        "At least two officer peers: 1 officer peer accepted "
        "An LGA challenge manager: 0 challenge managers accepted"
    )
    assert element_text(response, "override-warning").startswith("! Warning The challenge can then be confirmed")
    assert 'class="govuk-button govuk-button--warning"' in page(response)


def test_override_saved_with_who_and_why(client, sign_in, challenge):
    admin = sign_in("lga_admin")

    response = client.post(_override(challenge), {"reason": "No member peer free this spring"})

    challenge.refresh_from_db()
    assert (response.url, challenge.team_rules_override_reason, challenge.team_rules_overridden_by) == (
        _team(challenge), "No member peer free this spring", admin
    )
    assert notifications(client.get(response.url)) == ["The team may be confirmed without meeting its composition rules"]


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter why the team may break its composition rules"),
    ("x" * 501, "Reason must be 500 characters or fewer"),
    ("x" * 100_000, "Reason must be 500 characters or fewer"),
    ("<script>alert(1)</script>\x00", "Reason must not include hidden or control characters"),
])
def test_override_bad_reason_shows_the_error_summary(client, sign_in, challenge, reason, message):
    sign_in("lga_admin")

    response = client.post(_override(challenge), {"reason": reason})

    challenge.refresh_from_db()
    assert (error_summary(response), challenge.team_rules_override_reason) == ([message], "")


@pytest.mark.parametrize("role", ["adviser", "fra_contact", "team_peer"])
def test_override_by_others_changes_nothing(client, sign_in, challenge, team_peer, role):
    sign_in(role)

    response = client.post(_override(challenge), {"reason": "Because"})

    challenge.refresh_from_db()
    assert (response.status_code, challenge.team_rules_override_reason) == (404, "")


# Every page, signed out


@pytest.mark.parametrize("path", [
    "team/add/?role=officer_peer", "team/add/{peer}/?role=officer_peer", "team/invitations/", "team/places/{place}/withdraw/",
    "team/places/{place}/concern/", "team/concerns/{concern}/answer/", "team/rules/override/",
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_team_pages_signed_out_sent_to_sign_in(client, challenge, places, concern, path, method):
    url = f"/challenges/{challenge.pk}/" + path.format(peer=places["proposed"].peer_id, place=places["proposed"].pk, concern=concern.pk)

    response = getattr(client, method)(url)

    assert (response.status_code, response.url.startswith("/sign-in/?next=")) == (302, True)
    places["proposed"].refresh_from_db()
    assert (places["proposed"].state, TeamConcern.objects.get().answer) == (PlaceState.PROPOSED, "")
