"""Public pages for procedures, conditions and questions.

Lists are fetched with `select_related`/`Prefetch` and templates never filter; Markdown was
rendered when it was saved. Logged-in staff may open unpublished pages to preview them; those
responses carry a "Draft" banner and are never stored by a shared cache.
"""

from itertools import groupby

from django.db import connections
from django.db.models import Count, F, Prefetch
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from . import seo
from .models import FAQ, Condition, Procedure, ProcedureGroup, ProcedureQuerySet

# Pages with at least this many sections get a table of contents.
TOC_MIN_SECTIONS = 4
# How many other procedures of the same group a procedure page suggests.
RELATED_LIMIT = 6
# What a page shows, whatever the amount of content: the rest is on the next page or one link
# away, so no page's cost grows with the practice (issue 15).
INDEX_PER_GROUP = 6  # /procedures/: each group's first procedures, then "all N"
INDEX_CONDITIONS = 12  # /procedures/: causes listed at the foot
GROUP_PER_PAGE = 12  # /procedures/<group>/ and /conditions/: cards a page
FAQ_PER_PAGE = 25  # /faq/: questions a page
TREATMENTS_SHOWN = 12  # a condition page's treatments, a procedure page's conditions
CARD_TREATMENTS = 4  # treatments named on a condition's card
OTHER_CONDITIONS = 6  # "Other causes" on a condition page


def page_context(request, page):
    """A page of a list is its own canonical page: page 2 shows other items than page 1."""
    return {"page_obj": page, "canonical_url": seo.page_url(request.path, page.number)}


def split(rows, limit):
    """(the first `limit` of rows fetched one past `limit`, whether there are more)."""
    return rows[:limit], len(rows) > limit


def first(queryset, limit):
    """(the first `limit` rows, whether there are more), from one query of limit + 1 rows."""
    return split(list(queryset[: limit + 1]), limit)


def prefetch_first(relation, queryset, limit):
    """Prefetches one more than `limit` rows of `relation` as `first_<relation>`, for split()."""
    return Prefetch(relation, queryset=queryset[: limit + 1], to_attr=f"first_{relation}")


def first_treatments(conditions, limit):
    """{condition id: the titles of its first `limit` + 1 published treatments, in the site's
    order}, from one statement: per condition, a LIMIT over its own links, so a card costs what
    it names (a window over every link of the page's conditions grew with the practice).

    The statement is one compiled query repeated with each condition's id (UNION ALL): Django
    cannot combine sliced queries on SQLite, and compiling one per card cost three times the
    SQL itself."""
    pks = [condition.pk for condition in conditions]
    found = {pk: [] for pk in pks}
    if not pks:
        return found
    links = Condition.procedures.through.objects
    one = (
        links.filter(ProcedureQuerySet.public_q("procedure__"), condition_id=pks[0])
        .order_by("procedure__group__order", "procedure__order", "procedure__title")
        .values_list(
            "condition_id", "procedure__group__order", "procedure__order", "procedure__title"
        )[: limit + 1]
    )
    sql, params = one.query.sql_with_params()
    at = params.index(pks[0])  # the only whole number among them: the status is text
    parts = [f"SELECT * FROM ({sql}) AS c{n}" for n in range(len(pks))]  # noqa: S608 (Django's)
    statement = " UNION ALL ".join(parts)  # the ids go in as parameters
    values = [value for pk in pks for value in (*params[:at], pk, *params[at + 1 :])]
    with connections[one.db].cursor() as cursor:
        cursor.execute(statement, values)
        rows = sorted(cursor.fetchall(), key=lambda row: row[1:])
    for condition_id, _, _, title in rows:
        found[condition_id].append(title)
    return found


def crumb(title, url=None):
    return {"title": title, "url": url}


def home_crumb():
    return crumb("Home", reverse("pages:home"))


def procedures_crumb():
    return crumb("Procedures", reverse("procedures:index"))


def conditions_crumb():
    return crumb("Conditions", reverse("procedures:conditions"))


class BreadcrumbMixin:
    """Puts `breadcrumbs` (the last one is the current page) and their JSON-LD in the context."""

    def get_breadcrumbs(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = crumbs = self.get_breadcrumbs()
        # Pages with richer structured data replace this in their own get_context_data().
        context["jsonld"] = seo.breadcrumbs_document(crumbs)
        return context


class StaffPreviewMixin:
    """Lets active staff open unpublished records; marks every staff view private and uncached.

    Rows come marked `is_public`. A staff response may show drafts and admin links, so it must
    never be stored by a shared cache and then served to the public (or to another member of staff).
    """

    def is_previewer(self):
        user = self.request.user
        return user.is_active and user.is_staff

    def get_queryset(self):
        queryset = self.model.objects.with_is_public()
        return queryset if self.is_previewer() else queryset.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(staff_view=self.is_previewer(), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("staff_view"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ProcedureKeyMixin:
    """For a list with a treatment filter (?procedure=<group>/<slug>): a link from before the
    key named the group, ?procedure=<slug>, goes on working where that slug names one published
    procedure. It is sent on for good to the same list with the key, its other parameters kept."""

    def get(self, request, *args, **kwargs):
        key = Procedure.objects.published().key_for_slug(request.GET.get("procedure"))
        if key is None:
            return super().get(request, *args, **kwargs)
        query = request.GET.copy()
        query["procedure"] = key
        return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


class ProcedureIndexView(BreadcrumbMixin, ListView):
    """`/procedures/`: every group with its first procedures and a link to the rest."""

    template_name = "procedures/procedure_index.html"
    context_object_name = "groups"

    def get_queryset(self):
        return ProcedureGroup.objects.with_published_procedures(INDEX_PER_GROUP)

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Procedures")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conditions = Condition.objects.published().only("title", "slug", "summary")
        context["conditions"], context["more_conditions"] = first(conditions, INDEX_CONDITIONS)
        return context


class GroupDetailView(BreadcrumbMixin, SingleObjectMixin, ListView):
    """`/procedures/<group>/`: one group, its introduction (on the first page) and its published
    procedures, a page at a time (the list is the procedures; the object, the group)."""

    template_name = "procedures/group_detail.html"
    slug_url_kwarg = "group_slug"
    paginate_by = GROUP_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=ProcedureGroup.objects.all())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Procedure.objects.published()
            .filter(group=self.object)
            .select_related("group")
            .order_by("order", "title")
        )

    def get_breadcrumbs(self):
        return [home_crumb(), procedures_crumb(), crumb(self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            {
                **page_context(self.request, page),
                "group": self.object,
                "procedures": page.object_list,
                "jsonld": seo.group_graph(
                    self.object, page.object_list, context["breadcrumbs"], page.number
                ),
            }
        )
        return context


class ReviewedPageView(StaffPreviewMixin, BreadcrumbMixin, DetailView):
    """A procedure's or a condition's page (`procedures/<model>_detail.html`, which extends
    reviewed_page.html); staff may preview a draft, which is marked and never indexed."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.object._meta
        context["is_draft"] = not self.object.is_public
        context["admin_url"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]
        )
        return context


class ProcedureDetailView(ReviewedPageView):
    """`/procedures/<group>/<procedure>/`: the procedure's sections, questions and conditions."""

    model = Procedure

    def get_queryset(self):
        # Staff see every question, those the public cannot see marked, as on /faq/.
        faqs = FAQ.objects.with_is_public() if self.is_previewer() else FAQ.objects.published()
        return (
            super()
            .get_queryset()
            .filter(group__slug=self.kwargs["group_slug"])
            .select_related("group", "reviewed_by")
            .prefetch_related(
                "sections",
                Prefetch("faqs", queryset=faqs, to_attr="shown_faqs"),
                prefetch_first("conditions", Condition.objects.published(), TREATMENTS_SHOWN),
            )
        )

    def get_breadcrumbs(self):
        group = self.object.group
        return [
            home_crumb(),
            procedures_crumb(),
            crumb(group.title, group.get_absolute_url()),
            crumb(self.object.title),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure = self.object
        sections = procedure.sections.all()
        conditions, more_conditions = split(procedure.first_conditions, TREATMENTS_SHOWN)
        context.update(
            {
                "sections": sections,
                "show_toc": len(sections) >= TOC_MIN_SECTIONS,
                "faqs": procedure.shown_faqs,
                "conditions": conditions,
                "conditions_columns": min(max(len(conditions), 2), 4),
                "more_conditions": more_conditions,
                "related": Procedure.objects.published()
                .filter(group=procedure.group)
                .exclude(pk=procedure.pk)
                .select_related("group")[:RELATED_LIMIT],
                "cta_procedure": procedure if procedure.is_public else None,
                "cta_title": "Ask us whether this treatment is right for you",
                "jsonld": seo.procedure_graph(procedure, sections, context["breadcrumbs"]),
            }
        )
        return context


class ConditionListView(BreadcrumbMixin, ListView):
    """`/conditions/`: the causes of facial paralysis we treat, a page at a time, each card
    naming a few of its treatments."""

    template_name = "procedures/condition_list.html"
    context_object_name = "conditions"
    paginate_by = GROUP_PER_PAGE

    def get_queryset(self):
        # Only what a card shows: sorting the pages' rows with their bodies grew with them.
        return Condition.objects.published().only("title", "slug", "summary")

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Conditions")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_context(self.request, context["page_obj"]))
        treatments = first_treatments(context["conditions"], CARD_TREATMENTS)
        for condition in context["conditions"]:
            condition.card_treatments, condition.more_treatments = split(
                treatments[condition.pk], CARD_TREATMENTS
            )
        return context


class ConditionDetailView(ReviewedPageView):
    """`/conditions/<slug>/`: one cause of facial paralysis and the procedures that treat it."""

    model = Condition

    def get_queryset(self):
        # The reviewing provider; the treatments are fetched in get_context_data, at most
        # TREATMENTS_SHOWN of them.
        return super().get_queryset().select_related("reviewed_by")

    def get_breadcrumbs(self):
        return [home_crumb(), conditions_crumb(), crumb(self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition = self.object
        procedures, more_procedures = first(
            Procedure.objects.published()
            .filter(conditions=condition)
            .select_related("group")
            .only("title", "slug", "group__slug")
            .order_by("group__order", "order", "title"),
            TREATMENTS_SHOWN,
        )
        others, more_others = first(
            Condition.objects.published().exclude(pk=condition.pk).only("title", "slug", "summary"),
            OTHER_CONDITIONS,
        )
        context.update(
            {
                "show_toc": len(condition.contents) >= TOC_MIN_SECTIONS,
                "procedures": procedures,
                "particular_procedures": particular_first(procedures),
                "more_procedures": more_procedures,
                "other_conditions": others,
                "more_other_conditions": more_others,
                "jsonld": seo.condition_graph(condition, procedures, context["breadcrumbs"]),
            }
        )
        return context


def particular_first(procedures):
    """`procedures` (a condition's, a bounded list), those fewest published causes share first: a
    smile muscle for Moebius syndrome before the eye care every cause needs. Counted for these
    alone: a count over every procedure's causes grew with both."""
    shared_by = dict(
        Condition.procedures.through.objects.filter(
            procedure__in=procedures, condition__is_published=True
        )
        .values_list("procedure")
        .annotate(Count("pk"))
    )
    return sorted(procedures, key=lambda procedure: shared_by.get(procedure.pk, 0))


class FAQView(StaffPreviewMixin, BreadcrumbMixin, ListView):
    """`/faq/`: published questions, general ones first, then by procedure, a page at a time.

    Staff also see unpublished questions (and those of draft procedures), each marked, so that
    "View on site" in the admin shows the question whatever its state.
    """

    model = FAQ
    template_name = "procedures/faq.html"
    context_object_name = "faqs"
    paginate_by = FAQ_PER_PAGE

    def get_queryset(self):
        # General questions (no procedure) first, then in the order procedures are listed.
        return (
            super()
            .get_queryset()
            .select_related("procedure__group")
            .order_by(
                F("procedure__group__order").asc(nulls_first=True),
                "procedure__order",
                "procedure__title",
                "procedure_id",
                "order",
                "id",
            )
        )

    def paginate_queryset(self, queryset, page_size):
        """A page is cut from the questions' ids, then its 25 rows are fetched: sorting every
        question with its answer to find 25 grew with the number of questions."""
        paginator, page, ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        rows = queryset.in_bulk(list(ids))
        page.object_list = [rows[pk] for pk in ids]
        return paginator, page, page.object_list, is_paginated

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Frequently asked questions")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        faqs = list(context["faqs"])
        page = context["page_obj"]
        context.update(page_context(self.request, page))
        topics = []
        for procedure, items in groupby(faqs, key=lambda faq: faq.procedure):
            topics.append(
                {
                    "title": procedure.title
                    if procedure
                    else "About facial paralysis and treatment",
                    "anchor": f"about-{procedure.slug}" if procedure else "general",
                    "procedure": procedure,
                    "faqs": list(items),
                }
            )
        if topics and page.number > 1:
            # The page may begin in the middle of a topic that the page before began.
            topics[0]["continued"] = faqs[0].pk != self._first_of_topic(faqs[0])
        context["topics"] = topics
        context["admin_url"] = reverse("admin:procedures_faq_changelist")
        public = [faq for faq in faqs if faq.is_public]
        if public:  # an FAQPage needs a question
            context["jsonld"] = seo.faq_page(public, context["breadcrumbs"], page.number)
        return context

    def _first_of_topic(self, faq):
        return (
            self.get_queryset()
            .filter(procedure_id=faq.procedure_id)
            .values_list("pk", flat=True)
            .first()
        )
