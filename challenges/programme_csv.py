"""The programme's challenges as CSV, for loading its history and downloading it: the columns
that the import and the export share, reading an uploaded file, and checking every row
against the challenges already in the service before anything is saved.
docs/programme-import.md describes the format for LGA staff.

Reading the file is the project's (peersupport/csv_files.py), as for the peer import. Reads
only: saving a checked file is `services.programme_import.programme_import_commit`."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from authorities.choices import Role
from authorities.models import Authority, User
from challenges.choices import STOPPED_STATUSES, UNDATED_STATUSES, ChallengeStatus, ChallengeType
from challenges.models import Challenge
from challenges.selectors.programme import challenges_for_export
from challenges.services.dates import challenge_overlapping
from peersupport import csv_files
from peersupport.csv_files import MAX_ROWS, CheckedImport, escape_cell, iso_date, quoted
from peersupport.formats import date_range
from peersupport.forms import EMAIL_ADDRESS_LENGTH, EMAIL_MESSAGES
from peersupport.links import record_url

COLUMNS = (
    "authority", "challenge_type", "start_date", "end_date", "second_start_date", "second_end_date", "status",
    "principal_adviser", "requested_on", "report_url", "reason",
)
# A file with no postponed or cancelled challenges may leave this column out.
OPTIONAL_COLUMNS = ("reason",)
DATE_COLUMNS = ("start_date", "end_date", "second_start_date", "second_end_date", "requested_on")

# Where a row's value goes on the challenge, for the columns that are not named like the field.
FIELD_FOR_COLUMN = {"reason": "status_reason"}
COLUMN_FOR_FIELD = {field: column for column, field in FIELD_FOR_COLUMN.items()}
# What a row may change on a challenge already in the service, found by its authority, type
# and start date. The rest of a challenge (its scope, team, findings) is the service's.
UPDATE_FIELDS = (
    "status", "status_reason", "end_date", "second_start_date", "second_end_date", "principal_adviser",
    "requested_on", "report_url",
)
# Relations the check finds itself, among records loaded once; the model's own check of each
# would cost a query a row.
RELATIONS = {"authority", "principal_adviser", "booked_by", "requested_by", "challenge_manager", "inspection"}
# A visit has not begun in these: only they may have dates in the future.
NOT_YET_ON_SITE = (
    ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED, *STOPPED_STATUSES,
)

REPORT_URL_LENGTH = Challenge._meta.get_field("report_url").max_length
LABELS = {column: Challenge._meta.get_field(column).verbose_name for column in DATE_COLUMNS}
DATE_FORMAT = "Enter a real date in the format YYYY-MM-DD, like 2019-03-04"
HTTPS_ONLY = URLValidator(schemes=["https"])


@dataclass
class ProgrammeRow(csv_files.ImportRow):
    """One row of the file, with what finds the challenge it stands for and what it would save."""

    key: tuple | None = None  # what finds the challenge in the service that the row stands for
    challenge: Challenge | None = None  # the challenge the row would save, as the check built it

    def has_error(self, *columns):
        return any(error.column in columns for error in self.errors)


def report_link(report_id) -> str:
    """The public address of a feedback report published in the service."""
    return f"{settings.SITE_URL}{record_url('reports:report-download', report_id)}"


def export_row(challenge) -> list[str]:
    """A challenge as a CSV row; `challenge` comes from `selectors.programme.challenges_for_export`.
    Its report is the one published in the service, or else the link recorded for a
    challenge from before the service."""
    report = report_link(challenge.published_report_id) if challenge.published_report_id else challenge.report_url
    cells = [
        challenge.authority.short_name,
        challenge.challenge_type,
        *[_iso(getattr(challenge, column)) for column in DATE_COLUMNS[:4]],
        challenge.status,
        challenge.principal_adviser.email if challenge.principal_adviser_id else "",
        _iso(challenge.requested_on),
        report,
        challenge.status_reason,
    ]
    return [escape_cell(cell) for cell in cells]


def export_lines(challenges):
    """The CSV file of these challenges (from `challenges_for_export`), line by line."""
    return csv_files.export_lines((export_row(challenge) for challenge in challenges), header=COLUMNS)


def check_file(file) -> CheckedImport:
    """Read an uploaded CSV of challenges and check every row against the service as it is
    now, as the peer import does (`authorities.peer_csv.check_file`)."""
    checked = csv_files.read_file(
        file, columns=COLUMNS, row_class=ProgrammeRow, optional=OPTIONAL_COLUMNS, max_rows=MAX_ROWS,
        noun="challenge", nouns="challenges",
    )
    _RowChecker(checked.rows).check()
    return checked


def _iso(date) -> str:
    return date.isoformat() if date else ""


def _names(choices) -> dict[str, str]:
    """A choice's code and label, in lower case, each naming the code."""
    return {name.lower(): value for value, label in choices.choices for name in (value, label)}


class _RowChecker:
    """Checks rows against the reference data and the challenges in the service, loaded once
    for the whole file."""

    types, statuses = _names(ChallengeType), _names(ChallengeStatus)

    def __init__(self, rows):
        self.rows = rows
        self.today = timezone.localdate()
        # ONS codes and short names in any case, abolished authorities too: this is history.
        self.authorities = {}
        for authority in Authority.objects.all():
            self.authorities[authority.ons_code.lower()] = authority
            self.authorities[authority.short_name.lower()] = authority
        named = {self.authorities.get(row.cells.get("authority", "").lower()) for row in rows} - {None}
        self.existing = list(
            challenges_for_export(queryset=Challenge.objects.filter(authority__in=named))
            .select_related("inspection")
            .order_by("-pk")
        )
        emails = {row.cells.get("principal_adviser", "").lower() for row in rows} - {""}
        self.users = {
            user.email.lower(): user
            for user in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
        } if emails else {}

    def check(self):
        for row in self.rows:
            if row.is_valid:  # else a row of the wrong length: its cells may sit under the wrong columns
                self.read(row)
        self.match_existing()
        for row in self.rows:
            if row.values:
                self.check_row(row)
        self.check_overlaps()
        for row in self.rows:
            if row.is_valid and row.existing:
                row.changes = self.changes(row)

    # Reading each cell: its format is this file's business.

    def read(self, row):
        cells, values = row.cells, row.values
        values["authority"] = self.authority(row)
        values["challenge_type"] = self.choice(row, "challenge_type", self.types, ChallengeType, "type of challenge")
        values["status"] = self.choice(row, "status", self.statuses, ChallengeStatus, "status")
        for column in DATE_COLUMNS:
            values[column] = self.date(row, column)
        values["status_reason"] = cells["reason"]
        if None not in (values["authority"], values["challenge_type"]) and not row.has_error(*DATE_COLUMNS):
            if values["start_date"]:
                row.key = (values["authority"].pk, values["challenge_type"], values["start_date"])
            elif values["requested_on"]:
                row.key = (values["authority"].pk, values["challenge_type"], None, values["requested_on"])

    def authority(self, row):
        name = row.cells["authority"]
        if not name:
            row.add_error("authority", "Enter the fire and rescue authority: its ONS code or short name")
            return None
        authority = self.authorities.get(name.lower())
        if authority is None:
            row.add_error("authority", f"{quoted(name)} is not a fire and rescue authority: use its ONS code or short name")
        return authority

    def choice(self, row, column, names, choices, noun):
        cell = row.cells[column]
        if not cell:
            row.add_error(column, f"Enter the {noun}: {', '.join(choices.values)}")
            return None
        value = names.get(cell.lower())
        if value is None:
            row.add_error(column, f"{quoted(cell)} is not a {noun}: use one of {', '.join(choices.values)}")
        return value

    def date(self, row, column):
        cell = row.cells[column]
        if not cell:
            return None
        date = iso_date(cell)
        if date is None:
            row.add_error(column, DATE_FORMAT)
        return date

    def match_existing(self):
        """A row finds the challenge of its authority and type on the same start date (or,
        without dates, requested on the same day). Where several share that, as cancelled
        challenges can, a row takes first one it repeats exactly, then the newest left."""
        candidates = {}
        for challenge in self.existing:
            if challenge.start_date:
                key = (challenge.authority_id, challenge.challenge_type, challenge.start_date)
            else:
                key = (challenge.authority_id, challenge.challenge_type, None, challenge.requested_on)
            candidates.setdefault(key, []).append(challenge)
        keyed = [row for row in self.rows if row.key in candidates]
        for exact in (True, False):
            for row in keyed:
                if row.existing is None:
                    left, cells = candidates[row.key], [escape_cell(row.cells[column]) for column in COLUMNS]
                    found = next((c for c in left if not exact or export_row(c) == cells), None)
                    if found is not None:
                        row.existing = found
                        left.remove(found)

    # Checking the challenge the row would make against the model's rules and the calendar.

    def check_row(self, row):
        values = row.values
        status = values["status"]
        if not values["requested_on"]:
            if values["start_date"]:
                values["requested_on"] = min(values["start_date"], self.today)
            elif not row.has_error("requested_on", "start_date"):
                row.add_error("requested_on", "Enter the date requested, as the challenge has no on-site dates")
        if status and status not in UNDATED_STATUSES:
            for column in ("start_date", "end_date"):
                if not row.cells[column]:
                    row.add_error(
                        column, f"Enter the {LABELS[column]}: only a challenge that is requested, scoping, postponed "
                        "or cancelled can be without one",
                    )
            if status not in NOT_YET_ON_SITE and values["start_date"] and values["start_date"] > self.today:
                row.add_error(
                    "start_date", f"The on-site start date must be today or in the past, as the challenge is "
                    f"‘{ChallengeStatus(status).label}’",
                )
        self.check_reason(row)
        values["principal_adviser"] = self.adviser(row)
        values["report_url"] = self.report_url(row)
        self.check_against_the_model(row)

    def check_reason(self, row):
        reason, status = row.values["status_reason"], row.values["status"]
        if status in STOPPED_STATUSES and not reason:
            row.add_error("reason", f"Enter why the challenge was {ChallengeStatus(status).label.lower()}")
        elif status and status not in STOPPED_STATUSES and reason:
            row.add_error("reason", "Only postponed or cancelled challenges have a reason")

    def adviser(self, row):
        cell = row.cells["principal_adviser"]
        if not cell:
            return None
        email = cell.lower()
        if len(email) > EMAIL_ADDRESS_LENGTH:
            row.add_error("principal_adviser", EMAIL_MESSAGES["max_length"])
            return None
        try:
            validate_email(email)
        except ValidationError:
            row.add_error("principal_adviser", EMAIL_MESSAGES["invalid"])
            return None
        user = self.users.get(email)
        # An adviser who has since changed role stays on the challenges they advised.
        kept = user is not None and row.existing is not None and row.existing.principal_adviser_id == user.pk
        if user is None or (user.role != Role.PRINCIPAL_ADVISER and not kept):
            row.add_error("principal_adviser", f"{quoted(cell)} is not the email address of a principal adviser in the service")
            return None
        return user

    def report_url(self, row):
        cell, existing = row.cells["report_url"], row.existing
        if not cell:
            return ""
        # An export links to the report published in the service: that is not kept as a link.
        if existing is not None and existing.published_report_id and cell == report_link(existing.published_report_id):
            return existing.report_url
        if len(cell) > REPORT_URL_LENGTH:
            row.add_error("report_url", f"The link to the published report must be {REPORT_URL_LENGTH} characters or fewer")
            return ""
        try:
            HTTPS_ONLY(cell)
        except ValidationError:
            row.add_error(
                "report_url", "Enter the link to the published report as a web address starting with https://, "
                "like https://www.local.gov.uk/peer-challenge-report",
            )
            return ""
        return cell

    def check_against_the_model(self, row):
        values = row.values
        unreadable = {FIELD_FOR_COLUMN.get(error.column, error.column) for error in row.errors}
        challenge = copy.copy(row.existing) if row.existing else Challenge()
        for name, value in values.items():
            setattr(challenge, name, None if name in unreadable and name in DATE_COLUMNS else value)
        # The model's rule that a challenge has its dates once confirmed is checked above, in
        # words for a file: an undated status lets the model check every other rule.
        challenge.status = ChallengeStatus.REQUESTED
        try:
            challenge.full_clean(
                exclude=unreadable | RELATIONS | {"challenge_type"}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                if name in unreadable:
                    continue  # already reported as the cell could not be read
                column = COLUMN_FOR_FIELD.get(name, name)
                row.add_error(column if column in COLUMNS else "", errors[0].messages[0])
        challenge.status = values["status"]
        row.challenge = challenge

    def check_overlaps(self):
        """No two live challenges of one authority on site at once: among the file's rows,
        and between a row and a challenge in the service that no row stands for."""
        in_file = {row.existing.pk for row in self.rows if row.existing}
        others = {}  # live, dated challenges in the service, by authority, that no row stands for
        for challenge in self.existing:
            if challenge.start_date and challenge.status not in STOPPED_STATUSES and challenge.pk not in in_file:
                others.setdefault(challenge.authority_id, []).append(challenge)
        visits = {}
        for row in self.rows:
            values = row.values
            if not row.is_valid or not values["start_date"] or values["status"] in STOPPED_STATUSES:
                continue
            authority, first = values["authority"], values["start_date"]
            last = values["second_end_date"] or values["end_date"] or first
            earlier = next((n for n, start, end in visits.get(authority.pk, []) if start <= last and end >= first), None)
            possible = [
                c for c in others.get(authority.pk, [])
                if c.start_date <= last and (c.last_day_on_site or c.start_date) >= first
            ]
            if earlier is not None:
                row.add_error(
                    "start_date",
                    f"This visit overlaps the one in row {earlier}: an authority has one challenge on site at a time",
                )
            elif possible:
                # The service's rule has the last word (as a booking asks it), asked only of
                # rows that look like clashing, so that a file costs no query a row.
                clash = challenge_overlapping(challenge=row.challenge)
                if clash is not None:
                    clash = possible[0] if clash.pk in in_file else clash
                    row.add_error(
                        "start_date", f"{authority.short_name} already has a challenge on site from "
                        f"{date_range(clash.start_date, clash.last_day_on_site)}, which this visit overlaps",
                    )
            visits.setdefault(authority.pk, []).append((row.number, first, last))

    def changes(self, row) -> list[str]:
        """The columns whose values differ from the challenge's record, in column order."""
        existing, values = row.existing, row.values
        changed = []
        for name in UPDATE_FIELDS:
            value = values[name]
            if name == "principal_adviser":
                differs = (value.pk if value else None) != existing.principal_adviser_id
            else:
                differs = value != getattr(existing, name)
            if differs:
                changed.append(COLUMN_FOR_FIELD.get(name, name))
        return sorted(changed, key=COLUMNS.index)

