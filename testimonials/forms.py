from django import forms
from django.urls import reverse

from procedures.models import OFFERED_PER_GROUP, Procedure

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
        rows = offered.values_list("slug", "title", "pk", "group__slug", "place_in_group")
        # Slugs are unique within a group only: one choice per slug (the view filters by its pk).
        # A procedure its group offers anyway wins over one added only because a link asked for
        # its slug, so a treatment's own link never switches to another group's namesake.
        self.procedures = {}
        for slug, title, pk, group, _place in sorted(
            rows, key=lambda row: (row[4] > OFFERED_PER_GROUP, row[1], row[2])
        ):
            self.procedures.setdefault(
                slug,
                {
                    "slug": slug,
                    "title": title,
                    "pk": pk,
                    "url": reverse("procedures:detail", kwargs={"group_slug": group, "slug": slug}),
                },
            )
        by_title = sorted(self.procedures.values(), key=lambda p: (p["title"], p["pk"]))
        self.fields["procedure"].choices = [
            ("", "All treatments"),
            *((p["slug"], p["title"]) for p in by_title),
        ]

    def selected(self):
        """The chosen treatment (slug, title, pk, url), or None for all (or for an unknown one)."""
        if self.is_valid() and self.cleaned_data["procedure"]:
            return self.procedures[self.cleaned_data["procedure"]]
        return None
