"""CSV files of the programme's challenges for the import and export tests: the peer import's
helpers (authorities/tests/csv_files.py) with the programme's columns, and a sample file."""

import datetime
from pathlib import Path

from authorities.tests import csv_files
from challenges.programme_csv import COLUMNS

SAMPLE = Path(__file__).resolve().parent / "programme.csv"
# The principal adviser the sample file names, for tests to create.
SAMPLE_ADVISER = "pa.north.east@example.org"

# A valid row: Avon's operational assessment of March 2019, closed, its report published
# before the service.
ROW = {
    "authority": "Avon",
    "challenge_type": "operational_assessment",
    "start_date": "2019-03-04",
    "end_date": "2019-03-07",
    "second_start_date": "",
    "second_end_date": "",
    "status": "closed",
    "principal_adviser": "",
    "requested_on": "2018-10-01",
    "report_url": "https://www.local.gov.uk/avon-fire-peer-challenge-2019",
    "reason": "",
}


def row(**overrides) -> dict:
    return {**ROW, **overrides}


def csv_text(*rows, header=COLUMNS) -> str:
    return csv_files.csv_text(*rows, header=header)


def csv_upload(*rows, name="programme.csv", header=COLUMNS, data=None):
    return csv_files.csv_upload(*rows, name=name, header=header, data=data)


def many_rows(count, **overrides) -> list[dict]:
    """`count` closed challenges of Avon, a week apart from January 2010 (Mondays to Thursdays)."""
    first = datetime.date(2010, 1, 4)
    return [
        row(start_date=(first + datetime.timedelta(weeks=n)).isoformat(),
            end_date=(first + datetime.timedelta(weeks=n, days=3)).isoformat(), requested_on="", report_url="", **overrides)
        for n in range(count)
    ]
