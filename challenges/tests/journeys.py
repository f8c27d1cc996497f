"""Walking question pages (peersupport/journeys.py) in view tests."""

import datetime

from django.utils import timezone

from peersupport.calendar import english_bank_holidays
from peersupport.tests.forms import date_fields
from peersupport.tests.html import error_summary


def monday_in(weeks):
    """A Monday about `weeks` weeks from today, so that tests stay in the future, with no bank
    holiday in its week or the three after, so that counts of working days stay the same."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday() + 7 * weeks)
    while any(monday <= holiday < monday + datetime.timedelta(weeks=4) for holiday in english_bank_holidays()):
        monday += datetime.timedelta(weeks=1)
    return monday


def visit_page(start, end, **extra):
    return {**date_fields("start_date", start), **date_fields("end_date", end), **extra}


def walk(client, start_url, pages) -> str:
    """Start the journey at `start_url` and answer each page in turn; returns the URL the
    last answer led to (the check-your-answers page, at the end)."""
    response = client.get(start_url)
    assert response.status_code == 302, response.status_code
    url = response.url
    for data in pages:
        response = client.post(url, data)
        assert response.status_code == 302, error_summary(response)
        url = response.url
    return url


def confirm(client, check_url, **extra):
    """Press the check-your-answers page's button, as the page shown sends it (with the
    version of the answers it showed)."""
    version = client.get(check_url).context["version"]
    return client.post(check_url, {"version": str(version), **extra})
