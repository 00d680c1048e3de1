"""Which models have drafts, and what each needs to be previewed, shown and withdrawn."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Draftable:
    # The field that shows or hides the page, with its "shown" and "hidden" values; None for a
    # page that is always shown (a site page), which then cannot be withdrawn.
    visibility: tuple | None = None
    # The queryset method that says what visitors see (`published`, `public`); None: always.
    public: str | None = "published"
    # URL name of the public page to preview when the model has no page of its own.
    preview_url: str | None = None
    # Inlines whose rows always show and save what is recorded now, never a draft's: a photo
    # consent, and above all its revocation, counts from the moment it is entered.
    live_inlines: tuple = field(default_factory=tuple)
    # Medical pages show when a clinician last reviewed them, and are listed once overdue.
    reviewed: bool = False

    @property
    def together(self):
        """Fields a draft publishes as one (see state.align): a review's date and reviewer,
        which must never come from two different reviews."""
        return (("last_reviewed", "reviewed_by"),) if self.reviewed else ()

    def public_url(self, obj):
        if self.preview_url:
            return reverse(self.preview_url)
        return obj.get_absolute_url().split("#")[0]

    def hidden_by(self, obj):
        """How its visibility field hides `obj`, and how to show it; "" if it does not."""
        if not self.visibility or getattr(obj, self.visibility[0]) != self.visibility[2]:
            return ""
        name, shown, hidden = self.visibility
        field = obj._meta.get_field(name)
        if not field.choices:
            return f"“{field.verbose_name}” is not ticked (tick it, then Publish, to show it)"
        label = dict(field.flatchoices)  # a procedure's status: no box to tick
        return (
            f"its “{field.verbose_name}” is “{label[hidden]}” (choose “{label[shown]}”, then "
            "Publish, to show it)"
        )

    def is_public(self, obj):
        if self.public is None:
            return True
        return getattr(type(obj)._default_manager.filter(pk=obj.pk), self.public)().exists()


DRAFTABLE = {
    "procedures.procedure": Draftable(visibility=("status", "published", "draft"), reviewed=True),
    "procedures.condition": Draftable(visibility=("is_published", True, False), reviewed=True),
    "procedures.faq": Draftable(visibility=("is_published", True, False)),
    "practice_site.page": Draftable(public=None),
    "practice_site.provider": Draftable(visibility=("is_published", True, False)),
    "gallery.case": Draftable(
        visibility=("is_published", True, False),
        public="public",
        live_inlines=("gallery.photoconsent",),
    ),
    "testimonials.testimonial": Draftable(
        visibility=("is_published", True, False), preview_url="testimonials:index"
    ),
}


def draftable(model):
    return DRAFTABLE.get(model._meta.label_lower)
