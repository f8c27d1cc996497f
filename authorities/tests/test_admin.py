"""The Django admin is where an LGA administrator corrects the reference data (DOMAIN.md):
every registered model's pages open."""

import pytest
from django.contrib import admin

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def superuser_client(client, db):
    client.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry], ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_pages_open_for_every_model(superuser_client, model, page):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/" + ("add/" if page == "add" else "")

    assert superuser_client.get(url).status_code == 200


def test_admin_authority_change_and_history_pages_open(superuser_client):
    pk = Authority.objects.get(slug="isle-of-wight").pk

    assert superuser_client.get(f"/admin/authorities/authority/{pk}/change/").status_code == 200
    assert superuser_client.get(f"/admin/authorities/authority/{pk}/history/").status_code == 200


def test_admin_closed_to_lga_staff_without_admin_access(client, sign_in):
    sign_in("adviser")

    response = client.get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")
