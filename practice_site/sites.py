"""Keeps the `django.contrib.sites` record in step with SITE_URL.

The sitemap and the old-address redirects build absolute links from that record. Django creates
it as "example.com"; a deployment that never touched it would publish a sitemap of example.com
links. After every `migrate`, a record still holding Django's placeholder takes SITE_URL's host;
a domain staff have set in the admin is left alone.
"""

from urllib.parse import urlsplit

from django.conf import settings

PLACEHOLDER = "example.com"


def sync_site_domain(sender, using="default", **kwargs):
    if sender.label != "practice_site":
        return
    from django.contrib.sites.models import Site

    host = urlsplit(settings.SITE_URL).netloc
    if host:
        Site.objects.using(using).filter(pk=settings.SITE_ID, domain=PLACEHOLDER).update(
            domain=host, name=host
        )
