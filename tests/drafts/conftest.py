"""Fixtures for the drafts tests: live pages of every draftable kind."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery.models import Case, PhotoConsent, PhotoPair
from practice_site.models import Page
from procedures.models import FAQ
from testimonials.models import Testimonial
from tests.gallery.images import row_photo


@pytest.fixture
def draftable_objects(db, practice, long_procedure, make_condition):
    """One live object of each other draftable model: (object, a text field, its public URL)."""
    condition = make_condition(
        "Bell's palsy", summary="A sudden weakness.", body="Most people recover."
    )
    faq = FAQ.objects.create(question="Does it hurt?", answer="Very little.")
    page = Page.objects.create(
        key="terms", title="Terms of use", meta_description="Terms.", body="Use it kindly."
    )
    case = Case.objects.create(
        title="A smile restored", description="A smile came back.", is_published=True
    )
    case.procedures.set([long_procedure])
    PhotoConsent.objects.create(case=case, signed_on=timezone.localdate() - timedelta(days=3))
    PhotoPair.objects.create(
        case=case,
        label="At rest",
        before=row_photo(),
        after=row_photo(),
        before_alt="Before: the corner sits low.",
        after_alt="After: the corner sits level.",
    )
    testimonial = Testimonial.objects.create(
        quote="The team gave me my smile back.",
        display_name="S.H.",
        rating=5,
        source=Testimonial.Source.OFFICE_CARD,
        consent_date=timezone.localdate(),
        is_published=True,
    )
    return {
        "condition": (condition, "body", condition.get_absolute_url()),
        "faq": (faq, "answer", reverse("procedures:faq")),
        "page": (page, "body", reverse("pages:terms")),
        "case": (case, "description", case.get_absolute_url()),
        "testimonial": (testimonial, "quote", reverse("testimonials:index")),
    }
