"""The peer pool as CSV: the export, and the import in three steps (upload, check, confirm),
on the project's CSV views (peersupport/csv_views.py)."""

from authorities import peer_csv
from authorities.choices import PeerType, PoliticalGroup
from authorities.filters.peer import PeerFilter
from authorities.forms.peer_import import PeerImportForm
from authorities.models import Specialism
from authorities.selectors.peer import peers_for_export, peers_visible_to
from authorities.services.peer_import import peers_import_commit, peers_import_preview
from peersupport.csv_views import (
    CsvExportView,
    CsvImportConfirmView,
    CsvImportMixin,
    CsvImportPreviewView,
    CsvImportView,
)

IMPORT_SESSION_KEY = "peer_import"


class PeerExportView(CsvExportView):
    """The pool as CSV, with the peer list's search applied."""

    permission_required = "authorities.view_peer_pool"
    filterset_class = PeerFilter
    visible = staticmethod(peers_visible_to)
    for_export = staticmethod(peers_for_export)
    export_lines = staticmethod(peer_csv.export_lines)
    list_url_name = "authorities:peer-list"
    filename = "peer-pool"


class PeerImportMixin(CsvImportMixin):
    permission_required = "authorities.keep_peer_pool"
    session_key = IMPORT_SESSION_KEY
    url_name = "authorities:peer-import"
    list_url_name = "authorities:peer-list"
    preview = staticmethod(peers_import_preview)
    commit = staticmethod(peers_import_commit)


class PeerImportView(PeerImportMixin, CsvImportView):
    """Import peers from CSV, step 1: upload a file."""

    template_name = "authorities/peer_import.html"
    form_class = PeerImportForm
    list_name = "Peer pool"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            peer_types=PeerType.values,
            political_groups=PoliticalGroup.values,
            specialisms=Specialism.objects.order_by("code"),
            **kwargs,
        )


class PeerImportPreviewView(PeerImportMixin, CsvImportPreviewView):
    """Step 2: every row as it would be saved, checked against the pool as it is now."""

    template_name = "authorities/peer_import_preview.html"


class PeerImportConfirmView(PeerImportMixin, CsvImportConfirmView):
    """Step 3: save every peer, or none."""

    success_message = "Peers imported: {added} added, {updated} updated, {unchanged} unchanged"
