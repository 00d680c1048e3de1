"""Submitting the form: what is stored, spam paths, the rate limit, the pages around it."""

import re
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations import forms, services, spam
from consultations.models import ConsultationRequest

from .conftest import another, timing_token
from .task_worker import notification_tasks, run_worker

pytestmark = pytest.mark.django_db
THANKS = "/consultation/thanks/"
ROOT = Path(__file__).resolve().parents[2]


# --- storage and consent ---------------------------------------------------------------------


def test_valid_request_is_stored_with_consent_and_redirected_to_thanks(post, form_data, procedure):
    before = timezone.now()
    response = post(form_data)

    assert response.status_code == 302 and response["Location"] == THANKS
    request = ConsultationRequest.objects.get()
    assert (request.first_name, request.last_name) == ("Henrietta", "Quarrington-Vale")
    assert request.email == "henrietta.qv@example.org"
    assert request.phone == "+16265550142"
    assert request.contact_method == "text" and request.best_time == "morning"
    assert request.patient == "child" and request.heard_about == "patient_group"
    assert request.procedure == procedure
    assert request.procedure_title == "Gracilis free muscle transfer"
    assert request.message == form_data["message"]
    assert request.status == ConsultationRequest.Status.NEW
    assert not request.is_spam and request.spam_reason == ""
    # Consent: the exact words shown, their version and the time.
    assert request.consent_version == forms.CONSENT_VERSION
    assert request.consent_text == (
        "I have read the terms of use and the privacy notice. I agree that the practice may keep "
        "what I have sent in this form and use it to contact me about my request."
    )
    assert before <= request.consent_given_at <= timezone.now()
    assert request.reference.startswith("CR-") and len(request.reference) == 12


def test_procedure_title_survives_the_procedure_being_deleted(post, form_data, procedure):
    post(form_data)
    procedure.delete()
    request = ConsultationRequest.objects.get()
    assert request.procedure is None
    assert request.procedure_title == "Gracilis free muscle transfer"


def test_not_sure_yet_stores_no_procedure(post, form_data):
    form_data["procedure"] = ""
    post(form_data)
    request = ConsultationRequest.objects.get()
    assert request.procedure is None and request.procedure_title == ""


def test_invalid_request_stores_nothing_and_mails_nobody(post, form_data):
    form_data["email"] = "nope"
    response = post(form_data)
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert mail.outbox == []


def test_each_stored_request_gets_its_own_reference(post, form_data, settings):
    settings.CONSULTATION_RATE_LIMIT = False
    for _ in range(3):
        post(another(form_data))
    references = set(ConsultationRequest.objects.values_list("reference", flat=True))
    assert len(references) == 3


# --- spam ------------------------------------------------------------------------------------


def altered(token):
    """The token with its last character changed (always changed, whatever it was)."""
    return token[:-1] + ("b" if token[-1] == "a" else "a")


# Tokens are made when the test runs (lambdas), not when pytest collects the tests.
@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda: {"website": "http://cheap-pills.example"}, "honeypot"),
        (lambda: {"form_started": altered(timing_token())}, "tampered"),
        (
            lambda: {"form_started": signing.dumps({"t": time.time() - 60}, salt="other")},
            "tampered",
        ),
        (lambda: {"form_started": "not-a-token"}, "tampered"),
        (lambda: {"form_started": ""}, "missing"),
    ],
    ids=["honeypot", "altered", "other-salt", "garbage", "empty"],
)
def test_suspected_spam_looks_like_success_is_kept_flagged_and_mails_nobody(
    post, form_data, change, reason
):
    response = post({**form_data, **change()})

    assert response.status_code == 302 and response["Location"] == THANKS
    request = ConsultationRequest.objects.get()
    assert request.is_spam and request.spam_reason == reason
    assert request.notification_status == ConsultationRequest.Notification.SKIPPED
    assert request.message == form_data["message"]  # kept whole for staff to review
    run_worker()
    assert mail.outbox == []


def shown_token(response):
    return response.context["form"]["form_started"].value()


def test_a_form_sent_moments_after_the_page_opened_is_asked_again_not_filed_as_spam(
    post, form_data, monkeypatch
):
    """Back (or a link in the form, then Back) serves the page again with a new token and the
    browser fills the form in: sent at once, it looks like a bot's. Nothing is stored and
    nothing is lost: the form comes back with everything in it and asks once more."""
    token = timing_token(seconds_ago=0)
    now = time.time()  # the post is read at this moment, however long the machine takes
    monkeypatch.setattr(spam, "time", SimpleNamespace(time=lambda: now))
    response = post({**form_data, "form_started": token})
    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    html = response.content.decode()
    assert "Your request has not been sent yet" in html
    assert "fills the form in again after going back to it" in html
    assert form_data["message"] in html
    # The same page's token, unused: sent again once a person has read this, it passes.
    assert shown_token(response) == token
    later = time.time() + 5
    monkeypatch.setattr(spam, "time", SimpleNamespace(time=lambda: later))
    post({**form_data, "form_started": shown_token(response)})
    request = ConsultationRequest.objects.get()
    assert (request.is_spam, request.spam_reason) == (False, "")
    assert notification_tasks().count() == 1


def test_a_form_from_a_page_open_for_over_a_week_is_asked_again_with_a_new_token(post, form_data):
    response = post({**form_data, "form_started": timing_token(seconds_ago=8 * 24 * 3600)})
    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    assert "open for more than a week" in response.content.decode()
    # A new page's token: sent once a person has read this, it passes.
    assert spam.token_problem(shown_token(response), now=time.time() + 5) == ""


def test_form_without_any_timing_field_is_suspect(post, form_data):
    form_data.pop("form_started")
    post(form_data)
    assert ConsultationRequest.objects.get().spam_reason == "missing"


def test_a_form_opened_before_a_weekend_and_sent_after_it_reaches_staff(post, form_data):
    """Opened on Friday, sent on Monday: a patient, not a bot replaying an old page."""
    post({**form_data, "form_started": timing_token(seconds_ago=3 * 24 * 3600 + 600)})
    request = ConsultationRequest.objects.get()
    assert (request.is_spam, request.spam_reason) == (False, "")
    assert notification_tasks().count() == 1


def test_minimum_fill_time_is_configurable(post, form_data, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    post({**form_data, "form_started": timing_token(seconds_ago=0.1)})
    assert not ConsultationRequest.objects.get().is_spam


def test_timing_token_boundaries(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    settings.CONSULTATION_FORM_MAX_AGE_HOURS = 48
    token = spam.make_token(issued_at=1_000_000)
    assert spam.token_problem(token, now=1_000_002.9) == "too_fast"
    assert spam.token_problem(token, now=1_000_003) == ""
    assert spam.token_problem(token, now=1_000_000 + 48 * 3600) == ""
    assert spam.token_problem(token, now=1_000_000 + 48 * 3600 + 1) == "expired"


def test_honeypot_is_hidden_from_people_screen_readers_and_the_tab_key(client, procedure):
    html = client.get(reverse("consultations:request")).content.decode()
    wrapper = html[html.index('id="div_id_website"') - 5 :]
    wrapper = wrapper[: wrapper.index("</div>")]
    assert "consultation-form__trap" in wrapper
    assert 'tabindex="-1"' in wrapper and 'autocomplete="off"' in wrapper
    assert "Leave this field empty" in wrapper  # what a person would read if CSS failed
    css = (ROOT / "static/css/site.css").read_text()
    assert ".consultation-form__trap {\n  display: none;\n}" in css


# --- one submission per form page ------------------------------------------------------------

# Someone other than the patient: neither their email nor their phone number.
A_BOT = {"email": "offers@example.net", "phone": "+1 213 555 0123"}


def test_a_timing_token_is_good_for_one_submission(post, form_data):
    assert post(form_data).status_code == 302
    # The same page sent again by someone else, from another address: it looks like success,
    # and is kept flagged.
    replay = {**form_data, **A_BOT, "message": "Cheap watches."}
    response = post(replay, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 302 and response["Location"] == THANKS
    first, replay = ConsultationRequest.objects.order_by("pk")
    assert not first.is_spam
    assert replay.is_spam and replay.spam_reason == "replayed"
    assert replay.notification_status == ConsultationRequest.Notification.SKIPPED
    assert replay.message == "Cheap watches."
    assert notification_tasks().count() == 1  # the staff email is queued for the first only


def test_the_same_form_sent_twice_by_one_person_is_kept_once(post, client, form_data):
    """A second tap, or a browser sending the post again: the patient is shown the reference
    of the request staff will see, and no copy waits among the spam."""
    assert post(form_data).status_code == 302
    [stored] = ConsultationRequest.objects.all()
    again = post(form_data)
    assert again.status_code == 302 and again["Location"] == THANKS
    assert list(ConsultationRequest.objects.all()) == [stored]
    assert not ConsultationRequest.objects.get().is_spam
    assert stored.reference in client.get(THANKS).content.decode()
    assert notification_tasks().count() == 1


def test_the_same_form_sent_again_from_elsewhere_is_still_kept_once(post, form_data):
    """On a train the address changes between two presses: the same words are the same request."""
    assert post(form_data).status_code == 302
    assert post(form_data, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert ConsultationRequest.objects.count() == 1
    assert notification_tasks().count() == 1


def test_the_same_person_correcting_the_form_sends_a_request_of_its_own(post, client, form_data):
    """A patient who fixed a typo while the first send stalled: both reach staff, neither is
    filed as spam, and the thank-you page names the corrected one."""
    assert post(form_data).status_code == 302
    corrected = {
        **form_data,
        "message": form_data["message"] + " (Corrected.)",
        "best_time": "afternoon",
    }
    assert post(corrected).status_code == 302
    first, second = ConsultationRequest.objects.order_by("pk")
    assert not first.is_spam and not second.is_spam
    assert (second.message, second.best_time) == (corrected["message"], "afternoon")
    assert second.reference in client.get(THANKS).content.decode()
    assert notification_tasks().count() == 2


def test_a_correction_sent_at_once_after_back_is_genuine(post, client, form_data):
    """Back serves the form again with a new token and the browser fills it in: the patient
    fixes their number and sends within a second, quicker than anyone could type a form."""
    assert post(form_data).status_code == 302
    corrected = {**form_data, "phone": "+1 626 555 0199", "form_started": timing_token(0.5)}
    assert post(corrected).status_code == 302
    first, second = ConsultationRequest.objects.order_by("pk")
    assert (second.phone, second.is_spam, second.spam_reason) == ("+16265550199", False, "")
    assert second.reference in client.get(THANKS).content.decode()
    assert notification_tasks().count() == 2


def test_the_same_form_sent_again_after_back_is_kept_once(post, client, form_data):
    assert post(form_data).status_code == 302
    [stored] = ConsultationRequest.objects.all()
    assert post({**form_data, "form_started": timing_token(seconds_ago=30)}).status_code == 302
    assert list(ConsultationRequest.objects.all()) == [stored]
    assert stored.reference in client.get(THANKS).content.decode()
    assert notification_tasks().count() == 1


def test_a_quick_send_by_someone_else_is_no_correction(post, form_data):
    assert post(form_data).status_code == 302
    response = post({**form_data, **A_BOT, "form_started": timing_token(0.5)})
    assert response.status_code == 200  # asked again, as anyone sending that quickly is
    assert ConsultationRequest.objects.count() == 1


def test_a_quick_send_with_someone_elses_number_does_not_tell_if_they_sent_one(post, form_data):
    """Thanks for one, the form again for the other, would answer "did this number send a
    request this hour?" for anyone who types it in."""
    probe = {**form_data, "message": "Is anyone there?", "form_started": timing_token(0.5)}
    before = post(probe, REMOTE_ADDR="198.51.100.9")
    assert post(form_data).status_code == 302  # the patient, from their own connection
    after = post({**probe, "form_started": timing_token(0.5)}, REMOTE_ADDR="198.51.100.9")
    assert before.status_code == after.status_code == 200
    assert ConsultationRequest.objects.count() == 1


def test_two_people_without_email_are_not_the_same_sender(post, form_data):
    """A replayed page from another address, with another number and, like the first
    sender, no email: still a replay."""
    no_email = {**form_data, "email": "", "contact_method": "phone"}
    assert post(no_email).status_code == 302
    post({**no_email, "phone": A_BOT["phone"]}, REMOTE_ADDR="198.51.100.9")
    assert ConsultationRequest.objects.filter(is_spam=True, spam_reason="replayed").count() == 1


@pytest.mark.parametrize("kept", ["email", "phone"])
def test_a_correction_sent_from_another_network_is_genuine(post, form_data, kept):
    """The phone left the Wi-Fi between the two presses, so the address changed; the patient's
    email or number did not. The correction reaches staff instead of the spam box."""
    assert post(form_data).status_code == 302
    changed = {"email": "other.address@example.org", "phone": "+1 626 555 0199"}
    changed.pop(kept)
    corrected = {**form_data, **changed, "message": form_data["message"] + " (Corrected.)"}
    assert post(corrected, REMOTE_ADDR="198.51.100.9").status_code == 302
    first, second = ConsultationRequest.objects.order_by("pk")
    assert (first.is_spam, second.is_spam, second.spam_reason) == (False, False, "")
    assert second.message == corrected["message"]
    assert notification_tasks().count() == 2


def test_a_second_tap_at_the_rate_limit_shows_the_request_not_the_limit(
    post, client, form_data, settings
):
    settings.CONSULTATION_RATE_LIMIT = True
    for _ in range(4):
        assert post(another(form_data)).status_code == 302
    assert post(form_data).status_code == 302  # the fifth, stored
    fifth = ConsultationRequest.objects.order_by("pk").last()
    again = post(form_data)
    assert again.status_code == 302 and again["Location"] == THANKS
    assert ConsultationRequest.objects.count() == 5
    assert fifth.reference in client.get(THANKS).content.decode()


def test_every_form_page_gets_its_own_token():
    assert spam.make_token(issued_at=1_000_000) != spam.make_token(issued_at=1_000_000)


def test_a_page_sent_back_with_errors_keeps_its_token_unused(post, form_data):
    assert post({**form_data, "email": "nope"}).status_code == 200
    assert post(form_data).status_code == 302
    assert not ConsultationRequest.objects.get().is_spam


def test_a_rate_limited_attempt_leaves_its_token_unused(post, form_data):
    for _ in range(5):
        post(another(form_data))
    assert post(form_data).status_code == 429
    assert post(form_data, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert not ConsultationRequest.objects.filter(is_spam=True).exists()


def waiting_for_a_lock(timeout=20):
    """Whether another connection is now blocked on a row lock (PostgreSQL only)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_page_store_one_genuine_and_one_replay(form_data):
    """The second post checks the token while the first has stored it but not yet committed."""
    url = reverse("consultations:request")
    first_stored, second_started = threading.Event(), threading.Event()
    responses = {}

    def first():
        try:
            with transaction.atomic():  # held open until the second post is under way
                responses["first"] = Client(REMOTE_ADDR="198.51.100.1").post(url, form_data)
                first_stored.set()
                second_started.wait(20)
                if connection.vendor == "postgresql":
                    assert waiting_for_a_lock()
                else:
                    time.sleep(0.3)  # SQLite: the second post waits for the write lock
        finally:
            connection.close()

    def second():
        try:
            first_stored.wait(20)
            second_started.set()
            replay = {**form_data, **A_BOT, "message": "Cheap watches."}
            responses["second"] = Client(REMOTE_ADDR="198.51.100.2").post(url, replay)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [responses[name].status_code for name in ("first", "second")] == [302, 302]
    stored = ConsultationRequest.objects.order_by("pk")
    assert [(r.is_spam, r.spam_reason) for r in stored] == [(False, ""), (True, "replayed")]


# --- rate limit ------------------------------------------------------------------------------


def test_sixth_request_in_ten_minutes_gets_a_polite_429_with_the_phone_number(
    post, form_data, practice
):
    for _ in range(5):
        assert post(another(form_data)).status_code == 302
    response = post(another(form_data))

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'href="tel:{practice.phone_e164}"' in html and practice.phone in html
    assert ConsultationRequest.objects.count() == 5
    assert notification_tasks().count() == 5
    # True to what happened: this one was not kept. Whether earlier ones from this connection were
    # the patient's at all is unknown (a whole office can share an address), so nothing is said.
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Your request has not been sent" in text
    assert "Nothing you typed has reached us yet; it is all still in the form below." in text
    assert "reached us, so there is no need" not in text and "already have" not in text
    # The form comes back as it was sent, for a second press ten minutes on.
    assert 'value="Quarrington-Vale"' in html and form_data["message"] in html


@pytest.mark.django_db(transaction=True)
def test_a_database_too_busy_to_write_brings_the_form_back_and_a_second_press_stores_it(
    client, form_data, practice
):
    """A long staff upload holds SQLite's write lock past the patient's wait: no error page."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL locks rows, not the database")
    url = reverse("consultations:request")
    options = connection.settings_dict["OPTIONS"]
    timeout, options["timeout"] = options["timeout"], 0.2
    connection.close()  # the next query opens a connection that waits 0.2 s, not 20
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        response = client.post(url, form_data)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        options["timeout"] = timeout
        connection.close()

    assert response.status_code == 503 and response["Retry-After"] == "60"
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "too busy to store your request" in text
    assert "Nothing you typed has reached us yet; it is all still in the form below." in text
    assert 'value="Quarrington-Vale"' in html and form_data["message"] in html
    assert f'href="tel:{practice.phone_e164}"' in html
    assert ConsultationRequest.objects.count() == 0
    # Its token was not used up: pressing Send again stores the request, as genuine.
    assert client.post(url, form_data).status_code == 302
    assert ConsultationRequest.objects.get().is_spam is False
    assert notification_tasks().count() == 1


def test_a_post_without_the_csrf_cookie_brings_the_form_back_with_what_was_typed(
    form_data, practice, settings
):
    """Cookies blocked, or cleared while the form was open: Django would answer a bare 403."""
    browser = Client(enforce_csrf_checks=True)
    url = reverse("consultations:request")
    browser.get(url)
    browser.cookies.clear()
    response = browser.post(url, {**form_data, "csrfmiddlewaretoken": "x" * 32})
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<title>Not sent yet: " in html and "security cookie" in html
    assert 'value="Quarrington-Vale"' in html and form_data["message"] in html
    assert f'href="tel:{practice.phone_e164}"' in html
    assert ConsultationRequest.objects.count() == 0
    # The page gave a new cookie and token: pressing Send again goes through.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.cookies[settings.CSRF_COOKIE_NAME].value
    again = browser.post(url, {**form_data, "csrfmiddlewaretoken": token})
    assert again.status_code == 302 and ConsultationRequest.objects.count() == 1


def test_other_refused_posts_get_a_page_that_says_why(practice):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "What you sent has not been saved" in html and "security cookie" in html


def test_spam_counts_towards_the_limit_too(post, form_data):
    for _ in range(5):
        post({**form_data, "website": "spam", "form_started": timing_token()})
    assert post(form_data).status_code == 429


def test_the_addresses_of_one_ipv6_network_share_one_limit(post, form_data, behind_proxies):
    """Each home or phone gets a whole /64 (or more) of IPv6 addresses to pick from."""
    behind_proxies(1)
    for i in range(5):
        response = post(another(form_data), HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{i + 1:x}")
        assert response.status_code == 302
    same_network = post(another(form_data), HTTP_X_FORWARDED_FOR="2001:db8:1:2:ffff::9")
    assert same_network.status_code == 429
    assert post(another(form_data), HTTP_X_FORWARDED_FOR="2001:db8:1:3::1").status_code == 302


def test_forged_x_forwarded_for_does_not_reset_the_limit(post, form_data):
    for i in range(5):
        post(another(form_data), HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    response = post(form_data, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429
    assert ConsultationRequest.objects.values("client_hash").distinct().count() == 1


def test_another_client_is_not_limited(post, form_data):
    for _ in range(5):
        post(another(form_data), REMOTE_ADDR="198.51.100.1")
    assert post(form_data, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_requests_older_than_ten_minutes_no_longer_count(post, form_data):
    for _ in range(5):
        post(another(form_data))
    ConsultationRequest.objects.update(
        created_at=timezone.now() - services.RATE_LIMIT_WINDOW - timezone.timedelta(seconds=1)
    )
    assert post(form_data).status_code == 302


def test_behind_a_configured_proxy_the_proxy_seen_address_is_used(post, form_data, behind_proxies):
    behind_proxies(1)
    # The client forges the left part; our proxy appends the address it really saw.
    for i in range(5):
        post(
            another(form_data),
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 198.51.100.7",
        )
    assert post(form_data, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7").status_code == 429
    assert post(form_data, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


def test_raw_ip_address_is_never_stored(post, form_data):
    post(form_data, REMOTE_ADDR="198.51.100.23")
    request = ConsultationRequest.objects.get()
    stored = " ".join(str(getattr(request, f.attname)) for f in request._meta.concrete_fields)
    assert "198.51.100.23" not in stored
    assert len(request.client_hash) == 64 and request.client_hash != "198.51.100.23"


def test_rate_limit_can_be_switched_off_for_benchmarks(post, form_data, settings):
    settings.CONSULTATION_RATE_LIMIT = False
    for _ in range(7):
        assert post(another(form_data)).status_code == 302


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, url", [("get", "/consultation/"), ("get", THANKS), ("post", "/consultation/")]
)
def test_consultation_pages_are_never_cached(client, procedure, method, url):
    response = getattr(client, method)(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_thanks_page_says_what_happens_next_and_when(client, practice, settings):
    settings.CONSULTATION_REPLY_WORKING_DAYS = 1
    response = client.get(THANKS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "What happens next" in html
    assert "within one working day" in html
    assert "within two working days" in html and practice.phone in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(("days", "said"), [(730, "two years"), (365, "one year"), (90, "90 days")])
def test_the_form_says_how_long_a_request_is_kept(client, practice, settings, days, said):
    """The same period purge_consultations deletes requests after."""
    settings.CONSULTATION_RETENTION_DAYS = days
    html = client.get(reverse("consultations:request")).content.decode()
    assert f"It is deleted {said} after it reaches us" in html


def test_thanks_page_promise_follows_the_setting(client, practice, settings):
    settings.CONSULTATION_REPLY_WORKING_DAYS = 2
    html = client.get(THANKS).content.decode()
    assert "within two working days" in html and "within three working days" in html


# --- lengths are checked on the value that is stored -----------------------------------------

# Letters whose stored form is longer than what was typed. NFC writes DEVANAGARI LETTER ZA (as in
# the name ज़ैनब) as two code points and the Hebrew presentation form U+FB2C as three; the lower
# case of "İ" (U+0130) is two code points, "i" and a combining dot.
ZA, SHIN, DOTTED_I = "\u095b", "\ufb2c", "\u0130"


def column(name):
    return ConsultationRequest._meta.get_field(name).max_length


def email_of_length(length, domain):
    return "a" * (length - len(domain) - 1) + "@" + domain


def test_the_longest_value_of_every_text_field_is_stored_whole(post, form_data, procedure):
    """Each text column gets the longest value the form lets through: on PostgreSQL, where
    columns are enforced, this is the run that would fail with a 500 if one grew past it."""
    procedure.title = "T" * procedure._meta.get_field("title").max_length
    procedure.save()
    longest_choice = {
        name: max((value for value, _ in choices), key=len)
        for name, choices in [
            ("contact_method", ConsultationRequest.ContactMethod.choices),
            ("best_time", ConsultationRequest.BestTime.choices),
            ("patient", ConsultationRequest.Patient.choices),
            ("heard_about", ConsultationRequest.HeardAbout.choices),
        ]
    }
    form_data.update(
        first_name=ZA * 40,  # 40 typed, 80 stored
        last_name=SHIN * 26 + "ab",  # 28 typed, 80 stored
        email=email_of_length(253, DOTTED_I + "example.org"),  # 253 typed, 254 stored
        phone="+49 (800) 123 456 7890",  # the longest E.164 number of any region
        message="\r\n".join(["x" * 291] + ["x" * 300] * 9),  # 3,000 in the browser, and stored
        **longest_choice,
    )
    response = post(form_data)

    assert response.status_code == 302, response.context["form"].errors
    stored = ConsultationRequest.objects.get()
    expected = {
        "first_name": unicodedata.normalize("NFC", ZA * 40),
        "last_name": unicodedata.normalize("NFC", SHIN * 26) + "ab",
        "email": form_data["email"].replace(DOTTED_I, "i\u0307"),
        "phone": "+498001234567890",
        "procedure_title": procedure.title,
        "consent_version": forms.CONSENT_VERSION,
        **longest_choice,
    }
    for name, value in expected.items():
        assert getattr(stored, name) == value, name
        assert len(value) <= column(name), name
    assert {len(expected["first_name"]), len(expected["last_name"])} == {column("first_name")}
    assert len(expected["email"]) == column("email")
    assert stored.message == "\n".join(["x" * 291] + ["x" * 300] * 9)
    assert len(stored.message) == forms.MESSAGE_MAX
    # Every text column a patient's answers go into is covered above (the other two hold
    # handling state, set by the site).
    text_columns = {
        field.name
        for field in ConsultationRequest._meta.concrete_fields
        if field.max_length and field.editable
    } - {"status", "notification_status"}
    assert text_columns == set(expected)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("first_name", ZA * 80, "Your first name can be at most 80 characters long"),
        ("last_name", SHIN * 27, "Your last name can be at most 80 characters long"),
        (
            "email",
            email_of_length(254, DOTTED_I + "example.org"),
            "An email address can be at most 254 characters long",
        ),
    ],
    ids=["nfc-doubles", "nfc-triples", "lower-case-grows"],
)
def test_a_value_that_grows_past_its_column_when_stored_is_refused_clearly(
    post, form_data, field, value, message
):
    assert len(value) <= column(field)  # short enough as typed (and for the browser's maxlength)
    form_data[field] = value
    response = post(form_data)

    assert response.status_code == 200
    [error] = response.context["form"].errors[field]
    assert error.startswith(message)
    assert "shorten" in error
    assert ConsultationRequest.objects.count() == 0
    assert notification_tasks().count() == 0
