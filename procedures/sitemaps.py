"""Sitemap sections for every published procedure, group, condition and the list pages, and the
base classes the other apps' sections share.

Each section is split into files of `SITEMAP_LIMIT` addresses (`?p=2` ...), and says when it last
changed with one aggregate query: the index never walks the items to find out.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from .models import FAQ, Condition, FAQQuerySet, Procedure, ProcedureGroup, ProcedureQuerySet

PUBLISHED = ProcedureQuerySet.public_q("procedures__")


def newest(*dates):
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def latest(queryset):
    """When the newest of the rows was last edited (None when there are none)."""
    return queryset.aggregate(d=Max("updated_at"))["d"]


class SplitSitemap(Sitemap):
    """A section served in files of at most SITEMAP_LIMIT addresses."""

    changefreq = "monthly"

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT


class DatedByChildrenSitemap(SplitSitemap):
    """Pages that change when they or the published rows they list (`children`) do."""

    children = "procedures"
    children_filter = PUBLISHED

    def rows(self):
        raise NotImplementedError

    def items(self):
        # Per row shown, not a GROUP BY over every row: a later file's OFFSET then skips rows
        # without dating them (the last of seven procedure files took 105 ms, the first 58).
        rows = self.rows()
        updated = (
            rows.model.objects.filter(pk=OuterRef("pk"))
            .annotate(d=Max(f"{self.children}__updated_at", filter=self.children_filter))
            .values("d")
        )
        return rows.annotate(children_updated=Subquery(updated)).order_by("pk")

    def lastmod(self, item):
        return newest(item.updated_at, item.children_updated)


class NamedPagesSitemap(Sitemap):
    """Pages with no row of their own, listed by URL name and dated by the newest row of
    `dated_by()` (such as `Case.objects.public`), if they have one."""

    url_names = ()
    dated_by = None

    def lastmod(self, item):
        return latest(self.dated_by()) if self.dated_by else None

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)


class ProcedureSitemap(DatedByChildrenSitemap):
    """Published procedure pages; one changes when it or one of its questions does (questions
    are edited on their own admin page too, without saving the procedure)."""

    priority = 0.8
    children = "faqs"
    children_filter = FAQQuerySet.public_q("faqs__")

    def rows(self):
        return Procedure.objects.published().select_related("group")

    def get_latest_lastmod(self):
        return newest(
            latest(Procedure.objects.published()),
            latest(FAQ.objects.published().filter(procedure__isnull=False)),
        )


def procedures_lastmod():
    return newest(latest(ProcedureGroup.objects.all()), latest(Procedure.objects.published()))


class ProcedureGroupSitemap(DatedByChildrenSitemap):
    """Group pages; a group changes when it or one of its published procedures does."""

    priority = 0.7

    def rows(self):
        return ProcedureGroup.objects.all()

    def get_latest_lastmod(self):
        return procedures_lastmod()


class ConditionSitemap(DatedByChildrenSitemap):
    """Condition pages; one changes when it or a published procedure it lists does."""

    priority = 0.7

    def rows(self):
        return Condition.objects.published()

    def get_latest_lastmod(self):
        dates = Condition.objects.published().aggregate(
            d=Max("updated_at"), p=Max("procedures__updated_at", filter=PUBLISHED)
        )
        return newest(*dates.values())


class ListingSitemap(NamedPagesSitemap):
    """The index pages: procedures, conditions and questions, dated by their newest content."""

    changefreq = "weekly"
    priority = 0.6
    url_names = ["procedures:index", "procedures:conditions", "procedures:faq"]

    def lastmod(self, item):
        if item == "procedures:index":
            return procedures_lastmod()
        if item == "procedures:conditions":
            return latest(Condition.objects.published())
        return latest(FAQ.objects.published())


SITEMAPS = {
    "procedures": ProcedureSitemap,
    "procedure-groups": ProcedureGroupSitemap,
    "conditions": ConditionSitemap,
    "procedure-listings": ListingSitemap,
}
