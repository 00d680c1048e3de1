"""Builders for testimonials and the procedures they are about."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from procedures.models import Procedure, ProcedureGroup
from testimonials import models

_numbers = itertools.count(1)


@pytest.fixture
def group(db):
    return ProcedureGroup.objects.create(
        title="Facial reanimation",
        slug="facial-reanimation",
        summary="Operations that bring movement back.",
    )


@pytest.fixture
def make_procedure(group):
    def make(title, status=Procedure.Status.PUBLISHED, **fields):
        slug = fields.pop("slug", title.lower().replace(" ", "-"))
        return Procedure.objects.create(
            group=group,
            title=title,
            slug=slug,
            status=status,
            summary=f"About {title}.",
            meta_description=f"About {title}.",
            **fields,
        )

    return make


@pytest.fixture
def smile(make_procedure):
    return make_procedure("Smile reanimation")


@pytest.fixture
def make_testimonial(db):
    """A published, consented testimonial unless told otherwise; `days_ago` sets its date."""

    def make(days_ago=1, **fields):
        received = timezone.localdate() - timedelta(days=days_ago)
        values = {
            "quote": f"Testimonial number {next(_numbers)} in the patient's own words.",
            "display_name": "S.H.",
            "rating": 5,
            "received_on": received,
            "source": models.Testimonial.Source.OFFICE_CARD,
            "consent_date": received,
            "is_published": True,
        }
        values.update(fields)
        return models.Testimonial.objects.create(**values)

    return make
