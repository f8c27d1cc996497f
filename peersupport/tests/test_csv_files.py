"""The CSV kit that the peer and programme imports share (peersupport/csv_files.py): cells that
never run as formulas, the streamed export, and reading an upload into numbered rows. What each
import makes of its rows is tested with the import."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Template
from django.template.loader import render_to_string

from peersupport import csv_files
from peersupport.csv_files import CheckedImport, ImportRow, RowError, quoted
from peersupport.forms import CsvImportConfirmForm

pytestmark = pytest.mark.unit

COLUMNS = ("name", "email", "note")


def _rows(text, **kwargs):
    return csv_files.read_rows(text, columns=COLUMNS, noun="thing", nouns="things", **kwargs)


def _refusal(function, *args, **kwargs):
    """The code and messages of the ValidationError raised; a list of messages has no code."""
    with pytest.raises(ValidationError) as raised:
        function(*args, **kwargs)
    return getattr(raised.value, "code", None), raised.value.messages


# Cells


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
        ("+44 808 157 0192", "'+44 808 157 0192"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ann = Example", "Ann = Example"),
        ("", ""),
    ],
)
def test_escape_cell_formula_starts_get_an_apostrophe(value, escaped):
    assert csv_files.escape_cell(value) == escaped
    assert csv_files.unescape_cell(escaped) == value


def test_unescape_cell_keeps_other_apostrophes():
    assert csv_files.unescape_cell("'Sullivan") == "'Sullivan"
    assert csv_files.unescape_cell("O'Brien") == "O'Brien"


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2026-04-01", datetime.date(2026, 4, 1)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("2026-02-29", None),
        ("2026-4-1", None),
        ("20260401", None),
        ("2026-04-01T10:00", None),
        ("١٢٣٤-٠٤-٠١", None),
    ],
)
def test_iso_date_only_real_dates_as_yyyy_mm_dd(value, date):
    assert csv_files.iso_date(value) == date


# The export


def test_export_lines_byte_order_mark_then_header_then_rows():
    lines = csv_files.export_lines(iter([["Ann", "ann@example.org", "'=1+1"], ["Bob, Jr", "", 'say "hi"']]), header=COLUMNS)

    assert list(lines) == [
        "\ufeffname,email,note\r\n",
        "Ann,ann@example.org,'=1+1\r\n",
        '"Bob, Jr",,"say ""hi"""\r\n',
    ]


def test_export_lines_without_rows_is_the_header():
    assert list(csv_files.export_lines([], header=COLUMNS)) == ["\ufeffname,email,note\r\n"]


# Decoding an upload


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"", "empty", "The selected file is empty"),
        (b"\r\n \r\n", "empty", "The selected file is empty"),
        (b"name\r\n\x00", "binary", "The selected file must be a CSV"),
        (b"%PDF-1.7\n\x01\x02\xff\xfe binary", "binary", "The selected file must be a CSV"),
        (
            "name\r\nZoë\r\n".encode("cp1252"), "encoding",
            "The selected file must be saved as UTF-8: in Excel, choose ‘CSV UTF-8 (Comma delimited)’",
        ),
        (b" " * (csv_files.MAX_FILE_BYTES + 1), "too_big", "The selected file must be smaller than 5MB"),
    ],
)
def test_decode_refuses_what_is_not_utf8_text(data, code, message):
    assert _refusal(csv_files.decode, data) == (code, [message])


def test_decode_utf8_with_or_without_byte_order_mark():
    assert csv_files.decode("name\r\nZoë\r\n".encode()) == "name\r\nZoë\r\n"
    assert csv_files.decode("\ufeffname\r\nZoë\r\n".encode()) == "name\r\nZoë\r\n"


def test_decode_file_of_exactly_the_limit_read():
    data = b"name\r\n" + b"x" * (csv_files.MAX_FILE_BYTES - 6)

    assert len(csv_files.decode(data)) == csv_files.MAX_FILE_BYTES


# The header


def test_check_header_in_any_order_and_case_gives_lower_case_names():
    assert csv_files.check_header([" NOTE", "Email ", "name"], columns=COLUMNS) == ["note", "email", "name"]


def test_check_header_without_any_column_name_refused():
    assert _refusal(csv_files.check_header, ["Ann", "ann@example.org"], columns=COLUMNS) == (
        "no_header",
        ["The first row of the selected file must be the header row, with the column names listed on the import page"],
    )


def test_check_header_lists_every_problem_in_turn():
    header = ["NAME", "colour", "name", "", "shape", "note", "note"]

    assert _refusal(csv_files.check_header, header, columns=COLUMNS)[1] == [
        "The header row must include the column email",
        "The header row has columns the import does not recognise: colour, (blank), shape",
        "The header row has the column name more than once",
        "The header row has the column note more than once",
    ]


def test_check_header_names_columns_missing_and_unknown_in_the_singular_or_plural():
    assert _refusal(csv_files.check_header, ["name", "size"], columns=COLUMNS)[1] == [
        "The header row must include the columns email, note",
        "The header row has a column the import does not recognise: size",
    ]


def test_check_header_optional_column_may_be_left_out():
    assert csv_files.check_header(["name", "email"], columns=COLUMNS, optional=("note",)) == ["name", "email"]


# Rows


def test_read_rows_numbered_as_in_a_spreadsheet_without_blank_rows():
    rows = _rows("name,email,note\r\nAnn,ann@example.org,\r\n,,\r\n\r\nBob,bob@example.org,x\r\n")

    assert [(row.number, row.cells) for row in rows] == [
        (2, {"name": "Ann", "email": "ann@example.org", "note": ""}),
        (5, {"name": "Bob", "email": "bob@example.org", "note": "x"}),
    ]


def test_read_rows_cells_trimmed_and_unescaped():
    rows = _rows("note,name,email\r\n  '=1+1 , ' Ann ,\" ann@example.org \"\r\n")

    assert rows[0].cells == {"note": "=1+1", "name": "' Ann", "email": "ann@example.org"}


def test_read_rows_optional_column_left_out_reads_blank():
    rows = _rows("email,name\r\nann@example.org,Ann\r\n", optional=("note",))

    assert rows[0].cells == {"note": "", "email": "ann@example.org", "name": "Ann"}


def test_read_rows_row_of_the_wrong_length_has_an_error_and_blank_cells():
    rows = _rows("name,email,note\r\nAnn\r\nBob,bob@example.org,x,extra\r\n")

    assert [(row.cells, [error.text for error in row.errors]) for row in rows] == [
        (
            {"name": "Ann", "email": "", "note": ""},
            ["Row 2: This row must have 3 cells, one for each column of the header row"],
        ),
        (
            {"name": "Bob", "email": "bob@example.org", "note": "x"},
            ["Row 3: This row must have 3 cells, one for each column of the header row"],
        ),
    ]


def test_read_rows_of_the_given_class():
    class ThingRow(ImportRow):
        pass

    assert type(_rows("name,email,note\r\nAnn,a@example.org,\r\n", row_class=ThingRow)[0]) is ThingRow


def test_read_rows_header_only_refused_naming_the_rows():
    assert _refusal(_rows, "name,email,note\r\n,,\r\n") == (
        "no_rows", ["The selected file must have at least one thing below the header row"]
    )


def test_read_rows_over_the_limit_refused_naming_the_rows():
    text = "name,email,note\r\n" + "Ann,a@example.org,\r\n" * 1001

    assert _refusal(_rows, text, max_rows=1000) == ("too_many_rows", ["The selected file must have 1,000 things or fewer"])
    assert len(_rows(text[: -len("Ann,a@example.org,\r\n")], max_rows=1000)) == 1000


def test_read_rows_cell_too_large_for_csv_refused():
    assert _refusal(_rows, "name,email,note\r\n" + "x" * 200_000 + ",,\r\n") == (
        "not_csv", ["The selected file must be a CSV"]
    )


def test_read_file_keeps_the_name_and_text():
    file = SimpleUploadedFile("things.csv", "\ufeffname,email,note\r\nAnn,a@example.org,\r\n".encode())

    checked = csv_files.read_file(file, columns=COLUMNS, noun="thing", nouns="things")

    assert (checked.name, checked.text, [row.cells["name"] for row in checked.rows]) == (
        "things.csv", "name,email,note\r\nAnn,a@example.org,\r\n", ["Ann"]
    )


# A checked file


def _checked():
    new, changed, unchanged, wrong = (ImportRow(number=n, cells={}) for n in (2, 3, 4, 5))
    changed.existing, changed.changes = object(), ["email"]
    unchanged.existing = object()
    wrong.add_error("email", "Enter an email address")
    wrong.add_error("", "This row must have 3 cells, one for each column of the header row")
    return CheckedImport(name="things.csv", text="name,email,note\r\n", rows=[new, changed, unchanged, wrong])


def test_row_error_text_and_link_name_the_row():
    assert (RowError(7, "email", "Enter an email address").text, RowError(7, "", "Too short").text) == (
        "Row 7, email: Enter an email address", "Row 7: Too short"
    )
    assert RowError(7, "email", "Enter an email address").href == "#row-7"


def test_checked_import_sorts_its_rows():
    checked = _checked()

    assert [[row.number for row in rows] for rows in (
        checked.new_rows, checked.changed_rows, checked.unchanged_rows, checked.rows_with_errors
    )] == [[2, 5], [3], [4], [5]]
    assert [error.text for error in checked.errors] == [
        "Row 5, email: Enter an email address",
        "Row 5: This row must have 3 cells, one for each column of the header row",
    ]
    assert checked.is_valid is False
    assert checked.sha256 == hashlib.sha256(b"name,email,note\r\n").hexdigest()


def test_checked_import_require_importable_refuses_another_file():
    checked = _checked()

    assert _refusal(checked.require_importable, sha256="0" * 64, nouns="things") == (
        "changed", ["The file has changed since you checked it: check the things again"]
    )


def test_checked_import_require_importable_refuses_rows_with_errors():
    checked = _checked()
    checked.rows[0].add_error("name", "Enter a name")

    assert _refusal(checked.require_importable, sha256=checked.sha256, nouns="things") == (
        "invalid", ["Nothing has been imported: 2 rows now have errors. Correct the file and upload it again"]
    )
    checked.rows[0].errors.clear()
    assert _refusal(checked.require_importable, sha256=checked.sha256, nouns="things")[1] == [
        "Nothing has been imported: 1 row now has errors. Correct the file and upload it again"
    ]


def test_checked_import_require_importable_passes_the_file_checked():
    checked = _checked()
    checked.rows[3].errors.clear()

    assert checked.require_importable(sha256=checked.sha256, nouns="things") is None


# The check page (components/import_check.html)


def test_import_check_component_confirm_form_carries_the_csrf_token():
    checked = _checked()
    checked.rows[3].errors.clear()
    checked.rows[0].cells = {"name": "Ann"}
    context = {
        "checked": checked, "errors": [], "more": 0, "caption": "Import things", "heading": "Check the things",
        "noun": "thing", "nouns": "things", "replaces": "every column", "upload_url": "/things/import/",
        "confirm_url": "/things/import/confirm/", "confirm_form": CsvImportConfirmForm(initial={"sha256": checked.sha256}),
        "csrf_token": "t" * 64, "head": "Row|Thing|Result",
        "cells": Template('<td class="govuk-table__cell">{{ row.cells.name }}</td>'),
    }

    html = render_to_string("components/import_check.html", context)

    assert '<form method="post" action="/things/import/confirm/" novalidate>' in html
    assert f'<input type="hidden" name="csrfmiddlewaretoken" value="{"t" * 64}">' in html
    assert f'<input type="hidden" name="sha256" value="{checked.sha256}" id="id_sha256">' in html
    assert ">Import 4 things</button>" in html
    assert "Importing adds the new things and replaces every column of the existing things it updates." in html
    assert '<th scope="row" class="govuk-table__header">2</th>\n      <td class="govuk-table__cell">Ann</td>' in html


@pytest.mark.unit
@pytest.mark.parametrize(("cell", "shown"), [
    ("Kent", "‘Kent’"),
    ("x" * 100, "‘" + "x" * 59 + "…’"),
    ("Av\u202eon", "‘Av\ufffdon’"),
    ("A\x00B", "‘A\ufffdB’"),
])
def test_quoted_cell_short_and_without_hidden_characters(cell, shown):
    assert quoted(cell) == shown
