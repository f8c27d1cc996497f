"""The programme's challenges as CSV: the export, and the import of its history in three
steps (upload, check, confirm), as the peer pool's (authorities/views/peer_csv.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from challenges import programme_csv
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.filters.challenge import ChallengeFilter
from challenges.forms.programme_import import ProgrammeImportConfirmForm, ProgrammeImportForm
from challenges.selectors.challenge import challenges_visible_to
from challenges.selectors.programme import challenges_for_export
from challenges.services.programme_import import programme_import_commit, programme_import_preview
from peersupport.views import PermissionRequiredMixin, ServiceFormMixin


class ProgrammeExportView(PermissionRequiredMixin, View):
    """The challenges as CSV in the import's columns, with the programme list's filters and
    sort applied, so that an export can be corrected in a spreadsheet and imported again."""

    permission_required = "challenges.book_challenge"

    def get(self, request):
        search = ChallengeFilter(request.GET, queryset=challenges_visible_to(user=request.user), request=request)
        if not search.is_valid():
            return redirect(f"{reverse('challenges:challenge-list')}?{request.GET.urlencode()}")
        challenges = challenges_for_export(queryset=search.qs)
        response = StreamingHttpResponse(programme_csv.export_lines(challenges), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="programme-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


# The checked file waits in the session (stored on the server) between the preview and the
# import; the confirmation sends back only the hash of what was previewed.
IMPORT_SESSION_KEY = "programme_import"
PERMISSION = "challenges.import_programme"


def _imported_file(session):
    stored = session.get(IMPORT_SESSION_KEY)
    return ContentFile(stored["text"].encode(), name=stored["name"]) if stored else None


class ProgrammeImportView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Import the programme's history from CSV, step 1: upload a file. Nothing is saved
    until the user has checked every row (step 2) and confirmed (step 3)."""

    permission_required = PERMISSION
    template_name = "challenges/programme_import.html"
    form_class = ProgrammeImportForm
    success_url = reverse_lazy("challenges:programme-import-preview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("challenges:challenge-list"),
            back_text="Challenges",
            challenge_types=list(ChallengeType),
            statuses=list(ChallengeStatus),
            max_rows=programme_csv.MAX_ROWS,
            **kwargs,
        )

    def perform(self, form):
        checked = programme_import_preview(by=self.request.user, file=form.cleaned_data["file"])
        self.request.session[IMPORT_SESSION_KEY] = {"name": checked.name, "text": checked.text}


class ProgrammeImportPreviewView(PermissionRequiredMixin, TemplateView):
    """Step 2: every row of the file as it would be saved, with its errors, checked against
    the service as it is now each time the page is shown."""

    permission_required = PERMISSION
    template_name = "challenges/programme_import_preview.html"
    summary_limit = 100  # the table below shows every error; the summary, the first ones

    def get(self, request, *args, **kwargs):
        file = _imported_file(request.session)
        if file is None:
            return redirect("challenges:programme-import")
        try:
            checked = programme_import_preview(by=request.user, file=file)
        except ValidationError as error:  # the limits changed since the upload, say
            del request.session[IMPORT_SESSION_KEY]
            messages.error(request, error.messages[0])
            return redirect("challenges:programme-import")
        errors = checked.errors
        return self.render_to_response(
            self.get_context_data(
                checked=checked,
                errors=errors,
                summary_errors=errors[: self.summary_limit],
                errors_not_in_summary=max(len(errors) - self.summary_limit, 0),
                confirm_form=ProgrammeImportConfirmForm(initial={"sha256": checked.sha256}),
            )
        )


class ProgrammeImportConfirmView(PermissionRequiredMixin, View):
    """Step 3: save every row, or none, and say what changed."""

    permission_required = PERMISSION
    http_method_names = ["post"]

    def post(self, request):
        file, form = _imported_file(request.session), ProgrammeImportConfirmForm(request.POST)
        if file is None or not form.is_valid():
            messages.error(request, "There is no file waiting to be imported: upload it again")
            return redirect("challenges:programme-import")
        try:
            checked = programme_import_commit(by=request.user, file=file, sha256=form.cleaned_data["sha256"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("challenges:programme-import-preview")
        del request.session[IMPORT_SESSION_KEY]
        added, updated, unchanged = len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)
        messages.success(request, f"Challenges imported: {added} added, {updated} updated, {unchanged} unchanged")
        return redirect("challenges:challenge-list")
