"""Uploading a CSV of the programme's challenges; the file the user checked is confirmed by
the project's CsvImportConfirmForm."""

from challenges.programme_csv import MAX_ROWS
from peersupport.forms import CsvImportForm


class ProgrammeImportForm(CsvImportForm):
    nouns = "challenges"
    max_rows = MAX_ROWS
