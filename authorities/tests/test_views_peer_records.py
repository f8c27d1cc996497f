"""A peer's record: LGA staff add and correct peers; the peer and LGA staff change the
peer's contact details, specialisms and dates when unavailable. Every page for every role,
exact content, every error in GOV.UK wording, and who made each change."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Peer, PeerTag, Specialism, Unavailability
from challenges.choices import ChallengeType, TeamRole
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from peersupport.tests.forms import date_fields, long_date, short_date
from peersupport.tests.html import error_summary, error_summary_links, main_text, notifications, page, visible_text

from .factories import PeerFactory, PeerTagFactory, PeerUserFactory, TrainingRecordFactory, UnavailabilityFactory
from .test_services_peer import pool_state

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TELEPHONE_MESSAGE = "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"
TOO_LARGE_NUMBER = "99999999999999999999999999"
HOSTILE_TEXTS = [
    pytest.param("<script>alert(1)</script>", id="html"),
    pytest.param("'; DROP TABLE authorities_peer; --", id="sql"),
    pytest.param("Zoë Ørsted 💧", id="unicode"),
]
# Leave in the future, as the form asks, however far off today is.
FIRST_DAY = timezone.localdate() + datetime.timedelta(days=90)
LAST_DAY = FIRST_DAY + datetime.timedelta(days=11)


def _specialism(code):
    return Specialism.objects.get(code=code)


def _peer_form(**overrides):
    """Everything the add and correct form sends for a valid officer peer; an override of
    None leaves the field out, as a browser leaves out an unticked checkbox."""
    data = {
        "full_name": "Nia Roberts",
        "email": "nia.roberts@example.org",
        "phone": "01632 960 001",
        "peer_type": PeerType.OFFICER,
        "home_authority": str(Authority.objects.get(slug="kent").pk),
        "home_organisation": "",
        "role_title": "Area manager",
        "political_group": "",
        "specialisms": [_specialism("protection").pk, _specialism("prevention").pk],
        "tags": "Fleet, wildfire",
        "can_lead": "on",
        "max_challenges_per_year": "3",
        **date_fields("consented_on", datetime.date(2026, 9, 14)),
        "is_active": "on",
        "retired_reason": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def _unavailability_form(start=FIRST_DAY, end=LAST_DAY, reason="Annual leave"):
    return {**date_fields("start_date", start), **date_fields("end_date", end), "reason": reason}


def _saved(peer):
    """What the pool holds about a peer, fields, specialisms and tags."""
    peer = Peer.objects.get(pk=peer.pk)
    return {
        "full_name": peer.full_name, "email": peer.email, "phone": peer.phone, "peer_type": peer.peer_type,
        "home_authority": peer.home_authority.slug if peer.home_authority_id else None,
        "home_organisation": peer.home_organisation, "role_title": peer.role_title, "political_group": peer.political_group,
        "can_lead": peer.can_lead, "max_challenges_per_year": peer.max_challenges_per_year, "consented_on": peer.consented_on,
        "is_active": peer.is_active, "retired_reason": peer.retired_reason,
        "specialisms": sorted(peer.specialisms.values_list("code", flat=True)),
        "tags": sorted(peer.tags.values_list("name", flat=True)),
    }


def _inputs(response, name):
    """(value, ticked) of each checkbox or radio named `name`, in the order of the page."""
    tags = re.findall(rf'<input\b[^>]*\bname="{name}"[^>]*>', page(response), re.S)
    return [(re.search(r'\bvalue="([^"]*)"', tag).group(1), bool(re.search(r"\schecked\b", tag))) for tag in tags]


def _ticked(response, name):
    return sorted(value for value, ticked in _inputs(response, name) if ticked)


def _pks(queryset):
    return sorted(str(pk) for pk in queryset.values_list("pk", flat=True))


@pytest.fixture
def other_peer(other_peer_user):
    return other_peer_user.peer


@pytest.fixture
def records(lead_peer, other_peer):
    """Each peer with a period when unavailable, by the name the access tests use."""
    return {
        "lead_peer": (lead_peer, UnavailabilityFactory(peer=lead_peer, reason="Leave")),
        "other_peer": (other_peer, UnavailabilityFactory(peer=other_peer, reason="Leave")),
    }


# Who may use each page


# (role signed in, whose record the page is about)
ACTORS = [
    ("lga_admin", "lead_peer"),
    ("adviser", "lead_peer"),
    ("lead_peer", "lead_peer"),
    ("lead_peer", "other_peer"),
    ("other_peer_user", "lead_peer"),
    ("fra_contact", "lead_peer"),
    ("anonymous", "lead_peer"),
]

# path: (status on GET, status on POST) for each of ACTORS in order. 302 is the sign-in page
# for anonymous users, and otherwise the peer's record.
ACCESS = {
    "/peers/add/": ((200, 200, 404, 404, 404, 404, 302), (302, 302, 404, 404, 404, 404, 302)),
    "/peers/{peer}/edit/": ((200, 200, 404, 404, 404, 404, 302), (302, 302, 404, 404, 404, 404, 302)),
    "/peers/me/": ((404, 404, 302, 302, 302, 404, 302), (405, 405, 405, 405, 405, 405, 302)),
    "/peers/{peer}/": ((200, 200, 200, 404, 404, 404, 302), (405, 405, 405, 405, 405, 405, 302)),
    "/peers/{peer}/contact/": ((200, 200, 200, 404, 404, 404, 302), (302, 302, 302, 404, 404, 404, 302)),
    "/peers/{peer}/specialisms/": ((200, 200, 200, 404, 404, 404, 302), (302, 302, 302, 404, 404, 404, 302)),
    "/peers/{peer}/unavailability/add/": ((200, 200, 200, 404, 404, 404, 302), (302, 302, 302, 404, 404, 404, 302)),
    "/peers/{peer}/unavailability/{period}/remove/": ((405, 405, 405, 405, 405, 405, 302), (302, 302, 302, 404, 404, 404, 302)),
}

POSTS = {
    "/peers/add/": lambda: _peer_form(full_name="Added by a stranger"),
    "/peers/{peer}/edit/": lambda: _peer_form(full_name="Changed by a stranger"),
    "/peers/me/": dict,
    "/peers/{peer}/": dict,
    "/peers/{peer}/contact/": lambda: {"email": "changed.by.a.stranger@example.org", "phone": "01632 960 999"},
    "/peers/{peer}/specialisms/": lambda: {"specialisms": [_specialism("finance").pk], "tags": "changed by a stranger"},
    "/peers/{peer}/unavailability/add/": lambda: _unavailability_form(reason="Changed by a stranger"),
    "/peers/{peer}/unavailability/{period}/remove/": dict,
}


def _expected(path, method, role, whose):
    return ACCESS[path][0 if method == "get" else 1][ACTORS.index((role, whose))]


@pytest.mark.parametrize(("role", "whose"), ACTORS)
@pytest.mark.parametrize("path", ACCESS)
def test_peer_record_page_get_by_role(client, sign_in, records, path, role, whose):
    user = sign_in(role)
    peer, period = records[whose]
    url = path.format(peer=peer.pk, period=period.pk)

    response = client.get(url)

    assert response.status_code == _expected(path, "get", role, whose)
    if response.status_code == 302:
        assert response.url == (f"/sign-in/?next={url}" if role == "anonymous" else f"/peers/{user.peer.pk}/")


@pytest.mark.parametrize(("role", "whose"), ACTORS)
@pytest.mark.parametrize("path", ACCESS)
def test_peer_record_page_post_by_role_changes_only_what_it_may(client, sign_in, records, path, role, whose):
    sign_in(role)
    peer, period = records[whose]
    url = path.format(peer=peer.pk, period=period.pk)
    before = pool_state()

    response = client.post(url, POSTS[path]())

    status = _expected(path, "post", role, whose)
    assert response.status_code == status
    if role == "anonymous":
        assert response.url == f"/sign-in/?next={url}"
    accepted = status == 302 and role != "anonymous"
    assert (pool_state() != before) is accepted


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/peers/{pk}/"),
        ("get", "/peers/{pk}/edit/"), ("post", "/peers/{pk}/edit/"),
        ("get", "/peers/{pk}/contact/"), ("post", "/peers/{pk}/contact/"),
        ("get", "/peers/{pk}/specialisms/"), ("post", "/peers/{pk}/specialisms/"),
        ("get", "/peers/{pk}/unavailability/add/"), ("post", "/peers/{pk}/unavailability/add/"),
        ("post", "/peers/{pk}/unavailability/1/remove/"),
    ],
)
@pytest.mark.parametrize("pk", ["999999", TOO_LARGE_NUMBER])
def test_peer_record_pages_unknown_peer_not_found(client, sign_in, method, path, pk):
    sign_in("lga_admin")

    response = getattr(client, method)(path.format(pk=pk), {})

    assert response.status_code == 404


@pytest.mark.parametrize(("role", "shown"), [("lead_peer", True), ("other_peer_user", True), ("lga_admin", False), ("fra_contact", False)])
def test_service_navigation_links_your_record_for_peers_with_a_record(client, sign_in, lead_peer, role, shown):
    sign_in(role)

    response = client.get("/")

    assert ('href="/peers/me/">Your record</a>' in page(response)) is shown


def test_service_navigation_no_your_record_for_a_peer_login_without_record(client, db):
    client.force_login(PeerUserFactory())

    response = client.get("/")

    assert "/peers/me/" not in page(response)
    assert client.get("/peers/me/").status_code == 404


# The peer page


@pytest.fixture
def full_record(lead_peer):
    """lead_peer with something in every part of the page, dated around today."""
    today = timezone.localdate()
    Peer.objects.filter(pk=lead_peer.pk).update(
        full_name="Priya Shah", email="priya.shah@example.org", phone="01632 960 001", role_title="Area manager",
        max_challenges_per_year=3, consented_on=datetime.date(2026, 9, 14),
    )
    lead_peer.refresh_from_db()
    lead_peer.specialisms.set([_specialism("protection"), _specialism("prevention")])
    lead_peer.tags.set([PeerTagFactory(name="wildfire"), PeerTagFactory(name="fleet")])
    UnavailabilityFactory(peer=lead_peer, start_date=today - datetime.timedelta(days=30),
                          end_date=today - datetime.timedelta(days=1), reason="Past leave")
    UnavailabilityFactory(peer=lead_peer, start_date=today - datetime.timedelta(days=3), end_date=today, reason="")
    UnavailabilityFactory(peer=lead_peer, start_date=today + datetime.timedelta(days=60),
                          end_date=today + datetime.timedelta(days=70), reason="Annual leave")
    TrainingRecordFactory(peer=lead_peer, course="LGA peer challenge induction",
                          completed_on=datetime.date(2025, 10, 6), expires_on=datetime.date(2028, 10, 6))
    for authority, start, role in [
        ("cornwall", datetime.date(today.year, 1, 12), TeamRole.OFFICER_PEER),
        ("gloucestershire", datetime.date(today.year, 12, 7), TeamRole.LEAD_PEER),
        ("avon", datetime.date(today.year - 1, 6, 2), TeamRole.OFFICER_PEER),
        ("cleveland", datetime.date(today.year + 1, 2, 1), TeamRole.OFFICER_PEER),
    ]:
        challenge = ChallengeFactory(authority=Authority.objects.get(slug=authority), start_date=start,
                                     end_date=start + datetime.timedelta(days=3), challenge_type=ChallengeType.DEEP_DIVE)
        TeamMembershipFactory(challenge=challenge, peer=lead_peer, role=role)
    return lead_peer


def _record_text(*, staff):
    """The <main> of the full record's page, as LGA staff or the peer see it."""
    today = timezone.localdate()
    soon, later = today + datetime.timedelta(days=60), today + datetime.timedelta(days=70)
    recent = today - datetime.timedelta(days=3)
    return (
        f"Officer peer{'' if staff else ': your record'} Priya Shah {'Correct this record ' if staff else ''}"
        "Contact details Email address priya.shah@example.org Change contact details "
        "Telephone 01632 960 001 Home organisation Kent and Medway Fire and Rescue Authority (South East) "
        f"Role or rank Area manager Accredited to lead Yes Challenges in {today.year} 2 of 3 a year "
        "Consent to hold data Given 14 September 2026 "
        "Specialisms Prevention Protection fleet wildfire Change specialisms "
        "When unavailable Periods when unavailable Dates Reason Action "
        f"{short_date(recent)} to {short_date(today)} Not given Remove {short_date(recent)} to {short_date(today)} "
        f"{short_date(soon)} to {short_date(later)} Annual leave Remove {short_date(soon)} to {short_date(later)} "
        "Add dates when unavailable "
        f"Training Training records Course Completed Expires Status{' Actions' if staff else ''} "
        "LGA peer challenge induction 6 Oct 2025 6 Oct 2028 Current "
        f"{'Change LGA peer challenge induction Remove LGA peer challenge induction Add a training record ' if staff else ''}"
        "Challenges Challenge teams Authority Type On site Role "
        f"Cleveland Deep-dive themed peer challenge 1 Feb {today.year + 1} to 4 Feb {today.year + 1} Officer peer "
        f"Gloucestershire Deep-dive themed peer challenge 7 Dec {today.year} to 10 Dec {today.year} Lead peer "
        f"Cornwall Deep-dive themed peer challenge 12 Jan {today.year} to 15 Jan {today.year} Officer peer "
        f"Avon Deep-dive themed peer challenge 2 Jun {today.year - 1} to 5 Jun {today.year - 1} Officer peer"
    )


def test_peer_page_shows_the_whole_record_to_lga_staff(client, sign_in, full_record):
    sign_in("adviser")

    response = client.get(f"/peers/{full_record.pk}/")

    assert main_text(response) == _record_text(staff=True)
    assert "<title>Priya Shah – Fire peer support</title>" in page(response)
    assert f'href="/peers/{full_record.pk}/edit/"' in page(response)
    assert 'href="/peers/" class="govuk-back-link"' in page(response)


def test_peer_page_shows_the_peer_their_own_record_without_staff_actions(client, sign_in, full_record):
    sign_in("lead_peer")

    response = client.get(f"/peers/{full_record.pk}/")

    assert main_text(response) == _record_text(staff=False)
    assert ["/edit/" in page(response), "/training/" in page(response), "govuk-back-link" in page(response)] == [False, False, False]


@pytest.mark.parametrize(("role", "shown"), [("lga_admin", True), ("adviser", True), ("other_adviser", True), ("lead_peer", False)])
def test_peer_page_correct_button_only_for_lga_staff(client, sign_in, lead_peer, role, shown):
    sign_in(role)

    response = client.get(f"/peers/{lead_peer.pk}/")

    assert ("Correct this record" in visible_text(response)) is shown
    assert (f'href="/peers/{lead_peer.pk}/edit/"' in page(response)) is shown


def test_peer_page_without_details_says_so(client, sign_in):
    peer = PeerFactory(full_name="Owen Hughes", email="owen@example.org", peer_type=PeerType.CHALLENGE_MANAGER,
                       home_authority=None, max_challenges_per_year=0)
    sign_in("lga_admin")

    response = client.get(f"/peers/{peer.pk}/")

    assert main_text(response) == (
        "LGA challenge manager Owen Hughes Correct this record Contact details Email address owen@example.org "
        "Change contact details Telephone Not given Home organisation Local Government Association Role or rank Not given "
        f"Accredited to lead No Challenges in {timezone.localdate().year} 0 of 0 a year Consent to hold data Not recorded "
        "Specialisms None recorded. Change specialisms When unavailable No dates recorded. Add dates when unavailable "
        "Training No training recorded. Add a training record Challenges Not on any challenge team yet."
    )


def test_peer_page_member_shows_political_group_and_retired_peer_the_reason(client, sign_in):
    peer = PeerFactory(peer_type=PeerType.MEMBER, political_group=PoliticalGroup.LIBERAL_DEMOCRAT,
                       is_active=False, retired_reason="Stood down as a councillor")
    sign_in("lga_admin")

    text = main_text(client.get(f"/peers/{peer.pk}/"))

    assert "Correct this record Retired Stood down as a councillor Contact details" in text
    assert "Role or rank Not given Political group Liberal Democrat Accredited to lead No" in text


def test_peer_page_beyond_sector_shows_home_organisation(client, sign_in):
    peer = PeerFactory(peer_type=PeerType.BEYOND_SECTOR, home_authority=None, home_organisation="Home Office")
    sign_in("lga_admin")

    assert "Home organisation Home Office Role or rank" in main_text(client.get(f"/peers/{peer.pk}/"))


def test_peer_page_never_shows_another_peers_data(client, sign_in, lead_peer, other_peer):
    Peer.objects.filter(pk=lead_peer.pk).update(full_name="Priya Shah", email="priya.shah@example.org")
    Peer.objects.filter(pk=other_peer.pk).update(full_name="Oscar Other", email="oscar.other@example.org", phone="07700 900 982",
                                                 role_title="Chair")
    other_peer.specialisms.set([_specialism("finance")])
    other_peer.tags.set([PeerTagFactory(name="estates")])
    UnavailabilityFactory(peer=other_peer, start_date=datetime.date(2099, 1, 1), end_date=datetime.date(2099, 1, 2),
                          reason="Oscar's surgery")
    TrainingRecordFactory(peer=other_peer, course="Oscar's course")
    TeamMembershipFactory(peer=other_peer, challenge=ChallengeFactory(authority=Authority.objects.get(slug="cumbria")))
    sign_in("lead_peer")

    html_text = page(client.get(f"/peers/{lead_peer.pk}/"))

    assert [text for text in ("Oscar", "oscar.other@example.org", "07700 900 982", "Chair", "Finance", "estates", "2099", "Cumbria")
            if text in html_text] == []
    assert "Priya Shah" in html_text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_peer_page_hostile_text_escaped(client, sign_in, text):
    peer = PeerFactory(full_name=text, role_title=text)
    peer.tags.set([PeerTagFactory(name=text)])
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2099, 1, 1), end_date=datetime.date(2099, 1, 1), reason=text)
    sign_in("lga_admin")

    response = client.get(f"/peers/{peer.pk}/")

    escaped = html.escape(text)
    assert f"<title>{escaped} – Fire peer support</title>" in page(response)
    assert f'<h1 class="govuk-heading-l">{escaped}</h1>' in page(response)
    assert page(response).count(escaped) == 5  # title, heading, role or rank, tag, reason
    assert "<script>alert(1)</script>" not in page(response)


def _fill(peer, count):
    """`count` of everything the peer page lists: dates when unavailable, challenges this
    year, training records, specialisms and tags."""
    today = timezone.localdate()
    for number in range(count):
        start = today + datetime.timedelta(days=10 * number)
        UnavailabilityFactory(peer=peer, start_date=start, end_date=start)
        TeamMembershipFactory(peer=peer, challenge=ChallengeFactory(start_date=today, end_date=today))
        TrainingRecordFactory(peer=peer)
    peer.specialisms.set(Specialism.objects.all()[:count])
    peer.tags.set(PeerTagFactory.create_batch(count))
    return peer


def test_peer_page_queries_do_not_grow(client, sign_in, django_assert_num_queries):
    one, ten = _fill(PeerFactory(), 1), _fill(PeerFactory(), 10)
    sign_in("lga_admin")

    with django_assert_num_queries(11):
        small = client.get(f"/peers/{one.pk}/")
    with django_assert_num_queries(11):
        large = client.get(f"/peers/{ten.pk}/")

    assert (page(small).count("Remove<span"), page(large).count("Remove<span")) == (2, 20)  # dates and training
    assert ("1 of 2 a year" in visible_text(small), "10 of 2 a year" in visible_text(large)) == (True, True)


# Adding a peer


def test_peer_create_page_offers_every_choice_without_dashes(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/peers/add/")

    html_text = page(response)
    assert "<title>Add a peer – Fire peer support</title>" in html_text
    assert "---------" not in html_text
    assert _inputs(response, "peer_type") == [(value, False) for value in PeerType.values]
    assert "Type of peer Officer peer Member peer Peer from beyond the sector LGA challenge manager" in visible_text(response)
    assert '<option value="" selected>None (not a member peer)</option>' in html_text
    assert '<option value="" selected>None</option>' in html_text
    assert (f'<option value="{Authority.objects.get(slug="kent").pk}">' in html_text,
            f'<option value="{Authority.objects.get(slug="dorset").pk}">' in html_text) == (True, False)
    assert html_text.count('name="home_authority"') == 1
    assert len(re.findall(r'<option value="\d+">', html_text)) == 44
    assert 'id="id_is_active" checked' in html_text
    assert 'name="max_challenges_per_year" value="2"' in html_text
    assert error_summary(response) == []


def test_peer_create_page_most_challenges_is_a_govuk_input(client, sign_in):
    sign_in("lga_admin")

    tag = re.search(r'<input[^>]*name="max_challenges_per_year"[^>]*>', page(client.get("/peers/add/"))).group(0)

    assert "govuk-input" in re.search(r'class="([^"]*)"', tag).group(1).split()


def test_peer_create_saves_and_goes_to_the_peer(client, sign_in):
    sign_in("adviser")

    response = client.post("/peers/add/", _peer_form(email=" Nia.Roberts@Example.org ", tags=" Fleet , WILDFIRE,, fleet "),
                           follow=True)

    peer = Peer.objects.get()
    assert response.redirect_chain == [(f"/peers/{peer.pk}/", 302)]
    assert notifications(response) == ["Nia Roberts saved"]
    assert _saved(peer) == {
        "full_name": "Nia Roberts", "email": "nia.roberts@example.org", "phone": "01632 960 001", "peer_type": "officer",
        "home_authority": "kent", "home_organisation": "", "role_title": "Area manager", "political_group": "",
        "can_lead": True, "max_challenges_per_year": 3, "consented_on": datetime.date(2026, 9, 14),
        "is_active": True, "retired_reason": "", "specialisms": ["prevention", "protection"], "tags": ["fleet", "wildfire"],
    }


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"peer_type": PeerType.MEMBER, "political_group": PoliticalGroup.GREEN, "role_title": "Councillor"},
            {"peer_type": "member", "home_authority": "kent", "home_organisation": "", "political_group": "green"},
            id="member",
        ),
        pytest.param(
            {"peer_type": PeerType.BEYOND_SECTOR, "home_authority": "", "home_organisation": " Home Office "},
            {"peer_type": "beyond_sector", "home_authority": None, "home_organisation": "Home Office", "political_group": ""},
            id="beyond-sector",
        ),
        pytest.param(
            {"peer_type": PeerType.CHALLENGE_MANAGER, "home_authority": ""},
            {"peer_type": "challenge_manager", "home_authority": None, "home_organisation": "", "political_group": ""},
            id="challenge-manager",
        ),
    ],
)
def test_peer_create_each_type_saved_with_its_home(client, sign_in, overrides, expected):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(**overrides))

    peer = Peer.objects.get()
    assert (response.status_code, error_summary(response)) == (302, [])
    assert {name: _saved(peer)[name] for name in expected} == expected


def test_peer_create_consent_date_optional(client, sign_in):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(**date_fields("consented_on", None)))

    assert (response.status_code, Peer.objects.get().consented_on) == (302, None)


def test_peer_create_consent_given_today_saved(client, sign_in):
    sign_in("lga_admin")

    client.post("/peers/add/", _peer_form(**date_fields("consented_on", timezone.localdate())))

    assert Peer.objects.get().consented_on == timezone.localdate()


def test_peer_create_retired_peer_saved_with_reason(client, sign_in):
    sign_in("lga_admin")

    client.post("/peers/add/", _peer_form(is_active=None, retired_reason=" Retired from the service ", can_lead=None))

    saved = _saved(Peer.objects.get())
    assert (saved["is_active"], saved["retired_reason"], saved["can_lead"]) == (False, "Retired from the service", False)


def test_peer_create_empty_form_shows_every_error(client, sign_in):
    sign_in("lga_admin")

    response = client.post("/peers/add/", {})

    assert response.status_code == 200
    assert error_summary_links(response) == [
        ("id_full_name", "Enter the peer's full name"),
        ("id_email", "Enter an email address"),
        ("id_peer_type", "Choose the type of peer"),
        ("id_max_challenges_per_year", "Enter the most challenges a year"),
        ("id_retired_reason", "Enter why the peer is no longer active"),
    ]
    assert "<title>Error: Add a peer – Fire peer support</title>" in page(response)
    assert Peer.objects.count() == 0


PEER_FORM_ERRORS = [
    # Too long
    pytest.param({"full_name": "x" * 151}, ["Full name must be 150 characters or fewer"], id="name-151"),
    pytest.param({"email": "a" * 243 + "@example.org"}, ["Email address must be 254 characters or fewer"], id="email-255"),
    pytest.param({"phone": "0" * 31}, ["Telephone number must be 30 characters or fewer"], id="phone-31"),
    pytest.param({"role_title": "x" * 101}, ["Role or rank must be 100 characters or fewer"], id="role-101"),
    pytest.param({"is_active": None, "retired_reason": "x" * 201}, ["Reason for retiring must be 200 characters or fewer"],
                 id="reason-201"),
    pytest.param({"peer_type": PeerType.BEYOND_SECTOR, "home_authority": "", "home_organisation": "x" * 151},
                 ["Home organisation must be 150 characters or fewer"], id="organisation-151"),
    pytest.param({"tags": "x" * 501}, ["Other skills must be 500 characters or fewer"], id="tags-501"),
    pytest.param({"tags": "fleet, " + "x" * 51}, ["Each skill must be 50 characters or fewer"], id="tag-51"),
    pytest.param(
        {name: "x" * 10_000 for name in ("full_name", "email", "phone", "role_title", "home_organisation", "tags", "retired_reason")},
        [
            "Full name must be 150 characters or fewer",
            "Enter an email address in the correct format, like name@example.com",
            "Telephone number must be 30 characters or fewer",
            "Home organisation must be 150 characters or fewer",
            "Role or rank must be 100 characters or fewer",
            "Other skills must be 500 characters or fewer",
            "Reason for retiring must be 200 characters or fewer",
        ],
        id="10000-everywhere",
    ),
    # Wrongly typed
    pytest.param({"email": "nia.example.org"}, ["Enter an email address in the correct format, like name@example.com"], id="email-no-at"),
    pytest.param({"max_challenges_per_year": "two"}, ["Most challenges a year must be a whole number, like 2"], id="max-two"),
    pytest.param({"max_challenges_per_year": "2.5"}, ["Most challenges a year must be a whole number, like 2"], id="max-2.5"),
    pytest.param({"max_challenges_per_year": "-1"}, ["Most challenges a year must be 0 or more"], id="max-minus-1"),
    pytest.param({"max_challenges_per_year": "13"}, ["Most challenges a year must be 12 or fewer"], id="max-13"),
    pytest.param({"max_challenges_per_year": TOO_LARGE_NUMBER}, ["Most challenges a year must be 12 or fewer"], id="max-huge"),
    pytest.param({"max_challenges_per_year": ""}, ["Enter the most challenges a year"], id="max-empty"),
    pytest.param({"consented_on_0": "31", "consented_on_1": "2", "consented_on_2": "2026"},
                 ["The date consent given to hold their data must be a real date"], id="consent-31-feb"),
    pytest.param({"consented_on_0": "1", "consented_on_1": "1", "consented_on_2": "27"},
                 ["The date consent given to hold their data must be a real date"], id="consent-two-digit-year"),
    pytest.param({"consented_on_0": "١", "consented_on_1": "١", "consented_on_2": "٢٠٢٦"},
                 ["The date consent given to hold their data must be a real date"], id="consent-arabic-digits"),
    pytest.param({"consented_on_2": ""}, ["The date consent given to hold their data must include a day, month and year"],
                 id="consent-no-year"),
    pytest.param({"consented_on_2": TOO_LARGE_NUMBER}, ["The date consent given to hold their data must be a real date"],
                 id="consent-year-huge"),
    pytest.param(date_fields("consented_on", timezone.localdate() + datetime.timedelta(days=1)),
                 ["The date consent was given must be today or in the past"], id="consent-tomorrow"),
    pytest.param({"phone": "call me"}, [TELEPHONE_MESSAGE], id="phone-letters"),
    pytest.param({"phone": "١٢٣"}, [TELEPHONE_MESSAGE], id="phone-arabic-digits"),
    pytest.param({"phone": "０１６３２"}, [TELEPHONE_MESSAGE], id="phone-fullwidth-digits"),
    pytest.param({"phone": "<script>alert(1)</script>"}, [TELEPHONE_MESSAGE], id="phone-html"),
    pytest.param({"peer_type": "<script>alert(1)</script>"}, ["Choose a type of peer from the list"], id="type-html"),
    pytest.param({"peer_type": "'; DROP TABLE authorities_peer; --"}, ["Choose a type of peer from the list"], id="type-sql"),
    pytest.param({"home_authority": "999999"}, ["Choose a fire and rescue authority from the list"], id="home-unknown"),
    pytest.param({"home_authority": TOO_LARGE_NUMBER}, ["Choose a fire and rescue authority from the list"], id="home-huge"),
    pytest.param({"home_authority": "kent"}, ["Choose a fire and rescue authority from the list"], id="home-slug"),
    pytest.param({"political_group": "Zoë Ørsted 💧"}, ["Choose a political group from the list"], id="group-unicode"),
    pytest.param({"specialisms": ["999999"]}, ["Choose specialisms from the list"], id="specialism-unknown"),
    pytest.param({"specialisms": [TOO_LARGE_NUMBER]}, ["Choose specialisms from the list"], id="specialism-huge"),
    pytest.param({"specialisms": ["protection"]}, ["Choose specialisms from the list"], id="specialism-code"),
    # Null characters
    pytest.param({"full_name": "Nia\x00 Roberts"}, ["Full name must not include null characters"], id="name-null"),
    pytest.param({"role_title": "Area\x00manager"}, ["Role or rank must not include null characters"], id="role-null"),
    pytest.param({"phone": "01632\x00960"}, ["Telephone number must not include null characters"], id="phone-null"),
    pytest.param({"tags": "fleet\x00"}, ["Other skills must not include null characters"], id="tags-null"),
    pytest.param({"is_active": None, "retired_reason": "Moved\x00on"}, ["Reason for retiring must not include null characters"],
                 id="reason-null"),
    # The rules of each type of peer
    pytest.param({"home_authority": ""}, ["Choose the peer's home fire and rescue authority"], id="officer-without-authority"),
    pytest.param({"peer_type": PeerType.MEMBER, "home_authority": "", "political_group": PoliticalGroup.LABOUR},
                 ["Choose the peer's home fire and rescue authority"], id="member-without-authority"),
    pytest.param({"home_organisation": "Home Office"}, ["Only peers from beyond the sector have a home organisation"],
                 id="officer-with-organisation"),
    pytest.param({"peer_type": PeerType.BEYOND_SECTOR, "home_authority": ""}, ["Enter the organisation the peer works for"],
                 id="beyond-sector-without-organisation"),
    pytest.param({"peer_type": PeerType.BEYOND_SECTOR, "home_organisation": "Home Office"},
                 ["Only officer and member peers have a home authority"], id="beyond-sector-with-authority"),
    pytest.param({"peer_type": PeerType.CHALLENGE_MANAGER}, ["Only officer and member peers have a home authority"],
                 id="challenge-manager-with-authority"),
    pytest.param({"peer_type": PeerType.CHALLENGE_MANAGER, "home_authority": "", "home_organisation": "LGA"},
                 ["Only peers from beyond the sector have a home organisation"], id="challenge-manager-with-organisation"),
    pytest.param({"peer_type": PeerType.MEMBER}, ["Choose the member peer's political group"], id="member-without-group"),
    pytest.param({"political_group": PoliticalGroup.LABOUR}, ["Only member peers have a political group"], id="officer-with-group"),
    pytest.param({"is_active": None}, ["Enter why the peer is no longer active"], id="retired-without-reason"),
    pytest.param({"is_active": None, "retired_reason": "   "}, ["Enter why the peer is no longer active"], id="retired-blank-reason"),
]


@pytest.mark.parametrize(("overrides", "messages"), PEER_FORM_ERRORS)
def test_peer_create_invalid_input_refused_with_govuk_message(client, sign_in, overrides, messages):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(**overrides))

    assert (response.status_code, error_summary(response)) == (200, messages)
    assert "<script>alert(1)</script>" not in page(response)
    assert Peer.objects.count() == 0


def test_peer_create_abolished_home_authority_refused(client, sign_in):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(home_authority=str(Authority.objects.get(slug="dorset").pk)))

    assert error_summary(response) == ["Choose a fire and rescue authority from the list"]
    assert Peer.objects.count() == 0


def test_peer_create_email_of_another_peer_in_another_case_refused(client, sign_in):
    PeerFactory(email="nia.roberts@example.org")
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(email="Nia.Roberts@Example.ORG"))

    assert error_summary_links(response) == [("id_email", "Another peer already uses this email address")]
    assert Peer.objects.count() == 1


def test_peer_create_errors_listed_in_the_order_of_the_page(client, sign_in):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(
        tags="x" * 51, max_challenges_per_year="13", is_active=None, **date_fields("consented_on", datetime.date(2099, 1, 1)),
    ))

    assert error_summary(response) == [
        "Each skill must be 50 characters or fewer",
        "Most challenges a year must be 12 or fewer",
        "The date consent was given must be today or in the past",
        "Enter why the peer is no longer active",
    ]


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/peers/add/", {"home_authority": "22\x00"}, "Home fire and rescue authority must not include null characters"),
        ("/peers/add/", {"specialisms": ["1\x00"]}, "Specialisms must not include null characters"),
        ("/peers/{peer}/specialisms/", {"specialisms": ["1\x00"]}, "Specialisms must not include null characters"),
    ],
)
def test_peer_forms_null_character_in_a_choice_refused_in_govuk_wording(client, sign_in, lead_peer, path, data, message):
    sign_in("lga_admin")
    before = pool_state()

    response = client.post(path.format(peer=lead_peer.pk), _peer_form(**data) if path == "/peers/add/" else data)

    assert error_summary(response) == [message]
    assert pool_state() == before


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_peer_create_hostile_text_saved_as_typed_and_escaped(client, sign_in, text):
    sign_in("lga_admin")

    client.post("/peers/add/", _peer_form(full_name=text, role_title=text, tags=text))
    response = client.get(f"/peers/{Peer.objects.get().pk}/")

    saved = _saved(Peer.objects.get())
    assert (saved["full_name"], saved["role_title"], saved["tags"]) == (text, text, [text.lower()])
    assert f'<h1 class="govuk-heading-l">{html.escape(text)}</h1>' in page(response)
    assert f"Role or rank {text} Accredited" in visible_text(response)
    assert "<script>alert(1)</script>" not in page(response)


# Correcting a peer


@pytest.fixture
def nia(db):
    peer = PeerFactory(
        full_name="Nia Roberts", email="nia.roberts@example.org", phone="01632 960 001", home_authority=Authority.objects.get(slug="kent"),
        role_title="Area manager", can_lead=True, max_challenges_per_year=3, consented_on=datetime.date(2026, 9, 14),
    )
    peer.specialisms.set([_specialism("protection"), _specialism("prevention")])
    peer.tags.set([PeerTagFactory(name="fleet"), PeerTagFactory(name="wildfire")])
    return peer


def test_peer_update_page_shows_the_record(client, sign_in, nia):
    sign_in("adviser")

    response = client.get(f"/peers/{nia.pk}/edit/")

    html_text = page(response)
    assert "<title>Correct Nia Roberts – Fire peer support</title>" in html_text
    assert [
        'name="full_name" value="Nia Roberts"' in html_text,
        'name="email" value="nia.roberts@example.org"' in html_text,
        'name="tags" value="fleet, wildfire"' in html_text,
        'name="consented_on_0" value="14"' in html_text,
        'name="consented_on_2" value="2026"' in html_text,
        f'<option value="{nia.home_authority_id}" selected>Kent and Medway Fire and Rescue Authority</option>' in html_text,
        "---------" in html_text,
    ] == [True, True, True, True, True, True, False]
    assert _ticked(response, "specialisms") == _pks(nia.specialisms)


def test_peer_update_page_links_back_to_the_record(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.get(f"/peers/{nia.pk}/edit/")

    assert f'href="/peers/{nia.pk}/" class="govuk-back-link"' in page(response)


def test_peer_update_saves_every_field(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(
        full_name="Nia Roberts-Hale", email="nia.hale@example.org", phone="", peer_type=PeerType.MEMBER,
        home_authority=str(Authority.objects.get(slug="avon").pk), role_title="", political_group=PoliticalGroup.INDEPENDENT,
        specialisms=[_specialism("finance").pk], tags="Estates", can_lead=None, max_challenges_per_year="0",
        **date_fields("consented_on", None),
    ), follow=True)

    assert response.redirect_chain == [(f"/peers/{nia.pk}/", 302)]
    assert notifications(response) == ["Nia Roberts-Hale saved"]
    assert _saved(nia) == {
        "full_name": "Nia Roberts-Hale", "email": "nia.hale@example.org", "phone": "", "peer_type": "member",
        "home_authority": "avon", "home_organisation": "", "role_title": "", "political_group": "independent",
        "can_lead": False, "max_challenges_per_year": 0, "consented_on": None,
        "is_active": True, "retired_reason": "", "specialisms": ["finance"], "tags": ["estates"],
    }


def test_peer_update_own_email_in_another_case_saved_in_lower_case(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(email="Nia.Roberts@Example.org"))

    assert (response.status_code, _saved(nia)["email"]) == (302, "nia.roberts@example.org")


def test_peer_update_email_of_another_peer_in_another_case_refused(client, sign_in, nia):
    PeerFactory(email="priya.shah@example.org")
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(email="PRIYA.SHAH@example.org"))

    assert error_summary(response) == ["Another peer already uses this email address"]
    assert _saved(nia)["email"] == "nia.roberts@example.org"


def test_peer_update_retiring_then_reactivating_clears_the_reason(client, sign_in, nia):
    sign_in("lga_admin")

    client.post(f"/peers/{nia.pk}/edit/", _peer_form(is_active=None, retired_reason="Left the service"))
    retired = _saved(nia)
    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(is_active="on", retired_reason="Left the service"))

    assert (retired["is_active"], retired["retired_reason"]) == (False, "Left the service")
    assert response.status_code == 302
    assert (_saved(nia)["is_active"], _saved(nia)["retired_reason"]) == (True, "")


def test_peer_update_form_of_a_retired_peer_shows_the_reason(client, sign_in, nia):
    Peer.objects.filter(pk=nia.pk).update(is_active=False, retired_reason="Left the service")
    sign_in("lga_admin")

    html_text = page(client.get(f"/peers/{nia.pk}/edit/"))

    assert ('name="retired_reason" value="Left the service"' in html_text, 'id="id_is_active" checked' in html_text) == (True, False)


@pytest.mark.parametrize(
    ("overrides", "messages"),
    [case for case in PEER_FORM_ERRORS if case.id in {"name-151", "email-255", "consent-tomorrow", "phone-arabic-digits",
                                                       "member-without-group", "officer-with-group", "retired-without-reason"}],
)
def test_peer_update_invalid_input_changes_nothing(client, sign_in, nia, overrides, messages):
    sign_in("lga_admin")
    before = _saved(nia)

    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(**overrides))

    assert (response.status_code, error_summary(response)) == (200, messages)
    assert _saved(nia) == before


def test_peer_update_with_errors_keeps_the_saved_name_in_the_heading(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(full_name="Someone Else", is_active=None))

    assert error_summary(response) == ["Enter why the peer is no longer active"]
    assert re.search(r"<title>(.*?)</title>", page(response)).group(1) == "Error: Correct Nia Roberts – Fire peer support"


def test_peer_update_home_authority_since_abolished_must_be_changed(client, sign_in, nia):
    dorset = Authority.objects.get(slug="dorset")
    Peer.objects.filter(pk=nia.pk).update(home_authority=dorset)
    sign_in("lga_admin")

    get = client.get(f"/peers/{nia.pk}/edit/")
    response = client.post(f"/peers/{nia.pk}/edit/", _peer_form(home_authority=str(dorset.pk)))

    assert f'<option value="{dorset.pk}"' not in page(get)
    assert error_summary(response) == ["Choose a fire and rescue authority from the list"]


# Contact details


def test_peer_contact_page_shows_the_details(client, sign_in, nia):
    nia.user = PeerUserFactory()
    nia.save()
    client.force_login(nia.user)

    response = client.get(f"/peers/{nia.pk}/contact/")

    html_text = page(response)
    assert "<title>Change contact details – Fire peer support</title>" in html_text
    assert ('name="email" value="nia.roberts@example.org"' in html_text, 'name="phone" value="01632 960 001"' in html_text) == (True, True)
    assert f'href="/peers/{nia.pk}/" class="govuk-back-link"' in html_text
    assert main_text(response) == (
        "Nia Roberts Change contact details The LGA uses these to ask you to join a team. The email address you sign in "
        "with stays the same: ask the LGA to change it. Email address Telephone number For example, 01632 960 001 or 07700 900 982"
    )


@pytest.mark.parametrize("role", ["lead_peer", "adviser"])
def test_peer_contact_update_saves_and_goes_to_the_record(client, sign_in, lead_peer, role):
    sign_in(role)

    response = client.post(f"/peers/{lead_peer.pk}/contact/", {"email": " Priya.Shah@Example.org ", "phone": " +44 808 157 0192 "},
                           follow=True)

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == ["Contact details saved"]
    assert (_saved(lead_peer)["email"], _saved(lead_peer)["phone"]) == ("priya.shah@example.org", "+44 808 157 0192")
    assert "Email address priya.shah@example.org Change contact details Telephone +44 808 157 0192" in visible_text(response)


def test_peer_contact_update_phone_may_be_removed(client, sign_in, nia):
    sign_in("lga_admin")

    client.post(f"/peers/{nia.pk}/contact/", {"email": "nia.roberts@example.org", "phone": ""})

    assert _saved(nia)["phone"] == ""


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        pytest.param({"email": "", "phone": ""}, ["Enter an email address"], id="empty"),
        pytest.param({"email": "   ", "phone": "   "}, ["Enter an email address"], id="spaces"),
        pytest.param({"email": "priya.example.org", "phone": ""}, ["Enter an email address in the correct format, like name@example.com"], id="email-no-at"),
        pytest.param({"email": "a" * 243 + "@example.org", "phone": ""}, ["Email address must be 254 characters or fewer"], id="email-255"),
        pytest.param({"email": "x" * 10_000, "phone": "0" * 10_000},
                     ["Enter an email address in the correct format, like name@example.com", "Telephone number must be 30 characters or fewer"],
                     id="10000"),
        pytest.param({"email": "p@example.org", "phone": "0" * 31}, ["Telephone number must be 30 characters or fewer"], id="phone-31"),
        pytest.param({"email": "p@example.org", "phone": "01632 96O 001"}, [TELEPHONE_MESSAGE], id="phone-letter-o"),
        pytest.param({"email": "p@example.org", "phone": "١٢٣"}, [TELEPHONE_MESSAGE], id="phone-arabic-digits"),
        pytest.param({"email": "p@example.org", "phone": "<script>alert(1)</script>"}, [TELEPHONE_MESSAGE], id="phone-html"),
        pytest.param({"email": "p@example.org", "phone": "0'; DROP TABLE x; --"}, [TELEPHONE_MESSAGE], id="phone-sql"),
        pytest.param({"email": "p@example.org", "phone": "0163\x002"}, ["Telephone number must not include null characters"], id="phone-null"),
        pytest.param({"email": "<script>alert(1)</script>@example.org", "phone": ""},
                     ["Enter an email address in the correct format, like name@example.com"], id="email-html"),
        pytest.param({"email": "zoë@ørsted.💧", "phone": ""}, ["Enter an email address in the correct format, like name@example.com"], id="email-unicode"),
        pytest.param({"email": "Oscar.Other@Example.org", "phone": ""}, ["Another peer already uses this email address"], id="email-of-another-peer"),
    ],
)
def test_peer_contact_update_invalid_input_refused(client, sign_in, lead_peer, data, messages):
    PeerFactory(email="oscar.other@example.org")
    sign_in("lead_peer")
    before = pool_state()

    response = client.post(f"/peers/{lead_peer.pk}/contact/", data)

    assert (response.status_code, error_summary(response)) == (200, messages)
    assert "<title>Error: Change contact details – Fire peer support</title>" in page(response)
    assert "<script>alert(1)</script>" not in page(response)
    assert pool_state() == before


# Specialisms


def test_peer_specialisms_page_shows_every_specialism_with_the_peers_ticked(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.get(f"/peers/{nia.pk}/specialisms/")

    html_text = page(response)
    assert "<title>Change specialisms – Fire peer support</title>" in html_text
    assert len(_inputs(response, "specialisms")) == Specialism.objects.count() == 25
    assert _ticked(response, "specialisms") == _pks(nia.specialisms)
    assert 'name="tags" value="fleet, wildfire"' in html_text
    assert "---------" not in html_text


@pytest.mark.parametrize("role", ["lead_peer", "lga_admin"])
def test_peer_specialisms_update_saves_with_tags_trimmed_and_case_folded(client, sign_in, lead_peer, role):
    PeerTagFactory(name="fleet")
    sign_in(role)

    response = client.post(
        f"/peers/{lead_peer.pk}/specialisms/",
        {"specialisms": [_specialism("finance").pk, _specialism("response").pk], "tags": "  Fleet ,WILDFIRE, , wildfire,Control Rooms "},
        follow=True,
    )

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == ["Specialisms saved"]
    assert (_saved(lead_peer)["specialisms"], _saved(lead_peer)["tags"]) == (["finance", "response"], ["control rooms", "fleet", "wildfire"])
    assert PeerTag.objects.count() == 3
    assert "Specialisms Finance Response control rooms fleet wildfire Change specialisms" in visible_text(response)


@pytest.mark.parametrize("data", [{"tags": ""}, {}], ids=["nothing-ticked", "only-the-csrf-token"])
def test_peer_specialisms_update_with_nothing_asks_to_confirm_and_keeps_them(client, sign_in, nia, data):
    """An empty submission once erased a peer's specialisms and tags without a word."""
    sign_in("lga_admin")
    before = (_saved(nia)["specialisms"], _saved(nia)["tags"])

    response = client.post(f"/peers/{nia.pk}/specialisms/", data)

    assert (response.status_code, error_summary(response)) == (
        200, ["Select the specialisms to keep, or select ‘Remove every specialism and skill’ to remove them all"],
    )
    assert (_saved(nia)["specialisms"], _saved(nia)["tags"]) == before != ([], [])


def test_peer_specialisms_update_remove_every_one_when_confirmed(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/specialisms/", {"tags": "", "remove_all": "on"}, follow=True)

    assert (_saved(nia)["specialisms"], _saved(nia)["tags"]) == ([], [])
    assert "Specialisms None recorded. Change specialisms" in visible_text(response)


def test_peer_specialisms_update_remove_all_with_some_chosen_refused(client, sign_in, nia):
    sign_in("lga_admin")

    response = client.post(f"/peers/{nia.pk}/specialisms/", {"tags": "fleet", "remove_all": "on"})

    assert error_summary(response) == ["Either choose specialisms and skills, or remove them all, not both"]


def test_peer_specialisms_page_offers_removing_them_all_only_when_there_are_some(client, sign_in, nia, lead_peer):
    sign_in("lga_admin")
    lead_peer.specialisms.clear()
    lead_peer.tags.clear()

    offered = ['name="remove_all"' in page(client.get(f"/peers/{peer.pk}/specialisms/")) for peer in (nia, lead_peer)]

    assert offered == [True, False]


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        pytest.param({"specialisms": ["999999"]}, ["Choose specialisms from the list"], id="unknown-id"),
        pytest.param({"specialisms": [TOO_LARGE_NUMBER]}, ["Choose specialisms from the list"], id="overflowing-id"),
        pytest.param({"specialisms": ["-" + TOO_LARGE_NUMBER]}, ["Choose specialisms from the list"], id="overflowing-negative-id"),
        pytest.param({"specialisms": ["protection"]}, ["Choose specialisms from the list"], id="code-not-id"),
        pytest.param({"specialisms": ["<script>alert(1)</script>"]}, ["Choose specialisms from the list"], id="html"),
        pytest.param({"tags": "fleet, " + "x" * 51}, ["Each skill must be 50 characters or fewer"], id="tag-51"),
        pytest.param({"tags": "x" * 501}, ["Other skills must be 500 characters or fewer"], id="tags-501"),
        pytest.param({"tags": "x" * 10_000}, ["Other skills must be 500 characters or fewer"], id="tags-10000"),
        pytest.param({"tags": "fleet\x00"}, ["Other skills must not include null characters"], id="tags-null"),
    ],
)
def test_peer_specialisms_update_invalid_input_refused(client, sign_in, nia, data, messages):
    sign_in("lga_admin")
    before = pool_state()

    response = client.post(f"/peers/{nia.pk}/specialisms/", data)

    assert (response.status_code, error_summary(response)) == (200, messages)
    assert "<script>alert(1)</script>" not in page(response)
    assert pool_state() == before


def test_peer_specialisms_update_tag_of_exactly_50_characters_saved(client, sign_in, nia):
    sign_in("lga_admin")

    client.post(f"/peers/{nia.pk}/specialisms/", {"tags": "x" * 50})

    assert _saved(nia)["tags"] == ["x" * 50]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_peer_specialisms_hostile_tag_saved_as_typed_and_escaped(client, sign_in, lead_peer, text):
    sign_in("lead_peer")

    client.post(f"/peers/{lead_peer.pk}/specialisms/", {"tags": text})
    response = client.get(f"/peers/{lead_peer.pk}/")

    assert _saved(lead_peer)["tags"] == [text.lower()]
    assert f"<li>{html.escape(text.lower())}</li>" in page(response)


# Dates when unavailable


def test_unavailability_page_shows_the_form(client, sign_in, lead_peer):
    sign_in("lead_peer")

    response = client.get(f"/peers/{lead_peer.pk}/unavailability/add/")

    assert "<title>Add dates when unavailable – Fire peer support</title>" in page(response)
    assert "You will not be offered a place on a team that is on site during these dates." in visible_text(response)
    assert f'href="/peers/{lead_peer.pk}/" class="govuk-back-link"' in page(response)


@pytest.mark.parametrize("role", ["lead_peer", "adviser"])
def test_unavailability_add_saves_and_goes_to_the_record(client, sign_in, lead_peer, role):
    sign_in(role)

    response = client.post(f"/peers/{lead_peer.pk}/unavailability/add/", _unavailability_form(reason="  Annual leave "), follow=True)

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == [f"Unavailable from {long_date(FIRST_DAY)} to {long_date(LAST_DAY)}"]
    assert list(lead_peer.unavailabilities.values_list("start_date", "end_date", "reason")) == [(FIRST_DAY, LAST_DAY, "Annual leave")]
    dates = f"{short_date(FIRST_DAY)} to {short_date(LAST_DAY)}"
    assert f"{dates} Annual leave Remove {dates}" in visible_text(response)


def test_unavailability_add_single_day_without_reason_saved(client, sign_in, lead_peer):
    sign_in("lead_peer")

    response = client.post(f"/peers/{lead_peer.pk}/unavailability/add/", _unavailability_form(end=FIRST_DAY, reason=""), follow=True)

    assert notifications(response) == [f"Unavailable from {long_date(FIRST_DAY)} to {long_date(FIRST_DAY)}"]
    assert list(lead_peer.unavailabilities.values_list("start_date", "end_date", "reason")) == [(FIRST_DAY, FIRST_DAY, "")]
    assert f"{short_date(FIRST_DAY)} to {short_date(FIRST_DAY)} Not given Remove" in visible_text(response)


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        pytest.param(_unavailability_form(start=None, end=None, reason=""),
                     ["Enter the first day unavailable", "Enter the last day unavailable"], id="empty"),
        pytest.param({}, ["Enter the first day unavailable", "Enter the last day unavailable"], id="nothing-sent"),
        pytest.param(_unavailability_form(end=FIRST_DAY - datetime.timedelta(days=1)),
                     ["The last day unavailable must be the same as or after the first day"], id="end-before-start"),
        pytest.param(_unavailability_form(start=timezone.localdate() - datetime.timedelta(days=10),
                                          end=timezone.localdate() - datetime.timedelta(days=1)),
                     ["The last day unavailable must be today or in the future"], id="all-in-the-past"),
        pytest.param({**_unavailability_form(), "start_date_0": "31", "start_date_1": "2"},
                     ["The first day unavailable must be a real date"], id="start-31-feb"),
        pytest.param({**_unavailability_form(), "end_date_2": "27"}, ["The last day unavailable must be a real date"], id="end-two-digit-year"),
        pytest.param({**_unavailability_form(), "end_date_2": TOO_LARGE_NUMBER}, ["The last day unavailable must be a real date"],
                     id="end-year-huge"),
        pytest.param({**_unavailability_form(), "start_date_1": ""}, ["The first day unavailable must include a day, month and year"],
                     id="start-no-month"),
        pytest.param({**_unavailability_form(), "start_date_0": "<b>1</b>"}, ["The first day unavailable must be a real date"],
                     id="start-html"),
        pytest.param(_unavailability_form(reason="x" * 201), ["Reason must be 200 characters or fewer"], id="reason-201"),
        pytest.param(_unavailability_form(reason="x" * 10_000), ["Reason must be 200 characters or fewer"], id="reason-10000"),
        pytest.param(_unavailability_form(reason="Leave\x00"), ["Reason must not include null characters"], id="reason-null"),
    ],
)
def test_unavailability_add_invalid_input_refused(client, sign_in, lead_peer, data, messages):
    sign_in("lead_peer")

    response = client.post(f"/peers/{lead_peer.pk}/unavailability/add/", data)

    assert (response.status_code, error_summary(response)) == (200, messages)
    assert "<title>Error: Add dates when unavailable – Fire peer support</title>" in page(response)
    assert Unavailability.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_unavailability_add_hostile_reason_saved_as_typed_and_escaped(client, sign_in, lead_peer, text):
    sign_in("lead_peer")

    client.post(f"/peers/{lead_peer.pk}/unavailability/add/", _unavailability_form(reason=text))
    response = client.get(f"/peers/{lead_peer.pk}/")

    assert lead_peer.unavailabilities.get().reason == text
    assert f'<td class="govuk-table__cell">{html.escape(text)}</td>' in page(response)
    assert "<script>alert(1)</script>" not in page(response)


@pytest.mark.parametrize("role", ["lead_peer", "lga_admin"])
def test_unavailability_remove_deletes_and_goes_to_the_record(client, sign_in, records, role):
    lead_peer, period = records["lead_peer"]
    sign_in(role)

    response = client.post(f"/peers/{lead_peer.pk}/unavailability/{period.pk}/remove/", follow=True)

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == ["Dates removed"]
    assert list(Unavailability.objects.values_list("peer", flat=True)) == [records["other_peer"][0].pk]
    assert "When unavailable No dates recorded." in visible_text(response)


@pytest.mark.parametrize("role", ["lead_peer", "lga_admin"])
@pytest.mark.parametrize("period_pk", ["other_peer", "999999", TOO_LARGE_NUMBER])
def test_unavailability_remove_period_not_of_this_peer_not_found(client, sign_in, records, role, period_pk):
    lead_peer = records["lead_peer"][0]
    if period_pk == "other_peer":
        period_pk = records["other_peer"][1].pk
    sign_in(role)

    response = client.post(f"/peers/{lead_peer.pk}/unavailability/{period_pk}/remove/")

    assert response.status_code == 404
    assert Unavailability.objects.count() == 2


# Who changed what


@pytest.mark.parametrize(
    ("role", "path", "data"),
    [
        ("lead_peer", "/peers/{peer}/contact/", lambda: {"email": "priya.shah@example.org", "phone": ""}),
        ("lead_peer", "/peers/{peer}/specialisms/", lambda: {"specialisms": [_specialism("finance").pk], "tags": "fleet"}),
        ("adviser", "/peers/{peer}/contact/", lambda: {"email": "priya.shah@example.org", "phone": ""}),
        ("adviser", "/peers/{peer}/specialisms/", lambda: {"specialisms": [_specialism("finance").pk], "tags": "fleet"}),
        ("lga_admin", "/peers/{peer}/edit/", lambda: _peer_form()),
    ],
)
def test_peer_change_recorded_in_history_with_the_signed_in_user(client, sign_in, lead_peer, role, path, data):
    user = sign_in(role)
    before = lead_peer.history.count()

    response = client.post(path.format(peer=lead_peer.pk), data())

    assert response.status_code == 302
    assert lead_peer.history.first().history_user == user
    assert {record.history_user for record in lead_peer.history.all()[: lead_peer.history.count() - before]} == {user}


def test_peer_create_recorded_in_history_with_the_signed_in_user(client, sign_in):
    adviser = sign_in("adviser")

    client.post("/peers/add/", _peer_form())

    # Added, then its specialisms set.
    assert [(record.history_type, record.history_user) for record in Peer.objects.get().history.all()] == [("~", adviser), ("+", adviser)]
