"""A consultation request's page: read-only submission, status workflow, notes, spam."""

import io
import re
from datetime import datetime
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.forms import ConsultationForm
from consultations.models import AccessLog, ConsultationRequest, StaffNote

from .inbox import CHANGELIST, change_url
from .task_worker import run_worker

pytestmark = pytest.mark.django_db


def test_opening_a_request_writes_an_audit_row(front_desk, make_request):
    request = make_request()
    before = timezone.now()
    assert front_desk.get(change_url(request)).status_code == 200
    [entry] = AccessLog.objects.all()
    assert entry.request == request and entry.reference == request.reference
    assert entry.user == front_desk.user and entry.username == "desk"
    assert entry.action == AccessLog.Action.VIEWED and entry.at >= before
    front_desk.get(change_url(request))
    assert AccessLog.objects.count() == 2


def test_the_new_note_box_has_a_name_screen_readers_say(front_desk, make_request):
    """In the notes' table its only label was the column heading: read as "edit text"."""
    html = front_desk.get(change_url(make_request())).content.decode()
    box = re.search(r'<textarea[^>]*name="notes-2-0-text"[^>]*>', html).group(0)
    assert 'aria-label="New note"' in box


def test_submitted_fields_are_read_only(front_desk, make_request):
    request = make_request()
    response = front_desk.get(change_url(request))
    form_fields = set(response.context["adminform"].form.fields)
    assert form_fields == {"status", "is_spam"}
    front_desk.post(
        change_url(request),
        {
            "status": "new",
            "first_name": "Changed",
            "message": "Changed",
            "email": "x@example.org",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
            "notes-2-TOTAL_FORMS": "0",
            "notes-2-INITIAL_FORMS": "0",
        },
    )
    request.refresh_from_db()
    assert request.first_name == "Ada" and request.email == "ada@example.org"


def inline_prefixes(response):
    return [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]


def post_change(client, request, status, note="", spam=False):
    response = client.get(change_url(request))
    existing, new = inline_prefixes(response)
    count = request.notes.count()
    return client.post(
        change_url(request),
        {
            "status": status,
            **({"is_spam": "on"} if spam else {}),
            f"{existing}-TOTAL_FORMS": str(count),
            f"{existing}-INITIAL_FORMS": str(count),
            **{f"{existing}-{i}-id": str(n.pk) for i, n in enumerate(request.notes.all())},
            **{f"{existing}-{i}-request": str(request.pk) for i in range(count)},
            f"{new}-TOTAL_FORMS": "1",
            f"{new}-INITIAL_FORMS": "0",
            f"{new}-0-text": note,
        },
    )


def test_status_moves_along_the_workflow_and_each_change_is_noted(front_desk, make_request):
    request = make_request()
    response = front_desk.get(change_url(request))
    offered = [v for v, _ in response.context["adminform"].form.fields["status"].choices]
    assert offered == ["new", "contacted", "booked", "closed", "not_candidate"]

    assert post_change(front_desk, request, "contacted").status_code == 302
    assert post_change(front_desk, request, "booked").status_code == 302
    request.refresh_from_db()
    assert request.status == "booked" and request.status_changed_at
    notes = list(request.notes.values_list("text", "author__username"))
    assert notes == [
        ("Status changed from New to Contacted.", "desk"),
        ("Status changed from Contacted to Consultation booked.", "desk"),
    ]


def test_a_wrong_click_on_contacted_can_be_undone(front_desk, make_request):
    """Back to New, the request waits for a reply again; the notes keep both changes."""
    request = make_request()
    assert post_change(front_desk, request, "contacted").status_code == 302
    assert post_change(front_desk, request, "new").status_code == 302
    request.refresh_from_db()
    assert request.status == "new"
    assert [n.text for n in request.notes.all()] == [
        "Status changed from New to Contacted.",
        "Status changed from Contacted to New.",
    ]


def test_a_request_can_go_from_new_straight_to_booked(front_desk, make_request):
    """A patient who calls back and books at once: no pretend "Contacted" step in between."""
    request = make_request()
    assert post_change(front_desk, request, "booked").status_code == 302
    request.refresh_from_db()
    assert request.status == "booked"
    assert [n.text for n in request.notes.all()] == [
        "Status changed from New to Consultation booked."
    ]


def test_a_status_that_cannot_follow_is_refused(front_desk, make_request):
    request = make_request(status="closed")
    response = post_change(front_desk, request, "booked")  # a closed request is reopened first
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    request.refresh_from_db()
    assert request.status == "closed"


def test_staff_notes_record_author_and_time_and_cannot_be_edited_later(front_desk, make_request):
    request = make_request()
    before = timezone.now()
    assert (
        post_change(
            front_desk, request, "new", "Left a voicemail, will call back Tuesday."
        ).status_code
        == 302
    )
    note = StaffNote.objects.get()
    assert note.author == front_desk.user and note.created_at >= before
    assert note.text == "Left a voicemail, will call back Tuesday."

    response = front_desk.get(change_url(request))
    html = response.content.decode()
    assert "Left a voicemail" in html
    existing_formset = response.context["inline_admin_formsets"][0]
    assert set(existing_formset.formset.forms[0].fields) <= {"id", "request"}  # all read-only
    assert not existing_formset.formset.can_delete
    # The author by name, not a link to their account: front desk may not open that page.
    author = front_desk.user.get_username()
    assert f"<p>{author}</p>" in html
    assert reverse("admin:auth_user_change", args=[front_desk.user.pk]) not in html


def run_action(client, action, *requests):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in requests]},
        follow=True,
    )


def test_marking_caught_spam_genuine_queues_the_staff_email_and_notes_who(
    front_desk, django_capture_on_commit_callbacks, mailoutbox, make_request
):
    caught = make_request(is_spam=True, spam_reason="honeypot", notification_status="skipped")
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(front_desk, "mark_as_not_spam", caught)
    assert "1 request(s) marked as genuine" in response.content.decode()
    assert mailoutbox == []  # queued for the task worker, not sent inside the staff's request
    run_worker()
    caught.refresh_from_db()
    assert not caught.is_spam and caught.notification_status == "sent"
    [email] = mailoutbox
    assert caught.reference in email.body and "Lovelace" not in email.body
    [note] = caught.notes.all()
    assert note.author == front_desk.user and note.text == "Marked as genuine (not spam)."


def test_marking_as_spam_notes_who_and_never_mails_again(
    front_desk, django_capture_on_commit_callbacks, mailoutbox, make_request
):
    mailed = make_request(notification_status="sent")
    with django_capture_on_commit_callbacks(execute=True):
        run_action(front_desk, "mark_as_spam", mailed)
        run_action(front_desk, "mark_as_not_spam", mailed)  # a mistake, undone
    run_worker()
    mailed.refresh_from_db()
    assert not mailed.is_spam and mailed.notification_status == "sent"
    assert mailoutbox == []  # staff were told about it the first time
    assert [n.text for n in mailed.notes.all()] == [
        "Marked as suspected spam.",
        "Marked as genuine (not spam).",
    ]


def test_marking_as_spam_before_the_email_went_out_stops_it(
    front_desk, django_capture_on_commit_callbacks, mailoutbox, make_request
):
    waiting = make_request(notification_status="pending")  # the mail server was down
    other = make_request(notification_status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(front_desk, "mark_as_spam", waiting)
    assert "1 request(s) marked as suspected spam" in response.content.decode()
    call_command("send_pending_notifications", stdout=io.StringIO())  # the safety net runs
    waiting.refresh_from_db()
    assert waiting.is_spam and waiting.notification_status == "skipped"
    [email] = mailoutbox  # only the other request's
    assert other.reference in email.body and waiting.reference not in email.body

    with django_capture_on_commit_callbacks(execute=True):
        run_action(front_desk, "mark_as_not_spam", waiting)  # a mistake, undone
    run_worker()
    waiting.refresh_from_db()
    assert waiting.notification_status == "sent" and len(mailoutbox) == 2
    assert waiting.reference in mailoutbox[1].body


def test_unticking_suspected_spam_on_the_page_queues_the_staff_email_and_notes_who(
    front_desk, django_capture_on_commit_callbacks, mailoutbox, make_request
):
    """The box's help text says to untick a genuine request: that must act as the action does."""
    caught = make_request(is_spam=True, spam_reason="too_fast", notification_status="skipped")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_change(front_desk, caught, "contacted").status_code == 302
    run_worker()
    caught.refresh_from_db()
    assert not caught.is_spam and caught.status == "contacted"
    assert caught.notification_status == "sent" and len(mailoutbox) == 1
    assert [(n.text, n.author) for n in caught.notes.all()] == [
        ("Status changed from New to Contacted.", front_desk.user),
        ("Marked as genuine (not spam).", front_desk.user),
    ]


def test_ticking_suspected_spam_on_the_page_is_noted(front_desk, make_request):
    request = make_request(notification_status="sent")
    assert post_change(front_desk, request, "new", spam=True).status_code == 302
    request.refresh_from_db()
    assert request.is_spam
    assert [n.text for n in request.notes.all()] == ["Marked as suspected spam."]
    assert post_change(front_desk, request, "new", spam=True).status_code == 302  # left ticked
    assert request.notes.count() == 1


def test_a_page_opened_before_a_colleagues_change_saves_nothing(front_desk, make_request):
    request = make_request(is_spam=True, spam_reason="too_fast", notification_status="skipped")
    page = front_desk.get(change_url(request))  # one tab, as the request was
    assert 'name="_opened_as" value="new:1"' in page.content.decode()
    assert post_change(front_desk, request, "booked", spam=True).status_code == 302  # another tab
    run_action(front_desk, "mark_as_not_spam", request)
    existing, new = inline_prefixes(page)
    response = front_desk.post(
        change_url(request),
        {
            "_opened_as": "new:1",
            "status": "contacted",
            "is_spam": "on",
            f"{existing}-TOTAL_FORMS": "0",
            f"{existing}-INITIAL_FORMS": "0",
            f"{new}-TOTAL_FORMS": "1",
            f"{new}-INITIAL_FORMS": "0",
            f"{new}-0-text": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "someone changed this request" in html
    assert "Its status is now “Consultation booked” and it is no longer marked as spam" in html
    # The colleague's notes, written since the page was opened, are listed.
    assert "Status changed from New to Consultation booked." in html
    assert "Marked as genuine (not spam)." in html
    # With the page's own limit, so its script offers no "Add another" on the list.
    limit = rf'name="{existing}-MAX_NUM_FORMS" value="(\d+)"'
    assert re.search(limit, html)[1] == re.search(limit, page.content.decode())[1]
    assert "Select a valid choice" not in html
    assert 'name="_opened_as" value="new:1"' in html  # pressing Save again is refused too
    request.refresh_from_db()
    assert request.status == "booked" and not request.is_spam


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (
            "contacted",
            "Your note was saved, but not your change of status or spam flag: someone changed "
            "this request after you opened it. Its status is now “Consultation booked”. Check "
            "and change it again if it is still needed.",
        ),
        (
            "new",
            "Your note was saved. Meanwhile, someone else changed this request: its status is "
            "now “Consultation booked”.",
        ),
    ],
)
def test_a_note_typed_on_a_page_opened_before_a_colleagues_change_is_kept(
    front_desk, make_request, status, said
):
    """Notes only ever add: refusing one with the status change would lose a phone call's
    record to whoever reloads the page without copying it first."""
    request = make_request()
    page = front_desk.get(change_url(request))
    assert post_change(front_desk, request, "booked").status_code == 302  # another tab
    front_desk.get(reverse(CHANGELIST))  # where that tab went, reading its message
    existing, new = inline_prefixes(page)
    response = front_desk.post(
        change_url(request),
        {
            "_opened_as": "new:0",
            "status": status,
            f"{existing}-TOTAL_FORMS": "0",
            f"{existing}-INITIAL_FORMS": "0",
            f"{new}-TOTAL_FORMS": "1",
            f"{new}-INITIAL_FORMS": "0",
            f"{new}-0-text": "  Call back after 5pm.  ",
        },
        follow=True,
    )
    assert response.redirect_chain == [(change_url(request), 302)]
    request.refresh_from_db()
    assert request.status == "booked"  # the colleague's
    note = request.notes.get(text="Call back after 5pm.")
    assert note.author.username == "desk"
    messages = [unescape(str(m)) for m in response.context["messages"]]
    assert messages == [said]
    page = response.content.decode()
    assert 'name="_opened_as" value="booked:0"' in page  # opened afresh: saving works again


def test_a_refusal_names_the_change_a_colleague_made(front_desk, make_request):
    request = make_request(notification_status="sent")
    page = front_desk.get(change_url(request))
    assert post_change(front_desk, request, "new", spam=True).status_code == 302  # another tab
    existing, new = inline_prefixes(page)
    response = front_desk.post(
        change_url(request),
        {
            "_opened_as": "new:0",
            "status": "new",
            f"{existing}-TOTAL_FORMS": "0",
            f"{existing}-INITIAL_FORMS": "0",
            f"{new}-TOTAL_FORMS": "1",
            f"{new}-INITIAL_FORMS": "0",
            f"{new}-0-text": "",
        },
    )
    html = response.content.decode()
    assert "It is now marked as suspected spam." in html
    assert "status is now" not in html  # the status did not change
    assert "Marked as suspected spam." in html  # the colleague's note


def test_a_request_without_an_email_says_so(front_desk, make_request):
    request = make_request(email="", contact_method="phone")
    html = front_desk.get(change_url(request)).content.decode()
    assert "None given: reply by phone" in html and "mailto:" not in html


@pytest.mark.parametrize(
    "error, said",
    [
        ("NotificationNotConfigured", "No address is set up to receive it"),
        ("SMTPAuthenticationError", "The mail server refused the site's username or password."),
        ("SomethingNew", "The mail server did not take it. (SomethingNew)"),
    ],
)
def test_why_the_staff_email_was_not_sent_is_said_in_words(front_desk, make_request, error, said):
    request = make_request(notification_attempts=2, notification_error=error)
    html = unescape(front_desk.get(change_url(request)).content.decode())
    assert "Why it was not sent" in html and said in html


def test_a_phone_extension_is_shown_dialled_and_found(front_desk, client, form_data):
    form_data.update(phone="626-555-0142 x204", contact_method="phone")
    client.post(reverse("consultations:request"), form_data)
    [request] = ConsultationRequest.objects.all()
    html = front_desk.get(change_url(request)).content.decode()
    # A comma is a pause that phones dial; ";ext=" leaves the extension undialled on many.
    assert '<a href="tel:+16265550142,204">(626) 555-0142 ext. 204</a>' in html
    for term in ("(626) 555-0142", "626-555-0142 x204", "555-0142", "555 0142"):
        found = front_desk.get(reverse(CHANGELIST), {"q": term}).context["cl"].result_list
        assert list(found) == [request], term
    # Part of another number finds nothing.
    assert not front_desk.get(reverse(CHANGELIST), {"q": "555-0199"}).context["cl"].result_list


NAMES = [
    ("Élodie", "Durand"),
    ("José", "Ramírez"),
    ("Анна", "Петрова"),
    ("Øyvind", "Berg"),
    ("Siobhán", "O’Neill"),  # typed on a phone: typographic apostrophe and hyphen
    ("Anne‐Marie", "Lévesque"),
    ("Conceição", "D´Ávila"),  # an acute accent for the apostrophe, as some keyboards type it
]


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("élodie", "Élodie"),
        ("ELODIE", "Élodie"),
        ("durand élodie", "Élodie"),
        ("ramirez", "José"),
        ("RAMÍREZ", "José"),
        ("jose ramírez", "José"),
        ("анна", "Анна"),
        ("ПЕТРОВА", "Анна"),
        ("øyvind", "Øyvind"),
        ("berg", "Øyvind"),
        ("o'neill", "Siobhán"),
        ("O’Neill", "Siobhán"),
        ("oneill", "Siobhán"),  # as heard on the phone
        ("siobhan o neill", "Siobhán"),
        ("anne-marie", "Anne‐Marie"),
        ("Anne–Marie levesque", "Anne‐Marie"),
        ("annemarie", "Anne‐Marie"),
        ("anne marie", "Anne‐Marie"),
        ("d'avila", "Conceição"),
        ("davila", "Conceição"),
    ],
)
def test_names_are_found_in_any_alphabet_case_or_accents(
    front_desk, client, form_data, term, found
):
    """The form takes names in any alphabet; SQLite's own search folds only ASCII letters."""
    for number, (first, last) in enumerate(NAMES):
        form = ConsultationForm({**form_data, "first_name": first, "last_name": last})
        assert form.is_valid(), form.errors
        services.submit_request(
            form.cleaned_data,
            client_hash=f"{number:064x}",
            consent_text="I agree",
            consent_version="1",
        )
    result = front_desk.get(reverse(CHANGELIST), {"q": term}).context["cl"].result_list
    assert [request.first_name for request in result] == [found]


def test_saving_the_page_writes_back_no_column_it_does_not_change(front_desk, make_request):
    """The worker may send the staff email while the page is being saved: a save of the whole
    row, read before, would put "pending" back and the email would go out twice."""
    request = make_request()
    with CaptureQueriesContext(connection) as queries:
        response = post_change(front_desk, request, "contacted", note="Left a voicemail.")
    assert response.status_code == 302
    writes = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert writes and not [sql for sql in writes if "notification_status" in sql]
    request.refresh_from_db()
    assert request.status == "contacted"


def test_a_name_that_folds_longer_than_its_column_is_still_stored(form_data):
    """Folding can lengthen a name ("ß" is "ss"): PostgreSQL would refuse the longer key."""
    form = ConsultationForm({**form_data, "first_name": "ß" * 80, "last_name": "Straß" * 16})
    assert form.is_valid(), form.errors
    stored = services.submit_request(
        form.cleaned_data, client_hash="0" * 64, consent_text="I agree", consent_version="1"
    )
    stored.refresh_from_db()
    assert stored.first_name == "ß" * 80
    assert len(stored.search_name) == 161 and stored.search_name.startswith("ssss")


def test_the_inbox_and_a_request_page_are_named_in_plain_words(front_desk, make_request):
    request = make_request()
    inbox = front_desk.get(reverse(CHANGELIST)).content.decode()
    assert "<title>Consultation requests |" in inbox and "<h1>Consultation requests</h1>" in inbox
    assert "Select consultation request to change" not in inbox
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', inbox, re.S)[1]
    assert " ".join(unescape(re.sub(r"<[^>]+>", " ", crumbs)).split()) == (
        "Home › Consultations › Consultation requests"
    )
    page = front_desk.get(change_url(request)).content.decode()
    assert "<h1>Consultation request</h1>" in page and f"<h2>{request.reference}</h2>" in page
    assert "Change consultation request" not in page
    response = post_change(front_desk, request, "contacted")
    said = [
        unescape(re.sub(r"<[^>]+>", "", str(m)))
        for m in front_desk.get(response.url).context["messages"]
    ]
    assert f"The consultation request “{request.reference}” was changed successfully." in said


def test_a_moment_is_written_one_way_in_the_inbox_and_on_the_request_page(front_desk, make_request):
    """Django's own English format ("6:40 p.m.") beside the inbox's "18:40" read as two clocks."""
    received = timezone.make_aware(datetime(2026, 12, 4, 18, 40))
    request = make_request(received=received)
    shown = "Dec. 4, 2026, 18:40"
    assert shown in unescape(front_desk.get(reverse(CHANGELIST)).content.decode())
    page = unescape(front_desk.get(change_url(request)).content.decode())
    assert shown in page
    assert not re.search(r"\d [ap]\.m\.", page)
