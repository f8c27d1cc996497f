"""A challenge as a row of a table, wherever challenges are listed (the challenges list, an
authority's page): read as values, written out as plain text, for speed."""

from challenges.choices import STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType
from peersupport.formats import short_date
from peersupport.templatetags.govuk import tag_html


def challenge_row(challenge: dict, url: str) -> dict:
    """Its type, days on site and status (a GOV.UK tag), its authority's short name when it
    was read, and `url` to open it ("" when the user may not)."""
    status = ChallengeStatus(challenge["status"])
    return {
        "url": url,
        "authority": challenge.get("authority__short_name", ""),
        "challenge_type": ChallengeType(challenge["challenge_type"]).label,
        "on_site": f"{short_date(challenge['start_date'])} to {short_date(challenge['end_date'])}",
        "status": tag_html(status.label, STATUS_TAG_COLOURS[status]),
    }
