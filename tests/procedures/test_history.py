"""Staff see who changed a page and when, and can restore an earlier version of it."""

import pytest
from django.urls import reverse

from procedures.models import FAQ, Condition, Procedure, Section
from procedures.services import restore_procedure_children

pytestmark = pytest.mark.django_db


def procedure_form_data(procedure, sections=None, faqs=None, **overrides):
    """The admin change form's POST data for `procedure` with the given inline rows.

    `sections`/`faqs`: lists of dicts with the row's fields, plus "id" for existing rows and
    "DELETE": "on" to delete one.
    """
    data = {
        "group": procedure.group_id,
        "title": procedure.title,
        "slug": procedure.slug,
        "summary": procedure.summary,
        "status": procedure.status,
        "last_reviewed": procedure.last_reviewed.isoformat(),
        "order": procedure.order,
        "kind": procedure.kind,
        "anesthesia": procedure.anesthesia,
        "hospital_stay": procedure.hospital_stay,
        "recovery": procedure.recovery,
        "meta_description": procedure.meta_description,
    }
    data.update(overrides)
    if sections is None:
        sections = [
            {"id": s.pk, "heading": s.heading, "body": s.body, "order": s.order}
            for s in procedure.sections.all()
        ]
    if faqs is None:
        faqs = [
            {
                "id": f.pk,
                "question": f.question,
                "answer": f.answer,
                "order": f.order,
                "is_published": "on" if f.is_published else "",
            }
            for f in procedure.faqs.all()
        ]
    for prefix, rows, initial in (
        ("sections", sections, procedure.sections.count()),
        ("faqs", faqs, procedure.faqs.count()),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": initial,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
            data[f"{prefix}-{i}-procedure"] = procedure.pk
    return data


def change_url(procedure):
    return reverse("admin:procedures_procedure_change", args=[procedure.pk])


def test_admin_edits_are_recorded_with_the_user(admin_client, long_procedure):
    data = procedure_form_data(long_procedure, title="Cross-facial nerve grafting")
    response = admin_client.post(change_url(long_procedure), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    latest = long_procedure.history.latest()
    assert latest.title == "Cross-facial nerve grafting"
    assert latest.history_user.username == "boss"
    assert latest.history_type == "~"

    history = admin_client.get(
        reverse("admin:procedures_procedure_history", args=[long_procedure.pk])
    )
    assert history.status_code == 200
    html = history.content.decode()
    assert "boss" in html
    assert "Cross-facial nerve grafting" in html


def test_section_only_edit_is_described_in_the_procedure_history(admin_client, long_procedure):
    sections = [
        {"id": s.pk, "heading": s.heading, "body": s.body, "order": s.order}
        for s in long_procedure.sections.all()
    ]
    sections[3]["body"] = "Nerves regrow slowly."
    response = admin_client.post(
        change_url(long_procedure), procedure_form_data(long_procedure, sections=sections)
    )
    assert response.status_code == 302
    edited = Section.objects.get(pk=sections[3]["id"])
    assert edited.body == "Nerves regrow slowly."
    assert edited.body_html == "<p>Nerves regrow slowly.</p>"
    reason = long_procedure.history.latest().history_change_reason
    assert reason == "Changed section “Recovery” (body)"
    section_history = Section.history.filter(id=sections[3]["id"]).latest()
    assert section_history.history_user.username == "boss"


def test_restoring_a_version_brings_back_fields_sections_and_questions(
    admin_client, long_procedure
):
    original = long_procedure.history.latest()
    original_sections = list(long_procedure.sections.values_list("heading", "body"))
    original_faqs = list(long_procedure.faqs.values_list("question", "answer"))

    # An unfortunate edit: new title, a section rewritten, one deleted, one added, FAQ removed.
    sections = [
        {"id": s.pk, "heading": s.heading, "body": s.body, "order": s.order}
        for s in long_procedure.sections.all()
    ]
    sections[0]["body"] = "Wrong text."
    sections[1]["DELETE"] = "on"
    sections.append({"id": "", "heading": "Prices", "body": "Call us.", "order": 99})
    faq = long_procedure.faqs.get()
    faqs = [
        {
            "id": faq.pk,
            "question": faq.question,
            "answer": faq.answer,
            "order": faq.order,
            "is_published": "on",
            "DELETE": "on",
        }
    ]
    response = admin_client.post(
        change_url(long_procedure),
        procedure_form_data(
            long_procedure,
            sections=sections,
            faqs=faqs,
            title="Oops",
            status=Procedure.Status.DRAFT,
        ),
    )
    assert response.status_code == 302
    long_procedure.refresh_from_db()
    assert long_procedure.title == "Oops"
    assert long_procedure.sections.count() == 5
    assert not long_procedure.faqs.exists()

    # The history page offers the earlier version; its form posts the old field values.
    revert_url = reverse(
        "admin:procedures_procedure_simple_history", args=[long_procedure.pk, original.history_id]
    )
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = admin_client.post(revert_url, data)
    assert response.status_code == 302

    long_procedure.refresh_from_db()
    assert long_procedure.title == "Cross-facial nerve graft"
    assert long_procedure.status == Procedure.Status.PUBLISHED
    assert list(long_procedure.sections.values_list("heading", "body")) == original_sections
    assert list(long_procedure.faqs.values_list("question", "answer")) == original_faqs
    assert long_procedure.faqs.get().pk == faq.pk  # the same row, back with its old id
    page = admin_client.get(long_procedure.get_absolute_url()).content.decode()
    assert "A nerve graft <strong>bridges</strong> a gap." in page
    assert "Wrong text." not in page and "Call us." not in page
    assert '<h2 id="who-it-can-help" class="anchored-heading">' in page
    latest = long_procedure.history.latest()
    assert latest.history_change_reason.startswith("Restored the version of")
    assert latest.history_user.username == "boss"


def test_restore_service_undoes_rows_added_after_the_version(long_procedure):
    version = long_procedure.history.latest()
    long_procedure.save()  # the admin saves the procedure first, then its rows
    Section.objects.create(procedure=long_procedure, heading="Added later", body="x", order=9)
    FAQ.objects.create(procedure=long_procedure, question="Added later?", answer="y")
    changed = restore_procedure_children(long_procedure, version)
    assert changed == 2
    assert not long_procedure.sections.filter(heading="Added later").exists()
    assert not long_procedure.faqs.filter(question="Added later?").exists()
    # Restoring again changes nothing: the rows already match.
    assert restore_procedure_children(long_procedure, version) == 0


def test_condition_and_faq_edits_are_recorded_and_restorable(admin_client, make_condition):
    condition = make_condition("Bell’s palsy", body="## First\n\nOriginal text.")
    first = condition.history.latest()
    condition.body = "## First\n\nChanged text."
    condition.save()
    url = reverse(
        "admin:procedures_condition_simple_history", args=[condition.pk, first.history_id]
    )
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["procedures"] = []
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert admin_client.post(url, data).status_code == 302
    restored = Condition.objects.get(pk=condition.pk)
    assert restored.body == "## First\n\nOriginal text."
    assert restored.body_html == '<h2 id="first">First</h2>\n<p>Original text.</p>'

    faq = FAQ.objects.create(question="Old?", answer="Old answer.")
    faq.question = "New?"
    faq.save()
    history = admin_client.get(reverse("admin:procedures_faq_history", args=[faq.pk]))
    assert history.status_code == 200
    assert "Old?" in history.content.decode()
    assert [h.question for h in faq.history.order_by("history_date")] == ["Old?", "New?"]
