"""The inbox's CSV export: who may export, what is exported, and its audit."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import AccessLog, StaffNote
from practice_site import roles

from .inbox import CHANGELIST, EXPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def exporter(sign_in_staff):
    return sign_in_staff(roles.FRONT_DESK, "exporter", ["consultations.export_consultationrequest"])


def read_csv(response):
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_export_needs_the_export_permission(front_desk, make_request):
    make_request()
    assert front_desk.get(reverse(EXPORT)).status_code == 403
    assert not AccessLog.objects.filter(action="exported").exists()


def test_export_gives_exactly_the_filtered_list_and_is_audited(exporter, make_request):
    make_request(status="contacted", first_name="Zoë Grace")
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
    assert [row["First name"] for row in rows] == ["Zoë Grace"]
    assert rows[0]["Phone"] == "(626) 555-0100" and rows[0]["Status"] == "Contacted"
    entry = AccessLog.objects.get(action="exported")
    assert entry.username == "exporter" and entry.count == 1
    assert entry.filters == "Status: Contacted; Suspected spam: No"


def test_an_export_link_with_filters_the_list_cannot_apply_goes_back_to_the_list_saying_why(
    exporter, make_request
):
    make_request()
    response = exporter.get(reverse(EXPORT), {"is_spam__exact": "perhaps"}, follow=True)
    assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
    assert "Nothing was exported: the filters in that link are not ones this list offers." in (
        response.content.decode()
    )
    assert not AccessLog.objects.filter(action="exported").exists()


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
    export = ["consultations.export_consultationrequest"]
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


def test_phone_numbers_are_exported_as_the_request_page_shows_them(exporter, make_request):
    """Not as stored: a spreadsheet reads "+16265550100" as a number, drops the plus and shows
    a long one as 4.4E+11. A number from abroad starts with "+", so it is kept as text."""
    make_request(first_name="Ann", phone="+16265550100;ext=204")
    make_request(first_name="Bea", phone="+16265550101")
    make_request(first_name="Cat", phone="+442079460958")
    rows = {row["First name"]: row["Phone"] for row in read_csv(exporter.get(reverse(EXPORT)))}
    assert rows == {
        "Ann": "(626) 555-0100 ext. 204",
        "Bea": "(626) 555-0101",
        "Cat": "'+44 20 7946 0958",
    }


def test_no_procedure_reads_not_sure_yet_in_the_list_the_page_and_the_export(
    exporter, make_request, procedure
):
    make_request(first_name="Ann")
    make_request(first_name="Bea", procedure=procedure, procedure_title=procedure.title)
    rows = {row["First name"]: row for row in read_csv(exporter.get(reverse(EXPORT)))}
    assert rows["Ann"]["Procedure or concern"] == "Not sure yet"
    assert rows["Bea"]["Procedure or concern"] == procedure.title
    ann = exporter.get(reverse(CHANGELIST), {"q": "Ann"}).context["cl"].result_list[0]
    page = exporter.get(ann.get_admin_url()).content.decode()
    assert re.search(r"Procedure or concern:</label>\s*<div class=\"readonly\">Not sure yet<", page)


def test_a_staff_email_that_failed_reads_not_sent_as_the_inbox_says(exporter, make_request):
    ann = make_request(first_name="Ann", notification_status="pending", notification_attempts=2)
    make_request(first_name="Bea", notification_status="pending")
    make_request(first_name="Cat", notification_status="sent")
    exported = read_csv(exporter.get(reverse(EXPORT)))
    rows = {row["First name"]: row["Staff email"] for row in exported}
    assert rows == {
        "Ann": "Not sent: 2 tries failed, retried automatically",
        "Bea": "Waiting to be sent",
        "Cat": "Sent",
    }
    inbox = exporter.get(reverse(CHANGELIST)).content.decode()
    assert inbox.count("Staff email not sent") == 2  # Ann's badge, and the list's filter
    page = exporter.get(ann.get_admin_url()).content.decode()
    assert "Not sent: 2 tries failed, retried automatically" in page
