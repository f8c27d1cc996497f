"""Challenges as iCalendar (challenges/ical.py): the events a calendar app reads, with stable
UIDs, a SEQUENCE that counts the saves and times in UTC."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.ical import calendar_of, event_uid
from challenges.models import Challenge
from challenges.selectors.calendar import challenges_for_feed
from challenges.services.challenge import challenge_reschedule
from challenges.services.status import challenge_status_change

from .factories import ChallengeFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = datetime.date
UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def _feed(*challenges, name="Peer challenges") -> bytes:
    return calendar_of(challenges_for_feed(queryset=Challenge.objects.filter(pk__in=[c.pk for c in challenges])), name=name)


def _events(body: bytes) -> list[dict]:
    """Each event's properties as a calendar app reads them."""
    return [
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "dtstart": event.decoded("DTSTART"),
            "dtend": event.decoded("DTEND"),
            "status": str(event["STATUS"]),
            "sequence": event.decoded("SEQUENCE"),
            "last_modified": event.decoded("LAST-MODIFIED"),
        }
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    ]


def _changed_at(challenge, moment):
    Challenge.history.filter(id=challenge.pk).update(history_date=moment)


def test_calendar_of_one_challenge_exact_text(avon, monkeypatch):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12), status=ChallengeStatus.CLOSED)
    _changed_at(challenge, datetime.datetime(2026, 1, 14, 15, 30, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 11, 2, 8, 5, 0, tzinfo=UTC))

    body = _feed(challenge)

    pk = challenge.pk
    url = f"http://127.0.0.1:8000/challenges/{pk}/"
    assert body.decode() == "\r\n".join([
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Local Government Association//Fire peer support//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Peer challenges",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VEVENT",
        "SUMMARY:Operational Assessment and fire peer challenge: Avon",
        "DTSTART;VALUE=DATE:20260309",
        "DTEND;VALUE=DATE:20260313",
        "DTSTAMP:20261102T080500Z",
        f"UID:challenge-{pk}-phase-1@127.0.0.1",
        "SEQUENCE:0",
        # Lines longer than 75 octets fold, the rest on a line that starts with a space.
        "DESCRIPTION:Peer challenge of Avon Fire Authority\\, closed.\\nhttp://127.0.",
        f" 0.1:8000/challenges/{pk}/",
        "LAST-MODIFIED:20260114T153000Z",
        "LOCATION:Avon Fire Authority",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ])


def test_calendar_of_one_challenge_properties(avon):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12), status=ChallengeStatus.CLOSED)
    _changed_at(challenge, datetime.datetime(2026, 1, 14, 15, 30, tzinfo=UTC))

    calendar = icalendar.Calendar.from_ical(_feed(challenge, name="Your peer challenge visits"))

    assert (str(calendar["X-WR-CALNAME"]), str(calendar["PRODID"]), str(calendar["VERSION"])) == (
        "Your peer challenge visits", "-//Local Government Association//Fire peer support//EN", "2.0",
    )
    assert _events(calendar.to_ical()) == [{
        "uid": f"challenge-{challenge.pk}-phase-1@127.0.0.1",
        "summary": "Operational Assessment and fire peer challenge: Avon",
        "dtstart": D(2026, 3, 9),
        "dtend": D(2026, 3, 13),
        "status": "CONFIRMED",
        "sequence": 0,
        "last_modified": datetime.datetime(2026, 1, 14, 15, 30, tzinfo=UTC),
    }]


def test_calendar_of_uid_takes_the_site_host(avon, settings):
    settings.SITE_URL = "https://peersupport.example.org"
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))

    assert [event["uid"] for event in _events(_feed(challenge))] == [f"challenge-{challenge.pk}-phase-1@peersupport.example.org"]
    assert event_uid(challenge, 2) == f"challenge-{challenge.pk}-phase-2@peersupport.example.org"


def test_calendar_of_cancelled_challenge_says_cancelled(avon, lga_admin):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    challenge_status_change(by=lga_admin, challenge=challenge, status=ChallengeStatus.CANCELLED, reason="The authority withdrew")

    events = _events(_feed(challenge))

    assert [(e["uid"], e["status"], e["sequence"], e["dtstart"], e["dtend"]) for e in events] == [
        (f"challenge-{challenge.pk}-phase-1@127.0.0.1", "CANCELLED", 1, D(2026, 3, 9), D(2026, 3, 13)),
    ]


@pytest.mark.parametrize("saves", [1, 2, 5])
def test_calendar_of_sequence_counts_the_history(avon, saves):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    for number in range(saves - 1):
        challenge.notes = f"Note {number}"
        challenge.save()

    assert Challenge.history.filter(id=challenge.pk).count() == saves
    assert [event["sequence"] for event in _events(_feed(challenge))] == [saves - 1]


def test_calendar_of_challenge_without_annotations_uses_its_booking(avon):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    Challenge.objects.filter(pk=challenge.pk).update(booked_at=datetime.datetime(2025, 12, 1, 9, 15, tzinfo=UTC))
    challenge = Challenge.objects.select_related("authority").get(pk=challenge.pk)

    events = _events(calendar_of([challenge], name="One"))

    assert [(e["sequence"], e["last_modified"]) for e in events] == [(0, datetime.datetime(2025, 12, 1, 9, 15, tzinfo=UTC))]


def test_calendar_of_two_phases_two_events(avon):
    challenge = ChallengeFactory(
        authority=avon, challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2026, 3, 2), end_date=D(2026, 3, 4),
        second_start_date=D(2026, 3, 23), second_end_date=D(2026, 3, 24),
    )

    events = _events(_feed(challenge))

    assert [(e["uid"], e["summary"], e["dtstart"], e["dtend"]) for e in events] == [
        (f"challenge-{challenge.pk}-phase-1@127.0.0.1", "Deep-dive themed peer challenge: Avon (phase 1 of 2)", D(2026, 3, 2), D(2026, 3, 5)),
        (f"challenge-{challenge.pk}-phase-2@127.0.0.1", "Deep-dive themed peer challenge: Avon (phase 2 of 2)", D(2026, 3, 23), D(2026, 3, 25)),
    ]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        pytest.param(D(2026, 3, 27), D(2026, 3, 31), id="clocks-forward-29-march-2026"),
        pytest.param(D(2026, 10, 23), D(2026, 10, 27), id="clocks-back-25-october-2026"),
    ],
)
def test_calendar_of_visit_across_the_clock_change_keeps_its_dates(avon, first, last):
    challenge = ChallengeFactory(authority=avon, start_date=first, end_date=last)

    body = _feed(challenge)

    assert [(e["dtstart"], e["dtend"]) for e in _events(body)] == [(first, last + datetime.timedelta(days=1))]
    assert [line for line in body.decode().split("\r\n") if line.startswith(("DTSTART", "DTEND"))] == [
        f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{last + datetime.timedelta(days=1):%Y%m%d}",
    ]


def test_calendar_of_change_in_summer_time_last_modified_in_utc(avon):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    _changed_at(challenge, datetime.datetime(2026, 6, 1, 10, 0, tzinfo=LONDON))

    body = _feed(challenge)

    assert [e["last_modified"] for e in _events(body)] == [datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)]
    assert [line for line in body.decode().split("\r\n") if line.startswith("LAST-MODIFIED")] == ["LAST-MODIFIED:20260601T090000Z"]


def test_calendar_of_change_in_winter_time_last_modified_in_utc(avon):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    _changed_at(challenge, datetime.datetime(2026, 1, 15, 10, 0, tzinfo=LONDON))

    assert [e["last_modified"] for e in _events(_feed(challenge))] == [datetime.datetime(2026, 1, 15, 10, 0, tzinfo=UTC)]


def test_calendar_of_last_modified_is_the_latest_change(avon):
    challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))
    _changed_at(challenge, datetime.datetime(2026, 1, 15, 10, 0, tzinfo=UTC))
    challenge.notes = "Moved rooms"
    challenge.save()
    Challenge.history.filter(id=challenge.pk, notes="Moved rooms").update(history_date=datetime.datetime(2026, 2, 3, 16, 45, tzinfo=UTC))

    assert [(e["sequence"], e["last_modified"]) for e in _events(_feed(challenge))] == [
        (1, datetime.datetime(2026, 2, 3, 16, 45, tzinfo=UTC)),
    ]


def test_calendar_of_rescheduled_challenge_keeps_its_uid_and_sequence_goes_up(avon, lga_admin):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=60)
    challenge = ChallengeFactory(authority=avon, start_date=start, end_date=start + datetime.timedelta(days=2))
    before = _events(_feed(challenge))

    new_start = today + datetime.timedelta(days=90)
    challenge_reschedule(
        by=lga_admin, challenge=challenge, reason="The chief fire officer is away",
        start_date=new_start, end_date=new_start + datetime.timedelta(days=3),
    )
    after = _events(_feed(challenge))

    uid = f"challenge-{challenge.pk}-phase-1@127.0.0.1"
    assert [(e["uid"], e["sequence"], e["dtstart"], e["dtend"]) for e in before] == [
        (uid, 0, start, start + datetime.timedelta(days=3)),
    ]
    assert [(e["uid"], e["sequence"], e["dtstart"], e["dtend"]) for e in after] == [
        (uid, 1, new_start, new_start + datetime.timedelta(days=4)),
    ]


def test_calendar_of_second_phase_added_keeps_the_first_uid(avon, lga_admin):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=60)
    challenge = ChallengeFactory(authority=avon, start_date=start, end_date=start + datetime.timedelta(days=1))

    second = start + datetime.timedelta(days=21)
    challenge_reschedule(
        by=lga_admin, challenge=challenge, reason="Split into two visits", start_date=start,
        end_date=start + datetime.timedelta(days=1), second_start_date=second, second_end_date=second + datetime.timedelta(days=1),
    )

    assert [(e["uid"], e["sequence"], e["dtstart"]) for e in _events(_feed(challenge))] == [
        (f"challenge-{challenge.pk}-phase-1@127.0.0.1", 1, start),
        (f"challenge-{challenge.pk}-phase-2@127.0.0.1", 1, second),
    ]


def test_calendar_of_several_challenges_in_date_order(avon):
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"), start_date=D(2026, 5, 4), end_date=D(2026, 5, 6))
    avon_challenge = ChallengeFactory(authority=avon, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12))

    assert [e["summary"] for e in _events(_feed(kent, avon_challenge))] == [
        "Operational Assessment and fire peer challenge: Avon",
        "Operational Assessment and fire peer challenge: Kent",
    ]


def test_calendar_of_nothing_is_an_empty_calendar():
    body = calendar_of([], name="Peer challenges")

    assert _events(body) == []
    assert body.decode().startswith("BEGIN:VCALENDAR\r\n")
