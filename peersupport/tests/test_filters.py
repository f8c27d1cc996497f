"""The search forms' kit: GOV.UK date boxes, and forms kept in the cache once laid out."""

import re

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authorities.models import Specialism
from authorities.tests.factories import SpecialismFactory
from peersupport.tests.html import page

pytestmark = pytest.mark.integration


def _specialism_queries(response_getter):
    with CaptureQueriesContext(connection) as queries:
        response = response_getter()
    return response, [q["sql"] for q in queries if 'FROM "authorities_specialism"' in q["sql"]]


def test_search_form_laid_out_once_then_kept(client, sign_in, real_cache):
    sign_in("adviser")

    first, first_queries = _specialism_queries(lambda: client.get("/peers/?peer_type=officer"))
    again, again_queries = _specialism_queries(lambda: client.get("/peers/?peer_type=officer"))

    form = lambda response: page(response)[page(response).index('data-testid="peer-filters"'):page(response).index("peer-count")]
    assert (len(first_queries), len(again_queries)) == (1, 0)  # the options of the specialism list, read once
    assert form(again) == form(first)
    assert re.search(r'value="officer"\s+checked="checked"', form(again))


def test_search_form_shows_a_new_specialism_at_once(client, sign_in, real_cache):
    sign_in("adviser")
    client.get("/peers/")

    SpecialismFactory(name="Wildfire response", code="wildfire-response")

    assert ">Wildfire response</option>" in page(client.get("/peers/"))


def test_search_form_shows_a_renamed_and_no_removed_specialism(client, sign_in, real_cache):
    sign_in("adviser")
    client.get("/peers/")
    prevention = Specialism.objects.get(code="prevention")
    prevention.name = "Prevention and safeguarding"
    prevention.save()
    Specialism.objects.get(code="procurement").delete()

    html = page(client.get("/peers/"))

    assert (">Prevention and safeguarding</option>" in html, ">Procurement</option>" in html) == (True, False)


def test_search_with_typed_words_is_not_kept(client, sign_in, real_cache):
    sign_in("adviser")

    _, first = _specialism_queries(lambda: client.get("/peers/?q=morgan"))
    _, again = _specialism_queries(lambda: client.get("/peers/?q=morgan"))

    assert (len(first), len(again)) == (1, 1)


def test_search_form_with_errors_is_laid_out_each_time_with_its_errors(client, sign_in, real_cache):
    sign_in("adviser")
    wrong_way_round = "free_from_0=13&free_from_1=5&free_from_2=2027&free_to_0=10&free_to_1=5&free_to_2=2027"

    _, first = _specialism_queries(lambda: client.get(f"/peers/?{wrong_way_round}"))
    response, again = _specialism_queries(lambda: client.get(f"/peers/?{wrong_way_round}"))

    assert (len(first), len(again)) == (1, 1)
    assert page(response).count("The ‘free to’ date must be the same as or after the ‘free from’ date") == 2  # summary and field


def test_search_on_dates_is_kept(client, sign_in, real_cache):
    sign_in("adviser")
    dates = "free_from_0=10&free_from_1=5&free_from_2=2027&free_to_0=13&free_to_1=5&free_to_2=2027"

    _, first = _specialism_queries(lambda: client.get(f"/peers/?{dates}"))
    response, again = _specialism_queries(lambda: client.get(f"/peers/?{dates}"))

    assert (len(first), len(again)) == (1, 0)
    assert 'name="free_to_0" value="13"' in page(response)


def test_search_form_kept_before_a_change_commits_is_not_used_after(
    client, sign_in, real_cache, django_capture_on_commit_callbacks
):
    """Another process can lay the form out between a change and its commit, under the version
    the change set: the version moves on again once the change is committed."""
    sign_in("adviser")
    with django_capture_on_commit_callbacks(execute=True):
        SpecialismFactory(name="Wildfire response", code="wildfire-response")
        _, before_commit = _specialism_queries(lambda: client.get("/peers/"))
    _, after_commit = _specialism_queries(lambda: client.get("/peers/"))

    assert (len(before_commit), len(after_commit)) == (1, 1)


def test_search_form_laid_out_again_after_a_migration(client, sign_in, real_cache):
    """Migrations change reference data without the models' signals (through historical
    models), and come with every release, whose forms may differ."""
    sign_in("adviser")
    client.get("/peers/")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    _, again = _specialism_queries(lambda: client.get("/peers/"))

    assert len(again) == 1


def test_date_search_error_links_to_the_day_box(client, sign_in):
    sign_in("adviser")

    html = page(client.get("/peers/?free_from_0=31&free_from_1=2&free_from_2=2027"))

    assert '<a href="#id_free_from">' in html
    assert re.search(r'<input type="text" name="free_from_0" value="31" [^>]*id="id_free_from">', html)
    assert '<label class="govuk-label govuk-date-input__label" for="id_free_from">Day</label>' in html
