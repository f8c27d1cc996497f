"""A challenge's feedback report: download, status, and asking for, retrying and publishing a version."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View

from challenges.selectors.challenge import challenges_reported_by
from challenges.selectors.progress_review import challenges_with_review_visible_to
from reports.choices import ReportKind
from reports.selectors import reports_of_challenges_visible_to, reports_publishable_by, reports_visible_to
from reports.services.publication import report_publish
from reports.services.request import report_request, report_retry


class ReportDownloadView(View):
    def get(self, request, pk):
        report = get_object_or_404(reports_visible_to(user=request.user).exclude(file=""), pk=pk)
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=report.download_filename, content_type="application/pdf")


class ReportStatusView(LoginRequiredMixin, View):
    """The status of a report, for the challenge page to follow while it is being prepared."""

    counts_as_activity = False  # the page asks every few seconds, whether anyone is there or not

    def get(self, request, pk):
        report = get_object_or_404(reports_visible_to(user=request.user), pk=pk)
        return JsonResponse({"status": report.status, "label": report.get_status_display()})


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
        return redirect(self.challenge.get_absolute_url())


class ReportRequestView(ReportActionView):
    def get_target(self, request, pk):
        self.challenge = get_object_or_404(challenges_reported_by(user=request.user), pk=pk)
        return self.challenge

    def perform(self, request, challenge):
        report = report_request(by=request.user, challenge=challenge)
        return f"Version {report.version} of the feedback report has been requested"


class ReportRetryView(ReportActionView):
    def get_target(self, request, pk):
        report = get_object_or_404(reports_of_challenges_visible_to(user=request.user), pk=pk)
        self.challenge = report.challenge
        return report

    def perform(self, request, report):
        report_retry(by=request.user, report=report)
        return f"Version {report.version} of the {report.get_kind_display().lower()} has been queued again"


class ReportPublishView(ReportActionView):
    def get_target(self, request, pk):
        report = get_object_or_404(reports_publishable_by(user=request.user), pk=pk)
        self.challenge = report.challenge
        return report

    def perform(self, request, report):
        report_publish(by=request.user, report=report)
        return f"Version {report.version} of the {report.get_kind_display().lower()} is published"


class ProgressReviewReportRequestView(ReportActionView):
    """Asking for the report of a completed progress review, from the review's page (and back to it)."""

    def get_target(self, request, pk):
        self.challenge = get_object_or_404(challenges_with_review_visible_to(user=request.user), pk=pk)
        return self.challenge

    def perform(self, request, challenge):
        report = report_request(by=request.user, challenge=challenge, kind=ReportKind.PROGRESS_REVIEW)
        return f"Version {report.version} of the progress review report has been requested"

    def post(self, request, pk):
        super().post(request, pk)
        return redirect(reverse("challenges:progress-review", args=[self.challenge.pk]))
