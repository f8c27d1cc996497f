"""The project's kit for CSV files that people download and upload again: cells a spreadsheet
never runs as formulas, a streamed export, and reading an upload into numbered rows that an
app's import checks, with GOV.UK wording for a file that cannot be read at all.

An app's CSV module (authorities/peer_csv.py, challenges/programme_csv.py) names its columns,
writes its rows and checks them against its records."""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from peersupport.validators import BIDI_CONTROLS

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
NOT_A_CSV = "The selected file must be a CSV"
TOO_BIG = "The selected file must be smaller than 5MB"
EMPTY = "The selected file is empty"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), so
# the export puts an apostrophe before it and the import takes that apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """The cell as it was before `escape_cell`, so that an export imports unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def iso_date(value: str) -> datetime.date | None:
    """The real date a cell gives as YYYY-MM-DD, or None."""
    try:
        return datetime.date.fromisoformat(value) if ISO_DATE.fullmatch(value) else None
    except ValueError:
        return None


class Echo:
    """A file that hands back what is written to it, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def export_lines(rows, *, header):
    """A CSV file, line by line for a streamed response: the header, then each row (its cells
    escaped by `escape_cell`), with a byte order mark first so that Excel reads it as UTF-8."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # "" when the error is about the whole row
    message: str

    @property
    def text(self):
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"

    @property
    def href(self):
        return f"#row-{self.row}"


@dataclass
class ImportRow:
    """One row of the file: what it says, what it would save and what is wrong with it. An
    app's import adds what its check finds (a peer's specialisms, say)."""

    number: int
    cells: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    existing: object | None = None  # the record the row updates; None when it adds one
    changes: list[str] = field(default_factory=list)  # the columns the update changes

    def add_error(self, column, message):
        self.errors.append(RowError(self.number, column, message))

    @property
    def is_valid(self):
        return not self.errors

    @property
    def is_update(self):
        return self.existing is not None


@dataclass
class CheckedImport:
    """A file read and checked against the records as they are now."""

    name: str
    text: str
    rows: list[ImportRow]

    @property
    def sha256(self):
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self):
        return all(row.is_valid for row in self.rows)

    @property
    def rows_with_errors(self):
        return [row for row in self.rows if not row.is_valid]

    @property
    def new_rows(self):
        return [row for row in self.rows if not row.is_update]

    @property
    def changed_rows(self):
        return [row for row in self.rows if row.is_update and row.changes]

    @property
    def unchanged_rows(self):
        return [row for row in self.rows if row.is_update and not row.changes]

    def require_importable(self, *, sha256, nouns):
        """Raises ValidationError unless this is the file the user checked (`sha256` of its
        text) and every row is still valid; `nouns` names the rows, like "peers"."""
        if self.sha256 != sha256:
            raise ValidationError(
                f"The file has changed since you checked it: check the {nouns} again", code="changed"
            )
        if not self.is_valid:
            count = len({error.row for error in self.errors})
            raise ValidationError(
                f"Nothing has been imported: {count} row{'s' if count != 1 else ''} now {'have' if count != 1 else 'has'} "
                "errors. Correct the file and upload it again",
                code="invalid",
            )


def read_file(file, *, columns, row_class=ImportRow, optional=(), max_rows=MAX_ROWS, noun, nouns) -> CheckedImport:
    """An uploaded CSV file as rows of `row_class` under the header, for the app to check.

    Raises ValidationError, in GOV.UK wording, when the file as a whole cannot be read
    (empty, too big, not UTF-8, not a CSV, wrong header, no rows or too many); `noun` and
    `nouns` name the rows in those messages, like "peer" and "peers"."""
    text = decode(file.read(MAX_FILE_BYTES + 1))
    rows = read_rows(
        text, columns=columns, row_class=row_class, optional=optional, max_rows=max_rows, noun=noun, nouns=nouns
    )
    return CheckedImport(name=getattr(file, "name", "") or "", text=text, rows=rows)


def decode(data: bytes) -> str:
    """The text of an uploaded file, which must be UTF-8 (with or without Excel's byte order
    mark) and no larger than MAX_FILE_BYTES; a ValidationError in GOV.UK wording otherwise."""
    if not data:
        raise ValidationError(EMPTY, code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    if b"\x00" in data:
        raise ValidationError(NOT_A_CSV, code="binary")
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError:
        if any(byte < 0x09 or 0x0E <= byte < 0x20 for byte in data[:4096]):
            raise ValidationError(NOT_A_CSV, code="binary") from None
        raise ValidationError(
            "The selected file must be saved as UTF-8: in Excel, choose ‘CSV UTF-8 (Comma delimited)’",
            code="encoding",
        ) from None
    if not text.strip():
        raise ValidationError(EMPTY, code="empty")
    return text


def read_rows(text: str, *, columns, row_class=ImportRow, optional=(), max_rows=MAX_ROWS, noun, nouns) -> list:
    """The rows below the header, numbered as a spreadsheet numbers them (the header is
    row 1); rows with every cell blank are left out, as spreadsheets often add them. A column
    in `optional` that the header leaves out reads as blank in every row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = check_header(next(reader, []), columns=columns, optional=optional)
        for number, record in enumerate(reader, start=2):
            cells = [unescape_cell(cell.strip()).strip() for cell in record]
            if not any(cells):
                continue
            if len(rows) == max_rows:
                raise ValidationError(f"The selected file must have {max_rows:,} {nouns} or fewer", code="too_many_rows")
            padded = cells + [""] * (len(header) - len(cells))
            row = row_class(number=number, cells={column: "" for column in optional} | dict(zip(header, padded)))
            if len(cells) != len(header):
                row.add_error("", f"This row must have {len(header)} cells, one for each column of the header row")
            rows.append(row)
    except csv.Error:
        raise ValidationError(NOT_A_CSV, code="not_csv") from None
    if not rows:
        raise ValidationError(f"The selected file must have at least one {noun} below the header row", code="no_rows")
    return rows


def check_header(cells: list[str], *, columns, optional=()) -> list[str]:
    """The header row's column names, in lower case, which must be `columns` (those in
    `optional` may be left out), each once, in any order."""
    header = [cell.strip().lower() for cell in cells]
    if not set(header) & set(columns):
        raise ValidationError(
            "The first row of the selected file must be the header row, with the column names listed on the import page",
            code="no_header",
        )
    messages = []
    missing = [column for column in columns if column not in header and column not in optional]
    if missing:
        messages.append(f"The header row must include the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    unknown = [name or "(blank)" for name in header if name not in columns]
    if unknown:
        messages.append(
            f"The header row has {'columns' if len(unknown) > 1 else 'a column'} the import does not recognise: "
            f"{', '.join(unknown)}"
        )
    repeated = sorted({name for name in header if name in columns and header.count(name) > 1}, key=columns.index)
    for name in repeated:
        messages.append(f"The header row has the column {name} more than once")
    if messages:
        raise ValidationError(messages, code="header")
    return header


# How much of a cell an error message quotes: enough to find it, not a whole pasted document.
QUOTED_CELL_LENGTH = 60
_HIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def quoted(cell: str) -> str:
    """A cell as an error message quotes it: ‘…’, at most 60 characters, with hidden and
    reordering characters shown as � so that they cannot reorder the message around them."""
    text = _HIDDEN.sub("\ufffd", cell)
    if len(text) > QUOTED_CELL_LENGTH:
        text = text[: QUOTED_CELL_LENGTH - 1] + "…"
    return f"‘{text}’"
