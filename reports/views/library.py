"""The public library of published feedback reports, and the authorities' action plans
published beside them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from challenges.choices import ChallengeType
from challenges.selectors.action_plan import action_plan_entries, action_plan_summary, action_plans_public
from peersupport.formats import long_date, month_year
from peersupport.links import record_url_maker
from reports.selectors import LIBRARY_FIELDS, reports_published, reports_published_for_library

# Whether the report's challenge has a final action plan, read in the library's one query.
PLAN_FINAL = "challenge__action_plan__finalised_at"


class PublishedReportListView(ListView):
    """Every published feedback report, for anyone, signed in or not."""

    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return reports_published_for_library().values(*LIBRARY_FIELDS, "challenge_id", PLAN_FINAL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        download = record_url_maker("reports:report-download")
        plan = record_url_maker("reports:action-plan-public")
        context["rows"] = [_report_row(report, download, plan) for report in context["reports"]]
        return context


def _report_row(report, download, plan):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    return {
        "authority": report["challenge__authority__name"],
        "short_name": report["challenge__authority__short_name"],
        "challenge_type": ChallengeType(report["challenge__challenge_type"]).label,
        "on_site": month_year(report["challenge__start_date"]),
        "published": long_date(report["published_at"]),
        "download_url": download(report["pk"]),
        "action_plan_url": plan(report["challenge_id"]) if report[PLAN_FINAL] else "",
    }


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
