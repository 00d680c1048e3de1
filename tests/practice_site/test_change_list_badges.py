"""Change lists fit a 1280 px screen: a few clear columns, the state as words in badges."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from consultations.models import ConsultationRequest
from procedures.admin_ui import badge, badges
from procedures.models import Procedure
from testimonials import models as testimonial_models

pytestmark = pytest.mark.django_db


def columns(response):
    return [
        capfirst(str(h["text"]))
        for h in response.context["result_headers"]
        if "action-toggle" not in str(h["text"])
    ]


def cell(response, obj, method):
    return str(getattr(response.context["cl"].model_admin, method)(obj))


def test_a_badge_is_a_word_in_a_pill_never_colour_alone():
    assert str(badge("On the site", "good")) == (
        '<span class="status-badge status-badge--good">On the site</span>'
    )
    assert str(badge("<b>", "quiet")) == (
        '<span class="status-badge status-badge--quiet">&lt;b&gt;</span>'
    )
    assert str(badges(("A", "info"), ("", "good"), ("B", "problem"))).count("status-badge ") == 2
    with pytest.raises(ValueError):
        badge("Red", "red")


def test_requests_list_four_columns_and_says_spam_and_failed_emails(admin_client, make_request):
    make = make_request
    booked = make(status=ConsultationRequest.Status.BOOKED)
    spam = make(is_spam=True, notification_status=ConsultationRequest.Notification.SKIPPED)
    failed = make(notification_attempts=3, notification_error="SMTPServerDisconnected")
    waiting = make()  # pending, never tried yet: nothing to flag
    response = admin_client.get(reverse("admin:consultations_consultationrequest_changelist"))
    assert columns(response) == ["Received", "Name", "Procedure or concern", "Status"]
    assert cell(response, booked, "status_badges") == (
        '<span class="status-badge status-badge--good">Consultation booked</span>'
    )
    assert ">Suspected spam<" in cell(response, spam, "status_badges")
    assert ">Staff email not sent<" in cell(response, failed, "status_badges")
    assert cell(response, waiting, "status_badges") == (
        '<span class="status-badge status-badge--info">New</span>'
    )


def test_testimonials_list_five_columns_with_why_one_is_not_shown(admin_client, make_procedure):
    draft = make_procedure("Draft one", status=Procedure.Status.DRAFT)
    today = timezone.localdate()

    def make(**fields):
        defaults = dict(
            quote="Q",
            display_name="A.B.",
            rating=4,
            source=testimonial_models.Testimonial.Source.EMAIL,
        )
        return testimonial_models.Testimonial.objects.create(**{**defaults, **fields})

    featured = make(consent_date=today, is_published=True, is_featured=True)
    no_consent = make()
    unpublished = make(consent_date=today - timedelta(days=3))
    about_draft = make(consent_date=today, is_published=True, procedure=draft)
    sample = make(
        consent_date=today, is_published=True, source=testimonial_models.Testimonial.Source.SAMPLE
    )
    response = admin_client.get(reverse("admin:testimonials_testimonial_changelist"))
    assert columns(response) == [
        "Testimonial",
        "Rating",
        "Procedure",
        "Date received",
        "On the site",
        "Unpublished changes",  # drafts' column
    ]
    rows = {t.pk: t for t in response.context["cl"].result_list}
    assert ">On the site<" in cell(response, rows[featured.pk], "status")
    assert ">Featured<" in cell(response, rows[featured.pk], "status")
    assert ">Needs consent<" in cell(response, rows[no_consent.pk], "status")
    assert ">Not published<" in cell(response, rows[unpublished.pk], "status")
    assert ">Hidden: its procedure is a draft<" in cell(response, rows[about_draft.pk], "status")
    assert ">Sample text<" in cell(response, rows[sample.pk], "status")
    # The stars are read out as a number.
    assert '<span class="visually-hidden">4 out of 5</span>' in cell(
        response, rows[featured.pk], "stars"
    )


def test_procedures_list_says_published_or_draft_in_a_badge(admin_client, make_procedure):
    live = make_procedure("Live")
    draft = make_procedure("Draft", status=Procedure.Status.DRAFT)
    response = admin_client.get(reverse("admin:procedures_procedure_changelist"))
    assert columns(response)[:3] == ["Title", "Group", "Status"]
    assert "Updated at" not in columns(response)
    assert cell(response, live, "status_badge") == (
        '<span class="status-badge status-badge--good">Published</span>'
    )
    assert ">Draft<" in cell(response, draft, "status_badge")


def test_order_boxes_in_lists_are_named_after_their_row(admin_client, make_procedure):
    make_procedure(title="Brow lift")
    html = admin_client.get(reverse("admin:procedures_procedure_changelist")).content.decode()
    assert 'aria-label="Order of “Brow lift”"' in html


def test_a_question_chooses_its_procedure_from_a_plain_list(admin_client, make_procedure):
    make_procedure(title="Brow lift")
    response = admin_client.get(reverse("admin:procedures_faq_add"))
    field = response.context["adminform"].form.fields["procedure"]
    assert [label for _, label in field.choices][1:] == ["Brow lift"]
    assert "admin-autocomplete" not in response.content.decode()
