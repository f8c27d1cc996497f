"""The programme's committee paper, asked for from the insight page: its Word version at once,
its PDF through the report pipeline (ask, read its HTML twin, download, try again), for LGA
staff only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View

from challenges.forms.insight import InsightFilterForm
from challenges.selectors.insight import insight_first_year, insight_records_version, programme_insight
from peersupport.views import PermissionRequiredMixin
from reports.integrity import StoredFileRefused, report_file_verified, report_html_verified
from reports.rows import document_file_facts
from reports.selectors import committee_papers_downloadable_by, committee_papers_retryable_by
from reports.services.committee_paper import committee_paper_content, committee_paper_title
from reports.services.committee_paper_docx import DOCX_CONTENT_TYPE, committee_paper_docx
from reports.services.request import committee_paper_request, committee_paper_retry


def insight_page_url(period) -> str:
    """The insight page of the period, where the paper's panel is."""
    return f"{reverse('challenges:insight')}?{urlencode(period.query())}"


class CommitteePaperPeriodMixin(PermissionRequiredMixin):
    """The period from the insight page's filters (GET for the Word version, the panel's hidden
    fields for the PDF); filters not on the page's lists are refused with a 400 page that says
    why and links back to the page."""

    permission_required = "reports.see_committee_papers"

    def period_form(self, data) -> InsightFilterForm:
        self.today, self.version = timezone.localdate(), insight_records_version()
        return InsightFilterForm(data, today=self.today, first_year=insight_first_year(version=self.version))

    def period_refused(self, form) -> TemplateResponse:
        # No link: the fields are on the insight page, not this one.
        errors = [{"text": error} for errors in form.errors.values() for error in errors]
        return TemplateResponse(
            self.request, "reports/committee_paper/period_refused.html",
            {"errors": errors, "insight_url": reverse("challenges:insight")}, status=400,
        )


class CommitteePaperWordView(CommitteePaperPeriodMixin, View):
    """The paper of the period as a Word document, built now from the figures as they stand,
    named "committee-paper-<period>.docx"."""

    def get(self, request):
        form = self.period_form(request.GET)
        if not form.is_valid():
            return self.period_refused(form)
        period = form.period()
        content = committee_paper_content(insight=programme_insight(period=period, today=self.today, version=self.version), contact=request.user)
        response = HttpResponse(committee_paper_docx(content), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="committee-paper-{period.slug}.docx"'
        return response


class CommitteePaperRequestView(CommitteePaperPeriodMixin, View):
    """Ask for the paper of the period as a PDF, from the insight page's panel, and go back to
    that page, which then lists it being prepared."""

    http_method_names = ["post"]

    def post(self, request):
        form = self.period_form(request.POST)
        if not form.is_valid():
            return self.period_refused(form)
        period = form.period()
        committee_paper_request(by=request.user, period=period)
        messages.success(request, f"The committee paper for {period.long_label}, {period.region_label}, is being prepared as a PDF")
        return redirect(insight_page_url(period))


class CommitteePaperDownloadView(PermissionRequiredMixin, View):
    """A ready paper's PDF, checked against its recorded SHA-256 first: a file that no longer
    matches, or is gone, is refused with a page saying so."""

    permission_required = "reports.see_committee_papers"

    def get(self, request, pk):
        paper = get_object_or_404(committee_papers_downloadable_by(user=request.user), pk=pk)
        try:
            handle = report_file_verified(report=paper)
        except StoredFileRefused as refusal:
            return _file_refused(request, paper, refusal)
        return FileResponse(handle, as_attachment=True, filename=paper.download_filename, content_type="application/pdf")


class CommitteePaperView(PermissionRequiredMixin, View):
    """A ready paper's HTML version as a page (its PDF's twin), checked against its recorded
    SHA-256 first, with the link to its PDF; refused as its PDF would be."""

    permission_required = "reports.see_committee_papers"

    def get(self, request, pk):
        paper = get_object_or_404(committee_papers_downloadable_by(user=request.user).exclude(html_file=""), pk=pk)
        try:
            html = report_html_verified(report=paper)
        except StoredFileRefused as refusal:
            return _file_refused(request, paper, refusal)
        return TemplateResponse(request, "reports/committee_paper/paper.html", {
            "paper": paper, "title": committee_paper_title(paper.period), "file_facts": document_file_facts(paper),
            "html": mark_safe(html),  # written by our template, every value escaped, and checked against its checksum
            "insight_url": insight_page_url(paper.period),
        })


def _file_refused(request, paper, refusal) -> TemplateResponse:
    return TemplateResponse(
        request, "reports/committee_paper/file_refused.html",
        {"paper": paper, "which": refusal.which, "problem": refusal.in_words, "insight_url": insight_page_url(paper.period)},
        status=refusal.status,
    )


class CommitteePaperRetryView(PermissionRequiredMixin, View):
    """Ask again for a paper whose PDF could not be prepared, and go back to its period's page."""

    permission_required = "reports.see_committee_papers"
    http_method_names = ["post"]

    def post(self, request, pk):
        paper = get_object_or_404(committee_papers_retryable_by(user=request.user), pk=pk)
        try:
            committee_paper_retry(by=request.user, paper=paper)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The committee paper has been queued again")
        return redirect(insight_page_url(paper.period))
