"""Keeps the `django.contrib.sites` record in step with SITE_URL: the only code that does.

The sitemap and the old-address redirects build absolute links from that record. Django creates
it as "example.com"; a deployment that never touched it would publish a sitemap of example.com
links. After every `migrate`, and before the demo content loads, a missing record is created and
one still holding Django's placeholder takes SITE_URL's host; a domain staff have set in the admin
is left alone.
"""

from urllib.parse import urlsplit

from django.conf import settings

PLACEHOLDER = "example.com"


def sync_site_domain(sender=None, using="default", **kwargs):
    """post_migrate receiver (for practice_site), also called directly; returns the Site."""
    from django.contrib.sites.models import Site

    host = urlsplit(settings.SITE_URL).netloc or "localhost"
    sites = Site.objects.using(using)
    site, _ = sites.get_or_create(pk=settings.SITE_ID, defaults={"domain": host, "name": host})
    if site.domain == PLACEHOLDER:
        site.domain = site.name = host
        site.save(using=using, update_fields=["domain", "name"])
    return site
