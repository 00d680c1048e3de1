from django import forms
from django.urls import reverse

from procedures.models import Procedure

from .models import Testimonial


class ProcedureFilterForm(forms.Form):
    """The treatment filter on /testimonials/: a plain GET form, so it works without JavaScript."""

    procedure = forms.ChoiceField(
        label="Treatment", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only treatments that have something to show, so no choice leads to an empty page;
        # each group's first ones and the one asked for, so the list stays short however many
        # treatments the practice offers (a procedure page links here with its own).
        with_testimonials = Procedure.objects.published().filter(
            pk__in=Testimonial.objects.published().values("procedure")
        )
        offered = with_testimonials.first_in_each_group(slug=self.data.get("procedure"))
        procedures = sorted(
            offered.values_list("slug", "title", "pk", "group__slug"),
            key=lambda row: (row[1], row[2]),
        )
        # Slugs are unique within a group only: one choice per slug (the view filters by its pk).
        self.procedures = {
            slug: {
                "slug": slug,
                "title": title,
                "pk": pk,
                "url": reverse("procedures:detail", kwargs={"group_slug": group, "slug": slug}),
            }
            for slug, title, pk, group in procedures
        }
        self.fields["procedure"].choices = [
            ("", "All treatments"),
            *((slug, p["title"]) for slug, p in self.procedures.items()),
        ]

    def selected(self):
        """The chosen treatment (slug, title, pk, url), or None for all (or for an unknown one)."""
        if self.is_valid() and self.cleaned_data["procedure"]:
            return self.procedures[self.cleaned_data["procedure"]]
        return None
