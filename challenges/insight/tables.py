"""The shapes the programme's figures take: a section of the insight page holds tables (each
shown as a table, optionally drawn as a chart from the same rows, and downloadable as CSV)
and the headline figures the committee paper quotes.

A section module (challenges/insight/pipeline.py, lead_times.py, coverage.py, peers.py,
themes.py, evaluations.py) builds one Section from an InsightPeriod in a fixed number of
queries; challenges/selectors/insight.py puts them together."""

import datetime
from dataclasses import dataclass, field

from peersupport.formats import long_date


@dataclass(frozen=True)
class Column:
    """A column of a table: the key of its value in each row, and its heading. A numeric
    column is right-aligned, and can be drawn in a chart."""

    key: str
    heading: str
    numeric: bool = False


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: a horizontal bar for each row, labelled by the `label` column,
    one bar per column of `values` (a series, told apart by pattern and legend as well as
    colour), each bar's value written beside it."""

    label: str
    values: tuple[str, ...]


@dataclass
class Table:
    """A table of figures. `slug` names it on the page and its CSV file; `rows` are dicts keyed
    by the columns' keys (int, float, None, str or date values); `description` says in one
    sentence what is counted and how; `empty` is shown instead of a table with no rows."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[dict]
    description: str = ""
    chart: Chart | None = None
    empty: str = "Nothing to show for this period."

    def column(self, key) -> Column:
        return next(column for column in self.columns if column.key == key)

    def row(self, key_column: str, value) -> dict:
        """The row whose `key_column` holds `value`."""
        return next(row for row in self.rows if row[key_column] == value)

    def csv_header(self) -> list[str]:
        return [column.heading for column in self.columns]

    def csv_rows(self):
        """The rows as the CSV file holds them (`csv_value`)."""
        for row in self.rows:
            yield [csv_value(row[column.key]) for column in self.columns]

    def display_rows(self):
        """The rows as the page shows them: (column, text) pairs (`display_value`)."""
        for row in self.rows:
            yield [(column, display_value(row[column.key])) for column in self.columns]


@dataclass
class Section:
    """One section of the insight page: its tables, and `figures`, the headline figures the
    committee paper quotes (each section module's docstring lists their keys)."""

    slug: str
    title: str
    tables: list[Table]
    figures: dict = field(default_factory=dict)

    def table(self, slug) -> Table:
        return next(table for table in self.tables if table.slug == slug)


def csv_value(value) -> str:
    """A value as a CSV cell: a number as it is (an average to one decimal place), a date as
    YYYY-MM-DD, Yes or No as the page says, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def display_value(value) -> str:
    """A value as the page and the paper show it: numbers with thousands separators, an
    average to one decimal place, a date in full, a dash for no value."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)
