"""The page cache: cached public pages cost one query, and never outlive an edit."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.redirects.models import Redirect
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sites.models import Site
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_site import cache as page_cache_module
from practice_site.cache import (
    current_version,
    is_content_model,
    request_is_cacheable,
    response_is_cacheable,
)
from practice_site.models import Page, PracticeProfile
from procedures.models import Procedure
from tests.admin_forms import admin_form_data


def page_text(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.content.decode()


def stored_keys(alias="default"):
    return [key for key in caches[alias]._cache if ":page:" in key]


@pytest.fixture
def about_page(practice):
    return Page.objects.create(
        key=Page.Key.ABOUT,
        title="About the surgeon",
        meta_description="Who we are.",
        body="The surgeon trained for many years.",
    )


# --- Cost of a cached request ------------------------------------------------------------------


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
)


def test_cached_page_keeps_every_security_header(page_cache, about_page, django_assert_num_queries):
    client = Client()
    first = client.get("/about/", secure=True)
    assert len(stored_keys()) == 1
    with django_assert_num_queries(1):  # the content version only: served from the cache
        second = client.get("/about/", secure=True)
    assert second.context is None  # not rendered again
    for header in (*SECURITY_HEADERS, "X-Frame-Options"):
        assert second[header] == first[header], header
    # Every header of the page, and no other; the request id alone is new.
    assert {**second.headers, "X-Request-ID": ""} == {**first.headers, "X-Request-ID": ""}
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_cached_page_is_logged_with_its_own_request_id(page_cache, about_page, settings, caplog):
    settings.LOG_FORMAT = "json"
    caplog.set_level("INFO", logger="practice_site.requests")
    Client().get("/about/")
    response = Client().get("/about/", HTTP_X_REQUEST_ID="caddy-5678efgh")
    assert response.context is None and response["X-Request-ID"] == "caddy-5678efgh"
    miss, hit = [r for r in caplog.records if r.name == "practice_site.requests"]
    assert (hit.request_id, hit.path, hit.status) == ("caddy-5678efgh", "/about/", 200)
    assert miss.request_id != hit.request_id


def test_a_refused_host_gets_no_page_and_every_security_header(page_cache, about_page):
    Client().get("/about/")
    response = Client(HTTP_HOST="evil.example").get("/about/", secure=True)
    assert response.status_code == 400
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header


def test_a_failing_version_read_leaves_the_page_to_the_view(page_cache, about_page, monkeypatch):
    """The cache cannot tell what is current: the view answers, and nothing is stored."""
    from django.db import OperationalError

    def unreadable(using="default"):
        raise OperationalError("database is locked")

    monkeypatch.setattr(page_cache_module, "current_version", unreadable)
    response = Client().get("/about/", secure=True)
    assert response.status_code == 200 and response.context is not None
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header
    assert stored_keys() == []


def test_a_page_that_used_a_csp_nonce_is_not_stored(page_cache, about_page):
    request = RequestFactory().get("/about/")
    request._csp_nonce = "once-only"
    assert not response_is_cacheable(request, HttpResponse("<p>x</p>"))


def test_a_parameter_the_page_reads_is_part_of_the_key(page_cache, practice):
    client = Client()
    client.get("/gallery/")
    client.get("/gallery/?group=cosmetic")
    assert len(stored_keys()) == 2


# --- Freshness -----------------------------------------------------------------------------


def test_edit_in_admin_shows_on_the_next_request(page_cache, about_page, admin_client):
    assert "many years" in page_text("/about/")
    url = reverse("admin:practice_site_page_change", args=[about_page.pk])
    response = admin_client.post(
        url,
        {
            "title": "About the surgeon",
            "meta_description": "Who we are.",
            "body": "The surgeon now also teaches residents.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page_text("/about/")
    assert "teaches residents" in html and "many years" not in html


def test_profile_edit_in_admin_changes_every_cached_page(page_cache, about_page, admin_client):
    profile = PracticeProfile.objects.get()
    for path in ("/", "/about/"):
        assert profile.phone in page_text(path)
    url = reverse("admin:practice_site_practiceprofile_change", args=[profile.pk])
    data = admin_form_data(admin_client.get(url))  # the profile and its inline rows
    response = admin_client.post(url, {**data, "phone": "(626) 555-0199"})
    assert response.status_code == 302, response.content.decode()[:3000]
    for path in ("/", "/about/"):
        assert "(626) 555-0199" in page_text(path)


def test_two_workers_both_see_an_edit(page_cache, about_page, settings):
    """Each gunicorn worker has its own memory cache; both must notice one edit in the database."""
    workers = ("default", "worker_b")
    for alias in workers:
        settings.PAGE_CACHE_ALIAS = alias
        assert "many years" in page_text("/about/")
        assert len(stored_keys(alias)) == 1
    about_page.body = "Changed once, in the database both workers share."
    about_page.save()
    for alias in workers:
        settings.PAGE_CACHE_ALIAS = alias
        assert "Changed once" in page_text("/about/"), alias


def test_delete_and_many_to_many_changes_renew_the_version(
    page_cache, about_page, make_procedure, make_condition
):
    procedure = make_procedure("Nerve graft")
    condition = make_condition("Palsy")
    before = current_version()
    condition.procedures.add(procedure)
    after_add = current_version()
    assert after_add != before
    condition.procedures.clear()
    after_clear = current_version()
    assert after_clear != after_add
    condition.delete()
    assert current_version() != after_clear


def test_contrib_redirects_and_sites_are_content(page_cache, db):
    before = current_version()
    Redirect.objects.create(site_id=1, old_path="/old/", new_path="/about/")
    after_redirect = current_version()
    assert after_redirect != before
    Site.objects.filter(pk=1).first().save()
    assert current_version() != after_redirect


def test_patient_requests_sessions_and_logins_do_not_touch_the_version(
    page_cache, about_page, staff_user
):
    before = current_version()
    SessionStore().create()
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="x", ip_address="192.0.2.1", failures_since_start=1, attempt_time=timezone.now()
    )
    staff_user.last_login = timezone.now()
    staff_user.save()
    assert current_version() == before
    for label in ("consultations", "sessions", "axes", "admin", "auth"):
        for model in apps.get_app_config(label).get_models():
            assert not is_content_model(model), model


def test_a_rolled_back_edit_leaves_the_version_alone(page_cache, about_page):
    from django.db import transaction

    before = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        about_page.body = "Never committed"
        about_page.save()
        raise RuntimeError
    assert current_version() == before
    assert "many years" in page_text("/about/")


def test_date_is_part_of_the_key(page_cache, about_page, monkeypatch):
    """Consents and publication dates change by date without any edit: a new day, a new key."""
    client = Client()
    client.get("/about/")
    real_now = timezone.now()
    tomorrow = timezone.localtime(real_now) + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    client.get("/about/")
    keys = stored_keys()
    assert len(keys) == 2
    dates = sorted(re.search(r":(\d{4}-\d{2}-\d{2}):", key).group(1) for key in keys)
    assert dates[1] == tomorrow.date().isoformat()


def test_entries_live_at_most_page_cache_max_age(page_cache, about_page, settings, monkeypatch):
    settings.PAGE_CACHE_MAX_AGE = 60
    stored = []
    monkeypatch.setattr(
        page_cache, "set", lambda key, value, timeout: stored.append((key.split(":")[0], timeout))
    )
    Client().get("/about/")
    assert ("page", 60) in stored and all(timeout == 60 for _, timeout in stored)


# --- Never cached --------------------------------------------------------------------------


def test_staff_requests_are_never_served_from_or_stored_in_the_cache(
    page_cache, about_page, admin_client
):
    admin_client.get("/about/")
    assert stored_keys() == []  # a request with a session cookie is not stored ...
    Client().get("/about/")
    assert len(stored_keys()) == 1
    response = admin_client.get("/about/")
    # ... nor answered from the cache: the view ran (session, user and page queries).
    assert response.context is not None


def test_a_draft_preview_is_never_cached_nor_shown_to_the_public(
    page_cache, practice, admin_client, make_procedure
):
    path = make_procedure("Secret draft", status=Procedure.Status.DRAFT).get_absolute_url()
    preview = admin_client.get(path)
    assert preview.status_code == 200 and "Secret draft" in preview.content.decode()
    assert stored_keys() == []
    public = Client().get(path)
    assert public.status_code == 404
    assert stored_keys() == []


def test_messages_and_other_cookies_bypass_the_cache(page_cache, about_page):
    Client().get("/about/")
    assert len(stored_keys()) == 1
    client = Client()
    client.cookies["messages"] = "anything"
    response = client.get("/about/")
    assert response.context is not None  # rendered by the view, not thawed from the cache


def test_posts_are_never_cached(page_cache, about_page):
    client = Client(enforce_csrf_checks=False)
    client.post("/about/", {})
    assert stored_keys() == []


def test_not_found_pages_are_not_cached(page_cache, practice):
    Client().get("/procedures/no-such-group/")
    assert stored_keys() == []


def test_only_pages_served_by_content_apps_are_candidates(settings):
    content = ["/", "/about/", "/procedures/", "/faq/", "/gallery/", "/testimonials/"]
    content += ["/sitemap.xml", "/sitemap-procedures.xml"]
    admin = f"/{settings.ADMIN_PATH}"
    other = ["/consultation/", f"{admin}login/", f"{admin}two-factor/verify/"]
    other.append("/no-such-page/")
    for path in content + other:
        assert request_is_cacheable(RequestFactory().get(path)) is (path in content), path


def _response(**headers):
    response = HttpResponse("<p>x</p>", content_type="text/html; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@pytest.mark.parametrize(
    "response,cacheable",
    [
        (_response(), True),
        (_response(Cache_Control="private"), False),
        (_response(Cache_Control="no-store"), False),
        (_response(Cache_Control="max-age=0, no-cache"), False),
        (_response(Cache_Control="public, max-age=60"), True),
        (_response(Vary="Accept-Language"), False),
        (_response(Vary="Cookie"), True),  # rendered for a request without cookies: anonymous
        (HttpResponse("{}", content_type="application/json"), False),
        (HttpResponse("<p>gone</p>", status=404), False),
    ],
)
def test_response_rules(response, cacheable):
    request = RequestFactory().get("/about/")
    assert response_is_cacheable(request, response) is cacheable


def test_responses_that_set_a_cookie_or_vary_on_a_sent_cookie_are_not_stored():
    response = _response()
    response.set_cookie("csrftoken", "x")
    assert not response_is_cacheable(RequestFactory().get("/"), response)
    request = RequestFactory().get("/")
    request.COOKIES["csrftoken"] = "x"
    assert not response_is_cacheable(request, _response(Vary="Cookie"))


def test_page_cache_is_off_with_a_dummy_cache(settings, about_page):
    """The test settings' DummyCache: the middleware adds no query (not even the version)."""
    assert page_cache_module.page_cache() is None
    with CaptureQueriesContext(connection) as with_middleware:
        assert Client().get("/about/").status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PageCacheMiddleware")]
    with CaptureQueriesContext(connection) as without_middleware:
        assert Client().get("/about/").status_code == 200
    assert len(with_middleware) == len(without_middleware)
    assert not any("contentversion" in q["sql"] for q in with_middleware.captured_queries)


# --- Figures kept per content version ------------------------------------------------------


def test_the_staff_homes_broken_links_are_looked_for_once_per_edit(
    page_cache, about_page, admin_client, monkeypatch
):
    from practice_site import links

    looked = []
    look = links.broken_links
    monkeypatch.setattr(links, "broken_links", lambda: looked.append(1) or look())
    report = reverse("admin:broken_links")

    def shown():
        board = admin_client.get(reverse("admin:index")).context["dashboard"]
        return [item.count for tile in board.editor for item in tile.items if item.url == report]

    assert shown() == [0] and shown() == [0]
    assert len(looked) == 1
    about_page.body = "Our [old team page](/no-such-page/) moved."
    about_page.save()
    assert shown() == [1]
    assert len(looked) == 2
