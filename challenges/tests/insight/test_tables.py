"""How a table's values are written (challenges/insight/tables.py): in a CSV cell, and on the
page and in the paper."""

import datetime

import pytest

from challenges.insight.tables import Chart, Column, Section, Table, csv_value, display_value

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("value", "cell"), [
    (None, ""),
    (0, "0"),
    (1234, "1234"),
    (4.25, "4.2"),  # to one decimal place, rounded half to even as Python formats
    (4.26, "4.3"),
    (3.0, "3.0"),
    (datetime.date(2027, 3, 8), "2027-03-08"),
    ("Avon Fire Authority", "Avon Fire Authority"),
    (True, "Yes"),  # as the page says it
    (False, "No"),
])
def test_csv_value(value, cell):
    assert csv_value(value) == cell


@pytest.mark.parametrize(("value", "text"), [
    (None, "–"),
    (0, "0"),
    (1234, "1,234"),
    (1234567, "1,234,567"),
    (4.25, "4.2"),
    (1234.56, "1,234.6"),
    (datetime.date(2027, 3, 8), "8 March 2027"),
    (True, "Yes"),
    (False, "No"),
    ("1 to 2 years ago", "1 to 2 years ago"),
])
def test_display_value(value, text):
    assert display_value(value) == text


def _table():
    return Table(
        slug="places", title="Places", description="Places filled.",
        columns=[Column("authority", "Authority"), Column("places", "Places", numeric=True), Column("last", "Last visit")],
        rows=[
            {"authority": "Avon", "places": 1200, "last": datetime.date(2026, 5, 4)},
            {"authority": "=Kent", "places": 0, "last": None},
        ],
        chart=Chart(label="authority", values=("places",)),
    )


def test_table_rows_as_csv_and_as_shown():
    table = _table()

    assert table.csv_header() == ["Authority", "Places", "Last visit"]
    assert list(table.csv_rows()) == [["Avon", "1200", "2026-05-04"], ["=Kent", "0", ""]]
    assert [[text for _, text in row] for row in table.display_rows()] == [["Avon", "1,200", "4 May 2026"], ["=Kent", "0", "–"]]
    assert [[column.numeric for column, _ in row] for row in table.display_rows()] == [[False, True, False]] * 2


def test_table_finds_a_row_and_a_column_and_a_section_its_table():
    table = _table()

    assert table.row("authority", "=Kent")["places"] == 0
    assert table.column("places") == Column("places", "Places", numeric=True)
    assert Section(slug="s", title="S", tables=[table]).table("places") is table
