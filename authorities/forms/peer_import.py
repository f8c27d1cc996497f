"""Uploading a CSV of peers; the file the user checked is confirmed by the project's
CsvImportConfirmForm."""

from authorities.peer_csv import MAX_ROWS
from peersupport.forms import CsvImportForm


class PeerImportForm(CsvImportForm):
    nouns = "peers"
    max_rows = MAX_ROWS
