"""The CSV import of the programme's history: reading files, checking rows against the model
and the calendar, finding the challenges already in the service, saving all or nothing."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.utils import timezone
from simple_history.manager import HistoryManager

from authorities.tests.factories import LgaAdminFactory, PrincipalAdviserFactory
from challenges import programme_csv
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.models import Challenge
from challenges.selectors.insight import INSIGHT_RECORDS
from challenges.services import programme_import
from challenges.tests.data import SAMPLE, SAMPLE_ADVISER, csv_text, csv_upload, many_rows, row
from challenges.tests.factories import ChallengeFactory
from peersupport.records_version import records_version

pytestmark = pytest.mark.integration

D = datetime.date


def _preview(user, *rows, **kwargs):
    return programme_import.programme_import_preview(by=user, file=csv_upload(*rows, **kwargs))


def _file_errors(user, **kwargs):
    with pytest.raises(ValidationError) as raised:
        programme_import.programme_import_preview(by=user, file=csv_upload(**kwargs))
    return raised.value.message_dict["file"]


def _errors(checked):
    return [error.text for error in checked.errors]


def _commit_text(user, text):
    checked = programme_import.programme_import_preview(by=user, file=csv_upload(data=text.encode()))
    return programme_import.programme_import_commit(by=user, file=csv_upload(data=text.encode()), sha256=checked.sha256)


def _commit(user, *rows):
    return _commit_text(user, csv_text(*rows))


def _future(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# Whole-file problems: one GOV.UK error, nothing checked further


def test_import_file_empty_refused(lga_admin):
    assert _file_errors(lga_admin, data=b"") == ["The selected file is empty"]


def test_import_file_over_5mb_refused(lga_admin):
    data = csv_text(row()).encode() + b" " * (5 * 1024 * 1024)

    assert _file_errors(lga_admin, data=data) == ["The selected file must be smaller than 5MB"]


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", b"PK\x03\x04\x14\x00\x06\x00\x08\x00", b"%PDF-1.7\n\x01\x02\xff\xfe"],
)
def test_import_file_not_a_csv_refused(lga_admin, data):
    assert _file_errors(lga_admin, data=data) == ["The selected file must be a CSV"]


def test_import_file_not_utf8_refused(lga_admin):
    data = csv_text(row(reason="Reporté", status="cancelled")).encode("cp1252")

    assert _file_errors(lga_admin, data=data) == [
        "The selected file must be saved as UTF-8: in Excel, choose ‘CSV UTF-8 (Comma delimited)’"
    ]


def test_import_file_header_only_refused(lga_admin):
    assert _file_errors(lga_admin) == ["The selected file must have at least one challenge below the header row"]


def test_import_file_without_header_refused(lga_admin):
    data = csv_text(row()).split("\r\n", 1)[1].encode()

    assert _file_errors(lga_admin, data=data) == [
        "The first row of the selected file must be the header row, with the column names listed on the import page"
    ]


def test_import_file_header_missing_columns_refused(lga_admin):
    header = [column for column in programme_csv.COLUMNS if column not in ("status", "report_url")]

    assert _file_errors(lga_admin, header=header) == ["The header row must include the columns status, report_url"]


def test_import_file_header_extra_and_repeated_columns_refused(lga_admin):
    header = [*programme_csv.COLUMNS, "Notes", "status", ""]

    assert _file_errors(lga_admin, header=header) == [
        "The header row has columns the import does not recognise: notes, (blank)",
        "The header row has the column status more than once",
    ]


def test_import_file_without_the_reason_column_read(lga_admin):
    header = [column for column in programme_csv.COLUMNS if column != "reason"]

    checked = _preview(lga_admin, row(), header=header)

    assert (_errors(checked), checked.rows[0].values["status_reason"]) == ([], "")


def test_import_file_header_in_any_order_and_case_read(lga_admin):
    header = [column.upper() for column in reversed(programme_csv.COLUMNS)]

    checked = _preview(lga_admin, [row()[column.lower()] for column in header], header=header)

    assert (_errors(checked), checked.rows[0].values["start_date"]) == ([], D(2019, 3, 4))


def test_import_file_over_the_row_limit_refused(lga_admin, monkeypatch):
    monkeypatch.setattr(programme_csv, "MAX_ROWS", 3)

    assert len(_preview(lga_admin, *many_rows(3)).rows) == 3
    assert _file_errors(lga_admin, data=csv_text(*many_rows(4)).encode()) == [
        "The selected file must have 3 challenges or fewer"
    ]


def test_import_file_over_5000_challenges_refused(lga_admin):
    assert _file_errors(lga_admin, data=csv_text(*many_rows(5001)).encode()) == [
        "The selected file must have 5,000 challenges or fewer"
    ]


def test_import_needs_an_lga_administrator(adviser, lead_peer, fra_contact):
    for user in (adviser, lead_peer.user, fra_contact):
        with pytest.raises(PermissionDenied):
            _preview(user, row())
        with pytest.raises(PermissionDenied):
            programme_import.programme_import_commit(by=user, file=csv_upload(row()), sha256="0" * 64)
    assert Challenge.objects.count() == 0


# Rows: every error names its row and column


def test_import_valid_row_has_every_value(lga_admin, avon):
    adviser = PrincipalAdviserFactory(email="pa.south.west@example.org")

    checked = _preview(lga_admin, row(principal_adviser="PA.South.West@example.org", challenge_type="Operational assessment AND fire peer challenge", status="Closed"))

    row_ = checked.rows[0]
    assert (checked.is_valid, row_.number, row_.is_update) == (True, 2, False)
    assert row_.values == {
        "authority": avon,
        "challenge_type": "operational_assessment",
        "status": "closed",
        "start_date": D(2019, 3, 4),
        "end_date": D(2019, 3, 7),
        "second_start_date": None,
        "second_end_date": None,
        "requested_on": D(2018, 10, 1),
        "status_reason": "",
        "principal_adviser": adviser,
        "report_url": "https://www.local.gov.uk/avon-fire-peer-challenge-2019",
    }


def test_import_authority_by_ons_code_or_short_name_abolished_too(lga_admin):
    checked = _preview(
        lga_admin,
        row(authority="e31000001"),
        row(authority="DORSET", start_date="2012-11-12", end_date="2012-11-15"),
    )

    assert (_errors(checked), [r.values["authority"].slug for r in checked.rows]) == ([], ["avon", "dorset"])


def test_import_requested_on_defaults_to_the_start_date(lga_admin):
    checked = _preview(lga_admin, row(requested_on=""))

    assert checked.rows[0].values["requested_on"] == D(2019, 3, 4)


BAD_ROWS = [
    ({"authority": ""}, "Row 2, authority: Enter the fire and rescue authority: its ONS code or short name"),
    ({"authority": "Atlantis"}, "Row 2, authority: ‘Atlantis’ is not a fire and rescue authority: use its ONS code or short name"),
    ({"challenge_type": ""}, "Row 2, challenge_type: Enter the type of challenge: operational_assessment, deep_dive, "
     "pre_inspection, leadership_governance, targeted"),
    ({"challenge_type": "peer review"}, "Row 2, challenge_type: ‘peer review’ is not a type of challenge: use one of "
     "operational_assessment, deep_dive, pre_inspection, leadership_governance, targeted"),
    ({"start_date": "04/03/2019"}, "Row 2, start_date: Enter a real date in the format YYYY-MM-DD, like 2019-03-04"),
    ({"end_date": "2019-02-30"}, "Row 2, end_date: Enter a real date in the format YYYY-MM-DD, like 2019-03-04"),
    ({"end_date": "2019-03-01"}, "Row 2, end_date: The on-site end date must be the same as or after the start date"),
    ({"end_date": "2019-03-18"}, "Row 2, end_date: A visit lasts at most 10 working days: bring the end date forward or split it into two phases"),
    ({"start_date": "2008-12-29", "end_date": "2009-01-02", "requested_on": "2009-01-05"},
     "Row 2, start_date: The on-site start date must be on or after 1 January 2009"),
    ({"second_start_date": "2019-04-01"}, "Row 2, second_end_date: Enter both dates of the second phase, or neither"),
    ({"second_start_date": "2019-03-06", "second_end_date": "2019-03-08"},
     "Row 2, second_start_date: The second phase must start after the first phase ends"),
    ({"second_start_date": "2019-04-01", "second_end_date": "2019-04-15"},
     "Row 2, second_end_date: A phase lasts at most 10 working days"),
    ({"status": ""}, "Row 2, status: Enter the status: requested, scoping, confirmed, on_site, feedback_given, "
     "report_drafting, factual_check, published, progress_review, closed, postponed, cancelled"),
    ({"status": "finished"}, "Row 2, status: ‘finished’ is not a status: use one of requested, scoping, confirmed, on_site, "
     "feedback_given, report_drafting, factual_check, published, progress_review, closed, postponed, cancelled"),
    ({"status": "postponed"}, "Row 2, reason: Enter why the challenge was postponed"),
    ({"status": "cancelled"}, "Row 2, reason: Enter why the challenge was cancelled"),
    ({"reason": "Went well"}, "Row 2, reason: Only postponed or cancelled challenges have a reason"),
    ({"status": "cancelled", "reason": "x" * 2001}, "Row 2, reason: The reason must be 2,000 characters or fewer"),
    ({"principal_adviser": "nobody@example.org"},
     "Row 2, principal_adviser: ‘nobody@example.org’ is not the email address of a principal adviser in the service"),
    ({"principal_adviser": "not an email"},
     "Row 2, principal_adviser: Enter an email address in the correct format, like name@example.com"),
    ({"requested_on": "2999-01-01"}, "Row 2, requested_on: The date requested must be today or in the past"),
    ({"report_url": "http://www.local.gov.uk/report"},
     "Row 2, report_url: Enter the link to the published report as a web address starting with https://, "
     "like https://www.local.gov.uk/peer-challenge-report"),
    ({"report_url": "javascript:alert(1)"},
     "Row 2, report_url: Enter the link to the published report as a web address starting with https://, "
     "like https://www.local.gov.uk/peer-challenge-report"),
    ({"report_url": "https://example.org/" + "x" * 481},
     "Row 2, report_url: The link to the published report must be 500 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "error"), BAD_ROWS)
def test_import_row_error_names_row_and_column(lga_admin, overrides, error):
    checked = _preview(lga_admin, row(**overrides))

    assert (checked.is_valid, _errors(checked)) == (False, [error])


def test_import_status_with_a_visit_needs_its_dates(lga_admin):
    checked = _preview(lga_admin, row(start_date="", end_date="", status="published"))

    assert _errors(checked) == [
        "Row 2, start_date: Enter the on-site start date: only a challenge that is requested, scoping, postponed or "
        "cancelled can be without one",
        "Row 2, end_date: Enter the on-site end date: only a challenge that is requested, scoping, postponed or "
        "cancelled can be without one",
    ]


def test_import_undated_challenge_needs_the_date_requested(lga_admin):
    checked = _preview(lga_admin, row(start_date="", end_date="", status="requested", requested_on="", report_url=""))

    assert _errors(checked) == ["Row 2, requested_on: Enter the date requested, as the challenge has no on-site dates"]


def test_import_future_visit_only_before_on_site(lga_admin):
    start, end = _future(35), _future(37)
    statuses = ["requested", "scoping", "confirmed", "on_site", "closed"]

    checked = _preview(
        lga_admin,
        *[row(authority=authority, status=status, start_date=start, end_date=end, requested_on="", report_url="")
          for authority, status in zip(["Avon", "Kent", "Cleveland", "Norfolk", "Devon & Somerset"], statuses)],
        row(authority="Cleveland", challenge_type="targeted", status="cancelled", reason="No longer needed", start_date=start, end_date=end,
            requested_on="", report_url=""),
    )

    assert _errors(checked) == [
        "Row 5, start_date: The on-site start date must be today or in the past, as the challenge is ‘On site’",
        "Row 6, start_date: The on-site start date must be today or in the past, as the challenge is ‘Closed’",
    ]
    assert checked.rows[0].values["requested_on"] == timezone.localdate()


def test_import_adviser_must_be_a_principal_adviser(lga_admin):
    LgaAdminFactory(email="admin.two@example.org")

    checked = _preview(lga_admin, row(principal_adviser="admin.two@example.org"))

    assert _errors(checked) == [
        "Row 2, principal_adviser: ‘admin.two@example.org’ is not the email address of a principal adviser in the service"
    ]


def test_import_every_error_of_a_row_listed(lga_admin):
    checked = _preview(lga_admin, row(challenge_type="x", end_date="soon", status="postponed", report_url="ftp://x"))

    assert _errors(checked) == [
        "Row 2, challenge_type: ‘x’ is not a type of challenge: use one of operational_assessment, deep_dive, "
        "pre_inspection, leadership_governance, targeted",
        "Row 2, end_date: Enter a real date in the format YYYY-MM-DD, like 2019-03-04",
        "Row 2, reason: Enter why the challenge was postponed",
        "Row 2, report_url: Enter the link to the published report as a web address starting with https://, "
        "like https://www.local.gov.uk/peer-challenge-report",
    ]


def test_import_row_with_wrong_number_of_cells_refused(lga_admin):
    short = list(row().values())[:-2]
    long = [*row(start_date="2019-05-06", end_date="2019-05-07").values(), "extra"]

    checked = _preview(lga_admin, short, long)

    assert _errors(checked) == [
        "Row 2: This row must have 11 cells, one for each column of the header row",
        "Row 3: This row must have 11 cells, one for each column of the header row",
    ]


def test_import_rows_numbered_as_in_a_spreadsheet(lga_admin):
    text = csv_text(row(), [""] * 11, row(authority="Kent", status="bad"))

    checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    assert [r.number for r in checked.rows] == [2, 4]
    assert _errors(checked) == [
        "Row 4, status: ‘bad’ is not a status: use one of requested, scoping, confirmed, on_site, feedback_given, "
        "report_drafting, factual_check, published, progress_review, closed, postponed, cancelled"
    ]


# Overlapping visits: one challenge of an authority on site at a time


def test_import_overlap_within_the_file_named_on_the_later_row(lga_admin):
    checked = _preview(
        lga_admin,
        row(),
        row(authority="Kent"),  # another authority: no overlap
        row(challenge_type="deep_dive", start_date="2019-03-07", end_date="2019-03-08", report_url=""),
        row(challenge_type="targeted", start_date="2019-02-25", end_date="2019-02-26", second_start_date="2019-03-05",
            second_end_date="2019-03-05", report_url=""),
        row(challenge_type="pre_inspection", status="cancelled", reason="Clashed", report_url=""),  # not live
    )

    assert _errors(checked) == [
        "Row 4, start_date: This visit overlaps the one in row 2: an authority has one challenge on site at a time",
        "Row 5, start_date: This visit overlaps the one in row 2: an authority has one challenge on site at a time",
    ]


def test_import_overlap_with_a_challenge_in_the_service(lga_admin, avon):
    ChallengeFactory(authority=avon, challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2019, 3, 6), end_date=D(2019, 3, 8),
                     status=ChallengeStatus.CLOSED)
    ChallengeFactory(authority=avon, challenge_type=ChallengeType.TARGETED, start_date=D(2019, 2, 4), end_date=D(2019, 2, 5),
                     status=ChallengeStatus.CANCELLED, status_reason="Not needed")

    checked = _preview(lga_admin, row(), row(start_date="2019-02-04", end_date="2019-02-05", report_url=""))

    assert _errors(checked) == [
        "Row 2, start_date: Avon already has a challenge on site from 6 March 2019 to 8 March 2019, which this visit overlaps"
    ]


def test_import_overlap_judged_on_the_file_for_challenges_it_updates(lga_admin, avon):
    """The file moves an existing challenge's end date earlier and adds one after it: the
    challenge in the service as it is would overlap, as the file leaves it does not."""
    ChallengeFactory(authority=avon, start_date=D(2019, 3, 4), end_date=D(2019, 3, 8), status=ChallengeStatus.CLOSED)

    checked = _preview(
        lga_admin,
        row(end_date="2019-03-06"),
        row(challenge_type="targeted", start_date="2019-03-07", end_date="2019-03-07", report_url=""),
    )

    assert (_errors(checked), [r.is_update for r in checked.rows]) == ([], [True, False])


# Finding the challenges already in the service


def test_import_row_updates_the_challenge_with_its_authority_type_and_start(lga_admin, avon):
    adviser = PrincipalAdviserFactory(email="pa.south.west@example.org")
    challenge = ChallengeFactory(
        authority=avon, start_date=D(2019, 3, 4), end_date=D(2019, 3, 6), status=ChallengeStatus.REPORT_DRAFTING,
        requested_on=D(2018, 10, 1), notes="Kept as it is", late_step="Draft the report",
    )
    other = ChallengeFactory(authority=avon, challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2019, 9, 2),
                             end_date=D(2019, 9, 3), status=ChallengeStatus.CLOSED)

    checked = _commit(lga_admin, row(principal_adviser=adviser.email))

    only = checked.rows[0]
    assert (only.is_update, only.existing.pk, only.changes) == (True, challenge.pk, ["end_date", "status", "principal_adviser", "report_url"])
    challenge.refresh_from_db()
    assert (challenge.status, challenge.end_date, challenge.principal_adviser, challenge.report_url, challenge.late_step, challenge.notes) == (
        "closed", D(2019, 3, 7), adviser, "https://www.local.gov.uk/avon-fire-peer-challenge-2019", "", "Kept as it is",
    )
    history = challenge.history.first()
    assert (history.history_type, history.history_user, history.history_change_reason, history.status) == (
        "~", lga_admin, "Imported from the programme's history (CSV)", "closed",
    )
    assert (Challenge.objects.count(), other.history.count()) == (2, 1)


def test_import_unchanged_challenge_left_alone(lga_admin):
    _commit(lga_admin, row())
    history = Challenge.history.count()

    checked = _commit(lga_admin, row(authority="avon", challenge_type="Operational Assessment and fire peer challenge", status="CLOSED"))

    assert ([(r.is_update, r.changes) for r in checked.rows], Challenge.history.count()) == ([(True, [])], history)


def test_import_keeps_an_adviser_who_has_since_changed_role(lga_admin, avon):
    former = LgaAdminFactory(email="former.adviser@example.org")
    ChallengeFactory(authority=avon, start_date=D(2019, 3, 4), end_date=D(2019, 3, 7), status=ChallengeStatus.CLOSED,
                     principal_adviser=former, requested_on=D(2018, 10, 1),
                     report_url="https://www.local.gov.uk/avon-fire-peer-challenge-2019")

    checked = _preview(lga_admin, row(principal_adviser="former.adviser@example.org"))

    assert [(r.is_update, r.changes, r.errors) for r in checked.rows] == [(True, [], [])]


def test_import_undated_rows_find_undated_challenges_requested_the_same_day(lga_admin, avon):
    reasons = ["First reason", "Second reason"]
    for reason in reasons:
        ChallengeFactory(authority=avon, challenge_type=ChallengeType.TARGETED, start_date=None, end_date=None,
                         status=ChallengeStatus.POSTPONED, status_reason=reason, requested_on=D(2020, 3, 2))
    undated = {"challenge_type": "targeted", "start_date": "", "end_date": "", "status": "postponed", "requested_on": "2020-03-02", "report_url": ""}

    # In either order, each row finds the challenge it repeats.
    checked = _preview(lga_admin, *[row(**undated, reason=reason) for reason in reversed(reasons)], row(**undated, reason="A third"))

    assert [(r.is_update, r.changes) for r in checked.rows] == [(True, []), (True, []), (False, [])]


# Hostile cells


@pytest.mark.parametrize(
    "reason",
    ['=HYPERLINK("http://evil.example","Click")', "<script>alert(1)</script>", "Robert'); DROP TABLE challenges_challenge;--",
     "Zoë Ångström 山田太郎 🚒"],
)
def test_import_hostile_text_stored_verbatim(lga_admin, reason):
    _commit(lga_admin, row(status="cancelled", reason=reason, report_url=""))

    assert Challenge.objects.get().status_reason == reason


def test_import_formula_in_a_cell_is_only_text(lga_admin):
    checked = _preview(lga_admin, row(authority='=HYPERLINK("http://evil.example","Avon")'), row(authority="'=1+1", start_date="2019-05-06", end_date="2019-05-07"))

    assert _errors(checked) == [
        "Row 2, authority: ‘=HYPERLINK(\"http://evil.example\",\"Avon\")’ is not a fire and rescue authority: use its ONS code or short name",
        "Row 3, authority: ‘=1+1’ is not a fire and rescue authority: use its ONS code or short name",
    ]


# Saving: all or nothing


def test_import_commit_saves_every_row_with_its_history(lga_admin):
    adviser = PrincipalAdviserFactory(email=SAMPLE_ADVISER, region="north_east")

    checked = _commit_text(lga_admin, SAMPLE.read_text())

    assert (len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)) == (5, 0, 0)
    saved = Challenge.objects.order_by("pk")
    assert [
        (c.authority.short_name, c.challenge_type, c.start_date, c.end_date, c.second_start_date, c.second_end_date, c.status,
         c.principal_adviser, c.requested_on, c.report_url, c.status_reason, c.booked_by)
        for c in saved
    ] == [
        ("Avon", "operational_assessment", D(2019, 3, 4), D(2019, 3, 7), None, None, "closed", None, D(2018, 10, 1),
         "https://www.local.gov.uk/avon-fire-peer-challenge-2019", "", lga_admin),
        ("Dorset", "operational_assessment", D(2012, 11, 12), D(2012, 11, 15), None, None, "closed", None, D(2012, 11, 12),
         "", "", lga_admin),
        ("Kent", "deep_dive", D(2021, 6, 7), D(2021, 6, 9), D(2021, 7, 5), D(2021, 7, 6), "published", None, D(2021, 1, 11),
         "https://www.local.gov.uk/kent-deep-dive-2021", "", lga_admin),
        ("Avon", "pre_inspection", None, None, None, None, "cancelled", None, D(2020, 3, 2), "",
         "Cancelled during the pandemic, to be asked for again", lga_admin),
        ("Cleveland", "leadership_governance", D(2023, 1, 16), D(2023, 1, 19), None, None, "progress_review", adviser,
         D(2022, 9, 5), "", "", lga_admin),
    ]
    assert [
        (record.history_type, record.history_user, record.history_change_reason) for record in Challenge.history.order_by("history_id")
    ] == [("+", lga_admin, "Imported from the programme's history (CSV)")] * 5


def test_import_commit_one_bad_row_among_many_saves_nothing(lga_admin):
    rows = many_rows(50)
    rows[37]["authority"] = "Atlantis"
    text = csv_text(*rows)
    checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    with pytest.raises(ValidationError) as raised:
        programme_import.programme_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == ["Nothing has been imported: 1 row now has errors. Correct the file and upload it again"]
    assert (Challenge.objects.count(), Challenge.history.count()) == (0, 0)


def test_import_commit_checks_the_calendar_again(lga_admin, avon):
    text = csv_text(row(), row(authority="Kent"))
    checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))
    assert checked.is_valid
    # Someone records another Avon challenge on those dates between the check and the import.
    ChallengeFactory(authority=avon, challenge_type=ChallengeType.TARGETED, start_date=D(2019, 3, 5), end_date=D(2019, 3, 5),
                     status=ChallengeStatus.CLOSED)

    with pytest.raises(ValidationError) as raised:
        programme_import.programme_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == ["Nothing has been imported: 1 row now has errors. Correct the file and upload it again"]
    assert Challenge.objects.count() == 1


def test_import_commit_database_error_undoes_every_row(lga_admin, monkeypatch):
    """The database refuses the history after the challenges are written: they are undone."""
    text = csv_text(*many_rows(20))
    checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    def refuse(*args, **kwargs):
        raise DatabaseError("the history table is full")

    monkeypatch.setattr(HistoryManager, "bulk_history_create", refuse)
    monkeypatch.setattr(programme_import, "IMPORT_BATCH_SIZE", 5)

    with pytest.raises(ValidationError) as raised:
        programme_import.programme_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == [
        "Nothing has been imported: the programme changed while the file was being saved. Check the challenges again"
    ]
    assert Challenge.objects.count() == 0


def test_import_commit_refuses_a_file_other_than_the_one_checked(lga_admin):
    checked = _preview(lga_admin, row())

    with pytest.raises(ValidationError) as raised:
        programme_import.programme_import_commit(by=lga_admin, file=csv_upload(row(authority="Kent")), sha256=checked.sha256)

    assert raised.value.messages == ["The file has changed since you checked it: check the challenges again"]
    assert Challenge.objects.count() == 0


def test_import_commit_queries_grow_by_batches_not_rows(lga_admin, django_assert_max_num_queries):
    text = csv_text(*many_rows(300))
    checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    with django_assert_max_num_queries(30):
        programme_import.programme_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert (Challenge.objects.count(), Challenge.history.count()) == (300, 300)


def test_import_preview_queries_do_not_grow_with_rows(lga_admin, avon, django_assert_num_queries):
    ChallengeFactory(authority=avon, start_date=D(2009, 6, 1), end_date=D(2009, 6, 2), status=ChallengeStatus.CLOSED)
    with django_assert_num_queries(2):
        _preview(lga_admin, *many_rows(3))
    with django_assert_num_queries(2):
        _preview(lga_admin, *many_rows(300))


def test_import_example_in_the_guide_and_the_sample_file_check_clean(lga_admin):
    PrincipalAdviserFactory(email=SAMPLE_ADVISER, region="north_east")
    guide = (Path(__file__).resolve().parents[2] / "docs" / "programme-import.md").read_text()
    example = guide.split("```csv\n", 1)[1].split("```", 1)[0]

    for text in (example, SAMPLE.read_text()):
        checked = programme_import.programme_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))
        assert ([error.text for error in checked.errors], len(checked.new_rows)) == ([], 5)


def test_import_moves_the_insights_records_on(lga_admin, django_capture_on_commit_callbacks):
    # Written in bulk, without signals: the service says so, and the insight's figures are
    # worked out again (peersupport/records_version.py).
    version = records_version(INSIGHT_RECORDS)
    with django_capture_on_commit_callbacks(execute=True):
        _commit(lga_admin, row())

    assert records_version(INSIGHT_RECORDS) != version
