"""The Sites record follows SITE_URL: one function, after migrate and before the demo loads."""

import pytest
from django.contrib.sites.models import Site

from practice_site.sites import sync_site_domain

pytestmark = pytest.mark.django_db


def test_a_missing_site_record_is_created_with_site_urls_host(settings):
    settings.SITE_URL = "https://www.example-practice.com"
    Site.objects.all().delete()
    assert sync_site_domain().domain == "www.example-practice.com"
    assert Site.objects.get(pk=settings.SITE_ID).name == "www.example-practice.com"


def test_only_djangos_placeholder_is_replaced(settings):
    settings.SITE_URL = "https://www.example-practice.com"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    assert sync_site_domain().domain == "www.example-practice.com"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="staff-chose-this.org")
    assert sync_site_domain().domain == "staff-chose-this.org"
