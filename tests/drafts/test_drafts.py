"""Drafts of live pages: "Save draft" keeps the work, the site shows the published page until
"Publish", and the change list says which pages have unpublished changes and since when."""

import re
from html import unescape

import pytest
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import capfirst

from practice_site.drafts.admin_filters import when
from practice_site.drafts.models import Draft, Version
from practice_site.models import Page
from procedures.models import Condition, Procedure, Section
from tests.staff import named_permissions

from .helpers import (
    change_form_data,
    change_url,
    messages_of,
    new_procedure_form,
    public_text,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(long_procedure):
    return long_procedure


def test_save_draft_leaves_the_live_page_unchanged(admin_client, live):
    changes = {
        "title": "Cross-facial nerve grafting, explained",
        "sections-3-body": "Nerves grow about an inch a month.",
    }
    response = submit(admin_client, live, changes, "_save_draft")
    assert response.status_code == 302
    assert response["Location"] == change_url(live)

    live.refresh_from_db()
    assert live.title == "Cross-facial nerve graft"
    assert Section.objects.get(procedure=live, heading="Recovery").body == (
        "Nerves grow about a millimeter a day."
    )
    page = public_text(live.get_absolute_url())
    assert "about a millimeter a day" in page
    assert "an inch a month" not in page

    draft = Draft.objects.get()
    assert draft.object_id == live.pk
    assert draft.created_by.username == "boss"
    # The change form now shows the draft, not the published page.
    html = unescape(admin_client.get(change_url(live)).content.decode())
    assert 'value="Cross-facial nerve grafting, explained"' in html
    assert "Nerves grow about an inch a month." in html
    assert "Unpublished changes" in html
    assert "the site still shows the published version" in html


@pytest.mark.parametrize("saved_before_bases", [False, True])
def test_an_order_changed_in_the_list_keeps_the_draft_and_goes_into_it(
    admin_client, live, saved_before_bases
):
    submit(admin_client, live, {"title": "Cross-facial nerve grafting, explained"}, "_save_draft")
    if saved_before_bases:  # a draft saved before migration 0003 has no base to merge from
        Draft.objects.update(base=None)
    changelist = reverse("admin:procedures_procedure_changelist")
    rows = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(live.pk)}
    response = admin_client.post(changelist, {**rows, "form-0-order": "42", "_save": "Save"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.order, live.title) == (42, "Cross-facial nerve graft")
    assert Draft.objects.get().created_by.username == "boss"
    shown = change_form_data(admin_client, live)
    assert (shown["order"], shown["title"]) == ("42", "Cross-facial nerve grafting, explained")
    assert Version.objects.filter(note="Changed in the list").count() == 1
    # Publishing the draft later does not put the old order back.
    assert submit(admin_client, live, button="_save").status_code == 302
    live.refresh_from_db()
    assert (live.order, live.title) == (42, "Cross-facial nerve grafting, explained")
    assert not Draft.objects.exists()


def test_a_draft_of_a_page_taken_off_the_site_does_not_say_the_site_shows_it(admin_client, live):
    submit(admin_client, live, {"title": "Cross-facial nerve grafting, explained"}, "_save_draft")
    Procedure.objects.filter(pk=live.pk).update(status=Procedure.Status.DRAFT)  # "Return to draft"
    html = unescape(admin_client.get(change_url(live)).content.decode())
    assert "Not shown to visitors" in html
    assert "the site still shows the published version" not in html
    assert "visitors see neither it nor the page, which is off the site" in html


def test_a_second_save_keeps_when_the_changes_began(admin_client, live):
    submit(admin_client, live, {"title": "First"}, "_save_draft")
    began = Draft.objects.get().created_at
    assert change_form_data(admin_client, live)["title"] == "First"  # the form shows the draft
    submit(admin_client, live, {"title": "Second"}, "_save_draft")
    draft = Draft.objects.get()
    assert draft.created_at == began
    assert draft.data["title"] == ["Second"]


def test_publish_puts_the_draft_on_the_site_and_keeps_the_old_version(admin_client, live):
    submit(
        admin_client, live, {"sections-3-body": "Nerves grow about an inch a month."}, "_save_draft"
    )

    response = submit(admin_client, live, button="_save")
    assert response.status_code == 302
    assert "an inch a month" in public_text(live.get_absolute_url())
    assert not Draft.objects.exists()
    versions = list(Version.objects.order_by("published_at"))
    assert [v.note for v in versions] == ["As it was before", "Published"]
    recovery = "sections-3-body"
    assert versions[0].data[recovery] == ["Nerves grow about a millimeter a day."]
    assert versions[1].data[recovery] == ["Nerves grow about an inch a month."]
    assert versions[1].published_by.username == "boss"
    assert any(m.startswith("Published “Cross-facial nerve graft”") for m in messages_of(response))


def test_sections_added_and_deleted_in_a_draft_wait_for_publish(admin_client, live):
    data = change_form_data(admin_client, live)
    data["sections-0-DELETE"] = "on"  # "What it is"
    data.update(
        {
            "sections-TOTAL_FORMS": "6",
            "sections-5-heading": "Results",
            "sections-5-body": "Most people smile within a year.",
            "sections-5-order": "9",
            "sections-5-procedure": str(live.pk),
        }
    )
    admin_client.post(change_url(live), {**data, "_save_draft": "1"})
    assert list(live.sections.values_list("heading", flat=True))[0] == "What it is"
    assert "Results" not in public_text(live.get_absolute_url())

    # The form shows the draft: the deleted section ticked, the new one present.
    html = admin_client.get(change_url(live)).content.decode()
    assert re.search(r'name="sections-0-DELETE"[^>]*checked', html)
    assert "Most people smile within a year." in html

    submit(admin_client, live, button="_save")
    headings = list(live.sections.values_list("heading", flat=True))
    assert "What it is" not in headings and "Results" in headings


def test_a_draft_with_nothing_changed_is_not_kept(admin_client, live):
    response = submit(admin_client, live, button="_save_draft")
    assert not Draft.objects.exists()
    assert any("nothing to keep" in m for m in messages_of(response))


def test_an_invalid_draft_shows_the_errors_and_stores_nothing(admin_client, live):
    response = submit(admin_client, live, {"title": ""}, "_save_draft")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Draft.objects.exists()
    live.refresh_from_db()
    assert live.title == "Cross-facial nerve graft"


def test_change_list_shows_pages_with_unpublished_changes_and_since_when(
    admin_client, live, make_procedure
):
    other = make_procedure("Masseter nerve transfer")
    submit(admin_client, live, {"title": "Changed"}, "_save_draft")
    url = reverse("admin:procedures_procedure_changelist")
    response = admin_client.get(url)
    headers = [capfirst(strip_tags(h["text"])) for h in response.context["result_headers"]]
    assert "Unpublished changes" in headers
    rows = {
        title: row
        for row in response.content.decode().split("<tr")[1:]
        for title in (live.title, other.title)
        if f">{title}<" in row
    }
    since = when(Draft.objects.get().created_at)
    assert "Draft since" in rows[live.title] and since in rows[live.title]
    assert "Draft since" not in rows[other.title]
    filtered = admin_client.get(url, {"unpublished": "yes"}).content.decode()
    assert "Cross-facial nerve graft" in filtered
    assert other.title not in filtered
    rest = admin_client.get(url, {"unpublished": "no"}).content.decode()
    assert other.title in rest and "Cross-facial nerve graft" not in rest


def test_a_new_page_can_be_a_draft_before_it_ever_goes_live(admin_client, group):
    add = reverse("admin:procedures_procedure_add")
    data = new_procedure_form(group, _save_draft="1")
    response = admin_client.post(add, data)
    draft = Draft.objects.get()
    assert response["Location"] == f"{add}?draft={draft.pk}"
    assert not Procedure.objects.filter(slug="gracilis-muscle-transfer").exists()
    assert draft.object_id is None and draft.label == "Gracilis muscle transfer"
    assert Client().get("/procedures/nerve-surgery/gracilis-muscle-transfer/").status_code == 404

    # Listed above the change list, and opened again from there.
    listing = admin_client.get(reverse("admin:procedures_procedure_changelist")).content.decode()
    assert "New pages saved as drafts" in listing and f"?draft={draft.pk}" in listing
    html = admin_client.get(response["Location"]).content.decode()
    assert "A thin muscle from the thigh." in html

    form = change_form_data(admin_client, None, url=response["Location"])
    response = admin_client.post(response["Location"], {**form, "_save": "Publish"})
    assert response.status_code == 302
    procedure = Procedure.objects.get(slug="gracilis-muscle-transfer")
    assert not Draft.objects.exists()
    assert "A thin muscle from the thigh." in public_text(procedure.get_absolute_url())


@pytest.mark.parametrize("draft", ["12x", "²", "9" * 23])
def test_a_mistyped_draft_in_the_address_opens_an_empty_add_form(admin_client, group, draft):
    response = admin_client.get(reverse("admin:procedures_procedure_add"), {"draft": draft})
    assert response.status_code == 200
    assert response.context["adminform"].form.initial.get("title") is None


def test_discarding_a_draft_brings_the_form_back_to_the_published_page(admin_client, live):
    submit(admin_client, live, {"title": "Changed"}, "_save_draft")
    discard = reverse("admin:procedures_procedure_discard", args=[live.pk])
    assert "will be lost" in admin_client.get(discard).content.decode()
    admin_client.post(discard)
    assert not Draft.objects.exists()
    assert change_form_data(admin_client, live)["title"] == "Cross-facial nerve graft"


def test_staff_without_change_permission_cannot_save_drafts(
    client, verified_login, staff_user, live
):
    staff_user.user_permissions.add(*named_permissions("procedures.view_procedure"))
    verified_login(client, staff_user)
    response = client.post(change_url(live), {"title": "Nope", "_save_draft": "1"})
    assert response.status_code == 403
    assert not Draft.objects.exists()


@pytest.mark.parametrize("model", ["condition", "faq", "page", "case", "testimonial"])
def test_every_kind_of_content_page_has_drafts(admin_client, model, draftable_objects):
    obj, field, public_url = draftable_objects[model]
    text = change_form_data(admin_client, obj)[field]
    submit(admin_client, obj, {field: text + " Changed in a draft."}, "_save_draft")
    assert Draft.objects.count() == 1
    assert "Changed in a draft." not in public_text(public_url)
    assert change_form_data(admin_client, obj)[field].endswith("Changed in a draft.")
    response = submit(admin_client, obj, button="_save")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Changed in a draft." in public_text(public_url)
    assert not Draft.objects.exists()


def test_a_site_page_draft_waits_for_publish(admin_client, practice):
    page = Page.objects.create(
        key="about", title="About", meta_description="About us.", body="Old story."
    )
    submit(admin_client, page, {"body": "New story."}, "_save_draft")
    assert "Old story." in public_text(reverse("pages:about"))


def test_condition_treatments_are_part_of_the_draft(admin_client, live, make_condition):
    condition = make_condition("Moebius syndrome")
    submit(admin_client, condition, {"procedures": [str(live.pk)]}, "_save_draft")
    assert not condition.procedures.exists()
    submit(admin_client, condition, button="_save")
    assert list(Condition.objects.get(pk=condition.pk).procedures.all()) == [live]


def test_a_cases_causes_are_part_of_the_draft(admin_client, draftable_objects, make_condition):
    case = draftable_objects["case"][0]
    moebius = make_condition("Moebius syndrome")
    submit(admin_client, case, {"causes": [str(moebius.pk)]}, "_save_draft")
    assert not case.causes.exists()
    submit(admin_client, case, button="_save")
    assert list(case.causes.all()) == [moebius]


def test_a_consent_change_is_never_kept_in_a_draft(admin_client, draftable_objects):
    case = draftable_objects["case"][0]
    data = change_form_data(admin_client, case)
    data["consents-0-revoked_on"] = data["consents-0-signed_on"]
    response = admin_client.post(change_url(case), {**data, "_save_draft": "1"})
    assert response.status_code == 200
    assert "Photo consent changes are recorded at once, never in a draft" in unescape(
        response.content.decode()
    )
    assert not Draft.objects.exists()


def test_a_new_photo_is_never_kept_in_a_draft(admin_client, draftable_objects):
    from tests.gallery import images

    case = draftable_objects["case"][0]
    changes = {"pairs-0-before_upload": images.upload("new.jpg", images.jpeg())}
    response = submit(admin_client, case, changes, "_save_draft")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "A draft keeps the words and settings of a page, not photos or videos" in html
    assert not Draft.objects.exists()


def test_a_new_photo_pair_without_its_photos_is_refused_as_a_draft_saying_why(
    admin_client, draftable_objects
):
    # Its words alone were refused with "Choose the before photo." and nothing about drafts.
    case = draftable_objects["case"][0]
    data = change_form_data(admin_client, case)
    row = int(data["pairs-TOTAL_FORMS"])
    new_pair = {
        "pairs-TOTAL_FORMS": str(row + 1),
        f"pairs-{row}-label": "Eyes closed",
        f"pairs-{row}-before_alt": "Illustration. Before: one eye stays open.",
        f"pairs-{row}-after_alt": "Illustration. After: both eyes close.",
    }
    response = admin_client.post(change_url(case), {**data, **new_pair, "_save_draft": "1"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "A draft keeps the words and settings of a page, not photos or videos" in html
    assert "choose any photo or video again first" in html
    assert not Draft.objects.exists() and case.pairs.count() == 1


def test_line_breaks_as_browsers_post_them_are_not_changes(admin_client, live):
    """Browsers post CRLF line breaks; only what the editor changed counts as changed."""
    data = {
        k: v.replace("\n", "\r\n") if isinstance(v, str) else v
        for k, v in change_form_data(admin_client, live).items()
    }
    admin_client.post(change_url(live), {**data, "_save_draft": "1"})
    assert not Draft.objects.exists()
    data["sections-1-body"] += "\r\n- People born with facial paralysis"
    admin_client.post(change_url(live), {**data, "_save_draft": "1"})
    changes = admin_client.get(reverse("admin:procedures_procedure_changes", args=[live.pk]))
    html = changes.content.decode()
    assert html.count("drafts-row--changed") == 1
    assert "Section “Who it can help”: changed" in html


def test_text_stored_with_a_trailing_line_break_is_not_a_change(admin_client, live):
    """Pages loaded from files (the demo) end texts with a line break; the form strips it."""
    Section.objects.filter(procedure=live).update(body=Concat("body", Value("\n")))
    Procedure.objects.filter(pk=live.pk).update(summary=Concat("summary", Value("\n")))
    response = submit(admin_client, live, button="_save_draft")
    assert not Draft.objects.exists()
    assert any("nothing to keep" in m for m in messages_of(response))


def test_the_saved_message_names_the_page_as_published(admin_client, live):
    response = submit(admin_client, live, {"title": "A title still in draft"}, "_save_draft")
    [message] = messages_of(response)
    assert "The site still shows the published “Cross-facial nerve graft”" in message


def test_a_refused_publish_still_says_the_page_is_on_the_site(admin_client, long_procedure):
    """The form shown again after a problem said "Not on the site yet: a new page" of a live
    page, as if pressing Publish again would put it up for the first time."""
    response = submit(admin_client, long_procedure, {"title": "", "status": "draft"}, "_save")
    assert response.status_code == 200 and response.context["adminform"].form.errors
    html = response.content.decode()
    assert "Not on the site yet" not in html
    assert '<span class="drafts-badge drafts-badge--live">On the site</span>' in html
    assert response.context["drafts"]["obj"].title == long_procedure.title  # as stored


@pytest.mark.parametrize(
    ("fixture", "changes", "reason"),
    [
        ("smile", {"status": "draft"}, "its “status” is “Draft” (choose “Published”, then"),
        ("make_condition", {"is_published": ""}, "“published” is not ticked (tick it, then"),
    ],
)
def test_publishing_a_page_its_setting_hides_says_which_setting(
    admin_client, request, fixture, changes, reason
):
    """A procedure has no box to tick: its status said "“status” is not ticked"."""
    page = request.getfixturevalue(fixture)
    page = page() if callable(page) else page
    data = {**change_form_data(admin_client, page), **changes, "_save": "1"}
    if not changes.get("is_published", True):
        del data["is_published"]
    response = admin_client.post(change_url(page), data)
    assert response.status_code == 302
    assert any(reason in m for m in messages_of(response))
