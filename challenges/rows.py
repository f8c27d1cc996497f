"""A challenge as a row of a table, wherever challenges are listed (the challenges list, an
authority's page): read as values, written out as plain text, for speed."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from challenges.choices import NEXT_STEPS, STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType
from peersupport.formats import short_date
from peersupport.templatetags.govuk import tag_html

# The values a row is made from.
ROW_FIELDS = ("pk", "challenge_type", "start_date", "end_date", "second_end_date", "status", "late_step")


def challenge_row(challenge: dict, url: str) -> dict:
    """Its type, days on site, status (a GOV.UK tag) and next step (or the step running
    late), its authority's short name when it was read, and `url` to open it ("" when the
    user may not)."""
    status = ChallengeStatus(challenge["status"])
    start, last = challenge["start_date"], challenge.get("second_end_date") or challenge["end_date"]
    return {
        "url": url,
        "authority": challenge.get("authority__short_name", ""),
        "challenge_type": ChallengeType(challenge["challenge_type"]).label,
        "on_site": f"{short_date(start)} to {short_date(last)}" if start else "To be agreed",
        "status": tag_html(status.label, STATUS_TAG_COLOURS[status]),
        "next_step": challenge.get("late_step") or NEXT_STEPS[status],
        "late": bool(challenge.get("late_step")),
    }


def challenge_row_html(row: dict) -> str:
    """A row of the programme list as HTML, written here rather than by the template: the
    list shows 50, and the template language writing each cell was most of the page's time."""
    late = mark_safe('<strong class="govuk-!-font-weight-bold">Late:</strong> ') if row["late"] else ""
    return format_html(
        '<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}{}</td></tr>',
        row["url"], row["authority"], row["challenge_type"], row["on_site"], row["status"], late, row["next_step"],
    )
