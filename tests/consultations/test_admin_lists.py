"""The inbox and the access log at a size that grows with traffic: counts stop at a cap, a rare
search reads its rows by key, and no date drill-down runs a DISTINCT over the table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.admin import AccessLogAdmin, ConsultationRequestAdmin
from consultations.models import AccessLog, ConsultationRequest

pytestmark = pytest.mark.django_db
INBOX = reverse("admin:consultations_consultationrequest_changelist")
ACCESS_LOG = reverse("admin:consultations_accesslog_changelist")


def store_requests(count, last_name="Lovelace", **fields):
    """`count` requests, newest first in the list in the order made (one a minute apart)."""
    now = timezone.now()
    start = ConsultationRequest.objects.count()
    times = [now - timedelta(minutes=start + i) for i in range(count)]
    rows = [
        ConsultationRequest(
            reference=f"CR-LIST-{start + i:04d}",
            first_name="Ada",
            last_name=last_name,
            email=f"ada{start + i}@example.org",
            phone="+16265550100",
            message="Help",
            consent_text="I agree",
            consent_version="2026-11",
            consent_given_at=now,
            client_hash="x" * 64,
            **fields,
        )
        for i in range(count)
    ]
    created = ConsultationRequest.objects.bulk_create(rows)
    # bulk_create lets auto_now_add stamp "now": put the minutes back.
    for row, time in zip(created, times, strict=True):
        ConsultationRequest.objects.filter(pk=row.pk).update(created_at=time)
    return created


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 6 and pages of 4, so that a few rows show what 1,000 and 50 do."""
    for admin_class in (ConsultationRequestAdmin, AccessLogAdmin):
        monkeypatch.setattr(admin_class, "count_cap", 6)
        monkeypatch.setattr(admin_class, "list_per_page", 4)


def test_a_long_list_says_more_than_the_cap_and_counts_no_further(admin_client, small_cap):
    store_requests(10)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(INBOX)
    html = response.content.decode()
    assert "More than 6 consultation requests" in html
    assert "10 consultation requests" not in html
    assert response.context["cl"].result_count == 7  # 6 + 1: enough to know there are more
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 7" in sql for sql in counts)
    # Page 2 of 4 a page is linked; pages past the count are not offered.
    assert "?p=2" in html and "?p=3" not in html


def test_a_short_list_keeps_its_exact_count(admin_client, small_cap):
    store_requests(5)
    response = admin_client.get(INBOX)
    assert response.context["cl"].result_count == 5
    assert "5 consultation requests" in response.content.decode()
    assert "More than" not in response.content.decode()


def test_a_page_past_the_cap_still_opens(admin_client, small_cap):
    requests = store_requests(10)
    response = admin_client.get(INBOX, {"p": 3})  # rows 9 and 10: past the cap of 6
    assert response.status_code == 200
    shown = [r.reference for r in response.context["cl"].result_list]
    assert shown == [r.reference for r in requests[8:]]


@pytest.mark.parametrize("page", ["9" * 23, "99999999", "-1"])
def test_a_page_number_past_the_list_is_djangos_error_flag_not_a_crash(
    admin_client, small_cap, page
):
    store_requests(5)  # two pages of 4
    response = admin_client.get(INBOX, {"p": page})
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?e=1"


def test_a_search_past_the_cap_says_more_than_and_offers_all_matching(admin_client, small_cap):
    store_requests(9, last_name="Nguyen")
    store_requests(2)
    response = admin_client.get(INBOX, {"q": "nguyen"})
    html = response.content.decode()
    assert "More than 6 results" in html
    assert "Select all matching consultation requests (more than 6)" in html
    assert "All matching consultation requests selected (more than 6)" in html
    assert len(response.context["cl"].result_list) == 4
    assert {r.last_name for r in response.context["cl"].result_list} == {"Nguyen"}


def test_an_action_on_all_matching_rows_past_the_cap_reaches_every_one(admin_client, small_cap):
    nguyens = store_requests(9, last_name="Nguyen")
    other = store_requests(1)[0]
    admin_client.post(
        INBOX + "?q=nguyen",
        # The page's boxes ticked, then "Select all matching": the action reaches every page.
        {
            "action": "mark_as_spam",
            "select_across": "1",
            "index": "0",
            "_selected_action": [r.pk for r in nguyens[:4]],
        },
    )
    flagged = set(ConsultationRequest.objects.filter(is_spam=True).values_list("pk", flat=True))
    assert flagged == {r.pk for r in nguyens} and other.pk not in flagged


def test_a_rare_search_finds_its_rows_newest_first_by_key(admin_client, small_cap):
    store_requests(5)
    older, newer = store_requests(2, last_name="Okafor")[::-1]
    store_requests(5)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(INBOX, {"q": "okafor"})
    assert [r.pk for r in response.context["cl"].result_list] == [newer.pk, older.pk]
    assert "2 results" in response.content.decode()
    # The rows are read by primary key, not by walking the list's order looking for matches.
    rows = [q["sql"] for q in queries if 'consultationrequest"."message"' in q["sql"]]
    assert rows and all(" IN (" in sql for sql in rows)


def counts_in(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_search_is_counted_by_the_scan_that_looks_for_its_rows(admin_client, small_cap):
    """Looking for a search's rows by key counts them: no second scan to count them again."""
    store_requests(9, last_name="Nguyen")
    store_requests(2, last_name="Okafor")
    store_requests(3)
    for term, shown in [("nguyen", "More than 6 results"), ("okafor", "2 results")]:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(INBOX, {"q": term})
        assert shown in response.content.decode()
        assert counts_in(queries) == []
    assert response.context["cl"].result_count == 2
    # Past the cap a page further on needs the real count, up to that page.
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(INBOX, {"q": "nguyen", "p": 3})
    assert [r.last_name for r in response.context["cl"].result_list] == ["Nguyen"]
    assert response.context["cl"].result_count == 9
    assert counts_in(queries) and all("LIMIT 13" in sql for sql in counts_in(queries))


def test_each_rows_link_keeps_the_lists_filters_as_django_writes_them(admin_client):
    """The filters are put on the row links once per page (Django resolves each link's URL for
    that); the links must stay what Django writes: Save returns staff to the list they were
    working through."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters

    row = store_requests(1, last_name="Nguyen", status=ConsultationRequest.Status.NEW)[0]
    query = {"q": "nguyen", "status__exact": "new"}
    response = admin_client.get(INBOX, query)
    change = reverse("admin:consultations_consultationrequest_change", args=[row.pk])
    preserved = response.context["cl"].model_admin.get_preserved_filters(response.wsgi_request)
    django_href = add_preserved_filters(
        {"preserved_filters": preserved, "opts": ConsultationRequest._meta}, change
    )
    assert "_changelist_filters=" in django_href
    assert f'href="{django_href.replace("&", "&amp;")}"' in response.content.decode()
    # Unfiltered, a row's link is the plain change page.
    assert f'href="{change}"' in admin_client.get(INBOX).content.decode()


def test_a_rare_search_is_exported_whole(admin_client, small_cap):
    store_requests(3, last_name="Okafor")
    store_requests(8)
    response = admin_client.get(
        reverse("admin:consultations_consultationrequest_export"), {"q": "okafor"}
    )
    lines = b"".join(response.streaming_content if response.streaming else [response.content])
    assert lines.decode().count("Okafor") == 3


# --- the access log ------------------------------------------------------------------------------


def log_entries(days_ago, count=1):
    entries = [
        AccessLog(username="desk", action=AccessLog.Action.LISTED, count=50) for _ in range(count)
    ]
    created = AccessLog.objects.bulk_create(entries)
    AccessLog.objects.filter(pk__in=[e.pk for e in created]).update(
        at=timezone.now() - timedelta(days=days_ago)
    )
    return created


def test_the_access_log_has_no_date_drill_down_over_the_table(admin_client):
    log_entries(days_ago=400)
    admin_client.get(ACCESS_LOG)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(ACCESS_LOG)
    assert response.context["cl"].date_hierarchy is None
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]


def test_the_access_logs_date_filter_keeps_the_recent_entries(admin_client):
    old = log_entries(days_ago=400)
    week = log_entries(days_ago=3)
    for parameters, expected in [
        ({"at__gte": _days_ago(7)}, week),
        ({"at__gte": _days_ago(7 * 60)}, old + week),
    ]:
        response = admin_client.get(ACCESS_LOG, parameters)
        shown = {e.pk for e in response.context["cl"].result_list}
        assert shown == {e.pk for e in expected}
    html = admin_client.get(ACCESS_LOG).content.decode()
    assert "Past 7 days" in html and "This year" in html  # the filter's choices, in words


def _days_ago(days):
    return timezone.localtime().replace(hour=0) - timedelta(days=days)


def test_the_access_log_counts_no_further_than_its_cap(admin_client, small_cap):
    log_entries(days_ago=1, count=9)
    response = admin_client.get(ACCESS_LOG)
    assert "More than 6 access log" in response.content.decode()


def test_a_rows_box_is_djangos_own_markup_and_carries_the_action_to_that_row(admin_client):
    """The row checkbox is written without the form template engine; it must stay the markup
    Django's admin script and screen readers expect."""
    from django.contrib import admin
    from django.test.html import parse_html

    first, second = store_requests(2)
    model_admin = ConsultationRequestAdmin(ConsultationRequest, admin.site)
    ours = model_admin.action_checkbox(second)
    assert parse_html(ours) == parse_html(admin.ModelAdmin.action_checkbox(model_admin, second))
    assert parse_html(ours) in parse_html(admin_client.get(INBOX).content.decode())
    admin_client.post(
        INBOX, {"action": "mark_as_spam", "index": "0", "_selected_action": [second.pk]}
    )
    assert list(ConsultationRequest.objects.filter(is_spam=True)) == [second]
