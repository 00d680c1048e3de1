import pytest
from django.urls import reverse

from testimonials import models
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def test_sitemap_lists_the_testimonials_page_only_while_it_shows_testimonials(client, demo_content):
    assert reverse("testimonials:index") in sitemap_xml(client)
    models.Testimonial.objects.update(is_published=False)
    assert reverse("testimonials:index") not in sitemap_xml(client)
