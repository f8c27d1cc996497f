"""The public library: the list of published reports and its filters, each report's public
page, and the notable practice library."""

import datetime
import re

import pytest
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeType, FindingArea, FindingKind, FindingState
from challenges.tests.factories import ChallengeFactory, FindingFactory
from peersupport.tests.html import error_summary, inline_code, page, visible_text
from reports.choices import ReportKind, ReportStatus
from reports.services.withdrawal import report_withdraw

from .factories import FAKE_HTML, FAKE_PDF, FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

KENT = "kent"


def _at(slug, **challenge):
    return ChallengeFactory(authority=Authority.objects.get(slug=slug), **challenge)


def _published(slug="avon", *, when=None, **challenge):
    return FeedbackReportFactory(
        challenge=_at(slug, **challenge), version=1, published=True, published_at=when or timezone.now()
    )


def _listed(response) -> list[str]:
    """The authorities the library lists, in order."""
    return re.findall(r'data-testid="report-page-link">([^<]*)</a>', page(response))


def _download(response):
    return b"".join(response.streaming_content)


# The list and its filters


def test_library_lists_published_reports_linking_each_page(client, db):
    report = _published("avon")
    FeedbackReportFactory(challenge=_at(KENT), version=1, ready=True)  # not published: not listed

    response = client.get("/reports/")

    assert response.status_code == 200
    assert _listed(response) == ["Avon Fire Authority"]
    assert f'<a class="govuk-link" href="/reports/{report.pk}/" data-testid="report-page-link">' in page(response)
    assert "1 report" in visible_text(response)
    assert inline_code(response) == []


def test_library_head_links_the_feed(client, db):
    response = client.get("/reports/")

    assert (
        '<link rel="alternate" type="application/atom+xml" title="New peer challenge reports" href="/reports/feed/">'
        in page(response)
    )
    assert '<a class="govuk-link" href="/reports/feed/" data-testid="report-feed-link">Follow new reports (Atom feed)</a>' in page(response)


def test_library_filters_by_authority(client, db):
    _published("avon")
    _published(KENT)

    assert _listed(client.get("/reports/?authority=kent")) == ["Kent and Medway Fire and Rescue Authority"]


def test_library_filters_by_region(client, db):
    _published("avon")  # South West
    _published(KENT)  # South East

    assert _listed(client.get("/reports/?region=south_west")) == ["Avon Fire Authority"]


def test_library_filters_by_type(client, db):
    _published("avon")
    _published(KENT, challenge_type=ChallengeType.DEEP_DIVE)

    assert _listed(client.get("/reports/?type=deep_dive")) == ["Kent and Medway Fire and Rescue Authority"]


def test_library_filters_by_year_published(client, db):
    this_year = timezone.localdate().year
    _published("avon", when=timezone.make_aware(datetime.datetime(this_year - 1, 12, 31, 23, 30)))
    _published(KENT, when=timezone.make_aware(datetime.datetime(this_year, 1, 1, 0, 30)))

    assert _listed(client.get(f"/reports/?year={this_year}")) == ["Kent and Medway Fire and Rescue Authority"]
    assert _listed(client.get(f"/reports/?year={this_year - 1}")) == ["Avon Fire Authority"]
    assert "Year published" in visible_text(client.get("/reports/"))
    assert "The calendar year the report was published in" in visible_text(client.get("/reports/"))


def test_library_filter_unknown_value_says_so(client, db):
    _published("avon")

    response = client.get("/reports/?region=atlantis")

    assert error_summary(response) == ["Choose a region from the list"]
    assert _listed(response) == []


def test_library_filter_matching_nothing_says_so(client, db):
    _published("avon")

    assert "No published reports match the filters." in visible_text(client.get("/reports/?region=london"))


def test_library_paginates_keeping_the_filters(client, db):
    avon = Authority.objects.get(slug="avon")
    start = timezone.now()
    for index in range(51):
        FeedbackReportFactory(
            challenge=ChallengeFactory(authority=avon), version=1, published=True,
            published_at=start - datetime.timedelta(minutes=index),
        )

    first = client.get("/reports/?region=south_west")
    second = client.get("/reports/?region=south_west&page=2")

    assert (len(_listed(first)), len(_listed(second))) == (50, 1)
    assert 'href="?region=south_west&amp;page=2" rel="next"' in page(first)
    assert "51 reports" in visible_text(first)


def test_library_withdrawn_current_version_leaves_the_list(client, adviser, db):
    report = _published("avon")

    report_withdraw(by=adviser, report=report, reason="Published in error.")

    assert _listed(client.get("/reports/")) == []


@pytest.mark.parametrize("count", [3, 30])
def test_library_queries_do_not_grow_with_reports(client, db, django_assert_num_queries, count):
    for _ in range(count):
        _published("avon")
    client.get("/reports/?region=south_west&authority=avon")  # the filter form, rendered once, is kept

    # In the request's transaction (ATOMIC_REQUESTS): the authority chosen, the count and the
    # page of rows; then the authorities the form offers (the tests' cache keeps no form).
    with django_assert_num_queries(6):
        response = client.get("/reports/?region=south_west&authority=avon")

    assert len(_listed(response)) == count


# A report's public page


def test_report_page_shows_the_html_version_first_then_the_pdf(client, db):
    report = _published("avon")

    response = client.get(f"/reports/{report.pk}/")

    assert response.status_code == 200
    html = page(response)
    assert FAKE_HTML.decode() in html
    assert html.index(FAKE_HTML.decode()) < html.index('data-testid="report-download"')
    assert (
        f'<a class="govuk-link" href="/reports/{report.pk}/download/" data-testid="report-download">'
        "Download the PDF (1 page, 42\xa0bytes)</a>" in html
    )
    text = visible_text(response)
    assert "Avon Fire Authority: feedback report" in text
    assert f"Version 1, published on {timezone.localdate().day} " in text
    assert "Versions" not in text  # one version: no list of them
    assert inline_code(response) == []


def test_report_page_pdf_has_a_meaningful_name(client, db):
    report = _published("avon", start_date=datetime.date(2026, 6, 8), end_date=datetime.date(2026, 6, 11))

    response = client.get(f"/reports/{report.pk}/download/")

    assert response["Content-Disposition"] == 'attachment; filename="avon-fire-authority-operational-assessment-2026-06-v1.pdf"'
    assert _download(response) == FAKE_PDF


def test_report_page_lists_every_version_and_earlier_ones_stay_reachable(client, db):
    first = _published("avon")
    first.status = ReportStatus.SUPERSEDED
    first.published_at = timezone.make_aware(datetime.datetime(2027, 5, 4, 12))
    first.save()
    second = FeedbackReportFactory(
        challenge=first.challenge, version=2, published=True, change_note="Corrects the number of stations.",
        published_at=timezone.make_aware(datetime.datetime(2027, 6, 1, 12)),
    )

    current = client.get(f"/reports/{second.pk}/")
    earlier = client.get(f"/reports/{first.pk}/")

    assert (
        "Every version published Version Published What changed Version 2 (this page) 1 June 2027 Corrects the number "
        "of stations. Version 1 4 May 2027 First published" in visible_text(current)
    )
    assert earlier.status_code == 200
    assert (
        "This version was replaced by a correction: read the current version (version 2)" in visible_text(earlier)
    )
    assert FAKE_HTML.decode() in page(earlier)
    assert _download(client.get(f"/reports/{first.pk}/download/")) == FAKE_PDF


def test_report_page_withdrawn_shows_why_instead_of_the_report(client, adviser, db):
    report = _published("avon")
    report_withdraw(by=adviser, report=report, reason="Published in error.")

    response = client.get(f"/reports/{report.pk}/")

    assert response.status_code == 200
    assert f"Withdrawn on {timezone.localdate().day} " in visible_text(response)
    assert ": Published in error." in visible_text(response)
    assert FAKE_HTML.decode() not in page(response)
    assert "/download/" not in page(response)


def test_report_page_withdrawn_offers_the_file_to_lga_staff(client, sign_in, adviser, db):
    report = _published("avon")
    report_withdraw(by=adviser, report=report, reason="Published in error.")
    sign_in("lga_admin")

    response = client.get(f"/reports/{report.pk}/")

    assert "Download the withdrawn PDF (1 page, 42 bytes) (LGA staff only)" in visible_text(response)


def test_report_page_links_the_published_progress_review_report(client, db):
    feedback = _published("avon")
    review = FeedbackReportFactory(challenge=feedback.challenge, kind=ReportKind.PROGRESS_REVIEW, version=1, published=True)

    response = client.get(f"/reports/{feedback.pk}/")

    assert f'<a class="govuk-link" href="/reports/{review.pk}/" data-testid="report-progress-review">' in page(response)
    assert f'href="/reports/{feedback.pk}/" data-testid="report-feedback"' in page(client.get(f"/reports/{review.pk}/"))


def test_report_page_does_not_link_an_unpublished_progress_review_report(client, db):
    feedback = _published("avon")
    FeedbackReportFactory(challenge=feedback.challenge, kind=ReportKind.PROGRESS_REVIEW, version=1, ready=True)

    assert 'data-testid="report-progress-review"' not in page(client.get(f"/reports/{feedback.pk}/"))


def test_report_page_offers_staff_actions_to_those_who_oversee(client, sign_in, db):
    report = _published("avon")
    public = page(client.get(f"/reports/{report.pk}/"))
    sign_in("adviser")

    staff = page(client.get(f"/reports/{report.pk}/"))

    assert 'data-testid="report-staff-actions"' not in public
    assert f'href="/reports/challenge/{report.challenge_id}/correction/">Correct this report</a>' in staff
    assert f'href="/reports/{report.pk}/withdraw/">Withdraw this version</a>' in staff


def test_report_page_of_a_draft_not_found_for_the_public(client, db):
    draft = FeedbackReportFactory(challenge=_at("avon"), version=1, ready=True)

    assert client.get(f"/reports/{draft.pk}/").status_code == 404


def test_report_page_of_slides_not_found_for_the_public(client, db):
    slides = FeedbackReportFactory(challenge=_at("avon"), kind=ReportKind.FEEDBACK_SLIDES, version=1, ready=True)

    assert client.get(f"/reports/{slides.pk}/").status_code == 404


# The notable practice library


def _practice(report, **fields):
    return FindingFactory(challenge=report.challenge, kind=FindingKind.NOTABLE_PRACTICE, **fields)


@pytest.fixture
def practices(db):
    """Notable practice at Avon (published) and Kent (published), and at Cleveland, whose
    report is not published, and at Merseyside, whose report was withdrawn."""
    avon, kent = _published("avon"), _published(KENT)
    _practice(
        avon, area=FindingArea.PREVENTION, title="Safe and well visits", text="Visits with health partners.",
        why_it_matters="Reaches the most vulnerable.", practice_contact="Sam Jones, prevention manager",
    )
    _practice(kent, area=FindingArea.RESPONSE, title="Live availability", text="A dashboard of crews.", why_it_matters="Fewer gaps.")
    _practice(kent, area=FindingArea.RESPONSE, title="Draft idea", text="Not accepted.", state=FindingState.DRAFT)
    FindingFactory(challenge=kent.challenge, kind=FindingKind.STRENGTH, text="A strength about visits.")
    draft = FeedbackReportFactory(challenge=_at("cleveland"), version=1, ready=True)
    _practice(draft, area=FindingArea.PREVENTION, title="Unpublished visits", text="Visits.")
    withdrawn = FeedbackReportFactory(challenge=_at("merseyside"), version=1, published=True, status=ReportStatus.WITHDRAWN,
                                      withdrawn_at=timezone.now(), withdrawal_reason="Error.")
    _practice(withdrawn, area=FindingArea.PREVENTION, title="Withdrawn visits", text="Visits.")
    return avon, kent


def _titles(response):
    return re.findall(r'<h3 class="govuk-summary-card__title">([^<]*)</h3>', page(response))


def test_notable_practice_lists_only_published_accepted_practice(client, practices):
    avon, _ = practices

    response = client.get("/reports/notable-practice/")

    assert sorted(_titles(response)) == ["Live availability", "Safe and well visits"]
    assert (
        "Safe and well visits Authority Avon Fire Authority Area Prevention What they do Visits with health partners. "
        "Why it matters Reaches the most vulnerable. Contact Sam Jones, prevention manager Report Read the Avon report"
        in visible_text(response)
    )
    assert f'<a class="govuk-link" href="/reports/{avon.pk}/">Read the Avon report</a>' in page(response)
    assert inline_code(response) == []


def test_notable_practice_search_by_area(client, practices):
    assert _titles(client.get("/reports/notable-practice/?area=response")) == ["Live availability"]


def test_notable_practice_search_by_words_in_title_text_or_why(client, practices):
    assert _titles(client.get("/reports/notable-practice/?q=VISITS")) == ["Safe and well visits"]
    assert _titles(client.get("/reports/notable-practice/?q=dashboard")) == ["Live availability"]
    assert _titles(client.get("/reports/notable-practice/?q=vulnerable")) == ["Safe and well visits"]
    assert _titles(client.get("/reports/notable-practice/?q=health+partners")) == ["Safe and well visits"]
    assert "No notable practice matches the search." in visible_text(client.get("/reports/notable-practice/?q=nothing"))


def test_notable_practice_search_by_area_and_words(client, practices):
    assert _titles(client.get("/reports/notable-practice/?area=response&q=visits")) == []


def test_notable_practice_paginates_keeping_the_search(client, db):
    report = _published("avon")
    for index in range(21):
        _practice(report, area=FindingArea.PREVENTION, title=f"Practice {index}", text="Visits.")

    first = client.get("/reports/notable-practice/?q=visits")
    second = client.get("/reports/notable-practice/?q=visits&page=2")

    assert (len(_titles(first)), len(_titles(second))) == (20, 1)
    assert 'href="?q=visits&amp;page=2" rel="next"' in page(first)


@pytest.mark.parametrize("count", [3, 30])
def test_notable_practice_queries_do_not_grow(client, db, django_assert_num_queries, count):
    for index in range(count):
        _practice(_published("avon"), area=FindingArea.PREVENTION, title=f"Practice {index}", text="Visits.")
    client.get("/reports/notable-practice/?area=prevention")

    # In the request's transaction (ATOMIC_REQUESTS): the count and the page of practice,
    # each with its authority and report.
    with django_assert_num_queries(4):
        response = client.get("/reports/notable-practice/?area=prevention")

    assert len(_titles(response)) == min(count, 20)


def test_site_navigation_links_both_libraries(client, db):
    response = client.get("/reports/notable-practice/")

    assert '<a class="govuk-service-navigation__link" href="/reports/">Published reports</a>' in page(response)
    assert (
        '<a class="govuk-service-navigation__link" href="/reports/notable-practice/" aria-current="page">Notable practice</a>'
        in page(response)
    )
