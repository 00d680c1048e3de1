from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Case


class GallerySitemap(Sitemap):
    """The gallery page and every public case (hidden cases never appear)."""

    changefreq = "monthly"

    def items(self):
        return ["index", *Case.objects.public().order_by("order", "pk")]

    def location(self, item):
        return reverse("gallery:index") if item == "index" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "index" else item.updated_at
