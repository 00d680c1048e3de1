"""`/sitemap.xml`: an index of sections, each app's published pages, each section split into files
of SITEMAP_LIMIT addresses (`/sitemap-procedures.xml?p=2`), so no file grows with the practice."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from gallery.sitemaps import CaseSitemap, GallerySitemap
from procedures.sitemaps import SITEMAPS as PROCEDURE_SITEMAPS
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
        return Page.objects.aggregate(latest=Max("updated_at"))["latest"]


class ProvidersSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(Provider.objects.published())

    def lastmod(self, item):
        return item.updated_at


class ContactSitemap(Sitemap):
    """The contact page: what people search for when they look for the practice's address."""

    changefreq = "monthly"

    def items(self):
        return ["pages:contact"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        latest = Location.objects.published().order_by("-updated_at").first()
        return latest.updated_at if latest else None


class ConsultationSitemap(Sitemap):
    """The consultation form: a page people search for ("facial paralysis consultation")."""

    changefreq = "yearly"

    def items(self):
        return ["consultations:request"]

    def location(self, item):
        return reverse(item)


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
