"""The staff email: sent by the task worker, without patient data, retried, sent exactly once.

tests/consultations/test_notification_worker.py covers the request's side: the post never waits
for the mail server, whatever it does, and a worker killed mid-send loses nothing.
"""

import io
import logging
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from consultations import services
from consultations.models import ConsultationRequest

from .conftest import another, submitted_values, timing_token
from .task_worker import ROOT, database_env, notification_tasks, run_worker

Notification = ConsultationRequest.Notification


def assert_no_submitted_value(text, data, procedure):
    lowered = text.lower()
    for value in submitted_values(data, procedure):
        assert value.lower() not in lowered, f"{value!r} leaked"


@pytest.fixture
def make_requests(make_request):
    """Stored requests waiting for their staff email, as after a mail outage."""
    return lambda count, **fields: [make_request(**fields) for _ in range(count)]


@pytest.mark.django_db
def test_staff_email_holds_no_submitted_value_only_reference_and_admin_link(
    post, form_data, procedure, settings
):
    settings.SITE_URL = "https://www.example-practice.test"
    post(form_data)
    run_worker()

    request = ConsultationRequest.objects.get()
    [message] = mail.outbox
    assert message.to == ["frontdesk@example.test"]
    assert message.subject == f"New consultation request {request.reference}"
    link = f"https://www.example-practice.test/admin/consultations/consultationrequest/{request.pk}/change/"
    assert link in message.body
    assert request.reference in message.body
    for part in (message.subject, message.body, str(message.message())):
        assert_no_submitted_value(part, form_data, procedure)
    assert message.attachments == [] and not getattr(message, "alternatives", [])
    # The same Message-ID on every attempt: a copy sent twice (a sender killed between the
    # server's "accepted" and recording it) shows as one message.
    assert message.message()["Message-ID"] == (
        f"<consultation-request.{request.reference}@www.example-practice.test>"
    )
    request.refresh_from_db()
    assert request.notification_status == Notification.SENT and request.notified_at


@pytest.mark.django_db
def test_smtp_down_then_recovered_delivers_each_request_exactly_once(
    post, form_data, procedure, smtp_server, caplog
):
    # The mail server is down while two patients send requests and the worker tries them.
    with caplog.at_level(logging.DEBUG):
        first = post(form_data)
        second = post(
            {
                **form_data,
                "first_name": "Oskar",
                "email": "oskar.b@example.org",
                "phone": "+1 213 555 0187",
                "form_started": timing_token(),
            }
        )
        run_worker()
    assert first.status_code == second.status_code == 302  # patients still see success
    requests = list(ConsultationRequest.objects.order_by("pk"))
    assert [r.notification_status for r in requests] == [Notification.PENDING] * 2
    assert all(r.notification_attempts == 1 and r.notification_error for r in requests)
    assert notification_tasks(status="READY").count() == 2  # a retry each, a minute later

    # Still down: the safety net changes nothing and loses nothing.
    stderr = io.StringIO()
    call_command("send_pending_notifications", stdout=io.StringIO(), stderr=stderr)
    assert "2 could not be sent and stay pending" in stderr.getvalue()
    assert ConsultationRequest.objects.pending_notification().count() == 2

    # The server is back: one run delivers both, a second run and the retries send nothing more.
    smtp_server.start()
    call_command("send_pending_notifications", stdout=io.StringIO())
    call_command("send_pending_notifications", stdout=io.StringIO())
    notification_tasks(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(smtp_server.messages) == 2
    for request in requests:
        assert sum(request.reference in m for m in smtp_server.messages) == 1
    assert ConsultationRequest.objects.filter(notification_status=Notification.SENT).count() == 2
    for message in smtp_server.messages:
        assert_no_submitted_value(message, form_data, procedure)
    # What was logged along the way names the reference and the error class, nothing typed.
    for record in caplog.records:
        assert_no_submitted_value(
            record.getMessage() + (record.exc_text or ""), form_data, procedure
        )
    assert any("stays pending" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_when_smtp_is_up_the_worker_sends_the_email_at_once(post, form_data, smtp_server):
    smtp_server.start()
    post(form_data)
    assert smtp_server.messages == []  # not from inside the patient's request
    run_worker()
    assert len(smtp_server.messages) == 1
    assert ConsultationRequest.objects.get().notification_status == Notification.SENT


@pytest.mark.django_db
def test_the_safety_net_stops_at_the_first_failure_instead_of_waiting_on_each(
    smtp_server, settings, make_requests
):
    settings.EMAIL_TIMEOUT = 1
    smtp_server.start("hung")
    make_requests(3)
    began = time.monotonic()
    assert services.send_pending_notifications() == (0, 3)
    assert time.monotonic() - began < 2 * settings.EMAIL_TIMEOUT + 1  # not three timeouts
    assert smtp_server.connections == 1
    assert ConsultationRequest.objects.pending_notification().count() == 3


@pytest.mark.django_db
def test_without_recipients_requests_wait_until_one_is_configured(post, form_data, settings):
    settings.CONSULTATION_NOTIFY_EMAILS = []
    post(form_data)
    run_worker()
    assert ConsultationRequest.objects.get().notification_status == Notification.PENDING
    settings.CONSULTATION_NOTIFY_EMAILS = ["desk@example.test"]
    call_command("send_pending_notifications", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["desk@example.test"]]


@pytest.mark.django_db
def test_a_claimed_request_is_not_sent_again(make_requests):
    [request] = make_requests(1)
    ConsultationRequest.objects.filter(pk=request.pk).update(
        notification_status=Notification.SENDING, notification_claimed_at=timezone.now()
    )
    assert services.notify_staff(request.pk) is False
    assert services.send_pending_notifications() == (0, 0)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_sent_or_spam_request_is_never_mailed_again(make_requests):
    sent, spam = make_requests(2)
    ConsultationRequest.objects.filter(pk=sent.pk).update(notification_status=Notification.SENT)
    ConsultationRequest.objects.filter(pk=spam.pk).update(
        notification_status=Notification.SKIPPED, is_spam=True
    )
    assert services.send_pending_notifications() == (0, 0)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_claim_abandoned_by_a_crashed_sender_is_retried_later(make_requests):
    stuck, fresh = make_requests(2, notification_status=Notification.SENDING)
    ConsultationRequest.objects.filter(pk=stuck.pk).update(
        notification_claimed_at=timezone.now() - services.STALE_CLAIM_AFTER - timedelta(seconds=1)
    )
    ConsultationRequest.objects.filter(pk=fresh.pk).update(notification_claimed_at=timezone.now())
    assert services.send_pending_notifications() == (1, 0)
    assert [m.subject for m in mail.outbox] == [f"New consultation request {stuck.reference}"]


@pytest.mark.django_db
def test_a_request_marked_spam_while_its_email_was_being_sent_is_not_retried(
    make_requests, smtp_server
):
    failed, abandoned = make_requests(2)
    # Staff marked both as spam while senders held them (set_spam_flag leaves a claimed row
    # alone; the flag is set directly here). One sender finds the mail server down; the other
    # was killed mid-send, and its claim has gone stale.
    ConsultationRequest.objects.update(is_spam=True)
    assert services.notify_staff(failed.pk) is False  # the SMTP server is not started
    ConsultationRequest.objects.filter(pk=abandoned.pk).update(
        notification_status=Notification.SENDING,
        notification_claimed_at=timezone.now() - services.STALE_CLAIM_AFTER - timedelta(seconds=1),
    )
    smtp_server.start("healthy")
    assert services.send_pending_notifications() == (0, 0)
    assert set(ConsultationRequest.objects.values_list("notification_status", flat=True)) == {
        Notification.SKIPPED
    }
    assert smtp_server.mailbox.messages == []


@pytest.mark.deploy
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_every_pending_email_exactly_once(smtp_server, make_requests):
    requests = make_requests(20)
    smtp_server.mailbox.delay = 0.15  # a slow mail server keeps both runs busy at the same time
    smtp_server.mailbox.hold_until_connections = 2  # the first email waits for the other run
    smtp_server.start()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.test",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "LOG_LEVEL": "WARNING",
            **database_env(),
        }
    )
    command = [sys.executable, "manage.py", "send_pending_notifications"]
    runs = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    assert len(smtp_server.messages) == 20
    for request in requests:
        assert sum(request.reference in m for m in smtp_server.messages) == 1
    assert set(ConsultationRequest.objects.values_list("notification_status", flat=True)) == {
        Notification.SENT
    }
    counts = [int(out.split()[1]) for out, _ in outputs]  # "Sent N pending notification(s)."
    assert sum(counts) == 20
    assert min(counts) > 0, "the two runs did not overlap, so this proved nothing"


@pytest.mark.django_db
def test_logs_never_contain_submitted_values(post, form_data, procedure, caplog, settings):
    settings.CONSULTATION_RATE_LIMIT = True
    with caplog.at_level(logging.DEBUG):
        post(form_data)
        post({**form_data, "email": "broken"})  # a validation error
        post({**form_data, "website": "x"})  # spam
        post({**form_data, "form_started": timing_token()})  # the same again: kept once
        for _ in range(4):
            post(another(form_data))  # the last one is rate limited
    assert caplog.records, "expected the submissions to be logged"
    for record in caplog.records:
        assert_no_submitted_value(record.getMessage(), form_data, procedure)


def failing_insert(execute, sql, params, many, context):
    if sql.startswith('INSERT INTO "consultations_consultationrequest"'):
        raise RuntimeError("database fell over")
    return execute(sql, params, many, context)


def failing_phone_parser(number, region=None, *args, **kwargs):
    raise RuntimeError("phone library fell over")


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["storing", "validating"])
def test_error_reports_of_a_crash_hold_no_submitted_value(
    form_data, procedure, caplog, settings, monkeypatch, where
):
    """Crashes where submitted values sit in local variables: SQL parameters, the raw phone."""
    settings.DEBUG = False
    settings.ADMINS = [("Webmaster", "webmaster@example.test")]
    if where == "validating":
        monkeypatch.setattr("consultations.forms.phonenumbers.parse", failing_phone_parser)
    client = Client(raise_request_exception=False)
    with (
        caplog.at_level(logging.ERROR, logger="django.request"),
        connection.execute_wrapper(failing_insert),
    ):
        response = client.post(reverse("consultations:request"), form_data)
    assert response.status_code == 500
    assert ConsultationRequest.objects.count() == 0
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # The report mailed to ADMINS, and its HTML version should the handler ever attach one.
    [report_mail] = [m for m in mail.outbox if m.to == ["webmaster@example.test"]]
    reporter = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    for report in (report_mail.subject + report_mail.body, reporter.get_traceback_html()):
        assert "fell over" in report
        assert_no_submitted_value(report, form_data, procedure)
