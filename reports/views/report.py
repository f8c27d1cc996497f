"""A challenge's reports: download, status and row of a version, and asking for, retrying and
re-queuing one (publishing has its confirmation page, reports/views/publication.py)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from challenges.selectors.challenge import challenges_reported_by
from challenges.selectors.progress_review import challenges_with_review_visible_to
from peersupport.links import record_url
from reports.choices import ReportKind
from reports.integrity import StoredFileRefused, report_file_verified
from reports.models import FeedbackReport
from reports.rows import report_page_url, report_progress, report_row, report_status_label, report_version_name
from reports.selectors import (
    report_versions_for,
    reports_downloadable_by,
    reports_of_challenges_visible_to,
    reports_requeueable_by,
    reports_visible_to,
)
from reports.services.request import report_request, report_requeue, report_retry
from reports.views.refusal import stored_file_refused


class ReportDownloadView(View):
    """A version's PDF, for whoever may download it, checked against its recorded SHA-256
    first: a file that no longer matches, or is gone, is refused with a page saying so."""

    def get(self, request, pk):
        report = get_object_or_404(reports_downloadable_by(user=request.user), pk=pk)
        try:
            handle = report_file_verified(report=report)
        except StoredFileRefused as refusal:
            return stored_file_refused(request, refusal)
        return FileResponse(handle, as_attachment=True, filename=report.download_filename, content_type="application/pdf")


class ReportStatusView(LoginRequiredMixin, View):
    """The status of a version, for its panel to follow while it is being prepared
    (static/js/report-status.mjs): the status and its tag's label and colour, where the
    pipeline has got to in words, whether it has finished (ready, failed or on), and where to
    fetch the version's row from once it has."""

    counts_as_activity = False  # the page asks every few seconds, whether anyone is there or not

    def get(self, request, pk):
        report = get_object_or_404(reports_visible_to(user=request.user), pk=pk)
        return JsonResponse({
            "status": report.status,
            "label": report_status_label(report),
            "colour": report.status_colour,
            "finished": not report.is_pending,
            "progress": report_progress(report),
            "row_url": record_url("reports:report-row", report.pk),
        })


class ReportRowView(LoginRequiredMixin, View):
    """A version's row of its panel (templates/reports/panel/report_row.html), for the page
    to put in place of the row it shows once the version is ready or has failed, without
    loading the whole page again. Scoped as the panel is: anyone else gets a 404."""

    counts_as_activity = False  # asked by the page, not by the person

    def get(self, request, pk):
        report = get_object_or_404(report_versions_for(user=request.user, reports=FeedbackReport.objects.all()), pk=pk)
        return render(request, "reports/panel/report_row.html", {"row": report_row(report)})


class ReportActionView(LoginRequiredMixin, View):
    """A POST-only action on a challenge's report, redirecting back to the challenge page;
    a rule the service refuses is shown there as an error message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        target = self.get_target(request, pk)
        try:
            message = self.perform(request, target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, message)
        return redirect(self.next_url())

    def next_url(self):
        return self.challenge.get_absolute_url()


class ReportRequestView(ReportActionView):
    kind = ReportKind.FEEDBACK

    def get_target(self, request, pk):
        self.challenge = get_object_or_404(challenges_reported_by(user=request.user), pk=pk)
        return self.challenge

    def perform(self, request, challenge):
        report = report_request(by=request.user, challenge=challenge, kind=self.kind)
        return f"{report_version_name(report)} has been requested"


class SlidesRequestView(ReportRequestView):
    """Asking for the slides for the verbal feedback, from the challenge's page."""

    kind = ReportKind.FEEDBACK_SLIDES


class ReportVersionActionView(ReportActionView):
    """An action on one version, back to the page its panel is on."""

    def get_target(self, request, pk):
        self.report = get_object_or_404(reports_of_challenges_visible_to(user=request.user), pk=pk)
        self.challenge = self.report.challenge
        return self.report

    def next_url(self):
        return report_page_url(self.report)


class ReportRetryView(ReportVersionActionView):
    def perform(self, request, report):
        report_retry(by=request.user, report=report)
        return f"{report_version_name(report)} has been queued again"


class ReportRequeueView(ReportVersionActionView):
    """Sending a version stuck in the pipeline to the workers again, for the LGA staff who
    oversee its challenge; a version that is not stuck is not found."""

    def get_target(self, request, pk):
        self.report = get_object_or_404(reports_requeueable_by(user=request.user), pk=pk)
        self.challenge = self.report.challenge
        return self.report

    def perform(self, request, report):
        report_requeue(by=request.user, report=report)
        return f"{report_version_name(report)} has been sent to the workers again"


class ProgressReviewReportRequestView(ReportActionView):
    """Asking for the report of a completed progress review, from the review's page (and back to it)."""

    def get_target(self, request, pk):
        self.challenge = get_object_or_404(challenges_with_review_visible_to(user=request.user), pk=pk)
        return self.challenge

    def perform(self, request, challenge):
        report = report_request(by=request.user, challenge=challenge, kind=ReportKind.PROGRESS_REVIEW)
        return f"{report_version_name(report)} has been requested"

    def post(self, request, pk):
        super().post(request, pk)
        return redirect(reverse("challenges:progress-review", args=[self.challenge.pk]))
