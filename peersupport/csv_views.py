"""The project's views for a list as CSV: its export, and its import in three steps (upload,
check, confirm). An app's views name the permission, services, URLs and templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from peersupport.forms import CsvImportConfirmForm
from peersupport.views import PermissionRequiredMixin, ServiceFormMixin


class CsvExportView(PermissionRequiredMixin, View):
    """The records of a list page as CSV in the import's columns, with the page's search
    applied, so that an export can be corrected in a spreadsheet and imported again. A search
    the list page refuses goes back there, to say why."""

    filterset_class = None  # the list page's search
    visible = None  # a selector taking `user`: the records the list page shows
    for_export = None  # a selector taking `queryset`: the records with all that their rows show
    export_lines = None  # the app's CSV module's `export_lines`
    list_url_name = None
    filename = None  # before the date, like "peer-pool"

    def get(self, request):
        search = self.filterset_class(request.GET, queryset=self.visible(user=request.user), request=request)
        if not search.is_valid():
            return redirect(f"{reverse(self.list_url_name)}?{request.GET.urlencode()}")
        lines = self.export_lines(self.for_export(queryset=search.qs))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


class CsvImportMixin(PermissionRequiredMixin):
    """What the three steps of an import share. The checked file waits in the session (stored
    on the server) under `session_key` between the check and the import; the confirmation
    sends back only the hash of what was checked. The steps' URL names are `url_name`, then
    `url_name` with "-preview" and "-confirm"."""

    session_key = None
    url_name = None  # the upload's, like "authorities:peer-import"
    list_url_name = None  # the list the import fills, where a finished import goes
    preview = None  # the service that checks a file, taking `by` and `file`
    commit = None  # the service that saves a checked file, taking `by`, `file` and `sha256`

    def imported_file(self):
        stored = self.request.session.get(self.session_key)
        return ContentFile(stored["text"].encode(), name=stored["name"]) if stored else None


class CsvImportView(CsvImportMixin, ServiceFormMixin, FormView):
    """Step 1: upload a file. Nothing is saved until the user has checked every row (step 2)
    and confirmed (step 3). The page links back to the list, named `list_name`."""

    list_name = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=reverse(self.list_url_name), back_text=self.list_name, **kwargs)

    def get_success_url(self):
        return reverse(f"{self.url_name}-preview")

    def perform(self, form):
        checked = self.preview(by=self.request.user, file=form.cleaned_data["file"])
        self.request.session[self.session_key] = {"name": checked.name, "text": checked.text}


class CsvImportPreviewView(CsvImportMixin, TemplateView):
    """Step 2: every row of the file as it would be saved, with its errors, checked against
    the records as they are now each time the page is shown."""

    summary_limit = 100  # the table below shows every error; the summary, the first ones

    def get(self, request, *args, **kwargs):
        file = self.imported_file()
        if file is None:
            return redirect(self.url_name)
        try:
            checked = self.preview(by=request.user, file=file)
        except ValidationError as error:  # the limits changed since the upload, say
            del request.session[self.session_key]
            messages.error(request, error.messages[0])
            return redirect(self.url_name)
        errors = checked.errors
        return self.render_to_response(
            self.get_context_data(
                checked=checked,
                errors=errors,
                summary_errors=errors[: self.summary_limit],
                errors_not_in_summary=max(len(errors) - self.summary_limit, 0),
                confirm_form=CsvImportConfirmForm(initial={"sha256": checked.sha256}),
                upload_url=reverse(self.url_name),
                confirm_url=reverse(f"{self.url_name}-confirm"),
            )
        )


class CsvImportConfirmView(CsvImportMixin, View):
    """Step 3: save every row, or none, and say what changed in `success_message`, which
    names `added`, `updated` and `unchanged`."""

    http_method_names = ["post"]
    success_message = None

    def post(self, request):
        file, form = self.imported_file(), CsvImportConfirmForm(request.POST)
        if file is None or not form.is_valid():
            messages.error(request, "There is no file waiting to be imported: upload it again")
            return redirect(self.url_name)
        try:
            checked = self.commit(by=request.user, file=file, sha256=form.cleaned_data["sha256"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(f"{self.url_name}-preview")
        del request.session[self.session_key]
        added, updated, unchanged = len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)
        messages.success(request, self.success_message.format(added=added, updated=updated, unchanged=unchanged))
        return redirect(self.list_url_name)
