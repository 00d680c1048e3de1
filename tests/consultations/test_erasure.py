"""A patient asks to be forgotten: a superuser deletes the request, and the access log forgets the
search words that found it (staff search by name, email or phone)."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from consultations.models import AccessLog, ConsultationRequest

pytestmark = pytest.mark.django_db

# Whether the inbox search finds Ingrid (and the test checks the search agrees).
SEARCHES = {
    "zyxalpha": True,  # the last name, as typed
    "Ingrid Zyx": True,  # first name and part of the last
    '"Zyxalpha"': True,  # quoted
    "(626) 555-0142": True,  # the phone, as heard
    "0142": True,  # its last four digits
    "Ingrid 0142": True,  # a name and digits
    "ingrid.z@example.net": True,
    "CR4YVQ5V54": True,  # the reference without its dashes
    "Lovelace": False,  # another patient
    "Ingrid Lovelace": False,  # a word of hers, but not her
    "555-0100": False,  # another patient's number
    "Smith 16265": False,  # digits of her number, but a name that is not hers
}


@pytest.fixture
def searched(make_request, django_user_model):
    forgotten = make_request(
        first_name="Ingrid",
        last_name="Zyxalpha",
        email="ingrid.z@example.net",
        phone="+16265550142",
        reference="CR-4YVQ-5V54",
    )
    kept = make_request()
    desk = django_user_model.objects.create_user("desk")
    AccessLog.objects.record(desk, AccessLog.Action.VIEWED, request=forgotten)
    for query in SEARCHES:
        AccessLog.objects.record(desk, AccessLog.Action.SEARCHED, query=query, count=1)
    return forgotten, kept


def searches_left():
    return set(AccessLog.objects.exclude(query="").values_list("query", flat=True))


def test_the_table_says_what_the_inbox_search_finds(searched, admin_user):
    forgotten, _ = searched
    inbox = admin.site._registry[ConsultationRequest]
    request = RequestFactory().get("/")
    request.user = admin_user
    rows = ConsultationRequest.objects.filter(pk=forgotten.pk)
    for query, found in SEARCHES.items():
        assert inbox.get_search_results(request, rows, query)[0].exists() == found, query


def test_deleting_a_request_forgets_the_searches_that_found_it(admin_client, searched):
    forgotten, kept = searched
    url = reverse("admin:consultations_consultationrequest_delete", args=[forgotten.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert list(ConsultationRequest.objects.all()) == [kept]
    assert searches_left() == {query for query, found in SEARCHES.items() if not found}
    # The audit trail itself stays: every row, and who opened the request, by reference.
    assert AccessLog.objects.count() == 1 + len(SEARCHES)
    viewed = AccessLog.objects.get(action=AccessLog.Action.VIEWED)
    assert viewed.reference == "CR-4YVQ-5V54" and viewed.request is None


def test_a_search_made_before_the_request_arrived_is_kept(admin_client, searched):
    forgotten, _ = searched
    AccessLog.objects.filter(query="zyxalpha").update(at=forgotten.created_at - timedelta(days=1))
    url = reverse("admin:consultations_consultationrequest_delete", args=[forgotten.pk])
    admin_client.post(url, {"post": "yes"})
    assert "zyxalpha" in searches_left()  # it found someone else: she had not written yet


def test_deleting_selected_requests_forgets_each_ones_searches(admin_client, searched):
    forgotten, kept = searched
    response = admin_client.post(
        reverse("admin:consultations_consultationrequest_changelist"),
        {"action": "delete_selected", "_selected_action": [forgotten.pk, kept.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ConsultationRequest.objects.exists()
    # "Ingrid Lovelace" names neither patient in full; "Smith" is neither.
    assert searches_left() == {"Ingrid Lovelace", "Smith 16265"}
