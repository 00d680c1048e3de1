"""A change form opened before someone else changed the page is refused, not saved over it."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery import services as gallery_services
from gallery.models import Case
from practice_site.drafts import admin as drafts_admin
from practice_site.drafts.models import Draft

from .helpers import change_form_data, change_url, changelist_data, public_text, submit

pytestmark = pytest.mark.django_db

REFUSED = "Nothing was saved: someone changed this page"


def post(client, obj, data, button):
    response = client.post(change_url(obj), {**data, button: "1"})
    return response, unescape(response.content.decode())


def test_a_page_opened_before_a_revocation_cannot_undo_it(admin_client, draftable_objects):
    case = draftable_objects["case"][0]
    opened = change_form_data(admin_client, case)  # one tab: the case as it was
    gallery_services.record_consent_revocation([case])  # another tab: the list's action
    opened["title"] = "A smile restored, typo fixed"
    response, html = post(admin_client, case, opened, "_save")
    assert response.status_code == 200 and REFUSED in html
    assert 'value="A smile restored, typo fixed"' in html  # what was typed, to copy
    case.refresh_from_db()
    assert case.title == "A smile restored" and not case.is_published
    assert case.consents.get().revoked_on == timezone.localdate()
    assert not Case.objects.public().exists()
    # Pressing the button again on the refused page changes nothing either.
    response, html = post(admin_client, case, opened, "_save")
    assert REFUSED in html and not Case.objects.get().is_published


def test_publishing_an_old_form_keeps_a_colleagues_draft(admin_client, client, draftable_objects):
    condition, field, public_url = draftable_objects["condition"]
    opened = change_form_data(admin_client, condition)  # the first tab
    submit(admin_client, condition, {field: "A colleague's draft."}, "_save_draft")
    draft = Draft.objects.get()
    response, html = post(admin_client, condition, {**opened, field: "Mine."}, "_save")
    assert response.status_code == 200 and REFUSED in html
    assert Draft.objects.get() == draft and draft.data[field] == ["A colleague's draft."]
    assert "Mine." not in public_text(public_url)
    # The same old form cannot save a draft over it either.
    response, html = post(admin_client, condition, {**opened, field: "Mine."}, "_save_draft")
    assert REFUSED in html and Draft.objects.get().data[field] == ["A colleague's draft."]


def test_a_form_opened_after_the_change_saves(admin_client, draftable_objects):
    condition, field, public_url = draftable_objects["condition"]
    submit(admin_client, condition, {field: "A colleague's draft."}, "_save_draft")
    response = submit(admin_client, condition, {field: "Published at last."}, "_save")
    assert response.status_code == 302
    assert "Published at last." in public_text(public_url) and not Draft.objects.exists()


@pytest.mark.parametrize("button", ["_save", "_save_draft"])
def test_a_save_landing_between_the_first_check_and_the_save_is_caught(
    admin_client, draftable_objects, monkeypatch, button
):
    """Two people pressing Publish in the same instant: both passed the check made before the
    save's transaction, and the later one undid the earlier without a word."""
    condition, field, public_url = draftable_objects["condition"]
    opened = change_form_data(admin_client, condition)
    first_check = drafts_admin.edit_version

    def a_colleague_saves_meanwhile(*args):
        token = first_check(*args)
        type(condition).objects.filter(pk=condition.pk).update(**{field: "A colleague's text."})
        return token

    monkeypatch.setattr(drafts_admin, "edit_version", a_colleague_saves_meanwhile)
    response, html = post(admin_client, condition, {**opened, field: "Mine."}, button)
    assert response.status_code == 200 and "Nothing was saved" in html
    assert "Mine." in html  # what was typed, to copy
    condition.refresh_from_db()
    assert getattr(condition, field) == "A colleague's text." and not Draft.objects.exists()


def test_saving_the_list_leaves_the_rows_nobody_changed_in_it_as_they_are_now(
    admin_client, long_procedure, make_procedure
):
    """A list opened before a colleague set a page's Order put the old value back on Save."""
    other = make_procedure("Brow lift")
    url = reverse("admin:procedures_procedure_changelist")
    shown = changelist_data(admin_client, url)
    row = {v: k.removesuffix("-id") for k, v in shown.items() if k.endswith("-id")}
    submit(admin_client, long_procedure, {"order": "77"}, "_save")  # a colleague, meanwhile
    response = admin_client.post(url, {**shown, f"{row[str(other.pk)]}-order": "55", "_save": "1"})
    assert response.status_code == 302
    long_procedure.refresh_from_db()
    other.refresh_from_db()
    assert (long_procedure.order, other.order) == (77, 55)
