"""The staff home: per role, what needs doing; every number opens a list of exactly that many."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationRequest, working_time_before
from gallery.models import Case, Photo, PhotoConsent, PhotoPair
from practice_site import staff_chart
from practice_site.models import Page
from practice_site.roles import CONTENT_EDITOR, FRONT_DESK
from procedures.models import Procedure, ProcedureGroup
from testimonials import models as testimonial_models
from tests.admin_forms import admin_form_data
from tests.drafts.helpers import submit

INDEX = reverse("admin:index")
Notification = ConsultationRequest.Notification


@pytest.fixture
def make_request(make_request):
    """The shared factory, received now unless told, its staff email already sent."""

    def make(age=timedelta(0), **fields):
        return make_request(age, **{"notification_status": Notification.SENT, **fields})

    return make


@pytest.fixture
def member(sign_in_staff):
    """member(role) -> a client signed in as staff in that group (or a superuser)."""
    return lambda role: (
        sign_in_staff(username="admin-home", is_superuser=True)
        if role == "superuser"
        else sign_in_staff(role)
    )


def tiles_by_title(response, section):
    return {tile.title: tile for tile in getattr(response.context["dashboard"], section)}


def assert_each_number_opens_that_many_rows(client, tiles):
    for tile in tiles:
        for item in tile.items:
            if item.url == reverse("admin:broken_links"):
                continue  # a report, not a change list: tested with the links
            response = client.get(item.url)
            assert response.status_code == 200, item.url
            # A list of pages shows the drafts of new pages above its rows.
            above = (
                len(response.context.get("drafts_new") or [])
                if "unpublished=yes" in (item.url)
                else 0
            )
            shown = response.context["cl"].result_count + above
            assert shown == item.count, (tile.title, item.url)


def local(day, hour=0, minute=0):
    return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=hour, minute=minute
    )


def test_front_desk_numbers_count_and_open_exactly_those_requests(member, make_request):
    client = member(FRONT_DESK)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    Status = ConsultationRequest.Status
    # Today: two genuine (one already contacted), one never tried email, one suspected spam.
    make_request()
    make_request(status=Status.CONTACTED)
    make_request(notification_status=Notification.PENDING)
    make_request(is_spam=True, notification_status=Notification.SKIPPED)
    # A minute after Monday midnight (this week) and a minute before it (last week).
    make_request(received=local(monday, 0, 1), status=Status.CONTACTED)
    make_request(received=local(monday) - timedelta(minutes=1), status=Status.CONTACTED)
    # Eight days ago: still New (waiting for a reply); contacted; suspected spam.
    make_request(age=timedelta(days=8))
    make_request(age=timedelta(days=8), status=Status.CONTACTED)
    make_request(age=timedelta(days=8), is_spam=True, notification_status=Notification.SKIPPED)
    # Its staff email failed twice and has not gone out.
    make_request(
        age=timedelta(days=9),
        status=Status.CONTACTED,
        notification_status=Notification.PENDING,
        notification_attempts=2,
    )

    response = client.get(INDEX)
    assert response.status_code == 200
    tiles = tiles_by_title(response, "front_desk")
    assert {title: tile.total for title, tile in tiles.items()} == {
        "Received today": 3 + (today == monday),
        "Received this week": 4,
        "Waiting for a reply": 1,
        "Staff emails not sent": 1,
        "Suspected spam this week": 1,
    }
    assert_each_number_opens_that_many_rows(client, tiles.values())
    # The front desk's home says nothing about the site's content.
    assert response.context["dashboard"].editor == []
    html = response.content.decode()
    assert "Website content" not in html
    for tile in tiles.values():
        assert f'href="{tile.items[0].url.replace("&", "&amp;")}"' in html


def make_case(consent, published=True):
    case = Case.objects.create(title="A smile", description="d", is_published=published)
    signed = timezone.localdate() - timedelta(days=30)
    if consent == "active":
        PhotoConsent.objects.create(case=case, signed_on=signed)
    elif consent == "expired":
        PhotoConsent.objects.create(
            case=case, signed_on=signed, expires_on=timezone.localdate() - timedelta(days=1)
        )
    elif consent == "revoked":
        PhotoConsent.objects.create(case=case, signed_on=signed, revoked_on=timezone.localdate())
    PhotoPair.objects.create(
        case=case,
        label="At rest",
        before=Photo.objects.create(width=800, height=1000),
        after=Photo.objects.create(width=800, height=1000),
        before_alt="Before",
        after_alt="After",
    )
    return case


def make_testimonial(consent):
    return testimonial_models.Testimonial.objects.create(
        quote="Kind words.",
        display_name="A.B.",
        rating=5,
        source=testimonial_models.Testimonial.Source.EMAIL,
        consent_date=timezone.localdate() if consent else None,
    )


def test_content_editor_numbers_count_and_open_exactly_those_rows(member):
    client = member(CONTENT_EDITOR)
    make_case("missing")
    make_case("expired")
    make_case("revoked")
    make_case("active")
    make_case("missing", published=False)  # hidden by choice: nothing to chase
    make_testimonial(consent=False)
    make_testimonial(consent=False)
    make_testimonial(consent=True)
    Page.objects.create(
        key=Page.Key.TERMS, title="Terms", meta_description="m", body="See [it](/nowhere/)."
    )

    response = client.get(INDEX)
    assert response.status_code == 200
    tiles = tiles_by_title(response, "editor")
    assert tiles["Photos hidden: no consent"].total == 3
    assert tiles["Testimonials waiting for consent"].total == 2
    assert tiles["Links to missing pages"].total == 1
    assert_each_number_opens_that_many_rows(client, tiles.values())
    report = client.get(tiles["Links to missing pages"].items[0].url)
    assert report.status_code == 200
    assert len(report.context["rows"]) == 1
    # Editors see nothing of consultation requests.
    assert response.context["dashboard"].front_desk == []
    assert response.context["dashboard"].chart is None
    assert "Consultation requests" not in response.content.decode()


def test_superusers_see_both_roles_and_every_section_in_plain_words(member):
    response = member("superuser").get(INDEX)
    board = response.context["dashboard"]
    assert board.front_desk and board.editor and board.chart is not None
    html = response.content.decode()
    assert "Consultation requests" in html and "Website content" in html
    assert "Everything you can open" in html


def test_unpublished_changes_and_overdue_reviews_are_counted_and_open_their_lists(
    member, make_procedure
):
    """A draft saved through the admin and a page past its medical review show on the home, each
    number opening drafts' filtered list (?unpublished=yes, ?review=overdue) of that many rows."""
    client = member("superuser")
    edited = make_procedure(title="Brow lift", last_reviewed=timezone.localdate())
    make_procedure(
        title="Masseter transfer", last_reviewed=timezone.localdate() - timedelta(days=800)
    )
    make_procedure(title="Smile reanimation", last_reviewed=timezone.localdate())
    changes = {"summary": "A new summary, waiting to be published."}
    saved = submit(client, edited, changes, "_save_draft")
    assert saved.status_code == 302
    # A new question saved as a draft: not on the site, and no row of the list yet.
    add_faq = reverse("admin:procedures_faq_add")
    new_faq = {**admin_form_data(client.get(add_faq)), "question": "Is it painful?"}
    new_faq.update({"answer": "Less than most expect.", "procedure": edited.pk, "_save_draft": 1})
    assert client.post(add_faq, new_faq).status_code == 302

    tiles = tiles_by_title(client.get(INDEX), "editor")
    drafts = {item.label: item for item in tiles["Unpublished changes"].items}
    assert drafts["FAQ"].count == 1
    assert drafts["procedure"].count == 1
    assert drafts["procedure"].url.endswith("?unpublished=yes")
    review = {item.label: item for item in tiles["Due for medical review"].items}
    assert review["procedure"].count == 1
    assert tiles["Due for medical review"].needs_attention
    assert_each_number_opens_that_many_rows(client, tiles.values())
    listed = client.get(drafts["procedure"].url).context["cl"].result_list
    assert [p.title for p in listed] == ["Brow lift"]


def test_people_without_a_role_see_no_numbers(client, staff_user, verified_login):
    verified_login(client, staff_user)
    board = client.get(INDEX).context["dashboard"]
    assert board.front_desk == [] and board.editor == [] and board.chart is None


@pytest.mark.parametrize(
    ("now", "days", "cutoff"),
    [
        # Tuesday 15:00 -> Monday 15:00; Monday 10:00 -> Friday 10:00 (the weekend does not count)
        (datetime(2026, 12, 1, 15, 0), 1, datetime(2026, 11, 30, 15, 0)),
        (datetime(2026, 11, 30, 10, 0), 1, datetime(2026, 11, 27, 10, 0)),
        # On Saturday noon, a day back reaches Friday's start; on Sunday too.
        (datetime(2026, 11, 28, 12, 0), 1, datetime(2026, 11, 27, 0, 0)),
        (datetime(2026, 11, 29, 23, 0), 1, datetime(2026, 11, 27, 0, 0)),
        # Two working days from Monday 09:30: Thursday 09:30.
        (datetime(2026, 11, 30, 9, 30), 2, datetime(2026, 11, 26, 9, 30)),
    ],
)
def test_a_working_day_skips_the_weekend(now, days, cutoff, settings):
    zone = ZoneInfo(settings.TIME_ZONE)
    result = working_time_before(now.replace(tzinfo=zone), days)
    assert timezone.localtime(result, zone).replace(tzinfo=None) == cutoff


def test_the_reply_time_setting_decides_what_is_waiting(db, settings, make_request):
    now = timezone.make_aware(datetime(2026, 11, 30, 10, 0))  # a Monday
    friday_nine = make_request(received=timezone.make_aware(datetime(2026, 11, 27, 9, 0)))
    make_request(received=timezone.make_aware(datetime(2026, 11, 27, 11, 0)))
    settings.CONSULTATION_REPLY_WORKING_DAYS = 1
    assert list(ConsultationRequest.objects.waiting_for_reply(now)) == [friday_nine]
    settings.CONSULTATION_REPLY_WORKING_DAYS = 2
    assert not ConsultationRequest.objects.waiting_for_reply(now).exists()


# --- The chart -------------------------------------------------------------------------------


def test_chart_counts_genuine_requests_per_week_by_procedure_grouping_the_long_tail(
    db, make_request
):
    today = date(2026, 12, 2)  # a Wednesday; the chart's last week starts Monday Nov 30
    first_monday = date(2026, 9, 14)  # eleven weeks before
    titles = ["Smile", "Eye", "Brow", "Sling", "Botox", "Facelift", "Eyelid"]
    # Smile 6, Eye 5, Brow 4, Sling 3, Botox 2 (the top five), Facelift 1 and Eyelid 1 (others).
    for title, count in zip(titles, [6, 5, 4, 3, 2, 1, 1], strict=True):
        for i in range(count):
            week = first_monday + timedelta(weeks=i)
            make_request(received=local(week, 9), procedure_title=title)
    make_request(received=local(date(2026, 12, 1), 18), procedure_title="")  # not sure yet
    make_request(received=local(date(2026, 12, 2), 8), procedure_title="Smile", is_spam=True)
    make_request(received=local(first_monday) - timedelta(minutes=1), procedure_title="Smile")

    chart = staff_chart.requests_per_week(weeks=12, top=5, today=today)

    assert chart.series == [
        "Smile",
        "Eye",
        "Brow",
        "Sling",
        "Botox",
        "Other procedures",
        "Not sure yet",
    ]
    assert [week.start for week in chart.weeks][:2] == [first_monday, date(2026, 9, 21)]
    assert chart.weeks[-1].start == date(2026, 11, 30)
    assert chart.series_totals == [6, 5, 4, 3, 2, 2, 1]
    assert chart.total == 23
    # Week 1 has one of each procedure; week 2 all but Facelift and Eyelid; the last week only
    # the "not sure" request (the spam one is left out).
    assert chart.weeks[0].counts == [1, 1, 1, 1, 1, 2, 0]
    assert chart.weeks[1].counts == [1, 1, 1, 1, 1, 0, 0]
    assert chart.weeks[5].counts == [1, 0, 0, 0, 0, 0, 0]
    assert chart.weeks[-1].counts == [0, 0, 0, 0, 0, 0, 1]
    assert [week.total for week in chart.weeks] == [7, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 1]
    # Drawn to scale: the bars stack from the base line, and the tallest reaches the top
    # gridline's share.
    base = chart.plot_bottom
    first = chart.weeks[0]
    assert first.segments[0].y + first.segments[0].height == pytest.approx(base, abs=0.2)
    assert chart.top >= 7 and chart.top % 4 == 0
    drawn = sum(segment.height for segment in first.segments)
    assert drawn == pytest.approx((base - chart.top_margin) * 7 / chart.top, abs=0.5)


def test_one_procedure_past_the_top_keeps_its_own_name(db, make_request):
    today = date(2026, 12, 2)
    for i, title in enumerate(["A", "A", "B", "C"]):
        make_request(received=local(today - timedelta(days=i)), procedure_title=title)
    chart = staff_chart.requests_per_week(top=2, today=today)
    assert chart.series == ["A", "B", "C"]


def test_chart_is_drawn_in_svg_without_inline_style_and_read_out_as_a_table(member, make_request):
    make_request(procedure_title="Smile reanimation")
    make_request(procedure_title="")
    html = member(FRONT_DESK).get(INDEX).content.decode()
    svg = html[
        html.index('<svg class="home-chart__svg"') : html.index(
            "</svg>", html.index("home-chart__svg")
        )
    ]
    assert 'role="img"' in svg and "aria-describedby" in svg
    assert "style=" not in html.split("<body")[1]
    assert "<script" not in svg
    assert svg.count('class="home-chart__bar home-chart__bar--') == 2
    table = html[html.index('<details class="home-chart__numbers">') :]
    assert '<th scope="col">Smile reanimation</th>' in table
    assert '<th scope="col">Not sure yet</th>' in table
    assert len(re.findall(r"<tr>\s*<th scope=\"row\">", table)) == 12


def test_home_runs_as_many_queries_with_much_content_as_with_little(member, make_request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = member("superuser")
    group = ProcedureGroup.objects.create(title="G", slug="g", summary="s")

    def add_content(n):
        for i in range(n):
            make_request(procedure_title=f"P{i}")
            make_testimonial(consent=False)
            make_case("missing")
            Procedure.objects.create(
                group=group,
                title="P",
                slug=f"p{Procedure.objects.count()}",
                summary="s",
                meta_description="m",
                status=Procedure.Status.PUBLISHED,
            )

    add_content(1)
    client.get(INDEX)  # the first page after signing in also saves the session
    with CaptureQueriesContext(connection) as little:
        assert client.get(INDEX).status_code == 200
    add_content(15)
    with CaptureQueriesContext(connection) as much:
        assert client.get(INDEX).status_code == 200
    # One count per number shown (drafts and reviews of six kinds of page among them), the
    # chart's one, the link check's one per kind of page, "Before the site goes live" one per
    # thing it checks: never one per row.
    assert len(much) == len(little) <= 46
