"""The programme's challenges as CSV: the export, and the import of its history in three
steps (upload, check, confirm), on the project's CSV views (peersupport/csv_views.py)."""

from challenges import programme_csv
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.filters.challenge import ChallengeFilter
from challenges.forms.programme_import import ProgrammeImportForm
from challenges.selectors.challenge import challenges_visible_to
from challenges.selectors.programme import challenges_for_export
from challenges.services.programme_import import programme_import_commit, programme_import_preview
from peersupport.csv_views import (
    CsvExportView,
    CsvImportConfirmView,
    CsvImportMixin,
    CsvImportPreviewView,
    CsvImportView,
)

IMPORT_SESSION_KEY = "programme_import"


class ProgrammeExportView(CsvExportView):
    """The challenges as CSV, with the programme list's filters and sort applied."""

    permission_required = "challenges.book_challenge"
    filterset_class = ChallengeFilter
    visible = staticmethod(challenges_visible_to)
    for_export = staticmethod(challenges_for_export)
    export_lines = staticmethod(programme_csv.export_lines)
    list_url_name = "challenges:challenge-list"
    filename = "programme"


class ProgrammeImportMixin(CsvImportMixin):
    permission_required = "challenges.import_programme"
    session_key = IMPORT_SESSION_KEY
    url_name = "challenges:programme-import"
    list_url_name = "challenges:challenge-list"
    preview = staticmethod(programme_import_preview)
    commit = staticmethod(programme_import_commit)


class ProgrammeImportView(ProgrammeImportMixin, CsvImportView):
    """Import the programme's history from CSV, step 1: upload a file."""

    template_name = "challenges/programme_import.html"
    form_class = ProgrammeImportForm
    list_name = "Challenges"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            challenge_types=list(ChallengeType),
            statuses=list(ChallengeStatus),
            max_rows=programme_csv.MAX_ROWS,
            **kwargs,
        )


class ProgrammeImportPreviewView(ProgrammeImportMixin, CsvImportPreviewView):
    """Step 2: every row as it would be saved, checked against the service as it is now."""

    template_name = "challenges/programme_import_preview.html"


class ProgrammeImportConfirmView(ProgrammeImportMixin, CsvImportConfirmView):
    """Step 3: save every challenge, or none."""

    success_message = "Challenges imported: {added} added, {updated} updated, {unchanged} unchanged"
