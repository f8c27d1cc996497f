"""An insight table's rows as HTML, written here rather than by the template, as the
programme's lists write theirs: the page shows some twenty tables, several of forty-odd rows,
and the template language writing each cell was most of the page's time."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from challenges.insight.tables import Table

# A row's first cell heads it; numbers are right-aligned.
HEADER_CELL = ('<th scope="row" class="govuk-table__header">', '<th scope="row" class="govuk-table__header govuk-table__header--numeric">')
DATA_CELL = ('<td class="govuk-table__cell">', '<td class="govuk-table__cell govuk-table__cell--numeric">')


def table_rows_html(table: Table) -> str:
    """The table's body rows: each value as the page shows it (`display_value`), escaped."""
    rows = []
    for row in table.display_rows():
        (first, text), *others = row
        cells = [f"{HEADER_CELL[first.numeric]}{escape(text)}</th>"]
        cells += [f"{DATA_CELL[column.numeric]}{escape(text)}</td>" for column, text in others]
        rows.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped
