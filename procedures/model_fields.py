"""Fields several models declare alike; each model passes only what is its own."""

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
