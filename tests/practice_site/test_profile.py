"""The practice profile: one record, edited in admin, shown on every page."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from practice_site.models import PracticeProfile
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_second_profile_is_refused_by_the_database(practice):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeProfile.objects.create(id=2, practice_name="Copy", phone="1")
    assert PracticeProfile.objects.count() == 1


def test_admin_offers_no_add_once_the_profile_exists_and_never_delete(admin_client, practice):
    add = admin_client.get(reverse("admin:practice_site_practiceprofile_add"))
    assert add.status_code == 403
    delete = admin_client.get(
        reverse("admin:practice_site_practiceprofile_delete", args=[practice.pk])
    )
    assert delete.status_code == 403
    changelist = admin_client.get(reverse("admin:practice_site_practiceprofile_changelist"))
    assert changelist.status_code == 302
    assert changelist["Location"] == reverse(
        "admin:practice_site_practiceprofile_change", args=[practice.pk]
    )


def test_staff_edit_the_profile_and_every_page_shows_the_change(admin_client, client, practice):
    url = reverse("admin:practice_site_practiceprofile_change", args=[practice.pk])
    data = admin_form_data(admin_client.get(url))
    data.pop("is_demo", None)
    data.update({"practice_name": "Pasadena Facial Nerve Center", "phone": "626-555-0142"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.phone == "626-555-0142"
    for page in ("pages:home", "pages:about", "pages:terms", "pages:privacy"):
        html = client.get(reverse(page)).content.decode()
        assert "Pasadena Facial Nerve Center" in html
        assert 'href="tel:+16265550142"' in html
        assert "Demonstration site" not in html


def test_admin_is_branded_with_the_practice_name(admin_client, practice):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f"{practice.practice_name} · staff" in html


def test_phone_is_converted_for_tel_links():
    assert PracticeProfile(phone="(626) 765-6885").phone_e164 == "+16267656885"
    assert PracticeProfile(phone="+44 20 7946 0958").phone_e164 == "+442079460958"
    assert PracticeProfile(phone="call us").phone_e164 == ""


def test_a_number_with_an_extension_keeps_it_in_every_call_link(client, practice):
    practice.phone = "626-765-6885 ext. 2"
    practice.save()
    html = client.get(reverse("pages:contact")).content.decode()
    assert 'href="tel:+16267656885,2"' in html  # a pause, then the extension
    assert 'href="tel:+16267656885"' not in html
    assert '"telephone": "+16267656885"' in html  # structured data: the number alone


def test_site_without_a_profile_still_renders(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    assert "tel:" not in response.content.decode()


def test_with_the_page_cache_on_the_profile_is_read_once_per_content_version(
    page_cache, admin_client, client, practice
):
    """Every page shows the profile. With the page cache on, each process reads it once per
    content version: an admin page (never cached whole) makes no query for it, and an edit
    still shows on the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = reverse("admin:index")
    admin_client.get(home)
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(home).content.decode()
    assert f"{practice.practice_name} · staff" in html
    reads = [q for q in queries if '"practice_site_practiceprofile"."tagline"' in q["sql"]]
    assert reads == []

    url = reverse("admin:practice_site_practiceprofile_change", args=[practice.pk])
    data = admin_form_data(admin_client.get(url))
    data.update({"practice_name": "Pasadena Facial Nerve Center"})
    assert admin_client.post(url, data).status_code == 302
    assert "Pasadena Facial Nerve Center · staff" in admin_client.get(home).content.decode()
    assert "Pasadena Facial Nerve Center" in client.get(reverse("pages:about")).content.decode()


def test_each_request_gets_its_own_copy_of_the_cached_profile(page_cache, practice):
    PracticeProfile.current().practice_name = "Changed in one request only"
    assert PracticeProfile.current().practice_name == practice.practice_name
