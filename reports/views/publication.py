"""Publication by LGA staff, each on a page that says what will happen: publishing a ready
version, opening a correction of a published report, withdrawing a public version."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from peersupport.links import record_url
from peersupport.views import ParentFormView
from reports.choices import ReportKind
from reports.forms import CorrectionOpenForm, ReportPublishForm, ReportWithdrawForm
from reports.rows import report_page_url, report_version_name
from reports.selectors import (
    challenges_correctable_by,
    report_publication_warnings,
    report_published_of_kind,
    reports_publishable_by,
    reports_withdrawable_by,
)
from reports.services.correction import report_correction_open
from reports.services.publication import report_publish, report_publish_refusal
from reports.services.withdrawal import report_withdraw


class ReportFormView(ParentFormView):
    """A form about one report version, back to its challenge's page once done."""

    parent_name = "report"

    @property
    def report(self):
        return self.parent

    def get_context_data(self, **kwargs):
        return super().get_context_data(challenge=self.report.challenge, back_text="Back to the report", **kwargs)

    def get_success_url(self):
        return self.report.challenge.get_absolute_url()


class ReportPublishConfirmView(ReportFormView):
    """What publishing a ready version means (its version, pages, size and SHA-256; public and
    frozen from then on) and, on POST, publishing it. Anyone but LGA staff who oversee the
    challenge, or a version not ready, gets a 404."""

    parents = staticmethod(reports_publishable_by)
    template_name = "reports/report_publish_confirm.html"
    form_class = ReportPublishForm

    def before_form(self):
        # A version that may not replace what is published is refused before its page is shown.
        refusal = report_publish_refusal(report=self.report)
        if refusal:
            messages.error(self.request, refusal)
            return redirect(report_page_url(self.report))
        return None

    def get_context_data(self, **kwargs):
        report = self.report
        current = report_published_of_kind(challenge_id=report.challenge_id, kind=report.kind)
        return super().get_context_data(
            current=current, correction_note=report.change_note or report.challenge.correction_note,
            warnings=report_publication_warnings(report=report), **kwargs
        )

    def perform(self, form):
        report = report_publish(by=self.request.user, report=self.report)
        messages.success(self.request, f"{report_version_name(report)} is published")


class ReportWithdrawView(ReportFormView):
    """Withdrawing a public version, with the reason the public page will show."""

    parents = staticmethod(reports_withdrawable_by)
    template_name = "reports/report_withdraw_form.html"
    form_class = ReportWithdrawForm

    def perform(self, form):
        report = report_withdraw(by=self.request.user, report=self.report, reason=form.cleaned_data["withdrawal_reason"])
        messages.success(self.request, f"{report_version_name(report)} is withdrawn")

    def get_success_url(self):
        return record_url("reports:report-detail", self.report.pk)


class CorrectionOpenView(ParentFormView):
    """Opening a correction of the challenge's published feedback report, saying what it
    changes. Only LGA staff who oversee the challenge, while its feedback report is published
    and no correction is open: anyone else, or at another time, gets a 404."""

    parent_name = "challenge"
    parents = staticmethod(challenges_correctable_by)
    template_name = "reports/correction_form.html"
    form_class = CorrectionOpenForm

    def before_form(self):
        self.published = report_published_of_kind(challenge_id=self.parent.pk, kind=ReportKind.FEEDBACK)
        if self.published is None or self.parent.correction_opened_at is not None:
            raise Http404
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(published=self.published, back_text="Back to the challenge", **kwargs)

    def perform(self, form):
        report_correction_open(by=self.request.user, challenge=self.parent, change_note=form.cleaned_data["correction_note"])
        messages.success(
            self.request,
            "The correction is open: the findings can be changed, then the lead peer or the challenge manager asks "
            "for a new version of the report",
        )

