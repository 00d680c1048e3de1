"""The page cache on the whole demo site: every public page, the form, consent expiry.

The demo content is loaded once for this module (`demo_once`), each test in its own savepoint.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from practice_site.cache import current_version, served_by_content_app
from tests.browser.pages import PUBLIC_PAGES

from .test_page_cache import stored_keys

CHECKED_PAGES = [path for path in PUBLIC_PAGES if "does-not-exist" not in path]


def test_the_page_list_holds_every_public_page_of_the_demo(demo_once, db):
    """Every page the demo site links to by model is swept, validated and cache-checked."""
    procedures = apps.get_app_config("procedures")
    visible = [
        procedures.get_model("ProcedureGroup").objects.all(),
        procedures.get_model("Procedure").objects.published(),
        procedures.get_model("Condition").objects.published(),
        apps.get_model("gallery", "Case").objects.public(),
        apps.get_model("practice_site", "Provider").objects.published(),
    ]
    expected = {"/", "/about/", "/terms/", "/privacy/", "/contact/", "/procedures/", "/faq/"}
    expected |= {"/conditions/"}
    expected |= {"/gallery/", "/testimonials/", "/consultation/", "/consultation/thanks/"}
    for queryset in visible:
        expected |= {obj.get_absolute_url() for obj in queryset}
    assert len(expected) > 30
    assert sorted(expected - set(PUBLIC_PAGES)) == []


@pytest.mark.parametrize("path", CHECKED_PAGES)
def test_every_public_content_page_is_cached_and_then_costs_one_query(
    page_cache, demo_once, db, django_assert_num_queries, settings, path
):
    """Pages of the content apps are cached; the others (the consultation form) never."""
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    if not served_by_content_app(settings.ROOT_URLCONF, urlsplit(path).path):
        assert resolve(urlsplit(path).path).namespace == "consultations", path
        assert stored_keys() == [], f"{path} must never be cached"
        return
    assert len(stored_keys()) == 1, f"{path} was not stored in the page cache"
    with django_assert_num_queries(1):  # the content version, nothing else
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_the_consultation_form_is_never_cached(page_cache, demo_once, db):
    client = Client()
    for _ in range(2):
        response = client.get(reverse("consultations:request"))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    assert stored_keys() == []


def test_a_consent_ending_today_leaves_the_cache_at_local_midnight(
    page_cache, demo_once, db, monkeypatch
):
    """Nothing is saved when a consent runs out: the date in the key takes the case off the site."""
    case_model = apps.get_model("gallery", "Case")
    consent_model = apps.get_model("gallery", "PhotoConsent")
    case = case_model.objects.public().first()
    assert case is not None, "the demo content has no public gallery case"
    today = timezone.localdate()
    # update() sends no signal: exactly like midnight, the content version stays the same.
    consent_model.objects.filter(case=case).update(expires_on=today)
    version = current_version()
    detail, listing = case.get_absolute_url(), reverse("gallery:index")
    client = Client()
    for _ in range(2):  # the second answer comes from the cache
        assert client.get(detail).status_code == 200
        assert detail in client.get(listing).content.decode()

    zone = timezone.get_current_timezone()
    midnight = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time()), zone
    )
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(seconds=1))
    assert client.get(detail).status_code == 200  # still the consent's last day
    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(seconds=1))
    assert client.get(detail).status_code == 404
    assert detail not in client.get(listing).content.decode()
    assert current_version() == version
