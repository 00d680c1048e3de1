"""The staff email leaves the patient's request: queued with it, sent by the task worker.

Real parts: SMTP servers that hang or answer one byte at a time (bench/smtp_servers.py), the
real `db_worker` command (in its own process where it is killed), committed transactions.
"""

import json
import signal
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import ConsultationRequest

from .conftest import submitted_values
from .task_worker import notification_tasks, run_worker, run_worker_process, start_worker_process

Notification = ConsultationRequest.Notification
EMAIL_TIMEOUT = 10
# "Well under EMAIL_TIMEOUT": a post normally answers in tens of milliseconds; this leaves room
# for a busy CI machine while failing by far when any SMTP conversation happens in the request.
FAST = 2.0


@pytest.fixture
def mail_server(smtp_server, settings):
    """A real SMTP server this process sends through; the test starts it in the mode it needs."""
    settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT
    return smtp_server


def restart(server, mode):
    server.stop()
    server.start(mode)


def timed_post(client, data):
    began = time.monotonic()
    response = client.post(reverse("consultations:request"), data)
    return response, time.monotonic() - began


def assert_no_submitted_value(text, data, procedure):
    for value in submitted_values(data, procedure):
        assert value.lower() not in text.lower(), f"{value!r} leaked"


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


# --- (1), (2): whatever SMTP does, the patient's post answers at once -----------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["hung", "dribbling"])
def test_the_post_answers_at_once_however_the_mail_server_behaves(
    client, form_data, mail_server, mode
):
    """hung: accepts the connection, never answers; dribbling: answers one byte at a time."""
    mail_server.start(mode)
    response, elapsed = timed_post(client, form_data)

    assert response.status_code == 302 and response.url == reverse("consultations:thanks")
    assert elapsed < FAST, f"the post took {elapsed:.1f} s (EMAIL_TIMEOUT is {EMAIL_TIMEOUT} s)"
    request = ConsultationRequest.objects.get()  # committed: this test runs outside a transaction
    assert request.notification_status == Notification.PENDING
    assert request.notification_attempts == 0
    assert mail_server.connections == 0  # the request did not even try
    [task] = notification_tasks()
    assert task.args_kwargs["args"] == [request.pk]


# --- (3): a worker run delivers exactly one email once SMTP is healthy --------------------------


@pytest.mark.deploy
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_exactly_one_email_once_the_mail_server_is_healthy(
    client, form_data, procedure, mail_server
):
    mail_server.start("hung")
    client.post(reverse("consultations:request"), form_data)
    request = ConsultationRequest.objects.get()

    # The worker's attempt while the server hangs fails after EMAIL_TIMEOUT; the task queues a
    # retry for later and the request stays pending.
    run_worker_process(mail_server.port, EMAIL_TIMEOUT=1)
    request.refresh_from_db()
    assert request.notification_status == Notification.PENDING
    assert request.notification_attempts == 1 and request.notification_error
    failed, retry = notification_tasks()
    assert failed.status == "SUCCESSFUL" and failed.return_value.startswith("not sent")
    assert retry.status == "READY" and retry.run_after > timezone.now()
    assert retry.args_kwargs["args"] == [request.pk]

    restart(mail_server, "healthy")
    # Due in a minute; an hour, so that a slow start of the next worker cannot make it due.
    notification_tasks(status="READY").update(run_after=timezone.now() + timedelta(hours=1))
    run_worker_process(mail_server.port)  # the retry is not due yet: nothing happens
    assert mail_server.messages == []
    notification_tasks(status="READY").update(run_after=timezone.now())  # ... and now it is
    run_worker_process(mail_server.port)
    run_worker_process(mail_server.port)

    [message] = mail_server.messages
    assert f"New consultation request {request.reference}" in message
    assert_no_submitted_value(message, form_data, procedure)
    request.refresh_from_db()
    assert request.notification_status == Notification.SENT
    assert request.notification_attempts == 2 and request.notification_error == ""
    assert [t.status for t in notification_tasks()] == ["SUCCESSFUL", "SUCCESSFUL"]
    call_command("send_pending_notifications", verbosity=0)  # the safety net finds nothing
    assert len(mail_server.messages) == 1


# --- (4): a worker killed mid-send loses nothing; the safety net sends exactly once -------------


@pytest.mark.deploy
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_the_safety_net_sends_it_once(
    client, form_data, mail_server
):
    mail_server.start("hung")
    client.post(reverse("consultations:request"), form_data)
    request = ConsultationRequest.objects.get()

    worker = start_worker_process(mail_server.port, EMAIL_TIMEOUT=120)
    try:

        def talking_to_the_mail_server():
            assert worker.poll() is None, worker.communicate()[0]
            status = ConsultationRequest.objects.get().notification_status
            return mail_server.connections and status == Notification.SENDING

        wait_for(talking_to_the_mail_server, timeout=60, what="the worker to claim and connect")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)

    request.refresh_from_db()
    assert request.notification_status == Notification.SENDING  # the dead worker's claim
    [task] = notification_tasks()
    assert task.status == "RUNNING"  # django-tasks-db never hears back from a killed worker

    restart(mail_server, "healthy")
    # A fresh claim may belong to a sender still at work: the safety net leaves it alone ...
    call_command("send_pending_notifications", verbosity=0)
    assert mail_server.messages == []
    # ... and takes it back once it is older than any live send can last.
    ConsultationRequest.objects.update(
        notification_claimed_at=timezone.now() - services.STALE_CLAIM_AFTER - timedelta(seconds=1)
    )
    call_command("send_pending_notifications", verbosity=0)
    call_command("send_pending_notifications", verbosity=0)
    run_worker_process(mail_server.port)  # a new worker has nothing left to send

    [message] = mail_server.messages
    assert request.reference in message
    request.refresh_from_db()
    assert request.notification_status == Notification.SENT


# --- (5): the task carries the request's key and nothing the patient wrote ----------------------


@pytest.mark.django_db
def test_the_queued_task_carries_only_the_requests_pk(post, form_data, procedure):
    post(form_data)
    request = ConsultationRequest.objects.get()
    [task] = notification_tasks().values()
    assert task["args_kwargs"] == {"args": [request.pk], "kwargs": {}}
    assert_no_submitted_value(json.dumps(task, default=str), form_data, procedure)


# --- the outbox --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_request_and_its_task_are_stored_together_or_not_at_all(form_data):
    from consultations.forms import ConsultationForm

    form = ConsultationForm(data=form_data)
    assert form.is_valid(), form.errors
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_request(
            form.cleaned_data, client_hash="c" * 64, consent_text="yes", consent_version="1"
        )
        assert notification_tasks().count() == 1
        raise RuntimeError("the transaction fails after the task was queued")
    assert ConsultationRequest.objects.count() == 0
    assert notification_tasks().count() == 0


@pytest.mark.django_db
def test_nothing_waits_for_the_commit_and_nothing_is_sent_in_the_request(
    client, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("consultations:request"), form_data)
    assert callbacks == [] and mail.outbox == []
    assert notification_tasks().count() == 1
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_request_whose_task_cannot_be_queued_is_kept_for_the_safety_net(
    post, form_data, monkeypatch, caplog
):
    from django_tasks_db.backend import DatabaseBackend

    def broken_queue(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(DatabaseBackend, "enqueue", broken_queue)
    response = post(form_data)

    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.notification_status == Notification.PENDING
    assert notification_tasks().count() == 0
    assert "could not be queued" in caplog.text
    call_command("send_pending_notifications", verbosity=0)
    assert [m.subject for m in mail.outbox] == [f"New consultation request {request.reference}"]


# --- the worker's side ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_retries_back_off_and_stop_after_the_last_attempt(post, form_data, settings):
    settings.CONSULTATION_NOTIFY_EMAILS = []  # every attempt fails
    post(form_data)
    request = ConsultationRequest.objects.get()
    delays = []
    for _ in range(services.TASK_ATTEMPTS):
        notification_tasks(status="READY").update(run_after=timezone.now())
        before = timezone.now()
        run_worker()
        retry = notification_tasks(status="READY").first()
        delays.append(retry and round((retry.run_after - before).total_seconds() / 60))
    request.refresh_from_db()
    assert request.notification_attempts == services.TASK_ATTEMPTS
    assert request.notification_status == Notification.PENDING
    assert delays == [1, 5, 15] + [60] * (services.TASK_ATTEMPTS - 4) + [None]
    assert notification_tasks().last().return_value == (
        "not sent; left to send_pending_notifications"
    )


@pytest.mark.django_db
def test_a_mail_server_answering_byte_by_byte_cannot_hold_a_send_past_its_deadline(
    mail_server, monkeypatch, post, form_data
):
    monkeypatch.setattr(services, "SEND_DEADLINE_SECONDS", 2)
    mail_server.start("dribbling")  # a quarter second per byte: each read is well in time
    post(form_data)
    began = time.monotonic()
    run_worker()
    elapsed = time.monotonic() - began

    assert elapsed < 2 + FAST + 1  # without the deadline: minutes
    request = ConsultationRequest.objects.get()
    assert request.notification_status == Notification.PENDING
    assert request.notification_error == "SendDeadlineExceeded"
    assert mail_server.messages == []
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.django_db
def test_a_slow_but_working_mail_server_still_gets_the_email(mail_server, post, form_data):
    mail_server.byte_delay = 0.005
    mail_server.start("dribbling")
    post(form_data)
    run_worker()
    assert len(mail_server.messages) == 1
    assert ConsultationRequest.objects.get().notification_status == Notification.SENT
