"""Retention: `purge_consultations` deletes what is past its time and nothing younger."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations import services, spam
from consultations.models import AccessLog, ConsultationRequest, StaffNote, UsedFormToken

from .inbox import CHANGELIST

pytestmark = pytest.mark.django_db


def purge(*args):
    out = io.StringIO()
    call_command("purge_consultations", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def boundary_requests(settings, make_request):
    settings.CONSULTATION_RETENTION_DAYS = 730
    margin = timedelta(minutes=1)  # the command runs a moment after these rows are written
    return {
        "old": make_request(timedelta(days=730) + margin, reference="CR-OLD"),
        "young": make_request(timedelta(days=730) - margin, reference="CR-YOUNG"),
        "old_spam": make_request(timedelta(days=30) + margin, reference="CR-OLDSPAM", is_spam=True),
        "young_spam": make_request(
            timedelta(days=30) - margin, reference="CR-YOUNGSPAM", is_spam=True
        ),
        "recent_genuine": make_request(timedelta(days=31), reference="CR-RECENT"),
    }


def remaining():
    return set(ConsultationRequest.objects.values_list("reference", flat=True))


def test_purge_deletes_past_retention_and_old_spam_and_keeps_the_rest(boundary_requests):
    output = purge()
    assert remaining() == {"CR-YOUNG", "CR-YOUNGSPAM", "CR-RECENT"}
    assert (
        "Deleted 1 request(s) older than 730 days and 1 request(s) suspected spam for more than "
        "30 days" in output
    )


def test_dry_run_counts_but_deletes_nothing(boundary_requests):
    output = purge("--dry-run")
    assert len(remaining()) == 5
    assert (
        "would delete 1 request(s) older than 730 days and 1 request(s) suspected spam for more "
        "than 30 days" in output
    )


def test_a_request_moved_to_spam_gets_a_month_from_then(make_request, staff_user):
    old = make_request(timedelta(days=60), reference="CR-OLD-GENUINE")
    services.set_spam_flag(ConsultationRequest.objects.filter(pk=old.pk), True, staff_user)

    purge()
    assert remaining() == {"CR-OLD-GENUINE"}  # a mistake a colleague may still put right

    ConsultationRequest.objects.update(spam_since=timezone.now() - timedelta(days=31))
    purge()
    assert remaining() == set()


def test_who_marked_a_request_as_spam_outlives_the_request(front_desk, make_request):
    request = make_request(timedelta(days=60))
    front_desk.post(
        reverse(CHANGELIST), {"action": "mark_as_spam", "_selected_action": [request.pk]}
    )
    ConsultationRequest.objects.update(spam_since=timezone.now() - timedelta(days=31))

    purge()

    assert not ConsultationRequest.objects.exists()
    [entry] = LogEntry.objects.all()
    assert (entry.user, entry.object_repr, entry.get_change_message()) == (
        front_desk.user,
        request.reference,
        "Marked as suspected spam.",
    )


def test_spam_is_never_kept_past_the_retention_period(make_request, staff_user, settings):
    settings.CONSULTATION_RETENTION_DAYS = 730
    late = make_request(timedelta(days=731), reference="CR-MARKED-LATE")
    services.set_spam_flag(ConsultationRequest.objects.filter(pk=late.pk), True, staff_user)
    purge()
    assert remaining() == set()


def test_retention_period_comes_from_the_setting(boundary_requests, settings):
    settings.CONSULTATION_RETENTION_DAYS = 31
    purge()
    assert remaining() == {"CR-YOUNGSPAM"}


def test_purge_takes_notes_but_keeps_the_audit_trail(boundary_requests, staff_user):
    old = boundary_requests["old"]
    StaffNote.objects.create(request=old, author=staff_user, text="Called back")
    AccessLog.objects.create(
        request=old,
        reference=old.reference,
        user=staff_user,
        username=staff_user.username,
        action=AccessLog.Action.VIEWED,
    )
    purge()
    assert not StaffNote.objects.exists()
    entry = AccessLog.objects.get()
    assert entry.request is None and entry.reference == "CR-OLD"


def test_purge_forgets_staff_search_words_as_old_as_the_deleted_requests(
    boundary_requests, staff_user
):
    """Staff search the inbox by a patient's name, email or phone: the words go with the
    requests, while the entry (who searched, when, how many rows) stays in the audit trail."""

    def searched(words, age):
        entry = AccessLog.objects.record(staff_user, AccessLog.Action.SEARCHED, query=words)
        AccessLog.objects.filter(pk=entry.pk).update(at=timezone.now() - age)
        return entry.pk

    margin = timedelta(minutes=1)
    old = searched("Rosa Nguyen", timedelta(days=730) + margin)
    young = searched("rosa@example.org", timedelta(days=730) - margin)
    assert "would forget the search words of 1 access log entries" in purge("--dry-run")
    assert AccessLog.objects.get(pk=old).query == "Rosa Nguyen"
    assert "forgot the search words of 1 access log entries older than 730 days" in purge()
    kept = AccessLog.objects.get(pk=old)
    assert (kept.query, kept.username, kept.action) == ("", staff_user.username, "searched")
    assert AccessLog.objects.get(pk=young).query == "rosa@example.org"


def test_running_twice_is_harmless(boundary_requests):
    purge()
    assert "Deleted 0 request(s)" in purge()


def test_purge_forgets_used_form_tokens_once_they_have_expired(settings):
    settings.CONSULTATION_FORM_MAX_AGE_HOURS = 48
    old, young = spam.make_token(), spam.make_token()
    assert spam.claim_token(old) and spam.claim_token(young)
    UsedFormToken.objects.filter(digest=spam.token_digest(old)).update(
        used_at=timezone.now() - timedelta(hours=48, minutes=1)
    )
    assert "1 used form token(s)" in purge()
    assert list(UsedFormToken.objects.values_list("digest", flat=True)) == [
        spam.token_digest(young)
    ]
    assert not spam.claim_token(young)  # still a replay
