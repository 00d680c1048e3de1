"""`/sitemap.xml`: an index of sections, each app's published pages, each section split into files
of SITEMAP_LIMIT addresses (`/sitemap-procedures.xml?p=2`), so no file grows with the practice."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gallery.sitemaps import CaseSitemap, GallerySitemap
from procedures.sitemaps import SITEMAPS as PROCEDURE_SITEMAPS
from procedures.sitemaps import NamedPagesSitemap, latest
from testimonials.sitemaps import TestimonialsSitemap

from .models import Location, Page, Provider


class SitePagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(Page.objects.all())

    def location(self, item):
        return reverse(f"pages:{item.key}")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return latest(Page.objects.all())


class ProvidersSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(Provider.objects.published())

    def lastmod(self, item):
        return item.updated_at


class ContactSitemap(NamedPagesSitemap):
    """The contact page: what people search for when they look for the practice's address."""

    changefreq = "monthly"
    url_names = ["pages:contact"]
    dated_by = Location.objects.published


class ConsultationSitemap(NamedPagesSitemap):
    """The consultation form: a page people search for ("facial paralysis consultation")."""

    changefreq = "yearly"
    url_names = ["consultations:request"]


SITEMAPS = {
    "pages": SitePagesSitemap,
    "providers": ProvidersSitemap,
    "contact": ContactSitemap,
    "consultation": ConsultationSitemap,
    **PROCEDURE_SITEMAPS,
    "gallery": GallerySitemap,
    "gallery-cases": CaseSitemap,
    "testimonials": TestimonialsSitemap,
}
