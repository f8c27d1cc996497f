"""The Django admin keeps user accounts and the reference lists; it shows what the service's
pages change (the register, the pool, challenges, reports) read-only, so that it cannot go
around the services' rules and history, and changes those only through the services."""

import pytest
from django.contrib import admin

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory, PrincipalAdviserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def superuser_client(client, db):
    superuser = LgaAdminFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.user_email = superuser.email
    return client


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry], ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_list_opens_for_every_model(superuser_client, model):
    assert superuser_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/").status_code == 200


# What the admin keeps itself; everything else changes through the service's pages.
KEPT_IN_THE_ADMIN = {"auth.group", "authorities.user", "authorities.specialism", "authorities.peertag"}


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry], ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_add_page_only_for_what_the_admin_keeps(superuser_client, model):
    label = f"{model._meta.app_label}.{model._meta.model_name}"

    response = superuser_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/")

    assert response.status_code == (200 if label in KEPT_IN_THE_ADMIN else 403)


def test_admin_authority_change_refused_and_nothing_changes(superuser_client):
    avon = Authority.objects.get(slug="avon")

    response = superuser_client.post(f"/admin/authorities/authority/{avon.pk}/change/", {"name": "Renamed in the admin"})

    assert (response.status_code, Authority.objects.get(pk=avon.pk).name) == (403, "Avon Fire Authority")


def test_admin_links_a_peer_to_their_sign_in_through_the_service(superuser_client):
    from .factories import PeerFactory, PeerUserFactory

    peer, login = PeerFactory(full_name="Nia Roberts"), PeerUserFactory()

    response = superuser_client.post(
        f"/admin/authorities/peer/{peer.pk}/change/", {"user": login.pk, **_empty_inlines("training_records", "unavailabilities")}
    )

    peer.refresh_from_db()
    assert (response.status_code, peer.user, peer.full_name) == (302, login, "Nia Roberts")
    assert peer.history.first().history_user.email == superuser_client.user_email


def _empty_inlines(*prefixes):
    return {f"{prefix}-{key}": value for prefix in prefixes for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))}


def test_admin_authority_change_and_history_pages_open(superuser_client):
    pk = Authority.objects.get(slug="isle-of-wight").pk

    assert superuser_client.get(f"/admin/authorities/authority/{pk}/change/").status_code == 200
    assert superuser_client.get(f"/admin/authorities/authority/{pk}/history/").status_code == 200


def test_admin_closed_to_lga_staff_without_admin_access(client, sign_in):
    sign_in("adviser")

    response = client.get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/authorities/peer/{peer}/change/", 403),
        ("/admin/authorities/authority/avon/change/", 403),
        ("/admin/challenges/challenge/", 403),
        ("/admin/authorities/peer/", 403),
    ],
)
def test_admin_answers_by_the_permissions_given_to_staff_not_the_services_rules(client, db, path, status):
    """A principal adviser may change peers on the service's pages; in the admin, a member of
    staff has only the model permissions given to them, here none."""
    adviser = PrincipalAdviserFactory(is_staff=True)
    client.force_login(adviser)

    response = client.get(path.format(peer=PeerFactory().pk))

    assert response.status_code == status
