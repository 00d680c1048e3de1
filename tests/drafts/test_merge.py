"""Publishing a draft applies what the draft changed, on the page as it is stored by then.

A procedure's form lists its questions inline, and they can also be edited in the questions'
own admin. An edit made there while the procedure has a draft is not undone when the draft is
published, by hand or on schedule.
"""

from datetime import timedelta

import pytest
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from practice_site.drafts import services
from practice_site.drafts.models import Draft
from procedures.models import FAQ, Procedure

from .helpers import change_form_data, public_text, submit

pytestmark = pytest.mark.django_db

NEW_TITLE = "Cross-facial nerve grafting, explained"


@pytest.fixture
def drafted(admin_client, long_procedure):
    """The procedure with a draft that changes its title only. Its texts are stored with a final
    line break, as the demo's files give them (the form strips it)."""
    FAQ.objects.filter(procedure=long_procedure).update(answer=Concat("answer", Value("\n")))
    long_procedure.sections.update(body=Concat("body", Value("\n")))
    Procedure.objects.filter(pk=long_procedure.pk).update(summary=Concat("summary", Value("\n")))
    submit(admin_client, long_procedure, {"title": NEW_TITLE}, "_save_draft")
    assert Draft.objects.get().base is not None
    return long_procedure


def publish_by_hand(admin_client, procedure):
    response = submit(admin_client, procedure, button="_save")
    assert response.status_code == 302, response.context and response.context["errors"]


def publish_on_schedule(admin_client, procedure):
    draft = Draft.objects.get()
    draft.publish_at = timezone.now() - timedelta(minutes=1)
    draft.scheduled_by = draft.created_by
    draft.save()
    assert services.run_due() == (1, 0)


PUBLISH = [publish_by_hand, publish_on_schedule]


def faq_of(procedure):
    return FAQ.objects.get(procedure=procedure)


def draft_an_answer(admin_client, procedure):
    """A draft of `procedure` that changes its question's answer. Returns the question and its
    row's prefix in the change form."""
    faq = faq_of(procedure)
    data = change_form_data(admin_client, procedure)
    ids = [k for k, v in data.items() if k.startswith("faqs-") and k.endswith("-id")]
    row = next(k for k in ids if data[k] == str(faq.pk)).removesuffix("-id")
    submit(admin_client, procedure, {f"{row}-answer": "Spare branches only."}, "_save_draft")
    return faq, row


@pytest.mark.parametrize("publish", PUBLISH)
def test_a_question_corrected_in_its_own_admin_stays_corrected(admin_client, drafted, publish):
    faq = faq_of(drafted)
    submit(admin_client, faq, {"answer": "Only a few spare branches are used."}, "_save")
    assert faq_of(drafted).answer == "Only a few spare branches are used."

    publish(admin_client, drafted)
    drafted.refresh_from_db()
    assert drafted.title == NEW_TITLE
    assert faq_of(drafted).answer == "Only a few spare branches are used."
    assert "Only a few spare branches are used." in public_text(drafted.get_absolute_url())
    assert not Draft.objects.exists()


@pytest.mark.parametrize("publish", PUBLISH)
def test_a_question_added_in_its_own_admin_is_kept(admin_client, drafted, publish):
    add = reverse("admin:procedures_faq_add")
    response = admin_client.post(
        add,
        {
            "question": "Will I need a second operation?",
            "answer": "Most people need only one.",
            "procedure": str(drafted.pk),
            "order": "5",
            "is_published": "on",
            "_save": "1",
        },
    )
    assert response.status_code == 302

    publish(admin_client, drafted)
    questions = set(drafted.faqs.values_list("question", flat=True))
    assert questions == {"Does it weaken my healthy side?", "Will I need a second operation?"}


def test_a_question_deleted_in_its_own_admin_stays_deleted(admin_client, drafted):
    faq = faq_of(drafted)
    delete = reverse("admin:procedures_faq_delete", args=[faq.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    publish_by_hand(admin_client, drafted)
    assert not drafted.faqs.exists()
    assert Procedure.objects.get(pk=drafted.pk).title == NEW_TITLE


def test_a_question_moved_to_another_procedure_is_not_copied_back(
    admin_client, long_procedure, make_procedure
):
    other = make_procedure("Masseteric nerve transfer")
    faq, row = draft_an_answer(admin_client, long_procedure)
    submit(admin_client, faq, {"procedure": str(other.pk)}, "_save")

    publish_by_hand(admin_client, long_procedure)
    assert list(FAQ.objects.values_list("question", "procedure")) == [
        ("Does it weaken my healthy side?", other.pk)
    ]


def test_the_editor_is_told_of_a_draft_change_to_a_question_moved_since(
    admin_client, long_procedure, make_procedure
):
    other = make_procedure("Masseteric nerve transfer")
    faq, row = draft_an_answer(admin_client, long_procedure)
    faq_url = reverse("admin:procedures_faq_change", args=[faq.pk])
    said = "The draft changed the FAQ “Does it weaken my healthy side?”"
    change_url = reverse("admin:procedures_procedure_change", args=[long_procedure.pk])
    assert said not in admin_client.get(change_url).content.decode()

    submit(admin_client, faq, {"procedure": str(other.pk)}, "_save")
    for url in (
        change_url,
        reverse("admin:procedures_procedure_changes", args=[long_procedure.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert said in html and f'href="{faq_url}"' in html
    faq.refresh_from_db()
    assert (faq.procedure, faq.answer) != (long_procedure, "Spare branches only.")


def test_each_side_keeps_the_field_it_changed_in_one_question(admin_client, long_procedure):
    faq, row = draft_an_answer(admin_client, long_procedure)
    submit(admin_client, faq, {"question": "Will my healthy side get weaker?"}, "_save")

    # The form shows the draft on the page as it is now: both changes.
    shown = change_form_data(admin_client, long_procedure)
    assert shown[f"{row}-question"] == "Will my healthy side get weaker?"
    assert shown[f"{row}-answer"] == "Spare branches only."

    publish_by_hand(admin_client, long_procedure)
    faq.refresh_from_db()
    assert (faq.question, faq.answer) == (
        "Will my healthy side get weaker?",
        "Spare branches only.",
    )


def test_what_changed_lists_the_drafts_changes_only(admin_client, drafted):
    faq = faq_of(drafted)
    submit(admin_client, faq, {"answer": "Only a few spare branches are used."}, "_save")
    changes = reverse("admin:procedures_procedure_changes", args=[drafted.pk])
    comparison = admin_client.get(changes).context["comparison"]
    assert [(f.label, f.new) for f in comparison.fields] == [("Title", NEW_TITLE)]
    assert comparison.rows == []  # the draft does not bring the question's old answer back


def test_a_draft_saved_before_bases_is_published_whole(admin_client, drafted):
    """A draft from before migration 0003 has no base: it is published as it stands, as then."""
    Draft.objects.update(base=None)
    faq = faq_of(drafted)
    submit(admin_client, faq, {"answer": "Only a few spare branches are used."}, "_save")

    publish_by_hand(admin_client, drafted)
    assert faq_of(drafted).answer == "Only spare branches are used."
