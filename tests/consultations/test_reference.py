"""The thank-you page shows the request's reference, the one staff quote on the phone."""

import re

import pytest
from django.urls import reverse

from consultations.models import ConsultationRequest
from consultations.views import reference_cookie

from .conftest import submitted_values

pytestmark = pytest.mark.django_db
THANKS = reverse("consultations:thanks")


def shown_reference(html):
    found = re.search(r'<p class="reference__code">([^<]+)</p>', html)
    return found[1] if found else None


def test_the_thank_you_page_shows_the_stored_reference_and_nothing_else(
    client, post, form_data, procedure
):
    response = post(form_data)
    assert response["Location"] == THANKS  # the address carries nothing
    page = client.get(THANKS)
    html = page.content.decode()
    stored = ConsultationRequest.objects.get()
    assert shown_reference(html) == stored.reference
    for value in submitted_values(form_data, procedure):
        assert value not in html
    assert "no-store" in page["Cache-Control"]
    # Reloading the page within the hour shows it again; it is the patient's own browser's.
    assert shown_reference(client.get(THANKS).content.decode()) == stored.reference


def test_the_reference_travels_in_a_signed_strict_short_lived_cookie(client, post, form_data):
    response = post(form_data)
    cookie = response.cookies[reference_cookie.name]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["max-age"] == 3600
    stored = ConsultationRequest.objects.get()
    assert cookie.value.startswith(stored.reference + ":")  # readable, but signed
    # Changed to another request's reference, it is ignored.
    client.cookies[reference_cookie.name] = cookie.value.replace(stored.reference, "CR-AAAA-BBBB")
    assert shown_reference(client.get(THANKS).content.decode()) is None


def test_a_request_caught_as_spam_gets_the_same_page_with_its_reference(client, post, form_data):
    post({**form_data, "website": "http://cheap-pills.example"})
    stored = ConsultationRequest.objects.get()
    assert stored.is_spam
    assert shown_reference(client.get(THANKS).content.decode()) == stored.reference


def test_without_the_cookie_the_page_claims_no_request(client, practice):
    html = client.get(THANKS).content.decode()
    assert shown_reference(html) is None
    # Nothing says this visitor sent anything: the page does not claim a request arrived.
    assert "has reached us" not in html and "Request received" not in html
    assert "If you are not sure your request reached us" in html


def test_an_expired_reference_is_no_longer_shown(client, post, form_data, monkeypatch):
    post(form_data)
    monkeypatch.setattr(reference_cookie.__class__, "max_age", -1)
    assert shown_reference(client.get(THANKS).content.decode()) is None
