import pytest
from django.urls import reverse

from testimonials import models

pytestmark = pytest.mark.django_db


def test_sitemap_lists_the_testimonials_page_only_while_it_shows_testimonials(client, demo_content):
    assert reverse("testimonials:index") in client.get("/sitemap.xml").content.decode()
    models.Testimonial.objects.update(is_published=False)
    assert reverse("testimonials:index") not in client.get("/sitemap.xml").content.decode()
