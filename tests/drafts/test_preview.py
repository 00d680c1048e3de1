"""Preview: the form as it stands, unsaved, rendered by the public page's own view and template."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from practice_site.cache import current_version
from practice_site.drafts.models import Draft, Version
from procedures.models import Procedure, Section
from tests.staff import named_permissions

from .helpers import new_procedure_form, public_text, submit

pytestmark = pytest.mark.django_db


def preview_url(obj):
    return reverse("admin:procedures_procedure_preview", args=[obj.pk])


def preview(client, obj, changes=None):
    """The Preview button: the change form as it stands, with `changes`, to the preview."""
    return submit(client, obj, changes, "_preview", preview_url(obj))


def framed(response):
    """The page inside the preview's frame, as the browser will read it."""
    match = re.search(r'srcdoc="([^"]*)"', response.content.decode())
    assert match, "no preview frame"
    return unescape(match.group(1))


def test_preview_shows_the_unsaved_form_through_the_public_template(admin_client, long_procedure):
    changes = {
        "sections-3-body": "Nerves grow about an inch a month.",
        "title": "Cross-facial nerve grafting",
    }
    response = preview(admin_client, long_procedure, changes)
    assert response.status_code == 200
    page = framed(response)
    # The real procedure page: its template, breadcrumbs, table of contents and sections.
    assert '<main id="main"' in page
    assert "<h1" in page and "Cross-facial nerve grafting" in page
    assert "Nerves grow about an inch a month." in page
    assert 'href="#recovery"' in page
    # As a visitor sees it: no staff bar, no "Draft" banner.
    assert "/admin/" not in page
    # Nothing was written.
    long_procedure.refresh_from_db()
    assert long_procedure.title == "Cross-facial nerve graft"
    assert Section.objects.get(heading="Recovery").body == "Nerves grow about a millimeter a day."
    assert not Draft.objects.exists() and not Version.objects.exists()


def test_preview_is_private_uncached_and_not_indexed(admin_client, long_procedure):
    response = preview(admin_client, long_procedure)
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in framed(response)


def test_preview_changes_neither_the_page_cache_nor_the_live_page(
    page_cache, admin_client, long_procedure
):
    url = long_procedure.get_absolute_url()
    assert "about a millimeter a day" in public_text(url)  # now cached
    version = current_version()
    changes = {"sections-3-body": "Nerves grow about an inch a month."}
    assert preview(admin_client, long_procedure, changes).status_code == 200
    assert current_version() == version
    assert "about a millimeter a day" in public_text(url)
    assert not any("admin" in key for key in page_cache._cache)
    # And the page answers the same without the cache.
    page_cache.clear()
    assert "about a millimeter a day" in public_text(url)


def test_preview_of_a_hidden_page_says_visitors_will_not_see_it(admin_client, make_procedure):
    hidden = make_procedure("Lip lift", status=Procedure.Status.DRAFT)
    changes = {"summary": "A small lift for the upper lip."}
    response = preview(admin_client, hidden, changes)
    assert "Visitors will not see this page" in response.content.decode()
    assert "A small lift for the upper lip." in framed(response)
    hidden.refresh_from_db()
    assert hidden.status == Procedure.Status.DRAFT


def test_a_form_with_errors_is_listed_instead_of_a_preview(admin_client, long_procedure):
    response = preview(admin_client, long_procedure, {"title": ""})
    html = response.content.decode()
    assert "This preview cannot be shown yet" in html
    assert "<strong>Title:</strong> This field is required." in html
    assert "srcdoc" not in html


def test_preview_of_a_saved_draft_at_phone_width(admin_client, long_procedure):
    submit(admin_client, long_procedure, {"summary": "Summary of the draft."}, "_save_draft")
    response = admin_client.get(preview_url(long_procedure), {"width": "phone"})
    assert "Summary of the draft." in framed(response)
    assert re.search(r'id="width-phone"[^>]*checked', response.content.decode())


def test_preview_of_a_new_page(admin_client, group):
    data = new_procedure_form(group, slug="gracilis", status="draft", meta_description="About it.")
    response = admin_client.post(reverse("admin:procedures_procedure_preview_new"), data)
    assert "A thin muscle from the thigh." in framed(response)
    assert not Procedure.objects.filter(slug="gracilis").exists()


def test_only_signed_in_staff_who_may_change_the_page_get_a_preview(
    client, verified_login, staff_user, django_user_model, long_procedure
):
    url = preview_url(long_procedure)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    # A password alone (second factor still owed) reaches no preview.
    half = Client()
    half.force_login(staff_user)
    assert half.get(url).status_code == 302
    assert "srcdoc" not in half.get(url, follow=True).content.decode()

    staff_user.user_permissions.add(*named_permissions("procedures.view_procedure"))
    verified_login(client, staff_user)
    assert client.get(url).status_code == 403

    staff_user.user_permissions.add(*named_permissions("procedures.change_procedure"))
    staff_user = django_user_model.objects.get(pk=staff_user.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert "Nerves grow about a millimeter a day." in framed(response)
