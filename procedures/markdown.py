"""Markdown written by staff in the admin, turned into HTML that is safe to put on a page.

Markdown itself lets raw HTML through, so its output goes through nh3, an allow-list sanitiser:
only the tags and attributes below survive; scripts, styles, event handlers and `javascript:`
links are removed whatever the author typed. Headings get stable ids so they can be linked to
and listed in a table of contents.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

import markdown
import nh3
from django.utils.safestring import mark_safe
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
# Ids the page templates use themselves (base, footer, procedure and condition pages). A heading
# never takes one, and an id typed as raw HTML never survives, so links and labels stay unique.
RESERVED_IDS = frozenset(
    {
        "main",
        "page-title",
        "toc-title",
        "glance-title",
        "conditions-title",
        "questions-title",
        "related-title",
        "treatments-title",
        "cta-heading",
        "draft-notice",
        "footer-contact",
        "footer-explore",
        "footer-hours",
    }
)


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple = field(default_factory=tuple)  # ({"id", "title", "level"}, ...), for a TOC


def _unique_slugify(prefix):
    seen = set(RESERVED_IDS)

    def slug(value, separator):
        base = f"{prefix}{slugify(value) or 'section'}"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        return candidate

    return slug


# Pages render the same few dozen texts over and over; the result depends only on the arguments,
# so each process keeps the most recent ones (an edited text is simply a new key).
@lru_cache(maxsize=512)
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
    return Rendered(html=mark_safe(clean), headings=tuple(headings))  # noqa: S308 - sanitised above
