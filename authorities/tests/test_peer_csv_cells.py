"""The cells the peer export writes: never a formula a spreadsheet would run."""

import pytest

from authorities import peer_csv

pytestmark = pytest.mark.unit


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
    assert peer_csv.escape_cell(value) == escaped
    assert peer_csv.unescape_cell(escaped) == value


def test_unescape_cell_keeps_other_apostrophes():
    assert peer_csv.unescape_cell("'Sullivan") == "'Sullivan"
    assert peer_csv.unescape_cell("O'Brien") == "O'Brien"
