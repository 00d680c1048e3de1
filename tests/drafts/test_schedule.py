"""Scheduled publishing: a draft goes live, and a live page leaves the site, at a chosen time,
run by the task worker (or by cron's `publish_scheduled`), and the page cache follows at once."""

import io
from datetime import timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gallery.forms import PhotoPairAdminForm
from gallery.models import PhotoPair
from practice_site.drafts.models import Draft, Version, Withdrawal
from practice_site.drafts.services import _errors_in_words
from procedures.models import Procedure

from .helpers import change_url, public_text, submit

pytestmark = pytest.mark.django_db


def schedule_url(obj):
    return reverse("admin:procedures_procedure_schedule", args=[obj.pk])


def local(value):
    """The time as typed into the form, to the minute. In the hour that repeats when summer time
    ends, an hour earlier: the form refuses a time that could mean two moments, and the tests
    take theirs from the clock."""
    wall = timezone.localtime(value).replace(second=0, microsecond=0, tzinfo=None, fold=0)
    zone = timezone.get_current_timezone()
    if wall.replace(tzinfo=zone).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset():
        wall -= timedelta(hours=1)
    return wall.strftime("%Y-%m-%dT%H:%M")


def save_draft(client, obj, **changes):
    response = submit(client, obj, changes, "_schedule")
    assert response.status_code == 302
    return response


def time_passes():
    """Everything scheduled falls due (as if its time had come)."""
    past = timezone.now() - timedelta(seconds=1)
    Draft.objects.exclude(publish_at=None).update(publish_at=past)
    Withdrawal.objects.update(withdraw_at=past)


def run_cron():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_schedule_button_saves_the_draft_then_asks_when(admin_client, long_procedure):
    response = save_draft(admin_client, long_procedure, summary="Ready for Monday.")
    assert response["Location"] == schedule_url(long_procedure)
    html = admin_client.get(response["Location"]).content.decode()
    assert 'type="datetime-local"' in html and "Publish the draft on" in html
    assert Draft.objects.get().data["summary"] == ["Ready for Monday."]


def test_a_scheduled_draft_goes_live_by_itself_and_the_cache_follows(
    page_cache, admin_client, long_procedure
):
    url = long_procedure.get_absolute_url()
    save_draft(admin_client, long_procedure, **{"sections-3-body": "An inch a month."})
    at = timezone.now() + timedelta(days=2)
    response = admin_client.post(schedule_url(long_procedure), {"go_live_at": local(at)})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert local(draft.publish_at) == local(at) and draft.scheduled_by.username == "boss"
    change_form = unescape(admin_client.get(change_url(long_procedure)).content.decode())
    assert "The draft goes live on" in change_form

    assert "about a millimeter a day" in public_text(url)  # cached now
    assert run_cron().startswith("0 scheduled change(s) made")  # not due yet
    assert "about a millimeter a day" in public_text(url)

    time_passes()
    assert run_cron().startswith("1 scheduled change(s) made")
    assert "An inch a month." in public_text(url)
    assert not Draft.objects.exists()
    latest = Version.objects.of(long_procedure).first()
    assert latest.note == "Published on schedule" and latest.published_by.username == "boss"
    assert run_cron().startswith("0 scheduled change(s) made")  # done once


def test_a_new_page_scheduled_to_go_live_is_published_and_shown(admin_client, group):
    add = reverse("admin:procedures_procedure_add")
    admin_client.post(
        add,
        {
            "group": group.pk,
            "title": "Gracilis muscle transfer",
            "slug": "gracilis",
            "summary": "A new muscle for smiling.",
            "status": "draft",  # hidden as a draft: going live shows it
            "last_reviewed": "2026-01-05",
            "order": "3",
            "kind": "surgical",
            "meta_description": "About it.",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "faqs-TOTAL_FORMS": "0",
            "faqs-INITIAL_FORMS": "0",
            "_schedule": "1",
        },
    )
    draft = Draft.objects.get()
    schedule = reverse("admin:procedures_procedure_schedule_new") + f"?draft={draft.pk}"
    at = timezone.now() + timedelta(hours=3)
    admin_client.post(schedule, {"go_live_at": local(at)})
    time_passes()
    run_cron()
    procedure = Procedure.objects.get(slug="gracilis")
    assert procedure.status == Procedure.Status.PUBLISHED
    assert "A new muscle for smiling." in public_text(procedure.get_absolute_url())


def test_a_live_page_leaves_the_site_at_its_time(page_cache, admin_client, long_procedure):
    url = long_procedure.get_absolute_url()
    at = timezone.now() + timedelta(days=30)
    response = admin_client.post(schedule_url(long_procedure), {"withdraw_at": local(at)})
    assert response.status_code == 302
    assert "leaves the site" in unescape(
        admin_client.get(change_url(long_procedure)).content.decode()
    )
    listing = admin_client.get(
        reverse("admin:procedures_procedure_changelist"), {"unpublished": "scheduled"}
    ).content.decode()
    assert "Cross-facial nerve graft" in listing and "leaves the site" in listing

    assert Client().get(url).status_code == 200  # cached
    time_passes()
    run_cron()
    assert Client().get(url).status_code == 404
    long_procedure.refresh_from_db()
    assert long_procedure.status == Procedure.Status.DRAFT
    assert not Withdrawal.objects.exists()


def test_times_in_the_past_are_refused(admin_client, long_procedure):
    save_draft(admin_client, long_procedure, summary="Soon.")
    past = timezone.now() - timedelta(hours=1)
    response = admin_client.post(schedule_url(long_procedure), {"go_live_at": local(past)})
    assert response.status_code == 200
    assert "Choose a time in the future." in response.content.decode()
    soon, sooner = timezone.now() + timedelta(days=2), timezone.now() + timedelta(days=1)
    response = admin_client.post(
        schedule_url(long_procedure), {"go_live_at": local(soon), "withdraw_at": local(sooner)}
    )
    assert "Choose a time after the draft goes live." in response.content.decode()
    assert Draft.objects.get().publish_at is None and not Withdrawal.objects.exists()


def test_emptying_the_times_cancels_the_schedule(admin_client, long_procedure):
    save_draft(admin_client, long_procedure, summary="Soon.")
    at = local(timezone.now() + timedelta(days=1))
    admin_client.post(schedule_url(long_procedure), {"go_live_at": at, "withdraw_at": ""})
    admin_client.post(schedule_url(long_procedure), {"go_live_at": "", "withdraw_at": ""})
    assert Draft.objects.get().publish_at is None


def test_a_draft_the_form_no_longer_accepts_is_reported_not_published(
    admin_client, long_procedure, make_procedure
):
    save_draft(admin_client, long_procedure, slug="taken-later")
    admin_client.post(
        schedule_url(long_procedure), {"go_live_at": local(timezone.now() + timedelta(days=1))}
    )
    make_procedure("Another page", slug="taken-later")  # meanwhile, another page takes the slug
    time_passes()
    out = run_cron()
    assert "0 scheduled change(s) made, 1 could not be made" in out
    long_procedure.refresh_from_db()
    assert long_procedure.slug == "cross-facial-nerve-graft"
    draft = Draft.objects.get()
    assert draft.problem.startswith("Not published at")
    assert "the form does not accept it" in draft.problem
    assert ".." not in draft.problem and draft.problem.endswith(".")
    html = unescape(admin_client.get(change_url(long_procedure)).content.decode())
    assert draft.problem in html
    assert run_cron().startswith("0 scheduled change(s) made, 0")  # not retried by itself
    # The list no longer says it goes live, and the staff home raises it.
    listed = admin_client.get(reverse("admin:procedures_procedure_changelist")).content.decode()
    assert "NOT published on schedule" in listed
    home = admin_client.get(reverse("admin:index"))
    [tile] = [t for t in home.context["dashboard"].editor if t.title == "Not published on schedule"]
    assert tile.alert and [(i.count, i.url) for i in tile.items] == [
        (1, reverse("admin:procedures_procedure_changelist") + "?unpublished=failed")
    ]
    failed = admin_client.get(tile.items[0].url).content.decode()
    assert "Cross-facial nerve graft" in failed and "Another page" not in failed


def test_a_failed_publication_names_each_refused_field_by_its_label():
    """A case whose photo pair lost its photo meanwhile: "photo pair, Before photo", not the
    form's name for the field."""
    form = type("F", (), {"errors": {}, "fields": {}})()
    pairs = type(
        "FS",
        (),
        {
            "errors": [{"before_upload": ["Choose the before photo."]}],
            "non_form_errors": lambda self: [],
            "model": PhotoPair,
            "form": PhotoPairAdminForm,
        },
    )()
    said = _errors_in_words(form, [pairs])
    assert said == "the form does not accept it: photo pair, Before photo: Choose the before photo"


def test_the_task_worker_publishes_and_withdraws_on_time(page_cache, admin_client, long_procedure):
    """Nobody at the keyboard: `manage.py db_worker` runs the tasks queued for each time."""
    from django_tasks_db.models import DBTaskResult

    from tests.consultations.task_worker import run_worker

    url = long_procedure.get_absolute_url()
    save_draft(admin_client, long_procedure, **{"sections-3-body": "An inch a month."})
    go_live, leave = timezone.now() + timedelta(hours=2), timezone.now() + timedelta(days=9)
    admin_client.post(
        schedule_url(long_procedure), {"go_live_at": local(go_live), "withdraw_at": local(leave)}
    )
    tasks = DBTaskResult.objects.filter(task_path="practice_site.drafts.tasks.publish_due")
    assert sorted(local(t.run_after) for t in tasks) == [local(go_live), local(leave)]

    assert "about a millimeter a day" in public_text(url)  # cached
    run_worker()  # nothing is due yet
    assert "about a millimeter a day" in public_text(url)

    # Two hours later: the first task falls due.
    first = tasks.order_by("run_after").first()
    DBTaskResult.objects.filter(pk=first.pk).update(run_after=timezone.now())
    Draft.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert "An inch a month." in public_text(url)
    assert Client().get(url).status_code == 200

    # Nine days later: the second.
    tasks.update(run_after=timezone.now())
    Withdrawal.objects.update(withdraw_at=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert Client().get(url).status_code == 404
    assert [v.note for v in Version.objects.of(long_procedure)][:2] == [
        "Taken off the site",
        "Published on schedule",
    ]
