from procedures.sitemaps import NamedPagesSitemap, SplitSitemap, latest

from .models import Case


class GallerySitemap(NamedPagesSitemap):
    """The gallery page, dated by its newest public case."""

    changefreq = "weekly"
    url_names = ["gallery:index"]
    dated_by = Case.objects.public


class CaseSitemap(SplitSitemap):
    """Every public case (hidden cases never appear), in files of SITEMAP_LIMIT addresses."""

    def items(self):
        return Case.objects.public().order_by("order", "pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return latest(Case.objects.public())
