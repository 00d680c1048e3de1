"""Markdown written by staff in the admin, turned into HTML that is safe to put on a page.

Markdown itself lets raw HTML through, so its output goes through nh3, an allow-list sanitiser:
only the tags and attributes below survive; scripts, styles, event handlers and `javascript:`
links are removed whatever the author typed. Headings get stable ids so they can be linked to
and listed in a contents list.

Rendering happens once, when a row is saved (`MarkdownModel`); pages read the stored HTML.
"""

from dataclasses import dataclass, field
from html import unescape

import markdown
import nh3
from django.db import models
from django.utils.text import slugify

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "abbr",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Every fixed id of the public templates (tests/procedures/test_markdown.py keeps this complete).
# A heading never takes one, and an id typed as raw HTML never survives, so links stay unique.
RESERVED_IDS = frozenset(
    {
        "ask-panel-title",
        "bio-title",
        "call-heading",
        "case-details-title",
        "case-filter",
        "case-title",
        "causes-heading",
        "causes-title",
        "conditions-list-title",
        "conditions-title",
        "cta-heading",
        "draft-notice",
        "elsewhere-heading",
        "error-summary-title",
        "footer-contact",
        "footer-explore",
        "footer-hours",
        "gallery-teaser-title",
        "glance-title",
        "group-procedures-title",
        "groups-heading",
        "main",
        "next-heading",
        "page-title",
        "policy-heading",
        "privacy-heading",
        "procedure-cases-title",
        "procedure-testimonials-heading",
        "providers-heading",
        "publications-title",
        "questions-title",
        "record-languages",
        "record-title",
        "related-title",
        "site-nav",
        "surgeon-heading",
        "testimonial-feature-heading",
        "testimonial-filter",
        "toc-title",
        "treatments-title",
        "unsure-title",
        "video-description",
        "video-title",
        "what-heading",
    }
)


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple = field(default_factory=tuple)  # ({"id", "title", "level"}, ...), for a TOC


def free_id(base, taken=()):
    """`base`, with -2, -3... added until it is neither in `taken` nor an id a template uses."""
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED_IDS:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _unique_slugify(prefix):
    seen = set()

    def slug(value, separator):
        candidate = free_id(f"{prefix}{slugify(value) or 'section'}", seen)
        seen.add(candidate)
        return candidate

    return slug


def render_markdown(text, *, id_prefix="", top_level=2):
    """Render `text` to sanitised HTML; a "## " heading becomes <h{top_level}>.

    The page owns <h1>, so authors start at "## " and the level shifts down where the text sits
    inside a section that has its own <h2>.
    """
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "smarty"],
        extension_configs={
            "toc": {
                "slugify": _unique_slugify(id_prefix),
                "baselevel": top_level - 1,
                "toc_depth": "2-4",
            }
        },
    )
    raw_html = md.convert(text or "")
    headings = []

    def walk(tokens):
        for token in tokens:
            # Plain text: templates escape it, so entities ("&rsquo;") must not reach them.
            headings.append(
                {"id": token["id"], "title": unescape(token["name"]), "level": token["level"]}
            )
            walk(token["children"])

    walk(md.toc_tokens)
    own_ids = {heading["id"] for heading in headings}

    def keep_own_ids(tag, attribute, value):
        # Only ids the heading extension made; `<h2 id="main">` typed in the text loses its id.
        return value if attribute != "id" or value in own_ids else None

    clean = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=keep_own_ids,
    )
    return Rendered(html=clean, headings=tuple(headings))


def html_field():
    """A field for HTML rendered from the row's Markdown: staff never edit it, and it is blank
    until the row is saved (full_clean() runs before)."""
    return models.TextField(editable=False, blank=True, default="")


class MarkdownModel(models.Model):
    """A model that stores the sanitised HTML of its Markdown beside it, rendered on every save.

    Subclasses fill their HTML fields in `render()` and list them in `rendered_fields`.
    """

    rendered_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        # Deriving the row's own fields from its own text belongs to saving it (as auto_now
        # does), so every path that saves (admin, demo loader, shell, history revert) stores
        # HTML that matches the text; nothing else is written.
        self.render()
        if update_fields is not None:
            update_fields = {*update_fields, *self.rendered_fields}
        super().save(*args, update_fields=update_fields, **kwargs)

    def render(self):
        raise NotImplementedError
