"""Records without drafts that two people may edit at once (the practice profile, a location,
a procedure group): a save from a form opened before someone else saved is refused."""

import re
from html import unescape

import pytest
from django.urls import reverse

from practice_site.models import Location, PracticeProfile
from procedures.models import ProcedureGroup
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

SECOND = "second.person@example.org"  # fits an email, a suite or a summary
REFUSED = "Nothing was saved: someone else saved this record after you opened it"


def opened(client, url):
    """What the change form posts back, with the token it was opened with."""
    response = client.get(url)
    token = re.search(r'name="_edit_version" value="([^"]+)"', response.content.decode())
    assert token, "the form carries no token"
    return {**admin_form_data(response), "_edit_version": token.group(1)}


@pytest.fixture(params=["profile", "location", "group"])
def record(request, practice, group):
    """(change URL, how to read the record back, a field the first person edits, a field the
    second person edits)."""
    if request.param == "profile":
        url = reverse("admin:practice_site_practiceprofile_change", args=[1])
        return url, lambda: PracticeProfile.objects.get(), "tagline", "email"
    if request.param == "location":
        location = practice.main_location
        url = reverse("admin:practice_site_location_change", args=[location.pk])
        return url, lambda: Location.objects.get(pk=location.pk), "parking", "suite"
    url = reverse("admin:procedures_proceduregroup_change", args=[group.pk])
    return url, lambda: ProcedureGroup.objects.get(pk=group.pk), "summary", "intro"


def test_the_second_of_two_people_saving_one_record_is_refused(admin_client, record):
    url, stored, first_field, second_field = record
    first, second = opened(admin_client, url), opened(admin_client, url)
    before = getattr(stored(), second_field)

    first[first_field] = "Changed by the first person."
    assert admin_client.post(url, first).status_code == 302
    second[second_field] = SECOND
    response = admin_client.post(url, second)

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert REFUSED in html and f'href="{url}"' in html
    assert SECOND in html  # what they typed is still there
    assert getattr(stored(), first_field) == "Changed by the first person."
    assert getattr(stored(), second_field) == before
    # Pressing Save again is refused too; the record opened as it is now saves.
    assert admin_client.post(url, second).status_code == 200
    again = opened(admin_client, url)
    again[second_field] = SECOND
    assert admin_client.post(url, again).status_code == 302
    assert getattr(stored(), second_field) == SECOND
    assert getattr(stored(), first_field) == "Changed by the first person."
