"""The peer pool as CSV: for LGA staff, with the list's search, safe to open in a spreadsheet
and ready to import again."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from authorities.models import Authority, Peer, Specialism
from authorities.services.peer_import import peers_import_commit, peers_import_preview

from .csv_files import csv_upload
from .factories import PeerFactory, PeerTagFactory, UnavailabilityFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HEADER = (
    "full_name,email,phone,peer_type,home_authority,home_organisation,role_title,political_group,specialisms,tags,"
    "can_lead,max_challenges_per_year,active,retired_reason,consented_on\r\n"
)


def _content(response) -> str:
    return b"".join(response.streaming_content).decode()


def _emails(content) -> list[str]:
    return [row[1] for row in list(csv.reader(io.StringIO(content)))[1:]]


@pytest.fixture
def pool(db):
    """Three peers with every kind of value, one with cells a spreadsheet would run."""
    ann = PeerFactory(
        full_name="Ann Example", email="ann@example.org", phone="+44 1632 960001", role_title="Chief fire officer",
        home_authority=Authority.objects.get(slug="avon"), can_lead=True, max_challenges_per_year=3,
        consented_on=datetime.date(2026, 4, 1),
    )
    ann.specialisms.set(Specialism.objects.filter(code__in=["protection", "prevention"]))
    ann.tags.set([PeerTagFactory(name="wildfire"), PeerTagFactory(name="fleet")])
    bea = PeerFactory(
        full_name="Bea Member", email="bea@example.org", peer_type="member", political_group="green",
        home_authority=Authority.objects.get(slug="kent"), is_active=False, retired_reason="Stood down, 2025",
    )
    PeerFactory(
        full_name='=HYPERLINK("http://evil.example","Click")', email="cal@example.org", peer_type="beyond_sector",
        home_authority=None, home_organisation="@Care Quality Commission", role_title="-2+3",
    )
    return ann, bea


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "other_adviser"])
def test_export_lga_staff_download_csv(client, sign_in, pool, role):
    sign_in(role)

    response = client.get("/peers/export/?status=all")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="peer-pool-{timezone.localdate():%Y-%m-%d}.csv"'


@pytest.mark.parametrize("role", ["lead_peer", "other_peer_user", "fra_contact"])
def test_export_not_found_for_others(client, sign_in, role):
    sign_in(role)

    assert client.get("/peers/export/").status_code == 404


def test_export_anonymous_redirected_to_sign_in(client, db):
    response = client.get("/peers/export/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/peers/export/")


def test_export_content_exact_with_formulas_escaped(client, sign_in, pool):
    sign_in("lga_admin")

    response = client.get("/peers/export/?status=all")

    assert _content(response) == (
        "\ufeff" + HEADER
        + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",cal@example.org,,beyond_sector,,"
        "'@Care Quality Commission,'-2+3,,,,no,2,yes,,\r\n"
        "Ann Example,ann@example.org,'+44 1632 960001,officer,Avon,,Chief fire officer,,prevention;protection,"
        "fleet;wildfire,yes,3,yes,,2026-04-01\r\n"
        "Bea Member,bea@example.org,,member,Kent,,,green,,,no,2,no,\"Stood down, 2025\",\r\n"
    )


def test_export_applies_the_peer_list_search(client, sign_in, pool):
    sign_in("adviser")

    active = _content(client.get("/peers/export/"))
    members = _content(client.get("/peers/export/?peer_type=member&status=all"))

    assert _emails(active) == ["cal@example.org", "ann@example.org"]
    assert _emails(members) == ["bea@example.org"]


def test_export_free_dates_filter_leaves_out_unavailable_peers(client, sign_in, pool):
    ann, _ = pool
    UnavailabilityFactory(peer=ann, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 12))
    sign_in("lga_admin")

    content = _content(client.get("/peers/export/?free_from_0=10&free_from_1=3&free_from_2=2027&free_to_0=11&free_to_1=3&free_to_2=2027"))

    assert _emails(content) == ["cal@example.org"]


def test_export_search_with_errors_goes_back_to_the_list(client, sign_in, pool):
    sign_in("lga_admin")

    response = client.get("/peers/export/?free_from_0=30&free_from_1=2&free_from_2=2027")

    assert (response.status_code, response.url) == (302, "/peers/?free_from_0=30&free_from_1=2&free_from_2=2027")


def test_export_imports_again_unchanged(client, sign_in, pool, lga_admin):
    sign_in("lga_admin")
    content = _content(client.get("/peers/export/?status=all")).encode()

    checked = peers_import_preview(by=lga_admin, file=csv_upload(data=content))
    result = peers_import_commit(by=lga_admin, file=csv_upload(data=content), sha256=checked.sha256)

    assert [error.text for error in checked.errors] == []
    assert [(row.is_update, row.changes) for row in checked.rows] == [(True, [])] * 3
    assert (len(result.unchanged_rows), Peer.objects.count()) == (3, 3)


def test_export_edited_in_a_spreadsheet_imports_the_edits(client, sign_in, pool, lga_admin):
    sign_in("lga_admin")
    content = _content(client.get("/peers/export/?status=all"))
    edited = content.replace("Chief fire officer", "Chief fire officer (retired)").replace(",no,2,no,", ",yes,2,no,")

    checked = peers_import_preview(by=lga_admin, file=csv_upload(data=edited.encode()))
    peers_import_commit(by=lga_admin, file=csv_upload(data=edited.encode()), sha256=checked.sha256)

    assert [row.changes for row in checked.rows] == [[], ["role_title"], ["can_lead"]]
    assert Peer.objects.get(email="ann@example.org").role_title == "Chief fire officer (retired)"
    assert Peer.objects.get(email="bea@example.org").can_lead is True


def test_export_queries_do_not_grow_with_peers(client, sign_in, pool, django_assert_num_queries):
    sign_in("lga_admin")
    with django_assert_num_queries(8):
        _content(client.get("/peers/export/?status=all&specialism=prevention"))

    for peer in PeerFactory.create_batch(30):
        peer.specialisms.set(Specialism.objects.filter(code__in=["prevention", "response"]))
        peer.tags.set([PeerTagFactory()])
    with django_assert_num_queries(8):
        response = client.get("/peers/export/?status=all&specialism=prevention")
        lines = _content(response).splitlines()

    assert len(lines) == 32
