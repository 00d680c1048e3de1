"""A schedule, discard or restore page opened before a colleague changed the draft or its
schedule does nothing when confirmed: it would have undone their change without a word."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_site.drafts.models import Draft, Version, Withdrawal

from .helpers import messages_of, submit

pytestmark = pytest.mark.django_db

REFUSED = "Nothing was done: someone changed the draft or its schedule"


def url(name, *args):
    return reverse(f"admin:procedures_procedure_{name}", args=args)


def opened(client, address):
    """The page's hidden token, as the browser would post it back."""
    return re.search(r'name="seen" value="([^"]+)"', client.get(address).content.decode())[1]


def moment(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_a_stale_discard_page_keeps_the_draft_a_colleague_saved_since(admin_client, long_procedure):
    submit(admin_client, long_procedure, {"summary": "Mine."}, "_save_draft")
    seen = opened(admin_client, url("discard", long_procedure.pk))
    submit(admin_client, long_procedure, {"summary": "A colleague's."}, "_save_draft")
    response = admin_client.post(url("discard", long_procedure.pk), {"seen": seen}, follow=True)
    assert REFUSED in " ".join(messages_of(response))
    assert Draft.objects.get().data["summary"] == ["A colleague's."]


def test_a_stale_schedule_page_keeps_a_colleagues_time(admin_client, long_procedure):
    submit(admin_client, long_procedure, {"summary": "Ready."}, "_save_draft")
    schedule = url("schedule", long_procedure.pk)
    seen = opened(admin_client, schedule)  # both times empty
    admin_client.post(schedule, {"seen": opened(admin_client, schedule), "withdraw_at": moment(3)})
    assert Withdrawal.objects.exists()  # the colleague's
    response = admin_client.post(schedule, {"seen": seen, "go_live_at": moment(1)}, follow=True)
    assert REFUSED in " ".join(messages_of(response))
    assert Withdrawal.objects.exists() and Draft.objects.get().publish_at is None


def test_a_stale_restore_keeps_the_draft_a_colleague_saved_since(admin_client, long_procedure):
    submit(admin_client, long_procedure, {"summary": "Published again."}, "_save")
    old = Version.objects.of(long_procedure).last()
    seen = opened(admin_client, url("version", long_procedure.pk, old.pk))  # no draft yet
    submit(admin_client, long_procedure, {"summary": "A colleague's."}, "_save_draft")
    response = admin_client.post(
        url("version", long_procedure.pk, old.pk), {"seen": seen}, follow=True
    )
    assert REFUSED in " ".join(messages_of(response))
    assert Draft.objects.get().data["summary"] == ["A colleague's."]
