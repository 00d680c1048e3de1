"""The staff inbox: roles, read-only submissions, status workflow, notes, audit, CSV export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import AccessLog, ConsultationRequest, StaffNote
from practice_site import roles
from tests.staff import PASSWORD, sign_in_with_password_and_code

from .task_worker import run_worker

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:consultations_consultationrequest_changelist"
EXPORT = "admin:consultations_consultationrequest_export"


def change_url(request):
    return reverse("admin:consultations_consultationrequest_change", args=[request.pk])


@pytest.fixture
def front_desk(sign_in_staff):
    return sign_in_staff(roles.FRONT_DESK, "desk")


# --- roles -----------------------------------------------------------------------------------


def test_migrations_create_both_groups_with_their_permissions():
    desk = Group.objects.get(name=roles.FRONT_DESK)
    editor = Group.objects.get(name=roles.CONTENT_EDITOR)
    desk_codenames = set(desk.permissions.values_list("codename", flat=True))
    assert desk_codenames == {
        "view_consultationrequest",
        "change_consultationrequest",
        "view_staffnote",
        "add_staffnote",
    }
    editor_apps = set(editor.permissions.values_list("content_type__app_label", flat=True))
    assert {"practice_site", "procedures", "redirects"} <= editor_apps
    assert "consultations" not in editor_apps
    assert editor.permissions.filter(codename="change_procedure").exists()


def test_groups_are_brought_back_in_sync_after_migrate():
    editor = Group.objects.get(name=roles.CONTENT_EDITOR)
    editor.permissions.clear()
    # Someone gave editors a look at requests by mistake: the next migrate takes it away again.
    editor.permissions.add(Permission.objects.get(codename="view_consultationrequest"))
    Group.objects.get(name=roles.FRONT_DESK).permissions.clear()

    call_command("migrate", verbosity=0)

    assert editor.permissions.filter(codename="change_procedure").exists()
    assert not editor.permissions.filter(content_type__app_label="consultations").exists()
    assert Group.objects.get(name=roles.FRONT_DESK).permissions.count() == 4


def test_content_editor_can_edit_a_procedure_but_gets_403_on_requests(
    client, sign_in_staff, procedure, make_request
):
    sign_in_staff(roles.CONTENT_EDITOR, "editor")
    request = make_request()

    response = client.get(reverse("admin:procedures_procedure_change", args=[procedure.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True

    for url in (reverse(CHANGELIST), change_url(request), reverse(EXPORT)):
        assert client.get(url).status_code == 403, url
    assert "Consultation requests" not in client.get(reverse("admin:index")).content.decode()
    assert not AccessLog.objects.exists()


def test_staff_without_a_group_cannot_see_requests(
    client, staff_user, verified_login, make_request
):
    verified_login(client, staff_user)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(make_request())).status_code == 403


def test_front_desk_sees_the_list_with_its_columns(front_desk, procedure, make_request):
    make_request(procedure=procedure, procedure_title=procedure.title)
    make_request(notification_status=ConsultationRequest.Notification.SENT)
    response = front_desk.get(reverse(CHANGELIST))
    html = response.content.decode()
    assert response.status_code == 200
    headings = [
        str(h["text"])
        for h in response.context["result_headers"]
        if "action-toggle" not in str(h["text"])
    ]
    assert headings == ["Received", "Name", "Procedure or concern", "Status"]
    assert "Ada Lovelace" in html and procedure.title in html and "Not sure yet" in html
    assert "Export this list to CSV" not in html  # no export permission in the group


def test_changelist_query_count_does_not_grow_with_requests(
    front_desk, procedure, django_assert_max_num_queries, make_request
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first request after login saves the session; count from the second on.
    make_request(procedure=procedure, procedure_title=procedure.title)
    assert front_desk.get(reverse(CHANGELIST)).status_code == 200
    with CaptureQueriesContext(connection) as one_request:
        assert front_desk.get(reverse(CHANGELIST)).status_code == 200
    for _ in range(29):
        make_request(procedure=procedure, procedure_title=procedure.title)
    with django_assert_max_num_queries(len(one_request)):
        response = front_desk.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 30
    # Session, user, the session's second-factor device, two permission lookups, profile, count,
    # rows and the audit row (no date hierarchy: see the inbox tests at the end).
    assert len(one_request) <= 10


@pytest.mark.parametrize(
    "term",
    ["Lovelace", "ada@example", "(626) 555-0100", "626.555.0100", "+16265550100", "CR-TEST-0000"],
)
def test_search_finds_by_name_email_phone_in_any_format_and_reference(
    front_desk, term, make_request
):
    make_request()
    make_request(
        first_name="Grace", last_name="Hopper", email="grace@example.org", phone="+442079460958"
    )
    response = front_desk.get(reverse(CHANGELIST), {"q": term})
    assert [r.last_name for r in response.context["cl"].result_list] == ["Lovelace"]


def test_filters_by_status_spam_and_procedure(front_desk, procedure, make_request):
    make_request(status="contacted")
    make_request(is_spam=True)
    make_request(procedure=procedure)
    cl = front_desk.get(reverse(CHANGELIST), {"status__exact": "contacted"}).context["cl"]
    assert cl.result_count == 1
    cl = front_desk.get(reverse(CHANGELIST), {"is_spam__exact": "1"}).context["cl"]
    assert cl.result_count == 1
    cl = front_desk.get(reverse(CHANGELIST), {"procedure__id__exact": procedure.pk}).context["cl"]
    assert cl.result_count == 1
    response = front_desk.get(reverse(CHANGELIST), {"procedure__isnull": "True"})
    assert response.context["cl"].result_count == 2
    assert "Not sure yet" in response.content.decode()


def test_requests_cannot_be_added_in_admin(front_desk, make_user, verified_login):
    boss = verified_login(Client(), make_user("boss", is_superuser=True))
    url = reverse("admin:consultations_consultationrequest_add")
    assert front_desk.get(url).status_code == 403
    assert boss.get(url).status_code == 403  # requests only ever come from the website


# --- the request page ------------------------------------------------------------------------


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


def post_change(client, request, status, note=""):
    response = client.get(change_url(request))
    existing, new = inline_prefixes(response)
    count = request.notes.count()
    return client.post(
        change_url(request),
        {
            "status": status,
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


def test_access_log_is_read_only_even_for_administrators(
    front_desk, make_user, verified_login, make_request
):
    admin_client = verified_login(Client(), make_user("boss", is_superuser=True))
    request = make_request()
    front_desk.get(change_url(request))
    entry = AccessLog.objects.get()
    response = admin_client.get(reverse("admin:consultations_accesslog_changelist"))
    assert response.status_code == 200 and "desk" in response.content.decode()
    assert admin_client.get(reverse("admin:consultations_accesslog_add")).status_code == 403
    delete = reverse("admin:consultations_accesslog_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    # The front desk works requests but does not read the audit trail.
    assert front_desk.get(reverse("admin:consultations_accesslog_changelist")).status_code == 403


# --- audit of lists and searches --------------------------------------------------------------


def test_viewing_the_list_is_audited_with_how_many_requests_were_shown(front_desk, make_request):
    for _ in range(3):
        make_request()
    before = timezone.now()
    assert front_desk.get(reverse(CHANGELIST)).status_code == 200
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.LISTED and entry.request is None
    assert entry.user == front_desk.user and entry.username == "desk" and entry.at >= before
    assert (entry.count, entry.filters, entry.query) == (3, "", "")


def test_a_filtered_list_records_its_filters_in_staff_words(front_desk, procedure, make_request):
    make_request(status="contacted", procedure=procedure)
    make_request(status="contacted")
    make_request(procedure=procedure)
    query = {"status__exact": "contacted", "procedure__id__exact": procedure.pk}
    front_desk.get(reverse(CHANGELIST), {**query, "received": "year"})
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.LISTED and entry.count == 1
    assert entry.filters == (
        f"Received: This year; Status: Contacted; Procedure or concern: {procedure.title}"
    )


def test_a_search_is_audited_with_its_words_and_how_many_were_found(front_desk, make_request):
    make_request(last_name="Lovelace")
    make_request(last_name="Hopper")
    front_desk.get(reverse(CHANGELIST), {"q": "Lovelace", "is_spam__exact": "0"})
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.SEARCHED
    assert (entry.query, entry.count, entry.filters) == ("Lovelace", 1, "Suspected spam: No")


def test_only_the_requests_on_the_page_count_as_shown(front_desk, make_request):
    make_request.many(53)
    front_desk.get(reverse(CHANGELIST), {"p": "2"})
    entry = AccessLog.objects.get()
    assert (entry.count, entry.filters) == (3, "page 2")


def test_an_over_long_search_is_recorded_shortened(front_desk, make_request):
    make_request()
    front_desk.get(reverse(CHANGELIST), {"q": "Lovelace " * 100})
    entry = AccessLog.objects.get()
    limit = AccessLog._meta.get_field("query").max_length
    assert len(entry.query) == limit and entry.query.startswith("Lovelace Lovelace")


# --- CSV export ------------------------------------------------------------------------------


@pytest.fixture
def exporter(sign_in_staff):
    return sign_in_staff(roles.FRONT_DESK, "exporter", ["export_consultationrequest"])


def read_csv(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_export_needs_the_export_permission(front_desk, make_request):
    make_request()
    assert front_desk.get(reverse(EXPORT)).status_code == 403
    assert not AccessLog.objects.filter(action="exported").exists()


def test_export_gives_exactly_the_filtered_list_and_is_audited(exporter, make_request):
    make_request(status="contacted", first_name="Grace")
    make_request(status="new", first_name="Alan")
    make_request(status="contacted", first_name="Edsger", is_spam=True)

    html = exporter.get(reverse(CHANGELIST), {"status__exact": "contacted"}).content.decode()
    assert "Export this list to CSV" in html
    assert f"{reverse(EXPORT)}?status__exact=contacted" in html

    response = exporter.get(reverse(EXPORT), {"status__exact": "contacted", "is_spam__exact": "0"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response)
    assert [row["First name"] for row in rows] == ["Grace"]
    assert rows[0]["Phone"] == "+16265550100" and rows[0]["Status"] == "Contacted"
    entry = AccessLog.objects.get(action="exported")
    assert entry.username == "exporter" and entry.count == 1
    assert entry.filters == "Status: Contacted; Suspected spam: No"


def test_an_export_of_a_search_records_the_words_and_how_many_rows(exporter, make_request):
    make_request(last_name="Lovelace")
    make_request(last_name="Hopper")
    rows = read_csv(exporter.get(reverse(EXPORT), {"q": "Lovelace"}))
    assert len(rows) == 1
    entry = AccessLog.objects.get(action="exported")
    assert (entry.query, entry.count, entry.filters) == ("Lovelace", 1, "")


def test_export_includes_the_staff_note_history(exporter, django_user_model, make_request):
    author = django_user_model.objects.create_user("maria", first_name="Maria", last_name="Diaz")
    noted = make_request(first_name="Grace")
    make_request(first_name="Alan")
    StaffNote.objects.create(request=noted, author=author, text="Left a voicemail.\nTry Tuesday.")
    StaffNote.objects.create(request=noted, author=None, text="Booked for June 3.")

    rows = {row["First name"]: row for row in read_csv(exporter.get(reverse(EXPORT)))}
    assert rows["Alan"]["Staff notes"] == ""
    first, second = rows["Grace"]["Staff notes"].split("\n\n")
    assert re.fullmatch(
        r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}, maria: Left a voicemail\.\nTry Tuesday\.", first
    )
    assert second.endswith(", (a removed user): Booked for June 3.")


def test_export_runs_a_fixed_number_of_queries(exporter, make_request):
    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            read_csv(exporter.get(reverse(EXPORT)))
        return len(queries)

    StaffNote.objects.create(request=make_request(), text="One note.")
    exporter.get(reverse(CHANGELIST))  # the first page after login saves the session
    one = export_queries()
    for _ in range(20):
        StaffNote.objects.create(request=make_request(), text="Another note.")
    assert export_queries() == one


def test_staff_without_the_export_permission_are_told_who_can_export(
    front_desk, make_user, make_request
):
    export = ["export_consultationrequest"]
    make_user("ann", roles.FRONT_DESK, export, first_name="Ann", last_name="Archer")
    make_user("boss", is_superuser=True, first_name="Bea", last_name="Boss")
    make_user("gone", roles.FRONT_DESK, export, first_name="Gone", is_active=False)
    make_request()

    html = front_desk.get(reverse(CHANGELIST)).content.decode()
    assert "Export this list to CSV" not in html
    assert f'href="{reverse(EXPORT)}"' in html and "Who can export this list?" in html

    response = front_desk.get(reverse(EXPORT))
    assert response.status_code == 403
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Ann Archer" in text and "Bea Boss" in text and "Gone" not in text
    assert "Can export consultation requests to CSV" in text  # what an administrator grants
    assert not AccessLog.objects.filter(action="exported").exists()


def test_export_defuses_spreadsheet_formulas(exporter, make_request):
    make_request(message='=HYPERLINK("http://evil.example")', first_name="+Ann")
    [row] = read_csv(exporter.get(reverse(EXPORT)))
    assert row["Message"] == '\'=HYPERLINK("http://evil.example")'
    assert row["First name"] == "'+Ann"
    assert row["Phone"] == "+16265550100"  # a plain E.164 number is no formula


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


# --- sessions --------------------------------------------------------------------------------


def test_staff_sessions_last_at_most_eight_hours(client, settings, make_user):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    user = make_user("desk", roles.FRONT_DESK)
    response = sign_in_with_password_and_code(client, "desk", PASSWORD)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.get_decoded()["_auth_user_id"] == str(user.pk)
    assert session.expire_date <= timezone.now() + timedelta(hours=8)
    assert client.get(reverse(CHANGELIST)).status_code == 200

    # Eight hours later the session is gone: back to the login page.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


# --- the inbox at a hundred times the requests (issue 15) --------------------------------------


def test_no_link_per_procedure_but_a_box_for_its_name(front_desk, make_procedure, make_request):
    procedures = [make_procedure(f"Procedure number {n}") for n in range(30)]
    make_request(procedure=procedures[3], procedure_title=procedures[3].title)
    html = front_desk.get(reverse(CHANGELIST)).content.decode()
    assert not re.search(r"procedure__id__exact=\d", html)
    assert 'name="procedure"' in html and "Title contains" in html
    assert "Not sure yet" in html


def test_the_box_finds_requests_by_the_procedures_title(front_desk, make_procedure, make_request):
    smile = make_procedure("Smile reanimation")
    brow = make_procedure("Brow lift")
    make_request(procedure=smile, procedure_title=smile.title)
    make_request(procedure=brow, procedure_title=brow.title)
    make_request(procedure=None, procedure_title="")
    response = front_desk.get(
        reverse(CHANGELIST), {"procedure": "  REANIM ", "status__exact": "new"}
    )
    assert [r.procedure_title for r in response.context["cl"].result_list] == [smile.title]
    html = response.content.decode()
    assert "Title contains “REANIM”" in html
    # The box's own form carries the other filters along, and shows what was typed.
    assert '<input type="hidden" name="status__exact" value="new">' in html
    assert 'value="REANIM"' in html


def test_a_procedure_named_by_id_is_shown_as_chosen(front_desk, make_procedure, make_request):
    smile = make_procedure("Smile reanimation")
    make_request(procedure=smile, procedure_title=smile.title)
    make_request()
    response = front_desk.get(reverse(CHANGELIST), {"procedure__id__exact": smile.pk})
    assert response.context["cl"].result_count == 1
    assert re.search(
        r'<li class="selected">\s*<a [^>]*>Smile reanimation</a>', response.content.decode()
    )
    response = front_desk.get(reverse(CHANGELIST), {"procedure__id__exact": "x"})
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_no_date_hierarchy_and_no_distinct_over_the_table(front_desk, make_request):
    make_request()
    front_desk.get(reverse(CHANGELIST))
    with CaptureQueriesContext(connection) as queries:
        response = front_desk.get(reverse(CHANGELIST))
    assert response.context["cl"].date_hierarchy is None
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]
    assert "This month" in response.content.decode()  # the "received" filter instead


def test_the_received_filter_keeps_this_months_and_this_years_requests(front_desk, make_request):
    old = make_request()
    ConsultationRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    recent = make_request()
    for period in ("month", "year"):
        response = front_desk.get(reverse(CHANGELIST), {"received": period})
        assert [r.pk for r in response.context["cl"].result_list] == [recent.pk]


def test_indexes_match_the_inbox_filters_and_order():
    indexes = {tuple(index.fields) for index in ConsultationRequest._meta.indexes}
    assert ("status", "created_at") in indexes
    assert ("status", "is_spam", "created_at") in indexes
    assert ("is_spam", "created_at") in indexes
    assert ConsultationRequest._meta.get_field("created_at").db_index
    assert ConsultationRequest._meta.ordering == ["-created_at"]
