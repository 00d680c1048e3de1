"""Sitemap entries for every published procedure, group, condition and the question page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import FAQ, Condition, FAQQuerySet, Procedure, ProcedureGroup, ProcedureQuerySet

PUBLISHED = ProcedureQuerySet.public_q("procedures__")


class ProcedureSitemap(Sitemap):
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
        return max(filter(None, [item.updated_at, item.faqs_updated]))


class ProcedureGroupSitemap(Sitemap):
    """Group pages; a group changes when it or one of its published procedures does."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return ProcedureGroup.objects.annotate(
            procedures_updated=Max("procedures__updated_at", filter=PUBLISHED)
        ).order_by("pk")

    def lastmod(self, item):
        return max(filter(None, [item.updated_at, item.procedures_updated]))


class ConditionSitemap(Sitemap):
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
        return max(filter(None, [item.updated_at, item.procedures_updated]))


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
            dates = [
                ProcedureGroup.objects.aggregate(d=Max("updated_at"))["d"],
                Procedure.objects.published().aggregate(d=Max("updated_at"))["d"],
            ]
        elif item == "procedures:conditions":
            dates = [Condition.objects.published().aggregate(d=Max("updated_at"))["d"]]
        else:
            dates = [FAQ.objects.published().aggregate(d=Max("updated_at"))["d"]]
        dates = [d for d in dates if d]
        return max(dates) if dates else None


SITEMAPS = {
    "procedures": ProcedureSitemap,
    "procedure-groups": ProcedureGroupSitemap,
    "conditions": ConditionSitemap,
    "procedure-listings": ListingSitemap,
}
