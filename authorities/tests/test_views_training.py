"""Training records: LGA staff add, correct and remove them; the peer sees their own, read-only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authorities.models import TrainingRecord
from authorities.services.training import training_record_add, training_record_remove, training_record_update
from peersupport.tests.forms import date_fields
from peersupport.tests.html import error_summary, inline_code, notifications, page, visible_text

from .factories import PeerFactory, PeerUserFactory, TrainingRecordFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LGA_STAFF = ["lga_admin", "adviser", "other_adviser"]
OTHERS = ["lead_peer", "other_peer_user", "fra_contact"]


def _form(course="Fire peer challenge refresher", completed=datetime.date(2026, 1, 20), expires=datetime.date(2029, 1, 20)):
    data = {"course": course, **date_fields("completed_on", completed)}
    data.update(date_fields("expires_on", expires) if expires else {"expires_on_0": "", "expires_on_1": "", "expires_on_2": ""})
    return data


@pytest.fixture
def record(lead_peer):
    return TrainingRecordFactory(peer=lead_peer, course="LGA peer challenge induction")


# Who may change training


@pytest.mark.parametrize("role", LGA_STAFF)
def test_training_add_page_lga_staff_see_form(client, sign_in, lead_peer, role):
    sign_in(role)

    response = client.get(f"/peers/{lead_peer.pk}/training/add/")

    assert response.status_code == 200
    assert "<title>Add a training record – Fire peer support</title>" in page(response)
    assert f'href="/peers/{lead_peer.pk}/" class="govuk-back-link"' in page(response)


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("path", ["/peers/{peer}/training/add/", "/peers/{peer}/training/{record}/edit/"])
def test_training_forms_not_found_for_others_even_the_peer(client, sign_in, lead_peer, record, role, path):
    sign_in(role)
    url = path.format(peer=lead_peer.pk, record=record.pk)

    assert (client.get(url).status_code, client.post(url, _form()).status_code) == (404, 404)
    assert list(TrainingRecord.objects.values_list("course", flat=True)) == ["LGA peer challenge induction"]


@pytest.mark.parametrize("role", OTHERS)
def test_training_remove_not_found_for_others_even_the_peer(client, sign_in, lead_peer, record, role):
    sign_in(role)

    response = client.post(f"/peers/{lead_peer.pk}/training/{record.pk}/remove/")

    assert response.status_code == 404
    assert TrainingRecord.objects.count() == 1


@pytest.mark.parametrize(
    "path", ["/peers/{peer}/training/add/", "/peers/{peer}/training/{record}/edit/", "/peers/{peer}/training/{record}/remove/"]
)
def test_training_pages_anonymous_redirected_to_sign_in(client, lead_peer, record, path):
    url = path.format(peer=lead_peer.pk, record=record.pk)

    response = client.post(url)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={url}")


def test_training_of_an_unknown_peer_not_found(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/peers/999999/training/add/").status_code == 404


def test_training_record_of_another_peer_not_found(client, sign_in, lead_peer):
    other = TrainingRecordFactory(peer=PeerFactory())
    sign_in("lga_admin")

    assert client.get(f"/peers/{lead_peer.pk}/training/{other.pk}/edit/").status_code == 404
    assert client.post(f"/peers/{lead_peer.pk}/training/{other.pk}/remove/").status_code == 404
    assert TrainingRecord.objects.filter(pk=other.pk).exists()


# Add


def test_training_add_saves_and_goes_to_the_peer(client, sign_in, lead_peer):
    sign_in("adviser")

    response = client.post(f"/peers/{lead_peer.pk}/training/add/", _form(course="  Fire peer challenge refresher "), follow=True)

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == ["Fire peer challenge refresher added"]
    assert list(lead_peer.training_records.values_list("course", "completed_on", "expires_on")) == [
        ("Fire peer challenge refresher", datetime.date(2026, 1, 20), datetime.date(2029, 1, 20))
    ]


def test_training_add_without_expiry_saves(client, sign_in, lead_peer):
    sign_in("lga_admin")

    client.post(f"/peers/{lead_peer.pk}/training/add/", _form(expires=None))

    assert lead_peer.training_records.get().expires_on is None


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"course": "", "completed_on_0": "", "completed_on_1": "", "completed_on_2": ""},
         ["Enter the name of the course", "Enter the date completed"]),
        (_form(course="x" * 151), ["Course must be 150 characters or fewer"]),
        ({**_form(), "completed_on_0": "30", "completed_on_1": "2"}, ["The date completed must be a real date"]),
        ({**_form(), "completed_on_2": ""}, ["The date completed must include a day, month and year"]),
        ({**_form(), "expires_on_0": "x"}, ["The expiry date must be a real date"]),
        ({**_form(), "expires_on_1": ""}, ["The expiry date must include a day, month and year"]),
        (_form(expires=datetime.date(2026, 1, 20)), ["The expiry date must be after the date completed"]),
        (_form(expires=datetime.date(2025, 1, 20)), ["The expiry date must be after the date completed"]),
        (_form(completed=timezone.localdate() + datetime.timedelta(days=1), expires=None),
         ["The date completed must be today or in the past"]),
    ],
)
def test_training_add_errors_shown_in_error_summary(client, sign_in, lead_peer, data, errors):
    sign_in("lga_admin")

    response = client.post(f"/peers/{lead_peer.pk}/training/add/", data)

    assert (response.status_code, error_summary(response)) == (200, errors)
    assert "<title>Error: Add a training record – Fire peer support</title>" in page(response)
    assert TrainingRecord.objects.count() == 0


# Correct and remove


def test_training_update_form_shows_the_record(client, sign_in, lead_peer, record):
    sign_in("lga_admin")

    response = client.get(f"/peers/{lead_peer.pk}/training/{record.pk}/edit/")

    assert "<title>Correct a training record – Fire peer support</title>" in page(response)
    assert 'name="course" value="LGA peer challenge induction"' in page(response)
    assert 'name="completed_on_2" value="2025"' in page(response)
    assert 'name="expires_on_2" value="2028"' in page(response)


def test_training_update_saves(client, sign_in, lead_peer, record):
    sign_in("lga_admin")

    response = client.post(f"/peers/{lead_peer.pk}/training/{record.pk}/edit/", _form(expires=None), follow=True)

    record.refresh_from_db()
    assert (record.course, record.completed_on, record.expires_on) == ("Fire peer challenge refresher", datetime.date(2026, 1, 20), None)
    assert notifications(response) == ["Fire peer challenge refresher saved"]


def test_training_update_errors_keep_the_record(client, sign_in, lead_peer, record):
    sign_in("lga_admin")

    response = client.post(f"/peers/{lead_peer.pk}/training/{record.pk}/edit/", _form(course=""))

    assert error_summary(response) == ["Enter the name of the course"]
    record.refresh_from_db()
    assert record.course == "LGA peer challenge induction"


def test_training_remove_deletes_and_goes_to_the_peer(client, sign_in, lead_peer, record):
    sign_in("adviser")

    response = client.post(f"/peers/{lead_peer.pk}/training/{record.pk}/remove/", follow=True)

    assert response.redirect_chain == [(f"/peers/{lead_peer.pk}/", 302)]
    assert notifications(response) == ["LGA peer challenge induction removed"]
    assert TrainingRecord.objects.count() == 0


def test_training_remove_get_not_allowed(client, sign_in, lead_peer, record):
    sign_in("lga_admin")

    assert client.get(f"/peers/{lead_peer.pk}/training/{record.pk}/remove/").status_code == 405


# The peer page


def test_peer_page_shows_training_with_expired_tagged(client, sign_in, lead_peer):
    today = timezone.localdate()
    TrainingRecordFactory(peer=lead_peer, course="Induction", completed_on=datetime.date(2020, 5, 1), expires_on=datetime.date(2023, 5, 1))
    TrainingRecordFactory(peer=lead_peer, course="Expires today", completed_on=datetime.date(2021, 5, 1), expires_on=today)
    TrainingRecordFactory(peer=lead_peer, course="Lead peer", completed_on=datetime.date(2024, 9, 2), expires_on=today + datetime.timedelta(days=1))
    TrainingRecordFactory(peer=lead_peer, course="Equality", completed_on=datetime.date(2025, 3, 3), expires_on=None)
    sign_in("lga_admin")

    text = visible_text(client.get(f"/peers/{lead_peer.pk}/"))

    tomorrow = today + datetime.timedelta(days=1)
    assert (
        "Course Completed Expires Status Actions "
        "Equality 3 Mar 2025 Does not expire Current Change Equality Remove Equality "
        f"Lead peer 2 Sep 2024 {tomorrow.day} {tomorrow:%b %Y} Current Change Lead peer Remove Lead peer "
        f"Expires today 1 May 2021 {today.day} {today:%b %Y} Expired Change Expires today Remove Expires today "
        "Induction 1 May 2020 1 May 2023 Expired Change Induction Remove Induction "
        "Add a training record"
    ) in text


def test_peer_page_peer_sees_own_training_read_only(client, sign_in, lead_peer, record):
    sign_in("lead_peer")

    response = client.get(f"/peers/{lead_peer.pk}/")

    assert "Course Completed Expires Status LGA peer challenge induction 6 Oct 2025 6 Oct 2028 Current" in visible_text(response)
    assert "/training/" not in page(response)
    assert "Add a training record" not in page(response)


def test_peer_page_training_queries_do_not_grow(client, sign_in, lead_peer, django_assert_num_queries):
    sign_in("lga_admin")
    TrainingRecordFactory(peer=lead_peer)
    with django_assert_num_queries(11):
        client.get(f"/peers/{lead_peer.pk}/")

    TrainingRecordFactory.create_batch(10, peer=lead_peer)
    with django_assert_num_queries(11):
        client.get(f"/peers/{lead_peer.pk}/")


# Services


def test_training_record_add_refused_to_the_peer_themself(lead_peer):
    with pytest.raises(PermissionDenied):
        training_record_add(by=lead_peer.user, peer=lead_peer, course="Induction", completed_on=datetime.date(2025, 1, 1))


def test_training_record_update_and_remove_refused_to_peers(lead_peer, record):
    user = PeerUserFactory()
    with pytest.raises(PermissionDenied):
        training_record_update(by=user, record=record, course="x", completed_on=datetime.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        training_record_remove(by=lead_peer.user, record=record)


def test_training_record_add_expiry_not_after_completion_refused_by_the_model(lga_admin, lead_peer):
    with pytest.raises(ValidationError) as raised:
        training_record_add(
            by=lga_admin, peer=lead_peer, course="Induction", completed_on=datetime.date(2025, 1, 1), expires_on=datetime.date(2025, 1, 1)
        )

    assert raised.value.message_dict == {"expires_on": ["The expiry date must be after the date completed"]}
    assert TrainingRecord.objects.count() == 0


def test_training_pages_have_no_inline_script_or_style(client, sign_in, lead_peer, record):
    sign_in("lga_admin")

    urls = [f"/peers/{lead_peer.pk}/training/add/", f"/peers/{lead_peer.pk}/training/{record.pk}/edit/", f"/peers/{lead_peer.pk}/"]

    assert [inline_code(client.get(url)) for url in urls] == [[], [], []]
