from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Case


class GallerySitemap(Sitemap):
    """The gallery page, dated by its newest public case."""

    changefreq = "weekly"

    def items(self):
        return ["gallery:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Case.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class CaseSitemap(Sitemap):
    """Every public case (hidden cases never appear), in files of SITEMAP_LIMIT addresses."""

    changefreq = "monthly"

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT

    def items(self):
        return Case.objects.public().order_by("order", "pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Case.objects.public().aggregate(latest=Max("updated_at"))["latest"]
