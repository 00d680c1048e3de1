"""Fields several models declare alike; each model passes only what is its own. Also the names
of the rows Django keeps for the many-to-many fields to procedures (name_listings), and what
counts as a row id in an address (row_id)."""

from django.core.exceptions import ValidationError
from django.db import models

SEARCH_HELP = (
    "The sentence Google and other search engines show under the page's title: what the page "
    "offers, in at most 160 characters."
)


def order_field(help_text="Lower numbers come first."):
    """Where staff put a row in its lists."""
    return models.PositiveIntegerField(default=0, help_text=help_text)


def published_field(help_text, *, verbose_name="published", default=True):
    """The tick that shows a row on the site; each model says in `help_text` what else its
    rule asks (a consent, a published procedure)."""
    return models.BooleanField(verbose_name, default=default, help_text=help_text)


def search_summary_field(help_text=SEARCH_HELP, **options):
    """A page's meta description: at most the 160 characters search engines show."""
    return models.CharField(
        "summary for search engines", max_length=160, help_text=help_text, **options
    )


def row_id(value):
    """The row id an address or a form gave (`?procedure=12`), or None when it is not one.
    `str.isdigit()` alone also passes digits such as "²" that int() refuses, and any length,
    which the database refuses past 64 bits: either way a typo'd link would be a server error."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def name_listings(field, verbose_name, *, page):
    """Names the rows Django keeps for a many-to-many `field` to procedures, as staff read them
    on a delete confirmation page: "Condition page listing: “Brow lift” on “Bell’s palsy”"
    instead of "Condition_procedures object (3)". `page` is the attribute of the row that holds
    the page listing the procedure. Django makes the row's model itself, so it is named here,
    from an AppConfig.ready(), rather than declared (a declared `through` model would leave the
    admin's procedure picker out of the form)."""
    link = field.remote_field.through
    link._meta.verbose_name = verbose_name
    link._meta.verbose_name_plural = f"{verbose_name}s"
    link.__str__ = lambda row: f"“{row.procedure}” on “{getattr(row, page)}”"


class NamesAddressClash:
    """A model with a unique web address (`slug`): when the one typed is taken, the error names
    the page that has it and offers a free one, instead of Django's "Procedure with this Group
    and Web address already exists."."""

    def unique_error_message(self, model_class, unique_check):
        if "slug" not in unique_check:
            return super().unique_error_message(model_class, unique_check)
        rows = model_class._default_manager.exclude(pk=self.pk)
        scope = {name: getattr(self, name) for name in unique_check if name != "slug"}
        taken = rows.filter(**scope, slug=self.slug).first()
        if taken is None:  # gone since the check: Django's words will do
            return super().unique_error_message(model_class, unique_check)
        used = set(
            rows.filter(**scope, slug__startswith=f"{self.slug}-").values_list("slug", flat=True)
        )
        candidates = (f"{self.slug}-{n}" for n in range(2, len(used) + 3))
        free = next(slug for slug in candidates if slug not in used)
        return ValidationError(
            "The web address “%(slug)s” is already used by “%(taken)s”. Choose another, for "
            "example “%(free)s”.",
            code="unique",
            params={"slug": self.slug, "taken": taken, "free": free},
        )
