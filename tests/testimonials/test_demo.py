"""The sample testimonials `load_demo_content` adds."""

import pytest
from django.urls import reverse

from practice_site import demo
from testimonials import models

pytestmark = pytest.mark.django_db


def test_demo_adds_a_handful_of_published_samples_across_procedures(demo_content):
    samples = list(models.Testimonial.objects.select_related("procedure"))
    assert 5 <= len(samples) <= 7
    assert {t.source for t in samples} == {models.Testimonial.Source.SAMPLE}
    assert set(models.Testimonial.objects.published()) == set(samples)
    assert len({t.procedure.slug for t in samples if t.procedure}) >= 4
    assert sum(t.is_featured for t in samples) == 1
    assert len({t.rating for t in samples}) > 1  # not only five-star praise


def test_demo_is_idempotent(demo_content):
    count = models.Testimonial.objects.count()
    assert demo.load_testimonials(demo.read()) is False
    assert models.Testimonial.objects.count() == count


def test_demo_pages_show_the_samples_as_samples(client, demo_content):
    html = client.get(reverse("testimonials:index")).content.decode()
    assert "the testimonials below are samples we wrote" in html
    assert "Sample text for this demonstration site" in html
    home = client.get(reverse("pages:home")).content.decode()
    assert "In a patient’s words" in home
    assert "Demonstration site" in home
