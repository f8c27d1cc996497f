"""An insight table's rows as HTML (challenges/insight/rows.py)."""

import datetime

import pytest

from challenges.insight.rows import table_rows_html
from challenges.insight.tables import Column, Table

pytestmark = pytest.mark.unit


def test_rows_as_html_headed_by_their_first_cell_numbers_right_aligned_text_escaped():
    table = Table(
        slug="t", title="T",
        columns=[Column("name", "Name"), Column("places", "Places", numeric=True), Column("last", "Last")],
        rows=[
            {"name": "<Avon> & Co", "places": 1200, "last": datetime.date(2026, 5, 4)},
            {"name": "Kent", "places": None, "last": None},
        ],
    )

    assert table_rows_html(table) == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">&lt;Avon&gt; &amp; Co</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1,200</td><td class="govuk-table__cell">4 May 2026</td></tr>\n'
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Kent</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">–</td><td class="govuk-table__cell">–</td></tr>'
    )


def test_a_numeric_first_column_is_right_aligned_and_no_rows_write_nothing():
    table = Table(slug="t", title="T", columns=[Column("count", "Count", numeric=True)], rows=[{"count": 12345}])

    assert table_rows_html(table) == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header govuk-table__header--numeric">12,345</th></tr>'
    )
    assert table_rows_html(Table(slug="e", title="E", columns=[Column("a", "A")], rows=[])) == ""
