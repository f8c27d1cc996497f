"""The CSV import of peers: reading files, checking rows, saving all or nothing, and
refreshing the peers already in the pool."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities import peer_csv
from authorities.models import Authority, Peer, PeerTag, Specialism
from authorities.services import peer_import
from challenges.tests.factories import TeamMembershipFactory
from peersupport.records_version import records_version

from .csv_files import csv_text, csv_upload, many_rows, peer_row
from .factories import (
    PeerFactory,
    PeerTagFactory,
    PeerUserFactory,
    SpecialismFactory,
    TrainingRecordFactory,
    UnavailabilityFactory,
)

pytestmark = pytest.mark.integration


def _preview(user, *rows, **kwargs):
    return peer_import.peers_import_preview(by=user, file=csv_upload(*rows, **kwargs))


def _file_errors(user, **kwargs):
    with pytest.raises(ValidationError) as raised:
        peer_import.peers_import_preview(by=user, file=csv_upload(**kwargs))
    return raised.value.message_dict["file"]


def _errors(checked):
    return [error.text for error in checked.errors]


def _commit(user, *rows):
    text = csv_text(*rows)
    checked = peer_import.peers_import_preview(by=user, file=csv_upload(data=text.encode()))
    return peer_import.peers_import_commit(by=user, file=csv_upload(data=text.encode()), sha256=checked.sha256)


# Whole-file problems: one GOV.UK error, nothing checked further


def test_import_file_empty_refused(lga_admin):
    assert _file_errors(lga_admin, data=b"") == ["The selected file is empty"]


def test_import_file_only_blank_lines_refused(lga_admin):
    assert _file_errors(lga_admin, data=b"\r\n \r\n") == ["The selected file is empty"]


def test_import_file_over_5mb_refused(lga_admin):
    data = csv_text(peer_row()).encode() + b" " * (5 * 1024 * 1024)

    assert _file_errors(lga_admin, data=data) == ["The selected file must be smaller than 5MB"]


def test_import_file_of_exactly_5mb_read(lga_admin):
    text = csv_text(peer_row()).encode()
    padding = 5 * 1024 * 1024 - len(text)
    data = text + b"\r\n" * (padding // 2) + b" " * (padding % 2)

    assert len(data) == 5 * 1024 * 1024
    assert _errors(peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=data))) == []


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00",  # an .xlsx file is a zip
        b"%PDF-1.7\n\x01\x02\xff\xfe binary",
    ],
)
def test_import_file_binary_refused(lga_admin, data):
    assert _file_errors(lga_admin, data=data) == ["The selected file must be a CSV"]


def test_import_file_not_utf8_refused(lga_admin):
    data = csv_text(peer_row(full_name="Zoë Ångström")).encode("cp1252")

    assert _file_errors(lga_admin, data=data) == [
        "The selected file must be saved as UTF-8: in Excel, choose ‘CSV UTF-8 (Comma delimited)’"
    ]


def test_import_file_utf8_with_byte_order_mark_read(lga_admin):
    data = "\ufeff".encode() + csv_text(peer_row(full_name="Zoë Ångström")).encode()

    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=data))

    assert (_errors(checked), checked.rows[0].values["full_name"]) == ([], "Zoë Ångström")


def test_import_file_cell_too_large_for_csv_refused(lga_admin):
    data = csv_text(peer_row(role_title="x" * 200_000)).encode()

    assert _file_errors(lga_admin, data=data) == ["The selected file must be a CSV"]


def test_import_file_header_only_refused(lga_admin):
    assert _file_errors(lga_admin) == ["The selected file must have at least one peer below the header row"]


def test_import_file_without_header_refused(lga_admin):
    data = csv_text(peer_row()).split("\r\n", 1)[1].encode()

    assert _file_errors(lga_admin, data=data) == [
        "The first row of the selected file must be the header row, with the column names listed on the import page"
    ]


def test_import_file_header_missing_a_column_refused(lga_admin):
    header = [column for column in peer_csv.COLUMNS if column != "phone"]

    assert _file_errors(lga_admin, header=header) == ["The header row must include the column phone"]


def test_import_file_header_missing_columns_refused(lga_admin):
    header = [column for column in peer_csv.COLUMNS if column not in ("phone", "tags")]

    assert _file_errors(lga_admin, header=header) == ["The header row must include the columns phone, tags"]


def test_import_file_header_unknown_columns_refused(lga_admin):
    header = [*peer_csv.COLUMNS, "Colour", ""]

    assert _file_errors(lga_admin, header=header) == [
        "The header row has columns the import does not recognise: colour, (blank)"
    ]


def test_import_file_header_repeated_column_refused(lga_admin):
    header = [*peer_csv.COLUMNS, "email"]

    assert _file_errors(lga_admin, header=header) == ["The header row has the column email more than once"]


def test_import_file_header_in_any_order_and_case_read(lga_admin):
    header = [column.upper() for column in reversed(peer_csv.COLUMNS)]
    row = [peer_row()[column.lower()] for column in header]

    checked = _preview(lga_admin, row, header=header)

    assert (_errors(checked), checked.rows[0].values["email"]) == ([], "ann@example.org")


def test_import_file_over_5000_peers_refused(lga_admin):
    rows = many_rows(5001)

    assert _file_errors(lga_admin, data=csv_text(*rows).encode()) == ["The selected file must have 5,000 peers or fewer"]


def test_import_file_at_the_row_limit_read(lga_admin, monkeypatch):
    monkeypatch.setattr(peer_csv, "MAX_ROWS", 3)

    assert len(_preview(lga_admin, *many_rows(3)).rows) == 3
    assert _file_errors(lga_admin, data=csv_text(*many_rows(4)).encode()) == ["The selected file must have 3 peers or fewer"]


def test_import_preview_needs_lga_staff(lead_peer, fra_contact):
    for user in (lead_peer.user, fra_contact):
        with pytest.raises(PermissionDenied):
            _preview(user, peer_row())


def test_import_commit_needs_lga_staff(lead_peer):
    with pytest.raises(PermissionDenied):
        peer_import.peers_import_commit(by=lead_peer.user, file=csv_upload(peer_row()), sha256="0" * 64)


# Rows: every error names its row and column


def test_import_valid_row_has_every_value(lga_admin):
    checked = _preview(lga_admin, peer_row(email="Ann@Example.ORG", tags="Fleet; wildfire ;fleet"))

    row = checked.rows[0]
    assert (checked.is_valid, row.number, row.is_update) == (True, 2, False)
    assert row.values == {
        "full_name": "Ann Example",
        "email": "ann@example.org",
        "phone": "01632 960 001",
        "peer_type": "officer",
        "home_authority": Authority.objects.get(slug="avon"),
        "home_organisation": "",
        "role_title": "Chief fire officer",
        "political_group": "",
        "can_lead": True,
        "max_challenges_per_year": 3,
        "is_active": True,
        "retired_reason": "",
        "consented_on": datetime.date(2026, 4, 1),
    }
    assert [s.code for s in row.specialisms] == ["prevention", "protection"]
    assert row.tags == ["fleet", "wildfire"]


def test_import_blank_optional_columns_take_defaults(lga_admin):
    checked = _preview(lga_admin, peer_row(can_lead="", max_challenges_per_year="", active="", consented_on="", phone=""))

    values = checked.rows[0].values
    assert (values["can_lead"], values["max_challenges_per_year"], values["is_active"], values["consented_on"]) == (
        False, 2, True, None,
    )


def test_import_home_authority_by_ons_code_or_short_name_in_any_case(lga_admin):
    checked = _preview(
        lga_admin,
        peer_row(email="a@example.org", home_authority="E31000001"),
        peer_row(email="b@example.org", home_authority="aVoN"),
    )

    assert [row.values["home_authority"].slug for row in checked.rows] == ["avon", "avon"]


def test_import_yes_no_and_codes_in_any_case(lga_admin):
    checked = _preview(lga_admin, peer_row(peer_type="Member", political_group="LABOUR", can_lead="YES", active="Yes",
                                           specialisms="Prevention"))

    values = checked.rows[0].values
    assert (_errors(checked), values["peer_type"], values["political_group"], values["can_lead"]) == ([], "member", "labour", True)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"full_name": ""}, "Row 2, full_name: Enter the peer's full name"),
        ({"full_name": "x" * 151}, "Row 2, full_name: Full name must be 150 characters or fewer"),
        ({"email": ""}, "Row 2, email: Enter an email address"),
        ({"email": "ann.example.org"}, "Row 2, email: Enter an email address in the correct format, like name@example.com"),
        ({"email": "<script>@example.org"}, "Row 2, email: Enter an email address in the correct format, like name@example.com"),
        ({"email": "a" * 243 + "@example.org"}, "Row 2, email: Email address must be 254 characters or fewer"),
        ({"phone": "ring reception"}, "Row 2, phone: Enter a telephone number, like 01632 960 001 or +44 808 157 0192"),
        ({"phone": "0" * 31}, "Row 2, phone: Telephone number must be 30 characters or fewer"),
        ({"phone": "٠١٦٣٢ ٩٦٠"}, "Row 2, phone: Enter a telephone number, like 01632 960 001 or +44 808 157 0192"),
        ({"peer_type": "member"}, "Row 2, political_group: Choose the member peer's political group"),
        ({"peer_type": ""}, "Row 2, peer_type: Enter the type of peer: officer, member, beyond_sector, challenge_manager"),
        ({"peer_type": "chief"}, "Row 2, peer_type: ‘chief’ is not one of officer, member, beyond_sector, challenge_manager"),
        ({"home_authority": ""}, "Row 2, home_authority: Choose the peer's home fire and rescue authority: its ONS code or short name"),
        ({"home_authority": "Atlantis"}, "Row 2, home_authority: ‘Atlantis’ is not a fire and rescue authority: use the ONS code or short name of a current one"),
        ({"home_authority": "Dorset"}, "Row 2, home_authority: ‘Dorset’ is no longer a fire and rescue authority: use its successor, Dorset & Wiltshire"),
        ({"home_organisation": "Care Quality Commission"}, "Row 2, home_organisation: Only peers from beyond the sector have a home organisation"),
        ({"role_title": "x" * 101}, "Row 2, role_title: Role or rank must be 100 characters or fewer"),
        ({"political_group": "tory"}, "Row 2, political_group: ‘tory’ is not one of conservative, labour, liberal_democrat, green, reform_uk, independent, other"),
        ({"political_group": "labour"}, "Row 2, political_group: Only member peers have a political group"),
        ({"specialisms": "prevention;firefighting"}, "Row 2, specialisms: ‘firefighting’ is not a specialism code: use a code from the list on the import page"),
        ({"tags": "fleet;" + "x" * 51}, "Row 2, tags: Each skill must be 50 characters or fewer"),
        ({"can_lead": "maybe"}, "Row 2, can_lead: Enter yes or no"),
        ({"max_challenges_per_year": "two"}, "Row 2, max_challenges_per_year: Most challenges a year must be a whole number, like 2"),
        ({"max_challenges_per_year": "13"}, "Row 2, max_challenges_per_year: Most challenges a year must be 12 or fewer"),
        ({"max_challenges_per_year": "-1"}, "Row 2, max_challenges_per_year: Most challenges a year must be a whole number, like 2"),
        ({"max_challenges_per_year": "2.5"}, "Row 2, max_challenges_per_year: Most challenges a year must be a whole number, like 2"),
        ({"max_challenges_per_year": "٣"}, "Row 2, max_challenges_per_year: Most challenges a year must be a whole number, like 2"),
        ({"active": "retired"}, "Row 2, active: Enter yes or no"),
        ({"active": "no"}, "Row 2, retired_reason: Enter why the peer is no longer active"),
        ({"retired_reason": "Moved abroad"}, "Row 2, retired_reason: Only peers who are no longer active have a reason for retiring"),
        ({"active": "no", "retired_reason": "x" * 201}, "Row 2, retired_reason: Reason for retiring must be 200 characters or fewer"),
        ({"consented_on": "01/04/2026"}, "Row 2, consented_on: Enter a real date in the format YYYY-MM-DD, like 2026-04-01"),
        ({"consented_on": "2026-02-30"}, "Row 2, consented_on: Enter a real date in the format YYYY-MM-DD, like 2026-04-01"),
        ({"consented_on": "2026-W01-1"}, "Row 2, consented_on: Enter a real date in the format YYYY-MM-DD, like 2026-04-01"),
        ({"consented_on": "2999-01-01"}, "Row 2, consented_on: The date consent was given must be today or in the past"),
    ],
)
def test_import_row_error_names_row_and_column(lga_admin, overrides, error):
    checked = _preview(lga_admin, peer_row(**overrides))

    assert (checked.is_valid, _errors(checked)) == (False, [error])


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"peer_type": "beyond_sector", "home_authority": "Avon"},
            ["Row 2, home_authority: Only officer and member peers have a home authority",
             "Row 2, home_organisation: Enter the organisation the peer works for"],
        ),
        (
            {"peer_type": "challenge_manager", "home_authority": "", "home_organisation": "LGA"},
            ["Row 2, home_organisation: Only peers from beyond the sector have a home organisation"],
        ),
    ],
)
def test_import_home_must_match_type_of_peer(lga_admin, overrides, errors):
    assert _errors(_preview(lga_admin, peer_row(**overrides))) == errors


def test_import_every_error_of_a_row_listed(lga_admin):
    checked = _preview(lga_admin, peer_row(full_name="", email="nope", can_lead="maybe", consented_on="tomorrow"))

    assert _errors(checked) == [
        "Row 2, full_name: Enter the peer's full name",
        "Row 2, email: Enter an email address in the correct format, like name@example.com",
        "Row 2, can_lead: Enter yes or no",
        "Row 2, consented_on: Enter a real date in the format YYYY-MM-DD, like 2026-04-01",
    ]


def test_import_duplicate_email_in_file_named_on_the_later_rows(lga_admin):
    checked = _preview(
        lga_admin,
        peer_row(email="ann@example.org"),
        peer_row(email="bob@example.org"),
        peer_row(email="ANN@example.org "),
        peer_row(email="ann@example.org"),
    )

    assert _errors(checked) == [
        "Row 4, email: This email address is also in row 2",
        "Row 5, email: This email address is also in row 2",
    ]


def test_import_row_with_wrong_number_of_cells_refused(lga_admin):
    short = list(peer_row().values())[:-2]
    long = [*peer_row(email="b@example.org").values(), "extra"]

    checked = _preview(lga_admin, short, long)

    assert _errors(checked) == [
        "Row 2: This row must have 15 cells, one for each column of the header row",
        "Row 3: This row must have 15 cells, one for each column of the header row",
    ]


def test_import_rows_numbered_as_in_a_spreadsheet(lga_admin):
    """Blank rows are skipped but counted; a cell over two lines is still one row (and refused:
    a role, like every field of a peer, is one line)."""
    text = csv_text(peer_row(email="a@example.org", role_title="Chief\nfire officer"), [""] * 15, peer_row(email="bad"))

    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    assert [row.number for row in checked.rows] == [2, 4]
    assert _errors(checked) == [
        "Row 2, role_title: Role or rank must be on one line",
        "Row 4, email: Enter an email address in the correct format, like name@example.com",
    ]


def test_import_cells_trimmed(lga_admin):
    checked = _preview(lga_admin, peer_row(full_name="  Ann Example ", specialisms=" prevention ; protection "))

    assert (checked.rows[0].values["full_name"], [s.code for s in checked.rows[0].specialisms]) == (
        "Ann Example", ["prevention", "protection"],
    )


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE authorities_peer;--",
        "Zoë Ångström 山田太郎 🚒",
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
    ],
)
def test_import_hostile_text_stored_verbatim(lga_admin, name):
    _commit(lga_admin, peer_row(full_name=name))

    assert Peer.objects.get(email="ann@example.org").full_name == name


# Saving: all or nothing


def test_import_commit_saves_every_row(lga_admin):
    rows = [
        peer_row(),
        peer_row(full_name="Cllr Bea Member", email="bea@example.org", peer_type="member", home_authority="E31000046",
                 political_group="green", specialisms="governance", tags="", can_lead="no", role_title="Chair"),
        peer_row(full_name="Cal Outside", email="cal@example.org", peer_type="beyond_sector", home_authority="",
                 home_organisation="Care Quality Commission", specialisms="", tags="audit;Fleet", active="no",
                 retired_reason="Left the CQC", consented_on=""),
    ]

    checked = _commit(lga_admin, *rows)

    assert (len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)) == (3, 0, 0)
    peers = {peer.email: peer for peer in Peer.objects.all()}
    assert sorted(peers) == ["ann@example.org", "bea@example.org", "cal@example.org"]
    ann, bea, cal = peers["ann@example.org"], peers["bea@example.org"], peers["cal@example.org"]
    assert (ann.full_name, ann.phone, ann.home_authority.slug, ann.can_lead, ann.max_challenges_per_year, ann.consented_on) == (
        "Ann Example", "01632 960 001", "avon", True, 3, datetime.date(2026, 4, 1),
    )
    assert sorted(ann.specialisms.values_list("code", flat=True)) == ["prevention", "protection"]
    assert list(ann.tags.values_list("name", flat=True)) == ["fleet"]
    assert (bea.peer_type, bea.political_group, bea.home_authority.ons_code, bea.can_lead) == ("member", "green", "E31000046", False)
    assert (cal.home_authority, cal.home_organisation, cal.is_active, cal.retired_reason) == (None, "Care Quality Commission", False, "Left the CQC")
    assert sorted(cal.tags.values_list("name", flat=True)) == ["audit", "fleet"]
    assert PeerTag.objects.filter(name="fleet").count() == 1


def test_import_commit_records_history_with_who_imported_and_the_specialisms(lga_admin):
    _commit(lga_admin, peer_row())
    _commit(lga_admin, peer_row(role_title="Area manager", specialisms="response"))

    history = list(Peer.objects.get().history.order_by("history_id"))
    assert [(record.history_type, record.role_title, record.history_user) for record in history] == [
        ("+", "Chief fire officer", lga_admin), ("~", "Area manager", lga_admin),
    ]
    assert [sorted(record.specialisms.values_list("specialism__code", flat=True)) for record in history] == [
        ["prevention", "protection"], ["response"],
    ]


def test_import_commit_queries_grow_by_batches_not_rows(lga_admin, django_assert_max_num_queries):
    _commit(lga_admin, *many_rows(10))
    rows = many_rows(10, role_title="Area manager") + many_rows(590)[10:]
    text = csv_text(*rows)
    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    # A few statements a batch, however many rows; SQLite's batches are smaller (999 values a statement).
    with django_assert_max_num_queries(50):
        peer_import.peers_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert Peer.objects.filter(role_title="Area manager").count() == 10
    assert Peer.objects.count() == 590


def test_import_commit_one_bad_row_among_many_saves_nothing(lga_admin):
    rows = many_rows(50)
    rows[37]["home_authority"] = "Atlantis"
    text = csv_text(*rows)
    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))

    with pytest.raises(ValidationError) as raised:
        peer_import.peers_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == ["Nothing has been imported: 1 row now has errors. Correct the file and upload it again"]
    assert Peer.objects.count() == 0


def test_import_commit_database_error_on_last_row_rolls_back_every_row(lga_admin, monkeypatch):
    """Someone adds the last row's peer between the check and the save: the database refuses
    the address, and the rows already written in earlier batches are undone too."""
    text = csv_text(*many_rows(20, tags="brand new tag"))
    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))
    check_file = peer_csv.check_file

    def check_then_someone_adds_the_last_peer(file):
        checked = check_file(file)
        PeerFactory(email="peer.19@example.org", full_name="Added meanwhile")
        return checked

    monkeypatch.setattr(peer_csv, "check_file", check_then_someone_adds_the_last_peer)
    monkeypatch.setattr(peer_import, "IMPORT_BATCH_SIZE", 5)

    with pytest.raises(ValidationError) as raised:
        peer_import.peers_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == [
        "Nothing has been imported: the pool changed while the file was being saved. Check the peers again"
    ]
    assert list(Peer.objects.values_list("full_name", flat=True)) == ["Added meanwhile"]
    assert (PeerTag.objects.filter(name="brand new tag").count(), Peer.history.exclude(full_name="Added meanwhile").count()) == (0, 0)


def test_import_commit_refuses_a_file_other_than_the_one_checked(lga_admin):
    checked = _preview(lga_admin, peer_row())

    with pytest.raises(ValidationError) as raised:
        peer_import.peers_import_commit(by=lga_admin, file=csv_upload(peer_row(full_name="Someone Else")), sha256=checked.sha256)

    assert raised.value.messages == ["The file has changed since you checked it: check the peers again"]
    assert Peer.objects.count() == 0


def test_import_commit_checks_the_pool_again(lga_admin):
    specialism = SpecialismFactory(code="wildfire")
    text = csv_text(peer_row(specialisms="wildfire"), peer_row(email="bob@example.org", specialisms="wildfire"))
    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=text.encode()))
    assert checked.is_valid
    specialism.delete()  # taken out of the list between the preview and the import

    with pytest.raises(ValidationError) as raised:
        peer_import.peers_import_commit(by=lga_admin, file=csv_upload(data=text.encode()), sha256=checked.sha256)

    assert raised.value.messages == ["Nothing has been imported: 2 rows now have errors. Correct the file and upload it again"]
    assert Peer.objects.count() == 0


# Yearly refresh: an address already in the pool updates that peer


def test_import_refresh_updates_the_peer_with_that_email(lga_admin):
    user = PeerUserFactory()
    peer = PeerFactory(
        email="ann@example.org", full_name="Ann Old", user=user, role_title="Area manager", can_lead=False,
        home_authority=Authority.objects.get(slug="kent"),
    )
    peer.specialisms.set(Specialism.objects.filter(code__in=["response", "protection"]))
    peer.tags.set([PeerTagFactory(name="wildfire")])
    training, period = TrainingRecordFactory(peer=peer), UnavailabilityFactory(peer=peer)
    TeamMembershipFactory(peer=peer)
    other = PeerFactory(email="other@example.org", full_name="Other Peer")

    checked = _commit(lga_admin, peer_row(email="ANN@example.org"))

    row = checked.rows[0]
    assert (row.is_update, row.existing.pk) == (True, peer.pk)
    assert row.changes == ["full_name", "phone", "home_authority", "role_title", "specialisms", "tags", "can_lead",
                           "max_challenges_per_year", "consented_on"]
    peer.refresh_from_db()
    assert (peer.full_name, peer.email, peer.role_title, peer.home_authority.slug, peer.can_lead, peer.user) == (
        "Ann Example", "ann@example.org", "Chief fire officer", "avon", True, user,
    )
    assert sorted(peer.specialisms.values_list("code", flat=True)) == ["prevention", "protection"]
    assert list(peer.tags.values_list("name", flat=True)) == ["fleet"]
    assert (list(peer.training_records.all()), list(peer.unavailabilities.all()), peer.memberships.count()) == ([training], [period], 1)
    other.refresh_from_db()
    assert (other.full_name, Peer.objects.count()) == ("Other Peer", 2)


def test_import_refresh_unchanged_peer_left_alone(lga_admin):
    _commit(lga_admin, peer_row())
    history = Peer.history.count()

    checked = _commit(lga_admin, peer_row(email="Ann@example.org", specialisms="protection;prevention", tags="Fleet"))

    assert (len(checked.unchanged_rows), checked.rows[0].changes, Peer.history.count()) == (1, [], history)


def test_import_refresh_can_retire_a_peer(lga_admin):
    _commit(lga_admin, peer_row())

    checked = _commit(lga_admin, peer_row(active="no", retired_reason="Retired from the service"))

    peer = Peer.objects.get()
    assert (checked.rows[0].changes, peer.is_active, peer.retired_reason) == (
        ["active", "retired_reason"], False, "Retired from the service",
    )


def test_import_refresh_with_mixed_rows_counts_each_kind(lga_admin):
    _commit(lga_admin, peer_row(), peer_row(email="bob@example.org"))

    checked = _commit(lga_admin, peer_row(), peer_row(email="bob@example.org", role_title="Area manager"),
                      peer_row(email="cal@example.org"))

    assert [(row.number, row.is_update, row.changes) for row in checked.rows] == [
        (2, True, []), (3, True, ["role_title"]), (4, False, []),
    ]
    assert (len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows), Peer.objects.count()) == (1, 1, 1, 3)


def test_import_preview_queries_do_not_grow_with_rows(lga_admin, django_assert_num_queries):
    PeerFactory(email="peer.1@example.org")
    with django_assert_num_queries(5):
        _preview(lga_admin, *many_rows(3))
    with django_assert_num_queries(5):
        _preview(lga_admin, *many_rows(300))


def test_import_example_in_the_guide_checks_clean(lga_admin):
    guide = (Path(__file__).resolve().parents[2] / "docs" / "peer-import.md").read_text()
    example = guide.split("```csv\n", 1)[1].split("```", 1)[0]

    checked = peer_import.peers_import_preview(by=lga_admin, file=csv_upload(data=example.encode()))

    assert ([error.text for error in checked.errors], len(checked.new_rows)) == ([], 5)


def test_import_moves_the_insights_records_on(lga_admin, django_capture_on_commit_callbacks):
    # Written in bulk, without signals: the service says so, and the programme insight's
    # figures (peers' give and take) are worked out again (peersupport/records_version.py).
    version = records_version("insight")
    with django_capture_on_commit_callbacks(execute=True):
        _commit(lga_admin, peer_row())

    assert records_version("insight") != version
