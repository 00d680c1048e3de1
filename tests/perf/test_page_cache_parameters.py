"""A link with ?utm_source=... (or a parameter the page does not read) is served from the cache
entry of the page itself; parameters a page reads (filters, page numbers) keep their own entry."""

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory

from practice_site.cache import PageCacheMiddleware, keep_only

pytestmark = pytest.mark.django_db


def stored_keys():
    return [key for key in caches["default"]._cache if ":page:" in key]


@pytest.fixture
def nerve_group(practice, group, make_procedure):
    make_procedure.many(30, group=group)
    return group


TRACKED = [
    "utm_source=newsletter&utm_medium=email&utm_campaign=spring",
    "gclid=EAIaIQobChMI",
    "fbclid=IwAR3x",
    "msclkid=5f2b",
    "utm_source=a&utm_source=b",
    "ref=partner&x=1",  # parameters the page does not read at all
]


@pytest.mark.parametrize("query", TRACKED)
def test_a_tracked_link_is_served_from_the_pages_cache_entry(
    page_cache, nerve_group, query, django_assert_num_queries
):
    client = Client()
    plain = client.get("/procedures/")
    with django_assert_num_queries(1):  # the content version: no render
        tracked = client.get(f"/procedures/?{query}")
    assert tracked.status_code == 200
    assert tracked.content == plain.content
    assert len(stored_keys()) == 1


def test_a_page_number_keeps_its_entry_and_tracking_beside_it_does_not(
    page_cache, nerve_group, django_assert_num_queries
):
    client = Client()
    url = nerve_group.get_absolute_url()
    first, second = client.get(url), client.get(f"{url}?page=2")
    assert first.content != second.content
    with django_assert_num_queries(1):
        tracked = client.get(f"{url}?utm_source=x&page=2&gclid=y")
    assert tracked.content == second.content
    assert len(stored_keys()) == 2


def test_the_view_never_sees_a_parameter_it_does_not_read(page_cache, nerve_group):
    # Rendered first through the tracked link: its page links must not carry the tracking.
    url = nerve_group.get_absolute_url()
    page = Client().get(f"{url}?utm_source=newsletter&page=2").content.decode()
    assert "utm_source" not in page and "newsletter" not in page
    assert f'href="{url}?page=3"' in page


def test_filters_in_any_order_share_one_entry(page_cache, practice, django_assert_num_queries):
    client = Client()
    client.get("/gallery/?group=cosmetic&procedure=facelift")
    with django_assert_num_queries(1):
        client.get("/gallery/?procedure=facelift&utm_medium=social&group=cosmetic")
    assert len(stored_keys()) == 1


def test_staff_requests_keep_their_parameters(rf):
    """Requests the cache never serves (a cookie, a POST) are left as they came."""
    request = rf.get("/gallery/?group=cosmetic&utm_source=x")
    request.COOKIES["sessionid"] = "abc"
    seen = {}

    def view(req):
        seen.update(req.GET)
        return HttpResponse("ok")

    PageCacheMiddleware(view)(request)
    assert set(seen) == {"group", "utm_source"}


@pytest.mark.parametrize(
    ("query", "accepted", "kept"),
    [
        ("", {"page"}, ""),
        ("page=2", {"page"}, "page=2"),
        ("utm_source=x", {"page"}, ""),
        ("b=2&a=1&a=0", {"a", "b"}, "a=1&a=0&b=2"),  # a fixed order; values kept as sent
        ("q=%C3%A9t%C3%A9&utm_term=x", {"q"}, "q=%C3%A9t%C3%A9"),
    ],
)
def test_keep_only(query, accepted, kept):
    request = RequestFactory().get(f"/x/?{query}" if query else "/x/")
    keep_only(request, accepted)
    assert request.META.get("QUERY_STRING", "") == kept
    assert request.get_full_path() == "/x/" + (f"?{kept}" if kept else "")
    assert sorted(request.GET) == sorted(name for name in accepted if f"{name}=" in kept)


def test_the_sitemap_is_served_from_the_page_cache(
    page_cache, nerve_group, django_assert_num_queries
):
    for path in ("/sitemap.xml", "/sitemap-procedures.xml", "/sitemap-procedures.xml?p=1"):
        visitor = Client()
        first = visitor.get(path)
        assert first["Content-Type"] == "application/xml"
        with django_assert_num_queries(1):  # the content version only
            again = visitor.get(f"{path}{'&' if '?' in path else '?'}utm_source=x")
        assert again.content == first.content and again["X-Robots-Tag"] == first["X-Robots-Tag"]
