"""The site-wide texts staff edit: home page introduction, about, terms, privacy."""

from django.db import models
from django.urls import reverse

from procedures.markdown import MarkdownModel, html_field, render_markdown
from procedures.model_fields import search_summary_field
from procedures.models import MARKDOWN_HELP


class Page(MarkdownModel):
    """An editable site-wide text: home page introduction, about the practice, terms, privacy."""

    class Key(models.TextChoices):
        HOME = "home", "Home page introduction"
        ABOUT = "about", "About the practice"
        TERMS = "terms", "Terms of use"
        PRIVACY = "privacy", "Privacy notice"

    key = models.CharField("page", max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(max_length=160)
    search_title = models.CharField(
        "title in search results",
        max_length=60,
        blank=True,
        help_text="What search engines show as the link to this page, at most 60 characters; "
        "name what people search for and the city, e.g. 'Facial reanimation surgery in "
        "Pasadena'. The practice's short name is added when it fits. Leave empty to use the "
        "title.",
    )
    meta_description = search_summary_field(
        "The sentence search engines show under the page's title, in at most 160 characters. "
        "The home page and the About page also show it under their heading."
    )
    body = models.TextField("text", help_text=MARKDOWN_HELP)
    body_html = html_field()
    updated_at = models.DateTimeField(auto_now=True)

    rendered_fields = ["body_html"]
    markdown_fields = {"body": 2}

    class Meta:
        ordering = ["key"]
        verbose_name = "site page"

    def __str__(self):
        return self.get_key_display()

    def get_absolute_url(self):
        return reverse(f"pages:{self.key}")

    def render(self):
        self.body_html = render_markdown(self.body).html
