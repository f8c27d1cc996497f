"""Peers as CSV, for the first load of the pool and its yearly refresh: the columns that the
import and the export share, reading an uploaded file, and checking every row against the
pool before anything is saved. docs/peer-import.md describes the format for LGA staff.

Reading the file is the project's (peersupport/csv_files.py). Reads only: saving a checked
file is `services.peers_import_commit`."""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from authorities.choices import AuthorityStatus, PeerType, PoliticalGroup
from authorities.models import Authority, Peer, PeerTag, Specialism
from authorities.models.peer import MAX_CHALLENGES_NOT_A_NUMBER
from authorities.selectors.peer import peer_specialism_codes, peer_tag_names, peers_by_email
from peersupport import csv_files
from peersupport.csv_files import MAX_ROWS, CheckedImport, escape_cell, iso_date, quoted
from peersupport.forms import EMAIL_ADDRESS_LENGTH, EMAIL_MESSAGES

COLUMNS = (
    "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title",
    "political_group", "specialisms", "tags", "can_lead", "max_challenges_per_year", "active",
    "retired_reason", "consented_on",
)
SEPARATOR = ";"
YES, NO = "yes", "no"
DEFAULT_MAX_CHALLENGES = Peer._meta.get_field("max_challenges_per_year").default

# Where a row's value goes on the peer, for the columns that are not named like the field.
FIELD_FOR_COLUMN = {"active": "is_active"}
COLUMN_FOR_FIELD = {field: column for column, field in FIELD_FOR_COLUMN.items()}
# What a cell needs beyond the rule the peer's model words (Peer.clean): how to write it here.
COLUMN_HINTS = {("home_authority", "missing"): "its ONS code or short name"}
TEXT_LABELS = {
    "full_name": "Full name",
    "phone": "Telephone number",
    "home_organisation": "Home organisation",
    "role_title": "Role or rank",
    "retired_reason": "Reason for retiring",
}
# The model's own limits, so that the import and the forms cannot drift apart.
TEXT_LIMITS = {column: (Peer._meta.get_field(column).max_length, label) for column, label in TEXT_LABELS.items()}


@dataclass
class PeerRow(csv_files.ImportRow):
    """One row of the file, with the specialisms and tags its check found."""

    specialisms: list[Specialism] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def export_row(peer) -> list[str]:
    """A peer as a CSV row; `peer` comes from `selectors.peers_for_export`."""
    cells = [
        peer.full_name,
        peer.email,
        peer.phone,
        peer.peer_type,
        peer.home_authority.short_name if peer.home_authority_id else "",
        peer.home_organisation,
        peer.role_title,
        peer.political_group,
        SEPARATOR.join(peer.specialism_codes),
        SEPARATOR.join(peer.tag_names),
        YES if peer.can_lead else NO,
        str(peer.max_challenges_per_year),
        YES if peer.is_active else NO,
        peer.retired_reason,
        peer.consented_on.isoformat() if peer.consented_on else "",
    ]
    return [escape_cell(cell) for cell in cells]


def export_lines(peers):
    """The CSV file of these peers (from `selectors.peers_for_export`), line by line."""
    return csv_files.export_lines((export_row(peer) for peer in peers), header=COLUMNS)


def check_file(file) -> CheckedImport:
    """Read an uploaded CSV of peers and check every row against the pool as it is now. A
    file that cannot be read at all raises ValidationError (`csv_files.read_file`); problems
    with rows are listed on each row instead, so that all of them can be shown at once."""
    checked = csv_files.read_file(
        file, columns=COLUMNS, row_class=PeerRow, max_rows=MAX_ROWS, noun="peer", nouns="peers"
    )
    _RowChecker(checked.rows).check()
    return checked


class _RowChecker:
    """Checks rows against the reference data and the pool, loaded once for the whole file."""

    def __init__(self, rows):
        self.rows = rows
        # ONS codes and short names in any case; the model keeps both unique in any case and
        # no short name looks like a code, so each key names one authority.
        self.authorities = {}
        for authority in Authority.objects.select_related("succeeded_by"):
            self.authorities[authority.ons_code.lower()] = authority
            self.authorities[authority.short_name.lower()] = authority
        self.specialisms = {specialism.code: specialism for specialism in Specialism.objects.all()}
        emails = {row.cells["email"].lower() for row in rows}
        self.peers = peers_by_email(emails=emails)
        existing = Peer.objects.filter(pk__in=[peer.pk for peer in self.peers.values()])
        self.peer_codes = peer_specialism_codes(queryset=existing)
        self.peer_tags = peer_tag_names(queryset=existing)

    def check(self):
        first_row_of = {}
        for row in self.rows:
            if not row.is_valid:
                continue  # a row of the wrong length: its cells may sit under the wrong columns
            self.check_row(row)
            email = row.values.get("email")
            if email:
                if email in first_row_of:
                    row.add_error("email", f"This email address is also in row {first_row_of[email]}")
                else:
                    first_row_of[email] = row.number
            if row.is_valid and row.existing:
                row.changes = self.changes(row)

    def check_row(self, row):
        """Read each cell (its format is this file's business), then check the peer the row
        would make against the pool's own rules, Peer.clean and its fields' validators."""
        cells, values = row.cells, row.values
        for column, (limit, label) in TEXT_LIMITS.items():
            if len(cells[column]) > limit:
                row.add_error(column, f"{label} must be {limit} characters or fewer")
            values[column] = cells[column]
        if not cells["full_name"]:
            row.add_error("full_name", "Enter the peer's full name")
        self.check_email(row)
        self.choice(row, "peer_type", PeerType, "Enter the type of peer")
        self.check_home(row)
        self.choice(row, "political_group", PoliticalGroup)
        self.check_specialisms(row)
        self.check_tags(row)
        values["can_lead"] = self.yes_no(row, "can_lead", default=False)
        values["max_challenges_per_year"] = self.max_challenges(row)
        values["is_active"] = self.yes_no(row, "active", default=True)
        values["consented_on"] = self.consented_on(row)
        self.check_against_the_model(row)

    def check_against_the_model(self, row):
        unreadable = {FIELD_FOR_COLUMN.get(error.column, error.column) for error in row.errors}
        peer = copy.copy(row.existing) if row.existing else Peer()
        for name, value in row.values.items():
            if name not in unreadable:
                setattr(peer, name, value)
        try:
            # Unique addresses are checked across the file below and the database holds the
            # constraints; a failure while saving undoes every row. The home authority was
            # found among those loaded above, so its field needs no query of its own.
            peer.full_clean(
                exclude=unreadable | {"home_authority", "user"}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                if name in unreadable:
                    continue  # already reported as the cell could not be read
                column = COLUMN_FOR_FIELD.get(name, name)
                hint = COLUMN_HINTS.get((column, errors[0].code))
                row.add_error(column, f"{errors[0].messages[0]}: {hint}" if hint else errors[0].messages[0])
        # The model tidies what it keeps (an address in lower case, a reason no longer held).
        for name in ("email", "retired_reason", "home_organisation"):
            if name not in unreadable:
                row.values[name] = getattr(peer, name)

    def check_email(self, row):
        email = row.cells["email"].lower()
        if not email:
            row.add_error("email", EMAIL_MESSAGES["required"])
        elif len(email) > EMAIL_ADDRESS_LENGTH:
            row.add_error("email", EMAIL_MESSAGES["max_length"])
        else:
            try:
                validate_email(email)
            except ValidationError:
                row.add_error("email", EMAIL_MESSAGES["invalid"])
            else:
                row.values["email"] = email
                row.existing = self.peers.get(email)

    def choice(self, row, column, choices, required_message=None):
        value = row.cells[column].lower()
        if not value:
            if required_message:
                row.add_error(column, f"{required_message}: {', '.join(choices.values)}")
            row.values[column] = ""
            return ""
        if value not in choices.values:
            row.add_error(column, f"{quoted(row.cells[column])} is not one of {', '.join(choices.values)}")
            return ""
        row.values[column] = value
        return value

    def check_home(self, row):
        name = row.cells["home_authority"]
        row.values["home_authority"] = None
        if not name:
            return
        authority = self.authorities.get(name.lower())
        if authority is None:
            row.add_error(
                "home_authority", f"{quoted(name)} is not a fire and rescue authority: use the ONS code or short name of a current one"
            )
        elif authority.status != AuthorityStatus.CURRENT:
            successor = f", {authority.succeeded_by.short_name}" if authority.succeeded_by_id else ""
            row.add_error("home_authority", f"{quoted(name)} is no longer a fire and rescue authority: use its successor{successor}")
        else:
            row.values["home_authority"] = authority

    def check_specialisms(self, row):
        for code in _split(row.cells["specialisms"]):
            specialism = self.specialisms.get(code.lower())
            if specialism is None:
                row.add_error("specialisms", f"{quoted(code)} is not a specialism code: use a code from the list on the import page")
            elif specialism not in row.specialisms:
                row.specialisms.append(specialism)

    def check_tags(self, row):
        row.tags = sorted({name.lower() for name in _split(row.cells["tags"])})
        for name in row.tags:
            try:
                PeerTag(name=name).clean_fields()
            except ValidationError as error:
                row.add_error("tags", error.message_dict["name"][0])
                break

    def yes_no(self, row, column, *, default):
        value = row.cells[column].lower()
        if not value:
            return default
        if value not in (YES, NO):
            row.add_error(column, "Enter yes or no")
            return None
        return value == YES

    def max_challenges(self, row):
        value = row.cells["max_challenges_per_year"]
        if not value:
            return DEFAULT_MAX_CHALLENGES
        if not (value.isascii() and value.isdigit()):
            row.add_error("max_challenges_per_year", MAX_CHALLENGES_NOT_A_NUMBER)
            return None
        return int(value)

    def consented_on(self, row):
        value = row.cells["consented_on"]
        if not value:
            return None
        date = iso_date(value)
        if date is None:
            row.add_error("consented_on", "Enter a real date in the format YYYY-MM-DD, like 2026-04-01")
        return date

    def changes(self, row) -> list[str]:
        """The columns whose values differ from the peer's record, in column order."""
        peer, changed = row.existing, []
        for column in COLUMNS:
            if column == "specialisms":
                differs = sorted(s.code for s in row.specialisms) != self.peer_codes[peer.pk]
            elif column == "tags":
                differs = row.tags != self.peer_tags[peer.pk]
            elif column == "home_authority":
                authority = row.values["home_authority"]
                differs = (authority.pk if authority else None) != peer.home_authority_id
            else:
                name = FIELD_FOR_COLUMN.get(column, column)
                differs = row.values[name] != getattr(peer, name)
            if differs:
                changed.append(column)
        return changed


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR) if part.strip()]
