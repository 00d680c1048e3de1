"""Public pages for procedures, conditions and questions.

Lists are fetched with `select_related`/`Prefetch` and templates never filter; Markdown was
rendered when it was saved. Logged-in staff may open unpublished pages to preview them; those
responses carry a "Draft" banner and are never stored by a shared cache.
"""

from itertools import groupby

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView

from . import seo
from .models import FAQ, Condition, Procedure, ProcedureGroup

# Pages with at least this many sections get a table of contents.
TOC_MIN_SECTIONS = 4
# How many other procedures of the same group a procedure page suggests.
RELATED_LIMIT = 6


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


class ProcedureIndexView(BreadcrumbMixin, ListView):
    """`/procedures/`: every group with its published procedures."""

    template_name = "procedures/procedure_index.html"
    context_object_name = "groups"

    def get_queryset(self):
        return ProcedureGroup.objects.with_published_procedures()

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Procedures")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conditions"] = Condition.objects.published().only("title", "slug", "summary")
        return context


class GroupDetailView(BreadcrumbMixin, DetailView):
    """`/procedures/<group>/`: one group, its introduction and its published procedures."""

    template_name = "procedures/group_detail.html"
    context_object_name = "group"
    slug_url_kwarg = "group_slug"

    def get_queryset(self):
        return ProcedureGroup.objects.with_published_procedures()

    def get_breadcrumbs(self):
        return [home_crumb(), procedures_crumb(), crumb(self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jsonld"] = seo.group_graph(self.object, context["breadcrumbs"])
        return context


class ProcedureDetailView(StaffPreviewMixin, BreadcrumbMixin, DetailView):
    """`/procedures/<group>/<procedure>/`: the procedure's sections, questions and conditions."""

    model = Procedure
    template_name = "procedures/procedure_detail.html"
    context_object_name = "procedure"

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
                Prefetch(
                    "conditions",
                    queryset=Condition.objects.published(),
                    to_attr="published_conditions",
                ),
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
        context.update(
            {
                "sections": sections,
                "show_toc": len(sections) >= TOC_MIN_SECTIONS,
                "faqs": procedure.shown_faqs,
                "conditions": procedure.published_conditions,
                "related": Procedure.objects.published()
                .filter(group=procedure.group)
                .exclude(pk=procedure.pk)
                .select_related("group")[:RELATED_LIMIT],
                "cta_procedure": procedure if procedure.is_public else None,
                "cta_title": "Ask us whether this treatment is right for you",
                "is_draft": not procedure.is_public,
                "admin_url": reverse("admin:procedures_procedure_change", args=[procedure.pk]),
                "jsonld": seo.procedure_graph(procedure, sections, context["breadcrumbs"]),
            }
        )
        return context


class ConditionListView(BreadcrumbMixin, ListView):
    """`/conditions/`: the causes of facial paralysis we treat."""

    template_name = "procedures/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.published().prefetch_related(
            Prefetch(
                "procedures",
                to_attr="published_procedures",
                queryset=Procedure.objects.published().select_related("group"),
            )
        )

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Conditions")]


class ConditionDetailView(StaffPreviewMixin, BreadcrumbMixin, DetailView):
    """`/conditions/<slug>/`: one cause of facial paralysis and the procedures that treat it."""

    model = Condition
    template_name = "procedures/condition_detail.html"
    context_object_name = "condition"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("reviewed_by")
            .prefetch_related(
                Prefetch(
                    "procedures",
                    to_attr="published_procedures",
                    queryset=Procedure.objects.published().select_related("group"),
                )
            )
        )

    def get_breadcrumbs(self):
        return [home_crumb(), conditions_crumb(), crumb(self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition = self.object
        context.update(
            {
                "show_toc": len(condition.contents) >= TOC_MIN_SECTIONS,
                "procedures": condition.published_procedures,
                "other_conditions": Condition.objects.published()
                .exclude(pk=condition.pk)
                .only("title", "slug", "summary"),
                "is_draft": not condition.is_public,
                "admin_url": reverse("admin:procedures_condition_change", args=[condition.pk]),
                "jsonld": seo.condition_graph(
                    condition, condition.published_procedures, context["breadcrumbs"]
                ),
            }
        )
        return context


class FAQView(StaffPreviewMixin, BreadcrumbMixin, ListView):
    """`/faq/`: every published question, general ones first, then by procedure.

    Staff also see unpublished questions (and those of draft procedures), each marked, so that
    "View on site" in the admin shows the question whatever its state.
    """

    model = FAQ
    template_name = "procedures/faq.html"
    context_object_name = "faqs"

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

    def get_breadcrumbs(self):
        return [home_crumb(), crumb("Frequently asked questions")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        faqs = list(context["faqs"])
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
        context["topics"] = topics
        context["admin_url"] = reverse("admin:procedures_faq_changelist")
        public = [faq for faq in faqs if faq.is_public]
        context["jsonld"] = seo.faq_page(public, context["breadcrumbs"])
        return context
