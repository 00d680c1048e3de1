"""Sitemap sections for every published procedure, group, condition and the list pages.

Each section is split into files of `SITEMAP_LIMIT` addresses (`?p=2` ...), and says when it last
changed with one aggregate query: the index never walks the items to find out.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import FAQ, Condition, FAQQuerySet, Procedure, ProcedureGroup, ProcedureQuerySet

PUBLISHED = ProcedureQuerySet.public_q("procedures__")


def newest(*dates):
    dates = [d for d in dates if d]
    return max(dates) if dates else None


class SplitSitemap(Sitemap):
    """A section served in files of at most SITEMAP_LIMIT addresses."""

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT


class ProcedureSitemap(SplitSitemap):
    """Published procedure pages; one changes when it or one of its questions does."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        # Questions are edited on their own admin page too, without saving the procedure.
        return (
            Procedure.objects.published()
            .select_related("group")
            .annotate(faqs_updated=Max("faqs__updated_at", filter=FAQQuerySet.public_q("faqs__")))
            .order_by("pk")
        )

    def lastmod(self, item):
        return newest(item.updated_at, item.faqs_updated)

    def get_latest_lastmod(self):
        return newest(
            Procedure.objects.published().aggregate(d=Max("updated_at"))["d"],
            FAQ.objects.published()
            .filter(procedure__isnull=False)
            .aggregate(d=Max("updated_at"))["d"],
        )


class ProcedureGroupSitemap(SplitSitemap):
    """Group pages; a group changes when it or one of its published procedures does."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return ProcedureGroup.objects.annotate(
            procedures_updated=Max("procedures__updated_at", filter=PUBLISHED)
        ).order_by("pk")

    def lastmod(self, item):
        return newest(item.updated_at, item.procedures_updated)

    def get_latest_lastmod(self):
        return newest(
            ProcedureGroup.objects.aggregate(d=Max("updated_at"))["d"],
            Procedure.objects.published().aggregate(d=Max("updated_at"))["d"],
        )


class ConditionSitemap(SplitSitemap):
    """Condition pages; one changes when it or a published procedure it lists does."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return (
            Condition.objects.published()
            .annotate(procedures_updated=Max("procedures__updated_at", filter=PUBLISHED))
            .order_by("pk")
        )

    def lastmod(self, item):
        return newest(item.updated_at, item.procedures_updated)

    def get_latest_lastmod(self):
        dates = Condition.objects.published().aggregate(
            d=Max("updated_at"), p=Max("procedures__updated_at", filter=PUBLISHED)
        )
        return newest(*dates.values())


class ListingSitemap(Sitemap):
    """The index pages: procedures, conditions and questions, dated by their newest content."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["procedures:index", "procedures:conditions", "procedures:faq"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item == "procedures:index":
            return newest(
                ProcedureGroup.objects.aggregate(d=Max("updated_at"))["d"],
                Procedure.objects.published().aggregate(d=Max("updated_at"))["d"],
            )
        if item == "procedures:conditions":
            return Condition.objects.published().aggregate(d=Max("updated_at"))["d"]
        return FAQ.objects.published().aggregate(d=Max("updated_at"))["d"]


SITEMAPS = {
    "procedures": ProcedureSitemap,
    "procedure-groups": ProcedureGroupSitemap,
    "conditions": ConditionSitemap,
    "procedure-listings": ListingSitemap,
}
