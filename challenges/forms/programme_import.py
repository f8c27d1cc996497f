"""Uploading a CSV of the programme's challenges, and confirming the file that was checked:
the peer import's forms, whose checks (a .csv under 5MB) are the same."""

from authorities.forms.peer_import import PeerImportConfirmForm, PeerImportForm
from challenges.programme_csv import MAX_ROWS


class ProgrammeImportForm(PeerImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Saved as ‘CSV UTF-8’, smaller than 5MB, with at most {MAX_ROWS:,} challenges"


class ProgrammeImportConfirmForm(PeerImportConfirmForm):
    """Names the file the user checked, so that only that file is imported."""
