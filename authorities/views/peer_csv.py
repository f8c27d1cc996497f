"""The peer pool as CSV: the export, and the import in three steps (upload, check, confirm)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from authorities import peer_csv
from authorities.choices import PeerType, PoliticalGroup
from authorities.filters.peer import PeerFilter
from authorities.forms.peer_import import PeerImportConfirmForm, PeerImportForm
from authorities.models import Specialism
from authorities.selectors.peer import peers_for_export, peers_visible_to
from authorities.services.peer_import import peers_import_commit, peers_import_preview
from peersupport.views import PermissionRequiredMixin, ServiceFormMixin


class PeerExportView(PermissionRequiredMixin, View):
    """The pool as CSV in the import's columns, with the peer list's search applied, so that
    an export can be corrected in a spreadsheet and imported again."""

    permission_required = "authorities.view_peer_pool"

    def get(self, request):
        search = PeerFilter(request.GET, queryset=peers_visible_to(user=request.user), request=request)
        if not search.is_valid():
            return redirect(f"{reverse('authorities:peer-list')}?{request.GET.urlencode()}")
        peers = peers_for_export(queryset=search.qs)
        response = StreamingHttpResponse(peer_csv.export_lines(peers), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="peer-pool-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


# The checked file waits in the session (stored on the server) between the preview and the
# import; the confirmation sends back only the hash of what was previewed.
IMPORT_SESSION_KEY = "peer_import"


def _imported_file(session):
    stored = session.get(IMPORT_SESSION_KEY)
    return ContentFile(stored["text"].encode(), name=stored["name"]) if stored else None


class PeerImportView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Import peers from CSV, step 1: upload a file. Nothing is saved until the user has
    checked every row (step 2) and confirmed (step 3)."""

    permission_required = "authorities.keep_peer_pool"
    template_name = "authorities/peer_import.html"
    form_class = PeerImportForm
    success_url = reverse_lazy("authorities:peer-import-preview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("authorities:peer-list"),
            back_text="Peer pool",
            peer_types=PeerType.values,
            political_groups=PoliticalGroup.values,
            specialisms=Specialism.objects.order_by("code"),
            **kwargs,
        )

    def perform(self, form):
        checked = peers_import_preview(by=self.request.user, file=form.cleaned_data["file"])
        self.request.session[IMPORT_SESSION_KEY] = {"name": checked.name, "text": checked.text}


class PeerImportPreviewView(PermissionRequiredMixin, TemplateView):
    """Step 2: every row of the file as it would be saved, with its errors, checked against
    the pool as it is now each time the page is shown."""

    permission_required = "authorities.keep_peer_pool"
    template_name = "authorities/peer_import_preview.html"
    summary_limit = 100  # the table below shows every error; the summary, the first ones

    def get(self, request, *args, **kwargs):
        file = _imported_file(request.session)
        if file is None:
            return redirect("authorities:peer-import")
        try:
            checked = peers_import_preview(by=request.user, file=file)
        except ValidationError as error:  # the limits changed since the upload, say
            del request.session[IMPORT_SESSION_KEY]
            messages.error(request, error.messages[0])
            return redirect("authorities:peer-import")
        errors = checked.errors
        return self.render_to_response(
            self.get_context_data(
                checked=checked,
                errors=errors,
                summary_errors=errors[: self.summary_limit],
                errors_not_in_summary=max(len(errors) - self.summary_limit, 0),
                confirm_form=PeerImportConfirmForm(initial={"sha256": checked.sha256}),
            )
        )


class PeerImportConfirmView(PermissionRequiredMixin, View):
    """Step 3: save every row, or none, and say what changed."""

    permission_required = "authorities.keep_peer_pool"

    http_method_names = ["post"]

    def post(self, request):
        file, form = _imported_file(request.session), PeerImportConfirmForm(request.POST)
        if file is None or not form.is_valid():
            messages.error(request, "There is no file waiting to be imported: upload it again")
            return redirect("authorities:peer-import")
        try:
            checked = peers_import_commit(by=request.user, file=file, sha256=form.cleaned_data["sha256"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("authorities:peer-import-preview")
        del request.session[IMPORT_SESSION_KEY]
        added, updated, unchanged = len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)
        messages.success(request, f"Peers imported: {added} added, {updated} updated, {unchanged} unchanged")
        return redirect("authorities:peer-list")
