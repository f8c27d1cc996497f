"""The Atom feed of new publications, read as a feed reader reads it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from authorities.models import Authority
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportKind, ReportStatus
from reports.services.withdrawal import report_withdraw

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def _at(day, hour=12):
    return timezone.make_aware(datetime.datetime(2027, 6, day, hour))


def _feed(client):
    response = client.get("/reports/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def _entries(feed):
    return [
        {
            "title": entry.find("atom:title", ATOM).text,
            "link": entry.find("atom:link", ATOM).get("href"),
            "updated": entry.find("atom:updated", ATOM).text,
            "published": entry.find("atom:published", ATOM).text,
            "author": entry.find("atom:author/atom:name", ATOM).text,
            "summary": entry.find("atom:summary", ATOM).text,
        }
        for entry in feed.findall("atom:entry", ATOM)
    ]


@pytest.fixture
def publications(db):
    """Avon's feedback report, published on 1 June and corrected on 10 June; Kent's feedback
    report published on 5 June and its progress review report on 20 June; a draft at Cleveland."""
    avon = ChallengeFactory(authority=Authority.objects.get(slug="avon"))
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    first = FeedbackReportFactory(challenge=avon, version=1, published=True, status=ReportStatus.SUPERSEDED, published_at=_at(1))
    corrected = FeedbackReportFactory(
        challenge=avon, version=2, published=True, published_at=_at(10), change_note="Corrects the number of stations."
    )
    kent_report = FeedbackReportFactory(challenge=kent, version=1, published=True, published_at=_at(5))
    review = FeedbackReportFactory(challenge=kent, kind=ReportKind.PROGRESS_REVIEW, version=1, published=True, published_at=_at(20))
    FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="cleveland")), version=1, ready=True)
    return {"first": first, "corrected": corrected, "kent": kent_report, "review": review}


def test_feed_describes_itself(client, publications):
    feed = _feed(client)

    assert feed.find("atom:title", ATOM).text == "Fire peer challenge reports"
    assert feed.find("atom:link[@rel='alternate']", ATOM).get("href") == "http://testserver/reports/"
    assert feed.find("atom:link[@rel='self']", ATOM).get("href") == "http://testserver/reports/feed/"
    assert feed.find("atom:updated", ATOM).text == "2027-06-20T11:00:00+00:00"


def test_feed_lists_publications_latest_first_corrections_as_their_own(client, publications):
    p = publications

    assert _entries(_feed(client)) == [
        {
            "title": "Kent and Medway Fire and Rescue Authority: progress review report",
            "link": f"http://testserver/reports/{p['review'].pk}/",
            "updated": "2027-06-20T11:00:00+00:00", "published": "2027-06-20T11:00:00+00:00",
            "author": "Local Government Association",
            "summary": "Operational Assessment and fire peer challenge, on site in March 2027. Published on 20 June 2027.",
        },
        {
            "title": "Avon Fire Authority: feedback report, corrected version 2",
            "link": f"http://testserver/reports/{p['corrected'].pk}/",
            "updated": "2027-06-10T11:00:00+00:00", "published": "2027-06-10T11:00:00+00:00",
            "author": "Local Government Association",
            "summary": "Corrected version 2: Corrects the number of stations.",
        },
        {
            "title": "Kent and Medway Fire and Rescue Authority: feedback report",
            "link": f"http://testserver/reports/{p['kent'].pk}/",
            "updated": "2027-06-05T11:00:00+00:00", "published": "2027-06-05T11:00:00+00:00",
            "author": "Local Government Association",
            "summary": "Operational Assessment and fire peer challenge, on site in March 2027. Published on 5 June 2027.",
        },
        {
            "title": "Avon Fire Authority: feedback report",
            "link": f"http://testserver/reports/{p['first'].pk}/",
            "updated": "2027-06-01T11:00:00+00:00", "published": "2027-06-01T11:00:00+00:00",
            "author": "Local Government Association",
            "summary": "Operational Assessment and fire peer challenge, on site in March 2027. Published on 1 June 2027.",
        },
    ]


def test_feed_entry_ids_are_their_absolute_links(client, publications):
    feed = _feed(client)

    ids = [entry.find("atom:id", ATOM).text for entry in feed.findall("atom:entry", ATOM)]

    assert ids == [entry["link"] for entry in _entries(feed)]
    assert all(entry_id.startswith("http://testserver/reports/") for entry_id in ids)


def test_feed_entry_links_open_the_public_page(client, publications):
    for entry in _entries(_feed(client)):
        assert client.get(entry["link"].removeprefix("http://testserver")).status_code == 200


def test_feed_leaves_out_a_withdrawn_version(client, publications, lga_admin):
    report_withdraw(by=lga_admin, report=publications["kent"], reason="Published in error.")

    assert [entry["title"] for entry in _entries(_feed(client))] == [
        "Kent and Medway Fire and Rescue Authority: progress review report",
        "Avon Fire Authority: feedback report, corrected version 2",
        "Avon Fire Authority: feedback report",
    ]


def test_feed_holds_the_latest_50(client, db):
    avon = Authority.objects.get(slug="avon")
    start = _at(1)
    reports = [
        FeedbackReportFactory(
            challenge=ChallengeFactory(authority=avon), version=1, published=True,
            published_at=start + datetime.timedelta(hours=index),
        )
        for index in range(52)
    ]

    links = [entry["link"] for entry in _entries(_feed(client))]

    assert links == [f"http://testserver/reports/{report.pk}/" for report in reversed(reports[2:])]


def test_feed_empty_before_any_publication(client, db):
    assert _entries(_feed(client)) == []
