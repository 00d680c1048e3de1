"""Recording a medical review from the list names who reviewed: never the previous reviewer.

The list action once moved the date on and kept the stored reviewer, so a page could read
"Medically reviewed by Dr X on <today>" after someone else pressed the button.
"""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from practice_site.drafts.models import Draft
from practice_site.models import Provider
from procedures.models import Procedure
from tests.drafts.helpers import change_form_data, submit

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 2, 3)


def make_provider(given, family, slug, order):
    return Provider.objects.create(
        given_name=given,
        family_name=family,
        post_nominals="MD",
        slug=slug,
        specialty="Facial nerve surgeon",
        short_bio=f"Dr. {family} treats facial paralysis.",
        order=order,
    )


@pytest.fixture
def doctors(db):
    return make_provider("Xavier", "Exe", "xavier-exe", 1), make_provider(
        "Yara", "Why", "yara-why", 2
    )


@pytest.fixture
def pages(doctors, make_procedure):
    first, _ = doctors
    reviewed = {"last_reviewed": LONG_AGO, "reviewed_by": first}
    return make_procedure("Nerve graft", **reviewed), make_procedure("Muscle transfer", **reviewed)


def post_action(client, pages, **extra):
    url = reverse("admin:procedures_procedure_changelist")
    data = {"action": "mark_reviewed_today", "_selected_action": [p.pk for p in pages], **extra}
    return client.post(url, data)


def stored(pages):
    return [
        (page.last_reviewed, page.reviewed_by_id)
        for page in Procedure.objects.filter(pk__in=[p.pk for p in pages]).order_by("pk")
    ]


def test_the_action_first_asks_who_reviewed_and_lists_every_provider(admin_client, pages):
    response = post_action(admin_client, pages)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Who reviewed the pages?" in html
    assert html.count('type="radio" name="reviewed_by"') == 2
    assert "Xavier Exe, MD" in html and "Yara Why, MD" in html
    assert not re.search(r"<input[^>]* checked", html)  # nobody is chosen in advance
    assert "Nerve graft" in html and "Muscle transfer" in html
    assert stored(pages) == [(LONG_AGO, pages[0].reviewed_by_id)] * 2
    assert not LogEntry.objects.exists()


def test_without_a_reviewer_nothing_changes_and_the_page_says_why(admin_client, pages):
    response = post_action(admin_client, pages, apply="yes")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was changed: choose the doctor who reviewed the pages." in html
    assert stored(pages) == [(LONG_AGO, pages[0].reviewed_by_id)] * 2
    assert not LogEntry.objects.exists()

    response = post_action(admin_client, pages, apply="yes", reviewed_by="999999")
    assert "that reviewer is no longer on the list" in response.content.decode()
    assert stored(pages) == [(LONG_AGO, pages[0].reviewed_by_id)] * 2


def test_the_chosen_reviewer_and_today_are_recorded_logged_and_shown(
    admin_client, client, practice, pages, doctors
):
    _, why = doctors
    public = pages[0].get_absolute_url()
    before = client.get(public).content.decode()  # now in the page cache
    assert "Xavier Exe, MD" in before

    response = post_action(admin_client, pages, apply="yes", reviewed_by=str(why.pk))
    assert response.status_code == 302
    today = timezone.localdate()
    assert stored(pages) == [(today, why.pk)] * 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 procedures marked as medically reviewed by Yara Why, MD today."]
    logged = LogEntry.objects.filter(object_id__in=[str(p.pk) for p in pages])
    assert logged.count() == 2
    assert {entry.get_change_message() for entry in logged} == {
        f"Medically reviewed by Yara Why, MD on {today:%b %-d, %Y} (recorded from the list)."
    }

    html = client.get(public).content.decode()
    assert 'Medically reviewed by <a href="/about/yara-why/">Yara Why, MD</a>' in html
    assert f'<time datetime="{today.isoformat()}">{date_format(today, "F j, Y")}</time>' in html
    assert "Xavier Exe" not in html


def test_conditions_get_the_same_action(admin_client, make_condition, doctors):
    first, second = doctors
    condition = make_condition("Bell's palsy", last_reviewed=LONG_AGO, reviewed_by=first)
    url = reverse("admin:procedures_condition_changelist")
    data = {"action": "mark_reviewed_today", "_selected_action": [condition.pk]}
    assert b"Who reviewed the pages?" in admin_client.post(url, data).content
    admin_client.post(url, {**data, "apply": "yes"})
    condition.refresh_from_db()
    assert (condition.last_reviewed, condition.reviewed_by) == (LONG_AGO, first)
    admin_client.post(url, {**data, "apply": "yes", "reviewed_by": second.pk})
    condition.refresh_from_db()
    assert (condition.last_reviewed, condition.reviewed_by) == (timezone.localdate(), second)


def test_without_any_provider_the_action_says_what_to_do_first(admin_client, make_procedure):
    page = make_procedure("Nerve graft", last_reviewed=LONG_AGO)
    html = post_action(admin_client, [page]).content.decode()
    assert "there is no doctor on the site to name as reviewer" in html
    assert 'name="apply"' not in html
    html = post_action(admin_client, [page], apply="yes").content.decode()
    page.refresh_from_db()
    assert page.last_reviewed == LONG_AGO


def test_the_change_form_refuses_a_new_review_date_without_a_reviewer(admin_client, pages):
    page = pages[0]
    url = reverse("admin:procedures_procedure_change", args=[page.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "last_reviewed": timezone.localdate().isoformat(),
            "reviewed_by": "",
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
            "faqs-TOTAL_FORMS": 0,
            "faqs-INITIAL_FORMS": 0,
            "_save": "Publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Choose the doctor who reviewed the page." in response.content.decode()
    assert stored([page]) == [(LONG_AGO, page.reviewed_by_id)]


def test_a_review_date_in_a_draft_is_never_credited_to_another_reviewer(
    admin_client, doctors, pages
):
    """The date and the reviewer are one fact: publishing a draft that changed the date keeps
    its own reviewer with it, even after the list recorded another review meanwhile."""
    page = pages[0]
    first, second = doctors
    submit(admin_client, page, {"last_reviewed": "2026-03-01"}, "_save_draft")
    post_action(admin_client, [page], apply="1", reviewed_by=second.pk)
    assert stored([page]) == [(timezone.localdate(), second.pk)]

    assert submit(admin_client, page, button="_save").status_code == 302
    assert stored([page]) == [(datetime.date(2026, 3, 1), first.pk)]


def test_a_review_recorded_from_the_list_survives_publishing_an_older_draft(
    admin_client, doctors, pages
):
    """Publishing a draft applies only what the draft changed: it does not put the old
    reviewer and date back."""
    page = pages[0]
    submit(admin_client, page, {"summary": "Rewritten while the review happened."}, "_save_draft")
    _, second = doctors
    post_action(admin_client, [page], apply="1", reviewed_by=second.pk)
    today = timezone.localdate()
    assert stored([page]) == [(today, second.pk)]
    assert Draft.objects.exists()
    assert change_form_data(admin_client, page)["last_reviewed"] == today.isoformat()

    assert submit(admin_client, page, button="_save").status_code == 302
    assert stored([page]) == [(today, second.pk)]
    page.refresh_from_db()
    assert page.summary == "Rewritten while the review happened."
