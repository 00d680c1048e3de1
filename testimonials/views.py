from django.db.models import Avg, Count, Q
from django.views.generic import ListView

from procedures import seo
from procedures.views import ProcedureKeyMixin

from .forms import ProcedureFilterForm
from .models import Testimonial


class TestimonialListView(ProcedureKeyMixin, ListView):
    """All published testimonials, newest first, optionally for one treatment."""

    template_name = "testimonials/testimonial_list.html"
    context_object_name = "testimonials"
    paginate_by = 12
    # Read by the page cache: other parameters never reach this view (practice_site/cache.py).
    query_parameters = ("procedure",)

    def get_queryset(self):
        self.filter_form = ProcedureFilterForm(self.request.GET or None)
        self.selected = self.filter_form.selected()
        queryset = Testimonial.objects.published()
        if self.selected:
            queryset = queryset.filter(procedure_id=self.selected["pk"])
        real = ~Q(source=Testimonial.Source.SAMPLE)
        self.summary = queryset.aggregate(
            count=Count("pk"),
            average=Avg("rating"),
            samples=Count("pk", filter=~real),
            real=Count("pk", filter=real),
            real_average=Avg("rating", filter=real),
        )
        return queryset.for_display()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        # The aggregate above already counted these rows: spare the paginator its COUNT query.
        paginator.count = self.summary["count"]
        return paginator

    def get_context_data(self, **kwargs):
        summary = self.summary
        # Once real testimonials are published beside the demo's samples, the samples' made-up
        # ratings stay out of the average patients read.
        rated, average = (
            (summary["real"], summary["real_average"])
            if summary["real"]
            else (summary["count"], summary["average"])
        )
        context = super().get_context_data(
            filter_form=self.filter_form,
            selected_procedure=self.selected["title"] if self.selected else "",
            # The consultation button below then preselects this treatment.
            cta_procedure=self.selected,
            total=rated,
            average=round(average, 1) if average is not None else None,
            samples=summary["samples"],
            real=summary["real"],
            unknown_filter=bool(self.request.GET.get("procedure")) and not self.selected,
            **kwargs,
        )
        # Page 2 is its own canonical page, as on the procedure lists; a filter is not, so a
        # filtered page names the first of all testimonials (its page 2 shows other ones).
        page = 1 if self.selected else context["page_obj"].number
        context["canonical_url"] = seo.page_url(self.request.path, page)
        return context
