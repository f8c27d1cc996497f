"""Reads of a challenge's findings: in the report's order, with recommendations numbered; the
findings page and the challenge page's summary of them; and the library of wording."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from challenges.choices import COMPLETED_STATUSES, FINDING_AREA_CHOICES, CommentOutcome, FindingArea, FindingKind, FindingState
from challenges.models import Challenge, FactualCheckComment, Finding, FindingTemplate
from challenges.permissions import can_see_findings, is_on_team

# The kinds as the findings page counts them, in the report's words.
KIND_COUNT_LABELS = {
    FindingKind.STRENGTH: ("strength", "strengths"),
    FindingKind.AREA_FOR_CONSIDERATION: ("area for consideration", "areas for consideration"),
    FindingKind.RECOMMENDATION: ("recommendation", "recommendations"),
    FindingKind.NOTABLE_PRACTICE: ("notable practice", "notable practice"),
}


def challenges_findings_visible_to(*, user) -> QuerySet[Challenge]:
    """Challenges whose findings the user may read: LGA staff who oversee them, and their teams."""
    return can_see_findings.filter(Challenge.objects.select_related("authority"), user)


def challenges_drafted_by(*, user) -> QuerySet[Challenge]:
    """Challenges the user may write findings for: those whose team they are on (the lead peer
    and the challenge manager into the report, anyone else as a draft)."""
    return is_on_team.filter(Challenge.objects.select_related("authority"), user)


def findings_editable_by(*, user, challenge) -> QuerySet[Finding]:
    """The findings of a challenge the user may edit or delete: every one of the report and its
    drafts for the lead peer and the challenge manager, their own drafts for anyone else."""
    findings = challenge.findings.select_related("challenge__authority", "recorded_by", "changed_by")
    if user.has_perm("challenges.record_findings", challenge):
        return findings.exclude(state=FindingState.REJECTED)
    return findings.filter(state=FindingState.DRAFT, recorded_by_id=user.pk)


def findings_are_frozen(challenge) -> bool:
    """Once the report is published its findings never change, unless LGA staff have opened
    a correction: the corrected findings are then published as a new version."""
    return challenge.status in COMPLETED_STATUSES and challenge.correction_opened_at is None


def area_order(challenge) -> list[str]:
    """The order of a challenge's areas in its report: its focus areas as agreed, then the
    framework's other areas, then the authority's own priorities and any older area."""
    order = [*(challenge.focus_areas or []), *(value for value, _ in FINDING_AREA_CHOICES)]
    order += [value for value in FindingArea.values if value not in order]
    return list(dict.fromkeys(order))


# Within an area the report gives its strengths, then its areas for consideration, then its
# recommendations and its notable practice: a finding's place is among those of its kind.
KIND_ORDER = {kind: index for index, kind in enumerate(FindingKind)}


def _in_report_order(challenge, findings) -> list[Finding]:
    """Accepted `findings` in the report's order, each recommendation with its `number`."""
    rank = {area: index for index, area in enumerate(area_order(challenge))}
    ordered = sorted(
        (finding for finding in findings if finding.state == FindingState.ACCEPTED),
        key=lambda finding: (
            rank.get(finding.area, len(rank)), KIND_ORDER[finding.kind], finding.position, finding.recorded_at, finding.pk,
        ),
    )
    number = 0
    for finding in ordered:
        finding.number = None
        if finding.kind == FindingKind.RECOMMENDATION:
            number += 1
            finding.number = number
    return ordered


def findings_in_report(*, challenge) -> list[Finding]:
    """The findings in the report (accepted ones), area by area in the report's order and each
    at its place in its area; each recommendation has its `number` across the report."""
    return _in_report_order(challenge, challenge.findings.filter(state=FindingState.ACCEPTED).select_related("recorded_by"))


def recommendations_numbered(*, challenge) -> list[Finding]:
    """The report's recommendations, numbered as in the report."""
    return [finding for finding in findings_in_report(challenge=challenge) if finding.kind == FindingKind.RECOMMENDATION]


def findings_by_area(findings: list[Finding]) -> list[dict]:
    """Findings already in the report's order, as one group an area: {"area", "label",
    "findings"}; each finding knows whether it is the first (`first_in_area`) or the last
    (`last_in_area`) of its kind in its area, the places it can move between."""
    groups = []
    for finding in findings:
        if not groups or groups[-1]["area"] != finding.area:
            groups.append({"area": finding.area, "label": finding.get_area_display(), "findings": []})
        groups[-1]["findings"].append(finding)
    for group in groups:
        of_kind = {}
        for finding in group["findings"]:
            of_kind.setdefault(finding.kind, []).append(finding)
        for same_kind in of_kind.values():
            for index, finding in enumerate(same_kind):
                finding.first_in_area = index == 0
                finding.last_in_area = index == len(same_kind) - 1
                # What a screen reader hears after a button's words ("Move up"), naming the finding.
                finding.label = (
                    f"recommendation {finding.number}" if getattr(finding, "number", None)
                    else f"{finding.get_kind_display().lower()} {index + 1} in {group['label']}"
                )
    return groups


def kind_counts(counts: dict) -> list[dict]:
    """A count for each kind, in the kinds' order, worded for the page: {"kind", "count", "text"}."""
    return [
        {"kind": kind, "count": counts.get(kind, 0), "text": f"{counts.get(kind, 0)} {one if counts.get(kind, 0) == 1 else many}"}
        for kind, (one, many) in KIND_COUNT_LABELS.items()
    ]


@dataclass
class FindingsPage:
    """What the findings page shows the user: the report's findings by area, the count of each
    kind, the drafts waiting for the lead (all of them for the lead, their own for a member),
    and a member's drafts the lead rejected."""

    areas: list[dict]
    counts: list[dict]
    drafts: list[Finding] = field(default_factory=list)
    rejected: list[Finding] = field(default_factory=list)

    @property
    def total(self):
        return sum(count["count"] for count in self.counts)


def findings_page(*, challenge, user) -> FindingsPage:
    """The findings page of `challenge` as `user` sees it, from one query whatever the number
    of findings."""
    leads = user.has_perm("challenges.record_findings", challenge)
    everything = list(
        challenge.findings.filter(Q(state=FindingState.ACCEPTED) | Q(state=FindingState.DRAFT) | Q(recorded_by_id=user.pk))
        .select_related("recorded_by", "changed_by")
        # Whether the authority's factual check changed its words, in the same query.
        .annotate(corrected=Exists(
            FactualCheckComment.objects.filter(finding=OuterRef("pk"), outcome=CommentOutcome.ACCEPTED).exclude(proposed_text="")
        ))
        .order_by("recorded_at", "pk")
    )
    report = _in_report_order(challenge, everything)
    counts = {}
    for finding in report:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    drafts = [f for f in everything if f.state == FindingState.DRAFT and (leads or f.recorded_by_id == user.pk)]
    for finding in drafts:
        finding.label = f"{finding.get_kind_display().lower()} drafted by {finding.recorded_by.full_name}"
    rejected = [f for f in everything if f.state == FindingState.REJECTED and f.recorded_by_id == user.pk]
    return FindingsPage(areas=findings_by_area(report), counts=kind_counts(counts), drafts=drafts, rejected=rejected)


def wording_library(*, user) -> QuerySet[FindingTemplate]:
    """The library of wording, for those who may use it, each entry with `usage`: how many
    findings were started from it."""
    if not user.has_perm("challenges.use_wording_library"):
        return FindingTemplate.objects.none()
    # Counted for each entry shown (a subquery), not by joining every finding to the library.
    usage = Finding.objects.filter(template=OuterRef("pk")).order_by().values("template").annotate(n=Count("pk")).values("n")
    return FindingTemplate.objects.select_related("saved_by").annotate(usage=Coalesce(Subquery(usage), 0))
