"""Ways round the inbox's rules: reading a request unrecorded, or learning of one without leave."""

import pytest
from django.urls import reverse

from consultations.models import AccessLog
from practice_site import roles
from tests.drafts.helpers import change_form_data

from .inbox import CHANGELIST, change_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["options", "trace", "put", "delete", "patch"])
def test_the_admin_answers_only_get_head_and_post(front_desk, make_request, method):
    request = make_request(last_name="Quixoteson")
    for url in (change_url(request), reverse(CHANGELIST) + "?q=Quixoteson"):
        response = getattr(front_desk, method)(url)
        assert response.status_code == 405, url
        assert "Quixoteson" not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_a_post_shown_again_with_a_problem_is_recorded_as_a_reading(front_desk, make_request):
    request = make_request(last_name="Quixoteson")

    response = front_desk.post(change_url(request), {"status": "bogus"})

    assert response.status_code == 200 and "Quixoteson" in response.content.decode()
    [entry] = AccessLog.objects.all()
    assert (entry.action, entry.request, entry.username) == (
        AccessLog.Action.VIEWED,
        request,
        "desk",
    )


def test_a_head_request_is_recorded_as_a_reading(front_desk, make_request):
    request = make_request()
    assert front_desk.head(change_url(request)).status_code == 200
    [entry] = AccessLog.objects.all()
    assert (entry.action, entry.request) == (AccessLog.Action.VIEWED, request)


def test_a_save_in_a_popup_window_is_saved_and_answered(front_desk, make_request):
    request = make_request()
    popup = change_url(request) + "?_popup=1"
    data = {**change_form_data(front_desk, request, popup), "status": "contacted", "_popup": "1"}

    response = front_desk.post(popup, data)

    assert response.status_code == 200 and "popup_response" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "contacted"


def test_a_list_posted_to_is_recorded_as_a_search(front_desk, make_request):
    make_request(last_name="Quixoteson")
    make_request(last_name="Other")

    response = front_desk.post(reverse(CHANGELIST) + "?q=Quixoteson", {})

    assert response.status_code == 200 and "Quixoteson" in response.content.decode()
    [entry] = AccessLog.objects.all()
    assert (entry.action, entry.query, entry.count) == (
        AccessLog.Action.SEARCHED,
        "Quixoteson",
        1,
    )


@pytest.mark.parametrize("model_name", ["staffnote", "accesslog"])
def test_no_search_of_requests_through_the_autocomplete_box(front_desk, make_request, model_name):
    make_request(last_name="Quixoteson")
    response = front_desk.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "consultations",
            "model_name": model_name,
            "field_name": "request",
            "term": "Quixoteson",
        },
    )
    assert response.status_code == 403
    assert "CR-TEST" not in response.content.decode()


def test_a_content_editor_cannot_filter_procedures_by_a_request(
    client, sign_in_staff, procedure, make_request
):
    request = make_request(procedure=procedure)
    sign_in_staff(roles.CONTENT_EDITOR, "editor")
    procedures = reverse("admin:procedures_procedure_changelist")
    assert procedure.title in client.get(procedures).content.decode()

    for lookup in ("consultation_requests", "consultation_requests__id__gte"):
        response = client.get(procedures, {lookup: request.pk})
        assert response.status_code == 400, lookup
        assert procedure.title not in response.content.decode()


def test_a_procedure_list_filtered_by_its_own_columns_still_works(admin_client, procedure):
    procedures = reverse("admin:procedures_procedure_changelist")
    response = admin_client.get(procedures, {"group__id__exact": procedure.group_id})
    assert response.status_code == 200 and procedure.title in response.content.decode()
    # Whoever may read requests may filter by them.
    assert (
        admin_client.get(procedures, {"consultation_requests__isnull": "False"}).status_code == 200
    )


def test_a_history_page_does_not_tell_whether_a_request_exists(client, sign_in_staff, make_request):
    request = make_request()
    sign_in_staff(roles.CONTENT_EDITOR, "editor")
    for name in ("consultationrequest", "accesslog"):
        for pk in (request.pk, request.pk + 1000):
            url = reverse(f"admin:consultations_{name}_history", args=[pk])
            assert client.get(url).status_code == 403, url


def test_a_content_page_history_does_not_tell_whether_the_page_exists(front_desk, make_case):
    case = make_case()  # a page with drafts, whose history the drafts admin draws
    for pk in (case.pk, case.pk + 1000):
        url = reverse("admin:gallery_case_history", args=[pk])
        assert front_desk.get(url).status_code == 403, url
