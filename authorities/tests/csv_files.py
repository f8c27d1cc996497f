"""CSV files of peers for the import and export tests."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.peer_csv import COLUMNS

# A valid row: an officer peer from Avon.
ROW = {
    "full_name": "Ann Example",
    "email": "ann@example.org",
    "phone": "01632 960 001",
    "peer_type": "officer",
    "home_authority": "Avon",
    "home_organisation": "",
    "role_title": "Chief fire officer",
    "political_group": "",
    "specialisms": "prevention;protection",
    "tags": "fleet",
    "can_lead": "yes",
    "max_challenges_per_year": "3",
    "active": "yes",
    "retired_reason": "",
    "consented_on": "2026-04-01",
}


def peer_row(**overrides) -> dict:
    return {**ROW, **overrides}


def csv_text(*rows, header=COLUMNS) -> str:
    """A CSV file with the header row and one line per row (dicts in header order, or lists)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    return out.getvalue()


def csv_upload(*rows, name="peers.csv", header=COLUMNS, data=None) -> SimpleUploadedFile:
    """An uploaded file, as a view or service receives it."""
    return SimpleUploadedFile(name, csv_text(*rows, header=header).encode() if data is None else data, "text/csv")


def many_rows(count, **overrides) -> list[dict]:
    return [peer_row(full_name=f"Peer {n}", email=f"peer.{n}@example.org", **overrides) for n in range(count)]
