"""Links between pages of the site, as staff write them in Markdown.

`site_pages()` is the list the editor's link chooser offers (every page a visitor can open);
`problem_with()` says what is wrong with a link to this site, if anything; `broken_links()` walks
every Markdown text for the staff report, `broken_links_of()` one page and its parts for the
warning after a save.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from gallery.models import Case
from procedures.markdown import render_markdown
from procedures.models import FAQ, Condition, Procedure, ProcedureGroup

from .models import Provider


@dataclass(frozen=True)
class SitePage:
    title: str  # the words a link gets when staff type none
    url: str
    label: str = ""  # how the chooser lists it, where the title alone is ambiguous

    @property
    def listed_as(self):
        return self.label or self.title


MAIN_PAGES = [
    ("Home page", "pages:home"),
    ("About the practice", "pages:about"),
    ("Contact and directions", "pages:contact"),
    ("All procedures", "procedures:index"),
    ("Conditions we treat", "procedures:conditions"),
    ("Questions and answers", "procedures:faq"),
    ("Before-and-after gallery", "gallery:index"),
    ("Testimonials", "testimonials:index"),
    ("Ask for a consultation", "consultations:request"),
    ("Terms of use", "pages:terms"),
    ("Privacy notice", "pages:privacy"),
]


def _main_pages():
    pages = []
    for title, name in MAIN_PAGES:
        try:
            pages.append(SitePage(title, reverse(name)))
        except NoReverseMatch:  # a page this version of the site does not have
            continue
    return pages


def _provider_pages():
    return [SitePage(str(p), p.get_absolute_url()) for p in Provider.objects.published()]


def site_pages():
    """[(group title, [SitePage, ...]), ...]: every page visitors can open, grouped as staff
    think of them. Drafts, unpublished pages and hidden cases are left out."""
    procedures = Procedure.objects.published().select_related("group")
    groups = [
        ("Main pages", _main_pages()),
        ("Surgeons", _provider_pages()),
        (
            "Procedure groups",
            [SitePage(g.title, g.get_absolute_url()) for g in ProcedureGroup.objects.all()],
        ),
        (
            "Procedures",
            [
                SitePage(p.title, p.get_absolute_url(), f"{p.title} ({p.group.title})")
                for p in procedures
            ],
        ),
        (
            "Conditions",
            [SitePage(c.title, c.get_absolute_url()) for c in Condition.objects.published()],
        ),
        (
            "Questions",
            [
                SitePage(q.question, q.get_absolute_url())
                for q in FAQ.objects.published().order_by("procedure_id", "order", "id")
            ],
        ),
        (
            "Gallery cases",
            [
                SitePage(c.title, c.get_absolute_url(), f"{c.public_label}: {c.title}")
                for c in Case.objects.public()
            ],
        ),
    ]
    return [(title, pages) for title, pages in groups if pages]


class Known:
    """Every address of `site_pages()`, to check links against without asking per link."""

    def __init__(self):
        self.paths = set()
        self.fragments = {}  # path -> fragments the list knows there ("faq-12")
        for _, pages in site_pages():
            for page in pages:
                path, _, fragment = page.url.partition("#")
                self.paths.add(path)
                if fragment:
                    self.fragments.setdefault(path, set()).add(fragment)
        # Old address -> new address, for the redirects that lead somewhere.
        self.redirected = dict(
            Redirect.objects.filter(site_id=settings.SITE_ID)
            .exclude(new_path="")
            .values_list("old_path", "new_path")
        )


def _own_path(href):
    """The path and fragment of a link to this site, or None for another site or a mailto:."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https", ""):
            return None
        own = urlsplit(settings.SITE_URL).netloc
        if not parts.netloc or parts.netloc.lower() != own.lower():
            return None
    elif not parts.path.startswith("/"):
        return None  # "#top" on the same page, or a relative link the checker cannot place
    return parts.path or "/", parts.fragment


def points_here(href):
    return _own_path(href) is not None


def problem_with(href, known):
    """What is wrong with `href` for a visitor, in staff's words, or "" if nothing is."""
    own = _own_path(href)
    if own is None:
        return ""
    path, fragment = own
    if path not in known.paths and path + "/" in known.paths:
        path += "/"
    if path in known.paths:
        # Only anchors of the kind the list itself makes ("faq-12") can be checked; the ids of
        # headings inside texts are not listed.
        listed = known.fragments.get(path, set())
        kind = re.sub(r"\d+$", "", fragment)
        kinds = {re.sub(r"\d+$", "", f) for f in listed}
        if kind != fragment and fragment not in listed and kind in kinds:
            return "the part of that page it points to has been removed or unpublished"
        return ""
    if path in known.redirected:
        return ""
    try:
        match = resolve(path)
    except Resolver404:
        return "there is no page at this address"
    if match.kwargs:  # the page of one procedure, condition, case...: not among those shown
        # Whether it ever existed is not known: a typo looks the same as a removed page.
        return (
            "no page is shown at that address (it may be mistyped, or the page unpublished, "
            "renamed or removed)"
        )
    return ""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = [dict(attrs).get("href") or "", ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def links_in(html):
    """[(href, link text), ...] of the <a> elements in `html`."""
    parser = _Links()
    parser.feed(html or "")
    parser.close()
    return parser.links


@dataclass
class BrokenLink:
    owner: object  # what staff open to fix it (a procedure for its section)
    where: str  # "section “Recovery”", "" for the owner's own text
    text: str
    href: str
    problem: str

    def message(self):
        place = f"{self.where} of " if self.where else ""
        return (
            f"The link “{self.text or self.href}” in {place}“{self.owner}” goes to {self.href}, "
            f"but {self.problem}. Choose the page again with the editor's Link button, or "
            "remove the link."
        )


def markdown_models():
    return [model for model in apps.get_models() if getattr(model, "markdown_fields", None)]


def _html_of(obj, field_name):
    stored = getattr(obj, f"{field_name}_html", None)
    if stored is not None:
        return stored
    return render_markdown(getattr(obj, field_name)).html


def _owner(obj):
    """The row staff edit to change `obj`'s text: a section is edited on its procedure's page."""
    parent = getattr(type(obj), "markdown_owner", None)
    return getattr(obj, parent) if parent else obj


def _where(obj):
    parent = getattr(type(obj), "markdown_owner", None)
    return f"{obj._meta.verbose_name} “{obj}”" if parent else ""


def _check(obj, known):
    found = []
    for field_name in obj.markdown_fields:
        for href, text in links_in(_html_of(obj, field_name)):
            problem = problem_with(href, known)
            if problem:
                found.append(BrokenLink(_owner(obj), _where(obj), text, href, problem))
    return found


def broken_links():
    """Every link to a missing page in every Markdown text of the site."""
    known = Known()
    found = []
    for model in markdown_models():
        queryset = model._default_manager.all()
        parent = getattr(model, "markdown_owner", None)
        if parent:
            queryset = queryset.select_related(parent)
        for obj in queryset.iterator(chunk_size=500):
            found.extend(_check(obj, known))
    return found


def broken_links_of(obj):
    """The links to missing pages in `obj`'s own texts and in its parts' (a procedure's sections
    and questions): what a save just stored."""
    if not hasattr(obj, "_meta"):
        return []
    known = Known()
    found = _check(obj, known) if getattr(obj, "markdown_fields", None) else []
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and getattr(model, "markdown_fields", None):
            for part in getattr(obj, relation.get_accessor_name()).all():
                found.extend(_check(part, known))
    return found
