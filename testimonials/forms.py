from django import forms

from procedures.models import Procedure

from .models import Testimonial


class ProcedureFilterForm(forms.Form):
    """The treatment filter on /testimonials/: a plain GET form, so it works without JavaScript."""

    procedure = forms.ChoiceField(
        label="Procedure", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only treatments that have something to show, so no choice leads to an empty page;
        # each group's first ones and the one asked for, so the list stays short however many
        # treatments the practice offers (a procedure page links here with its own).
        with_testimonials = Procedure.objects.published().filter(
            pk__in=Testimonial.objects.published().values("procedure")
        )
        asked = Procedure.objects.key_lookups(self.data.get("procedure"))
        offered = with_testimonials.first_in_each_group(**asked).select_related("group")
        self.procedures, grouped = {}, {}
        for procedure in offered:
            key = procedure.filter_key
            self.procedures[key] = {
                "key": key,
                "title": procedure.title,
                "pk": procedure.pk,
                "url": procedure.get_absolute_url(),
            }
            # Under their group, as on the site: two groups may each have a "Brow lift".
            grouped.setdefault(procedure.group.title, []).append((key, procedure.title))
        self.fields["procedure"].choices = [("", "All procedures"), *grouped.items()]

    def selected(self):
        """The chosen treatment (key, title, pk, url), or None for all (or for an unknown one)."""
        if self.is_valid() and self.cleaned_data["procedure"]:
            return self.procedures[self.cleaned_data["procedure"]]
        return None
