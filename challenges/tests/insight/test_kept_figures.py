"""The insight's figures kept in the cache (challenges/selectors/insight.py): worked out once for
a period and a day, read back (page sections, CSV files) while the records they read stand
still, and worked out again after any committed change to one of them or on the next day. The
records watched are exactly the tables the figures' queries read."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges.choices import ChallengeStatus
from challenges.insight.period import InsightPeriod
from challenges.selectors.insight import INSIGHT_READS, INSIGHT_RECORDS, programme_insight
from challenges.tests.factories import ChallengeFactory
from challenges.tests.insight.test_views import PAGE_QUERIES, TODAY, URL, _programme, csv_text, main, table_cells
from peersupport.records_version import watched_models

pytestmark = pytest.mark.integration

# With the figures and the sections' HTML kept: the session and the user (2), the request's
# transaction (2), the records' version (1) and the period's committee papers (1).
KEPT_PAGE_QUERIES = 6
KEPT_CSV_QUERIES = 5


def _without_tokens(html) -> str:
    """The page but for its forms' CSRF tokens, which each response has its own of."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _delivered_total(response) -> str:
    return table_cells(response, "challenges-by-stage")[3][-1]


def test_the_records_watched_are_the_tables_the_figures_read(db, clock):
    _programme(2)
    with CaptureQueriesContext(connection) as queries:
        programme_insight(period=InsightPeriod(year=2026), today=TODAY, version="test")

    tables = {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    read = {model._meta.label for model in apps.get_models() if model._meta.db_table in tables}
    assert read == set(INSIGHT_READS) != set()
    assert {model._meta.label for model in watched_models(INSIGHT_RECORDS)} == set(INSIGHT_READS)


def test_page_kept_then_worked_out_again_after_a_change(client, sign_in, clock, real_cache, django_assert_num_queries,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as if committed: the change below is one of its own
        _programme(4)
    sign_in("lga_admin")
    with django_assert_num_queries(PAGE_QUERIES):
        first = client.get(URL)
    with django_assert_num_queries(KEPT_PAGE_QUERIES):
        kept = client.get(URL)
    assert _without_tokens(main(kept)) == _without_tokens(main(first))
    assert _delivered_total(kept) == "2"

    with django_capture_on_commit_callbacks(execute=True):
        ChallengeFactory(status=ChallengeStatus.CLOSED, start_date=datetime.date(2026, 9, 7), end_date=datetime.date(2026, 9, 9))
    with django_assert_num_queries(PAGE_QUERIES):
        changed = client.get(URL)

    assert _delivered_total(changed) == "3"


def test_page_says_when_its_figures_were_worked_out(client, sign_in, clock, real_cache):
    _programme(2)
    sign_in("lga_admin")
    clock.now = datetime.datetime(2027, 3, 8, 9, 5, tzinfo=datetime.UTC)
    client.get(URL)
    clock.now += datetime.timedelta(minutes=10)

    response = client.get(URL)

    assert re.search(r'data-testid="insight-as-of">([^<]*)</p>', main(response)).group(1) == (
        "Coverage, late steps and peers’ load are as they stood on 8 March 2027. These figures were worked out from the "
        "records at 9:05am; they are worked out again whenever a record they count changes."
    )


def test_figures_worked_out_again_on_the_next_day(client, sign_in, clock, real_cache, django_assert_num_queries):
    _programme(2)
    clock.now = datetime.datetime(2027, 3, 8, 23, 55, tzinfo=datetime.UTC)
    sign_in("lga_admin")
    client.get(URL)
    clock.now += datetime.timedelta(minutes=10)  # 9 March

    with django_assert_num_queries(PAGE_QUERIES - 1):  # the first year on record is kept: the records are the same
        response = client.get(URL)

    assert "as they stood on 9 March 2027" in main(response)


def test_csv_read_from_the_figures_kept_for_the_page(client, sign_in, clock, real_cache, django_assert_num_queries):
    _programme(2)
    sign_in("lga_admin")
    afresh = csv_text(client.get(f"{URL}download/evaluation-this-period/"))  # worked out table by table: nothing kept yet
    client.get(URL)

    with django_assert_num_queries(KEPT_CSV_QUERIES):
        kept = csv_text(client.get(f"{URL}download/evaluation-this-period/"))

    assert kept == afresh
    assert len(kept.splitlines()) == 1 + 4
