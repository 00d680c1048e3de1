"""Every admin page for procedures, conditions and questions loads, and does what staff expect."""

import json
import re
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from procedures.models import FAQ, Procedure, ProcedureGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(long_procedure, make_condition, group):
    condition = make_condition("Bell’s palsy", procedures=[long_procedure])
    faq = FAQ.objects.create(question="General?", answer="Yes.")
    return {
        "procedure": long_procedure,
        "condition": condition,
        "faq": faq,
        "proceduregroup": group,
    }


@pytest.mark.parametrize("model", ["procedure", "condition", "faq", "proceduregroup"])
def test_admin_pages_load(admin_client, content, model):
    obj = content[model]
    for name, args in (
        ("changelist", []),
        ("add", []),
        ("change", [obj.pk]),
        ("history", [obj.pk]),
    ):
        url = reverse(f"admin:procedures_{model}_{name}", args=args)
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_delete_pages_name_the_condition_listings_that_go(admin_client, content):
    procedure, condition = content["procedure"], content["condition"]
    listing = f"Condition page listing: “{procedure}” on “{condition}”"
    for model, obj in (("procedure", procedure), ("condition", condition)):
        url = reverse(f"admin:procedures_{model}_delete", args=[obj.pk])
        html = unescape(admin_client.get(url).content.decode())
        assert listing in html, model
        assert "Condition page listings: 1" in html  # the summary's count
        assert "object (" not in html  # Django's default name for such a row


def test_changelist_search_and_filters(admin_client, content, make_procedure):
    make_procedure("Unfinished page", status=Procedure.Status.DRAFT)
    url = reverse("admin:procedures_procedure_changelist")
    html = admin_client.get(url, {"q": "millimeter"}).content.decode()  # found in a section
    assert "Cross-facial nerve graft" in html
    assert "Unfinished page" not in html
    html = admin_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Unfinished page" in html
    assert "Cross-facial nerve graft" not in html
    faq_list = admin_client.get(
        reverse("admin:procedures_faq_changelist"), {"kind": "general"}
    ).content.decode()
    assert "General?" in faq_list
    assert "Does it weaken my healthy side?" not in faq_list


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Bell's palsy", "Bell’s palsy"), ("Bell’s palsy", "Bell's palsy")],
    ids=["keyboard-finds-typographic", "typographic-finds-keyboard"],
)
def test_a_search_finds_text_whatever_its_apostrophe(
    admin_client, make_condition, make_case, typed, stored
):
    make_condition(f"Recovery after {stored}")
    make_case(title=f"A smile back after {stored}")
    for model in ("procedures_condition", "gallery_case"):
        url = reverse(f"admin:{model}_changelist")
        result = admin_client.get(url, {"q": typed}).context["cl"].result_count
        assert result == 1, model


def test_change_form_has_inlines_prepopulated_slug_and_view_on_site(admin_client, content):
    procedure = content["procedure"]
    html = admin_client.get(
        reverse("admin:procedures_procedure_change", args=[procedure.pk])
    ).content.decode()
    assert 'name="sections-0-heading"' in html
    assert 'name="faqs-0-question"' in html
    [config] = re.findall(r'data-prepopulated-fields="([^"]*)"', html)
    slug = next(f for f in json.loads(unescape(config)) if f["id"] == "#id_slug")
    assert slug["dependency_ids"] == ["#id_title"]
    assert f'href="{procedure.get_absolute_url()}"' in html  # "View on site"


def test_view_on_site_opens_the_page_and_a_draft_preview(admin_client, content):
    procedure = content["procedure"]
    procedure.status = Procedure.Status.DRAFT
    procedure.save()
    response = admin_client.get(procedure.get_absolute_url())
    assert response.status_code == 200
    assert "Draft</strong>" in response.content.decode()


def test_duplicate_slug_in_a_group_is_a_form_error(admin_client, content):
    procedure = content["procedure"]
    data = {
        "group": procedure.group_id,
        "title": "Again",
        "slug": procedure.slug,
        "summary": "S",
        "status": "draft",
        "last_reviewed": "2026-01-01",
        "order": 1,
        "kind": "surgical",
        "meta_description": "M",
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "faqs-TOTAL_FORMS": 0,
        "faqs-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:procedures_procedure_add"), data)
    assert response.status_code == 200
    assert Procedure.objects.filter(slug=procedure.slug).count() == 1
    # Names the page that has the address, and one that is free.
    assert response.context["adminform"].form.non_field_errors() == [
        f"The web address “{procedure.slug}” is already used by “{procedure.title}”. Choose "
        f"another, for example “{procedure.slug}-2”."
    ]
    Procedure.objects.create(
        group=procedure.group, title="Taken too", slug=f"{procedure.slug}-2", summary="S"
    )
    response = admin_client.post(reverse("admin:procedures_procedure_add"), data)
    assert (
        f"for example “{procedure.slug}-3”"
        in response.context["adminform"].form.non_field_errors()[0]
    )


def test_a_condition_address_in_use_names_its_page(admin_client, make_condition):
    taken = make_condition(title="Bell’s palsy", slug="bells-palsy")
    response = admin_client.post(
        reverse("admin:procedures_condition_add"),
        {"title": "Bell palsy", "slug": "bells-palsy", "summary": "S", "meta_description": "M"},
    )
    assert response.context["adminform"].form.errors["slug"] == [
        f"The web address “bells-palsy” is already used by “{taken.title}”. Choose another, "
        "for example “bells-palsy-2”."
    ]


def test_a_huge_markdown_text_is_a_form_error_not_a_long_save(admin_client, content):
    """Saving renders Markdown; a megabyte pasted by mistake once held the database a minute."""
    from tests.drafts.helpers import change_form_data

    procedure = content["procedure"]
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    data = change_form_data(admin_client, procedure)
    data["sections-0-body"] = "A long story" + "." * 49_989  # 50,001 characters
    response = admin_client.post(url, {**data, "_save": "1"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "This text has 50001 characters; one box holds at most 50000." in html
    assert "A long story." not in procedure.sections.first().body
    data["sections-0-body"] = "A long story" + "." * 49_988  # 50,000: saved
    assert admin_client.post(url, {**data, "_save": "1"}).status_code == 302
    assert procedure.sections.first().body.startswith("A long story.")


def test_publish_and_review_actions(admin_client, content, make_procedure):
    draft = make_procedure("Ready", status=Procedure.Status.DRAFT, last_reviewed="2020-01-01")
    url = reverse("admin:procedures_procedure_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Procedure.Status.PUBLISHED
    logged = LogEntry.objects.get(object_id=str(draft.pk))
    assert logged.get_change_message() == "Published from the list."
    assert logged.user.username == "boss"

    # Recording a review asks who reviewed (tests/procedures/test_review_action.py).
    admin_client.post(url, {"action": "mark_reviewed_today", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert str(draft.last_reviewed) == "2020-01-01"

    admin_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Procedure.Status.DRAFT


def test_group_list_counts_published_procedures(admin_client, content, make_procedure):
    make_procedure("Hidden", status=Procedure.Status.DRAFT)
    response = admin_client.get(reverse("admin:procedures_proceduregroup_changelist"))
    group = ProcedureGroup.objects.get()
    assert response.context["cl"].result_list.get(pk=group.pk).published == 1


def test_stale_review_dates_are_flagged(admin_client, content):
    procedure = content["procedure"]
    Procedure.objects.filter(pk=procedure.pk).update(last_reviewed="2020-03-01")
    html = admin_client.get(reverse("admin:procedures_procedure_changelist")).content.decode()
    assert "Mar 1, 2020 (over a year ago)" in html


def test_staff_without_permissions_cannot_open_the_admin_pages(
    client, staff_user, content, verified_login
):
    verified_login(client, staff_user)
    url = reverse("admin:procedures_procedure_changelist")
    assert client.get(url).status_code == 403


def test_a_question_already_asked_in_the_same_place_is_refused_with_a_link_to_it(
    admin_client, smile
):
    asked = FAQ.objects.create(question="How long does recovery take?", answer="Months.")
    add = reverse("admin:procedures_faq_add")
    data = {"question": "  how long does  recovery take? ", "answer": "A few months."}
    response = admin_client.post(add, {**data, "order": "0", "is_published": "on", "_save": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This question is already in the list" in html
    assert reverse("admin:procedures_faq_change", args=[asked.pk]) in html
    assert FAQ.objects.count() == 1
    # The same words about one procedure are another question: its page shows them.
    data["procedure"] = str(smile.pk)
    response = admin_client.post(add, {**data, "order": "0", "is_published": "on", "_save": "1"})
    assert response.status_code == 302
    assert FAQ.objects.filter(procedure=smile, question__icontains="recovery").count() == 1
