"""What a hostile or careless user typed: dates centuries away and text that hides or
reorders what it says. Each is refused with a GOV.UK message on the page and nothing is saved."""

import datetime

import pytest
from django.utils import timezone

from authorities.models import Authority, Inspection, Peer, TrainingRecord, Unavailability
from authorities.services.peer_import import peers_import_preview
from peersupport.tests.forms import date_fields
from peersupport.tests.html import error_summary

from .csv_files import csv_upload, peer_row
from .test_views_peer_records import _peer_form
from .test_views_register import _authority_form, _inspection_form
from .test_views_training import _form as _training_form

pytestmark = pytest.mark.integration

AHEAD = {years: timezone.localdate() + datetime.timedelta(days=round(365.25 * years)) for years in (2, 5)}


def _on_or_before(date):
    return f"on or before {date.day} {date:%B %Y}"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(1, 1, 1), datetime.date(1, 1, 2), "The first day unavailable must be on or after 1 January 2000"),
        (datetime.date(9999, 1, 1), datetime.date(9999, 12, 31), f"The first day unavailable must be {_on_or_before(AHEAD[5])}"),
    ],
    ids=["year-1", "year-9999"],
)
def test_unavailability_centuries_away_refused(client, sign_in, lead_peer, start, end, message):
    sign_in("lead_peer")

    response = client.post(
        f"/peers/{lead_peer.pk}/unavailability/add/", {**date_fields("start_date", start), **date_fields("end_date", end)}
    )

    assert (response.status_code, error_summary(response)[0]) == (200, message)
    assert Unavailability.objects.count() == 0


def test_training_completed_in_year_1_refused(client, sign_in, lead_peer):
    sign_in("lga_admin")

    response = client.post(f"/peers/{lead_peer.pk}/training/add/", _training_form(completed=datetime.date(1, 1, 1), expires=None))

    assert error_summary(response) == ["The date completed must be on or after 1 January 2000"]
    assert TrainingRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("consented_on", "message"),
    [
        (datetime.date(1, 1, 1), "The date consent was given must be on or after 1 January 2000"),
        (datetime.date(9999, 1, 1), "The date consent was given must be today or in the past"),
    ],
)
def test_peer_consent_centuries_away_refused(client, sign_in, consented_on, message):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(**date_fields("consented_on", consented_on)))

    assert error_summary(response) == [message]
    assert Peer.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "date", "message"),
    [
        ("started_on", datetime.date(1, 2, 5), "The inspection start date must be on or after 1 July 2017"),
        ("report_published_on", datetime.date(9999, 7, 3), f"The report publication date must be {_on_or_before(AHEAD[2])}"),
    ],
)
def test_inspection_dates_centuries_away_refused(client, sign_in, field, date, message):
    sign_in("adviser")

    response = client.post("/authorities/avon/inspections/add/", _inspection_form(**date_fields(field, date)))

    assert message in error_summary(response)
    assert Inspection.objects.count() == 0


def test_authority_end_date_in_year_1_refused(client, sign_in):
    sign_in("lga_admin")
    dorset = Authority.objects.get(slug="dorset")

    response = client.post("/authorities/dorset/edit/", _authority_form(dorset, **date_fields("ended_on", datetime.date(1, 4, 1))))

    assert error_summary(response) == ["The end date must be on or after 1 January 1990"]
    assert Authority.objects.get(slug="dorset").ended_on == dorset.ended_on


@pytest.mark.parametrize(
    ("full_name", "message"),
    [
        ("Nia \u202eRoberts", "Full name must not include hidden or control characters"),
        ("Nia\nRoberts", "Full name must be on one line"),
    ],
    ids=["right-to-left-override", "line-break"],
)
def test_peer_name_that_hides_or_breaks_refused(client, sign_in, full_name, message):
    sign_in("lga_admin")

    response = client.post("/peers/add/", _peer_form(full_name=full_name))

    assert error_summary(response) == [message]
    assert Peer.objects.count() == 0


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ({"full_name": "Nia\nRoberts"}, "Row 2, full_name: Full name must be on one line"),
        ({"full_name": "Nia \u202eRoberts"}, "Row 2, full_name: Full name must not include hidden or control characters"),
        ({"role_title": "Area\u2066 manager"}, "Row 2, role_title: Role or rank must not include hidden or control characters"),
    ],
)
def test_import_row_that_hides_or_breaks_refused(lga_admin, cells, error):
    checked = peers_import_preview(by=lga_admin, file=csv_upload(peer_row(**cells)))

    assert [e.text for e in checked.errors] == [error]
