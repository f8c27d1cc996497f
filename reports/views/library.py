"""The public library, for anyone, signed in or not: the published feedback reports, each
report's page (its HTML version first, then its PDF and earlier versions), the notable
practice in them, and the authorities' action plans published beside them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from challenges.choices import ChallengeType
from challenges.selectors.action_plan import action_plan_entries, action_plan_summary, action_plans_public
from peersupport.formats import long_date, month_year
from peersupport.links import query_without, record_url_maker
from reports.choices import ReportKind, ReportStatus
from reports.filters import NotablePracticeFilter, ReportLibraryFilter
from reports.integrity import StoredFileRefused, report_html_verified
from reports.selectors import (
    LIBRARY_FIELDS,
    notable_practice_published,
    report_published_of_kind,
    report_versions_published,
    reports_published,
    reports_published_for_library,
    reports_visible_to,
)
from reports.views.refusal import stored_file_refused

# Whether the report's challenge has a final action plan, read in the library's one query.
PLAN_FINAL = "challenge__action_plan__finalised_at"


class PublishedReportListView(FilterView):
    """Every published feedback report (its current version), for anyone, signed in or not,
    filtered by authority, region, type of challenge and year published."""

    template_name = "reports/report_list.html"
    filterset_class = ReportLibraryFilter
    context_object_name = "reports"
    paginate_by = 50
    strict = True  # a filter with errors shows its errors and no reports

    def get_queryset(self):
        return reports_published_for_library().values(*LIBRARY_FIELDS, "challenge_id", PLAN_FINAL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query_string=query_without(self.request, "page"), **kwargs)
        page = record_url_maker("reports:report-detail")
        download = record_url_maker("reports:report-download")
        plan = record_url_maker("reports:action-plan-public")
        context["rows"] = [_report_row(report, page, download, plan) for report in context["reports"]]
        return context


def _report_row(report, page, download, plan):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    return {
        "authority": report["challenge__authority__name"],
        "short_name": report["challenge__authority__short_name"],
        "challenge_type": ChallengeType(report["challenge__challenge_type"]).label,
        "on_site": month_year(report["challenge__start_date"]),
        "published": long_date(report["published_at"]),
        "url": page(report["pk"]),
        "download_url": download(report["pk"]),
        "action_plan_url": plan(report["challenge_id"]) if report[PLAN_FINAL] else "",
    }


class ReportDetailView(DetailView):
    """A report version's page: public once published, a draft only for those who may see it
    (anyone else gets a 404). Its HTML version comes first, read from storage and checked
    against its checksum (refused with the refusal page if it no longer matches), then its
    PDF, the action plan, the progress review's report and every version published. A
    withdrawn version says when and why instead of showing the report."""

    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return reports_visible_to(user=self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            context = self.get_context_data(object=self.object)
        except StoredFileRefused as refusal:
            return stored_file_refused(request, refusal)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        challenge = report.challenge
        withdrawn = report.status == ReportStatus.WITHDRAWN
        # The renderer's own HTML, from our templates with every finding's text sanitised: trusted.
        html = mark_safe(report_html_verified(report=report)) if report.html_file and not withdrawn else ""
        versions = list(report_versions_published(report=report))
        current = next((version for version in versions if version.status == ReportStatus.PUBLISHED), None)
        feedback = report.kind == ReportKind.FEEDBACK
        return super().get_context_data(
            challenge=challenge,
            html=html,
            withdrawn=withdrawn,
            can_download=bool(report.file) and user.has_perm("reports.download_report", report),
            versions=versions,
            current=current if current and current.pk != report.pk else None,
            action_plan=action_plans_public().filter(challenge_id=challenge.pk).first() if feedback else None,
            progress_review=(
                report_published_of_kind(challenge_id=challenge.pk, kind=ReportKind.PROGRESS_REVIEW) if feedback else None
            ),
            feedback_report=None if feedback else report_published_of_kind(challenge_id=challenge.pk, kind=ReportKind.FEEDBACK),
            can_withdraw=user.has_perm("reports.withdraw_report", report),
            can_correct=(
                feedback and report.status == ReportStatus.PUBLISHED and challenge.correction_opened_at is None
                and user.has_perm("reports.open_correction", challenge)
            ),
            **kwargs,
        )


class NotablePracticeListView(FilterView):
    """The notable practice in the reports published now, for anyone: searchable by area and
    by words."""

    template_name = "reports/notable_practice_list.html"
    filterset_class = NotablePracticeFilter
    context_object_name = "practices"
    paginate_by = 20
    strict = True

    def get_queryset(self):
        return notable_practice_published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query_string=query_without(self.request, "page"), **kwargs)
        report_url = record_url_maker("reports:report-detail")
        context["rows"] = [
            {
                "practice": practice, "report_url": report_url(practice.report_id),
                "report_text": f"Read the {practice.challenge.authority.short_name} report",
            }
            for practice in context["practices"]
        ]
        return context


class ActionPlanPublicView(TemplateView):
    """A challenge's final action plan, published beside its report, for anyone, signed in or
    not: until the plan is final, and while the challenge has no published report, a 404."""

    template_name = "reports/action_plan_public.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(action_plans_public(), challenge_id=self.kwargs["pk"])
        report = reports_published().filter(challenge_id=plan.challenge_id).first()
        if report is None:
            raise Http404
        entries = action_plan_entries(challenge=plan.challenge, plan=plan)
        return super().get_context_data(
            plan=plan, challenge=plan.challenge, report=report, entries=entries, summary=action_plan_summary(entries=entries),
            **kwargs
        )
