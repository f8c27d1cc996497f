"""The peer pool's writes: who may make each, what each refuses, and who the history names
when the change is made outside a request (a task, the shell)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Peer, PeerTag, Specialism, Unavailability
from authorities.services.peer import peer_save, peer_update_contact, peer_update_specialisms, tags_from_names
from authorities.services.unavailability import unavailability_add, unavailability_remove

from .factories import PeerFactory, PeerTagFactory, UnavailabilityFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Leave starts in the future, as a new period must end in it, however far off today is.
LEAVE_START = timezone.localdate() + datetime.timedelta(days=120)

TELEPHONE_MESSAGE = "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"


def _specialism(code):
    return Specialism.objects.get(code=code)


def _kent():
    return Authority.objects.get(slug="kent")


def _officer(**overrides):
    """The fields of a valid officer peer, with the home authority by slug (see _fields)."""
    return {"full_name": "Nia Roberts", "email": "nia.roberts@example.org", "peer_type": PeerType.OFFICER,
            "home_authority": "kent", **overrides}


def _fields(fields):
    """The fields for peer_save, the home authority's slug replaced by the authority."""
    slug = fields.get("home_authority")
    return {**fields, "home_authority": Authority.objects.get(slug=slug)} if slug else fields


def pool_state():
    """Everything the peer services write (and the pages on a peer's record change), to
    show that a refused call wrote none of it."""
    return (
        list(Peer.objects.order_by("pk").values()),
        sorted(Peer.specialisms.through.objects.values_list("peer_id", "specialism_id")),
        sorted(Peer.tags.through.objects.values_list("peer_id", "peertag_id")),
        list(Unavailability.objects.order_by("pk").values()),
        Peer.history.count(),
    )


def _new_history(peer, count_before):
    """(type, user) of each history record written since there were `count_before`, newest first."""
    records = list(peer.history.all())
    return [(record.history_type, record.history_user) for record in records[: len(records) - count_before]]


@pytest.fixture
def period(lead_peer):
    return UnavailabilityFactory(peer=lead_peer, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 12))


# The services a peer may use on their own record, as LGA staff may on anyone's.
SELF_SERVICES = {
    "peer_update_contact": lambda by, peer: peer_update_contact(
        by=by, peer=peer, email="priya.shah@example.org", phone="01632 960 001"
    ),
    "peer_update_specialisms": lambda by, peer: peer_update_specialisms(
        by=by, peer=peer, specialisms=[_specialism("finance")], tags=["fleet"]
    ),
    "unavailability_add": lambda by, peer: unavailability_add(
        by=by, peer=peer, start_date=LEAVE_START, end_date=LEAVE_START + datetime.timedelta(days=4)
    ),
    "unavailability_remove": lambda by, peer: unavailability_remove(by=by, period=peer.unavailabilities.get()),
}


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "lead_peer"])
@pytest.mark.parametrize("service", SELF_SERVICES)
def test_self_service_allowed_to_lga_staff_and_the_peer(user_for, lead_peer, period, role, service):
    before = pool_state()

    SELF_SERVICES[service](user_for(role), Peer.objects.get(pk=lead_peer.pk))

    assert pool_state() != before


@pytest.mark.parametrize("role", ["other_peer_user", "fra_contact", "other_fra_contact", "anonymous"])
@pytest.mark.parametrize("service", SELF_SERVICES)
def test_self_service_refused_to_anyone_else(user_for, lead_peer, period, role, service):
    user = user_for(role)
    before = pool_state()

    with pytest.raises(PermissionDenied) as raised:
        SELF_SERVICES[service](user, Peer.objects.get(pk=lead_peer.pk))

    assert str(raised.value) == "You can change only your own record."
    assert pool_state() == before


# peer_save


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_peer_save_creates_a_peer_with_specialisms_and_tags(user_for, role):
    peer = peer_save(
        by=user_for(role), specialisms=[_specialism("protection"), _specialism("prevention")], tags=[" Fleet", "WILDFIRE", "fleet "],
        **_fields(_officer(email="Nia.Roberts@Example.org", phone="01632 960 001", can_lead=True, max_challenges_per_year=3,
                           consented_on=datetime.date(2026, 9, 14))),
    )

    peer = Peer.objects.get(pk=peer.pk)
    assert (peer.full_name, peer.email, peer.phone, peer.peer_type, peer.home_authority, peer.can_lead,
            peer.max_challenges_per_year, peer.consented_on, peer.is_active) == (
        "Nia Roberts", "nia.roberts@example.org", "01632 960 001", "officer", _kent(), True, 3, datetime.date(2026, 9, 14), True,
    )
    assert sorted(peer.specialisms.values_list("code", flat=True)) == ["prevention", "protection"]
    assert sorted(peer.tags.values_list("name", flat=True)) == ["fleet", "wildfire"]


def test_peer_save_changes_an_existing_peer_and_replaces_specialisms_and_tags(lga_admin, lead_peer):
    lead_peer.specialisms.set([_specialism("protection")])
    lead_peer.tags.set([PeerTagFactory(name="estates")])

    peer_save(
        by=lga_admin, peer=lead_peer, specialisms=[_specialism("finance")], tags=["Fleet"],
        full_name="Priya Shah", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.GREEN,
    )

    peer = Peer.objects.get(pk=lead_peer.pk)
    assert (peer.full_name, peer.peer_type, peer.political_group, peer.home_authority) == ("Priya Shah", "member", "green", _kent())
    assert (list(peer.specialisms.values_list("code", flat=True)), list(peer.tags.values_list("name", flat=True))) == (["finance"], ["fleet"])
    assert Peer.objects.count() == 1


def test_peer_save_without_specialisms_or_tags_keeps_the_peers(lga_admin, lead_peer):
    lead_peer.specialisms.set([_specialism("protection")])
    lead_peer.tags.set([PeerTagFactory(name="estates")])
    rows_before = lead_peer.history.count()

    peer_save(by=lga_admin, peer=Peer.objects.get(pk=lead_peer.pk), role_title="Area manager")

    peer = Peer.objects.get(pk=lead_peer.pk)
    assert (peer.role_title, list(peer.specialisms.values_list("code", flat=True)), list(peer.tags.values_list("name", flat=True))) == (
        "Area manager", ["protection"], ["estates"]
    )
    assert peer.history.count() == rows_before + 1


def test_peer_save_reactivating_a_retired_peer_clears_the_reason(lga_admin, lead_peer):
    Peer.objects.filter(pk=lead_peer.pk).update(is_active=False, retired_reason="Left the service")
    peer = Peer.objects.get(pk=lead_peer.pk)

    peer_save(by=lga_admin, peer=peer, is_active=True)

    assert Peer.objects.filter(pk=lead_peer.pk).values_list("is_active", "retired_reason").get() == (True, "")


@pytest.mark.parametrize("role", ["lead_peer", "other_peer_user", "fra_contact", "anonymous"])
def test_peer_save_refused_to_anyone_but_lga_staff_even_the_peer(user_for, lead_peer, role):
    user = user_for(role)
    before = pool_state()

    with pytest.raises(PermissionDenied) as raised:
        peer_save(by=user, peer=Peer.objects.get(pk=lead_peer.pk), full_name="Changed by a stranger")
    with pytest.raises(PermissionDenied):
        peer_save(by=user, **_fields(_officer()))

    assert str(raised.value) == "Only LGA staff can change this."
    assert pool_state() == before


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        pytest.param(
            {"full_name": "", "email": "not-an-email", "peer_type": PeerType.MEMBER},
            {"full_name": ["This field cannot be blank."], "email": ["Enter a valid email address."],
             "political_group": ["Choose the member peer's political group"],
             "home_authority": ["Choose the peer's home fire and rescue authority"]},
            id="blank-and-wrong",
        ),
        pytest.param(
            _officer(home_authority=None), {"home_authority": ["Choose the peer's home fire and rescue authority"]},
            id="officer-without-authority",
        ),
        pytest.param(
            _officer(peer_type=PeerType.BEYOND_SECTOR),
            {"home_authority": ["Only officer and member peers have a home authority"],
             "home_organisation": ["Enter the organisation the peer works for"]},
            id="beyond-sector-with-authority",
        ),
        pytest.param(
            _officer(political_group=PoliticalGroup.LABOUR),
            {"political_group": ["Only member peers have a political group"]}, id="officer-with-group",
        ),
        pytest.param(
            _officer(is_active=False),
            {"retired_reason": ["Enter why the peer is no longer active"]}, id="retired-without-reason",
        ),
        pytest.param(
            _officer(phone="call me", consented_on=datetime.date(2099, 1, 1), max_challenges_per_year=13),
            {"phone": [TELEPHONE_MESSAGE], "consented_on": ["The date consent was given must be today or in the past"],
             "max_challenges_per_year": ["Most challenges a year must be 12 or fewer"]},
            id="phone-consent-and-most-challenges",
        ),
        pytest.param(_officer(phone="١٢٣"), {"phone": [TELEPHONE_MESSAGE]}, id="phone-arabic-digits"),
        pytest.param(_officer(full_name="x" * 151), {"full_name": ["Ensure this value has at most 150 characters (it has 151)."]},
                     id="name-too-long"),
    ],
)
def test_peer_save_invalid_fields_refused_with_their_messages(lga_admin, fields, messages):
    with pytest.raises(ValidationError) as raised:
        peer_save(by=lga_admin, specialisms=[_specialism("finance")], tags=["fleet"], **_fields(fields))

    assert raised.value.message_dict == messages
    assert (Peer.objects.count(), PeerTag.objects.count()) == (0, 0)


def test_peer_save_email_of_another_peer_in_another_case_refused(lga_admin):
    PeerFactory(email="nia.roberts@example.org")

    with pytest.raises(ValidationError) as raised:
        peer_save(by=lga_admin, **_fields(_officer(email="NIA.Roberts@example.org")))

    assert raised.value.message_dict == {"email": ["Another peer already uses this email address"]}
    assert Peer.objects.count() == 1


def test_peer_save_history_names_who_outside_a_request(adviser):
    peer = peer_save(by=adviser, specialisms=[_specialism("finance")], tags=["fleet"], **_fields(_officer()))
    peer_save(by=adviser, peer=peer, full_name="Nia Roberts-Hale")

    # Added, then its specialisms, then the new name: one row for each change.
    assert _new_history(peer, 0) == [("~", adviser), ("~", adviser), ("+", adviser)]
    assert peer.history.first().full_name == "Nia Roberts-Hale"


# peer_update_contact


def test_peer_update_contact_saves_email_in_lower_case_and_phone(lead_peer):
    peer_update_contact(by=lead_peer.user, peer=lead_peer, email="Priya.Shah@Example.org", phone="+44 808 157 0192")

    assert Peer.objects.filter(pk=lead_peer.pk).values_list("email", "phone").get() == ("priya.shah@example.org", "+44 808 157 0192")


def test_peer_update_contact_changes_nothing_else(lga_admin, lead_peer):
    Peer.objects.filter(pk=lead_peer.pk).update(full_name="Priya Shah")
    stale = lead_peer  # still holds the name the peer had before

    peer_update_contact(by=lga_admin, peer=stale, email="priya.shah@example.org", phone="")

    assert Peer.objects.filter(pk=lead_peer.pk).values_list("full_name", "email").get() == ("Priya Shah", "priya.shah@example.org")


@pytest.mark.parametrize(
    ("email", "phone", "messages"),
    [
        ("", "", {"email": ["This field cannot be blank."]}),
        ("not-an-email", "call me", {"email": ["Enter a valid email address."], "phone": [TELEPHONE_MESSAGE]}),
        ("priya@example.org", "١٢٣", {"phone": [TELEPHONE_MESSAGE]}),
        ("priya@example.org", "0" * 31, {"phone": ["Ensure this value has at most 30 characters (it has 31)."]}),
        ("Oscar.Other@Example.org", "", {"email": ["Another peer already uses this email address"]}),
    ],
)
def test_peer_update_contact_invalid_refused_and_nothing_saved(lead_peer, email, phone, messages):
    PeerFactory(email="oscar.other@example.org")
    before = pool_state()

    with pytest.raises(ValidationError) as raised:
        peer_update_contact(by=lead_peer.user, peer=lead_peer, email=email, phone=phone)

    assert raised.value.message_dict == messages
    assert pool_state() == before


@pytest.mark.parametrize("role", ["lead_peer", "adviser"])
def test_peer_update_contact_history_names_who_outside_a_request(user_for, lead_peer, role):
    count = lead_peer.history.count()

    peer_update_contact(by=user_for(role), peer=lead_peer, email="priya.shah@example.org", phone="")

    assert _new_history(lead_peer, count) == [("~", user_for(role))]
    assert lead_peer.history.first().email == "priya.shah@example.org"


# peer_update_specialisms


def test_peer_update_specialisms_replaces_them_with_tags_trimmed_and_case_folded(lead_peer):
    existing = PeerTagFactory(name="fleet")
    lead_peer.specialisms.set([_specialism("protection")])
    lead_peer.tags.set([PeerTagFactory(name="estates")])

    peer_update_specialisms(
        by=lead_peer.user, peer=lead_peer, specialisms=[_specialism("finance"), _specialism("response")],
        tags=[" Fleet", "WILDFIRE ", "wildfire", "", "  "],
    )

    assert sorted(lead_peer.specialisms.values_list("code", flat=True)) == ["finance", "response"]
    assert sorted(lead_peer.tags.values_list("name", flat=True)) == ["fleet", "wildfire"]
    assert lead_peer.tags.get(name="fleet") == existing


def test_peer_update_specialisms_nothing_clears_them(lga_admin, lead_peer):
    lead_peer.specialisms.set([_specialism("protection")])
    lead_peer.tags.set([PeerTagFactory(name="estates")])

    peer_update_specialisms(by=lga_admin, peer=lead_peer, specialisms=[], tags=[])

    assert (lead_peer.specialisms.count(), lead_peer.tags.count()) == (0, 0)
    assert PeerTag.objects.filter(name="estates").exists()  # the tag itself stays for other peers


def test_peer_update_specialisms_latest_history_names_who_outside_a_request(lead_peer):
    peer_update_specialisms(by=lead_peer.user, peer=lead_peer, specialisms=[_specialism("finance")], tags=[])

    latest = lead_peer.history.first()
    assert (latest.history_user, [held.specialism.code for held in latest.specialisms.all()]) == (lead_peer.user, ["finance"])


def test_peer_update_specialisms_every_history_record_names_who_outside_a_request(lead_peer):
    count = lead_peer.history.count()

    peer_update_specialisms(by=lead_peer.user, peer=lead_peer, specialisms=[_specialism("finance")], tags=[])

    assert {user for _, user in _new_history(lead_peer, count)} == {lead_peer.user}


def test_peer_update_specialisms_tag_over_50_characters_refused(lead_peer):
    with pytest.raises(ValidationError) as raised:
        peer_update_specialisms(by=lead_peer.user, peer=lead_peer, specialisms=[], tags=["x" * 51])

    assert raised.value.message_dict == {"tags": ["Each skill must be 50 characters or fewer"]}
    assert PeerTag.objects.count() == 0


# tags_from_names


def test_tags_from_names_one_tag_per_spelling_created_when_new(db):
    existing = PeerTagFactory(name="fleet")

    tags = tags_from_names(["Fleet ", " FLEET", "Wildfire", "", "   ", None])

    assert sorted(tag.name for tag in tags) == ["fleet", "wildfire"]
    assert existing in tags
    assert sorted(PeerTag.objects.values_list("name", flat=True)) == ["fleet", "wildfire"]


def test_tags_from_names_nothing_gives_no_tags(db):
    assert (tags_from_names([]), tags_from_names([" ", ""]), PeerTag.objects.count()) == ([], [], 0)


# unavailability_add and unavailability_remove


def test_unavailability_add_saves_the_period_with_the_reason_trimmed(lead_peer):
    period = unavailability_add(
        by=lead_peer.user, peer=lead_peer, start_date=LEAVE_START, end_date=LEAVE_START, reason="  Leave  "
    )

    assert list(lead_peer.unavailabilities.values_list("pk", "start_date", "end_date", "reason")) == [
        (period.pk, LEAVE_START, LEAVE_START, "Leave")
    ]


@pytest.mark.parametrize(
    ("start", "end", "reason", "messages"),
    [
        (LEAVE_START, LEAVE_START - datetime.timedelta(days=1), "",
         {"end_date": ["The last day unavailable must be the same as or after the first day"]}),
        (LEAVE_START, LEAVE_START, "x" * 201,
         {"reason": ["Ensure this value has at most 200 characters (it has 201)."]}),
        (None, None, "", {"start_date": ["This field cannot be null."], "end_date": ["This field cannot be null."]}),
    ],
)
def test_unavailability_add_invalid_refused(lead_peer, start, end, reason, messages):
    with pytest.raises(ValidationError) as raised:
        unavailability_add(by=lead_peer.user, peer=lead_peer, start_date=start, end_date=end, reason=reason)

    assert raised.value.message_dict == messages
    assert Unavailability.objects.count() == 0


def test_unavailability_remove_deletes_only_that_period(lead_peer, period):
    other = UnavailabilityFactory(peer=lead_peer, start_date=datetime.date(2027, 6, 1), end_date=datetime.date(2027, 6, 2))

    unavailability_remove(by=lead_peer.user, period=period)

    assert list(Unavailability.objects.values_list("pk", flat=True)) == [other.pk]
