"""Admin views behind the Markdown editor and the broken-links report (admin_site.get_urls).

Every view here is wrapped in `admin_site.admin_view`: staff only, second factor given, CSRF
checked, never cached.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from procedures.markdown import render_markdown

from . import dashboard, links

MAX_PREVIEW_CHARACTERS = 100_000


def may_edit_content(user):
    return dashboard.edits_content(user)


@require_POST
def markdown_preview(request):
    """The text as a page will show it: rendered and sanitised by the site's own renderer, plus
    what is wrong with its links to this site."""
    if not may_edit_content(request.user):
        raise PermissionDenied
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARACTERS:
        return JsonResponse({"error": "This text is too long to preview."}, status=400)
    try:
        top_level = min(max(int(request.POST.get("top_level", 2)), 2), 4)
    except ValueError:
        top_level = 2
    html = render_markdown(text, id_prefix="preview--", top_level=top_level).html
    problems, known = [], None
    for href, link_text in links.links_in(html):
        if not links.points_here(href):
            continue  # another website, an email address, a phone number
        known = known or links.Known()
        problem = links.problem_with(href, known)
        if problem:
            problems.append(f"The link “{link_text or href}” goes to {href}, but {problem}.")
    return JsonResponse({"html": html, "problems": problems})


@require_GET
def markdown_links(request):
    """The pages the link chooser offers, grouped."""
    if not may_edit_content(request.user):
        raise PermissionDenied
    return JsonResponse(
        {
            "groups": [
                {
                    "title": title,
                    "pages": [
                        {"title": p.title, "label": p.listed_as, "url": p.url} for p in pages
                    ],
                }
                for title, pages in links.site_pages()
            ]
        }
    )


def broken_links_report(request, admin_site):
    """Every link to a missing page, in every text of the site, with where to fix it."""
    if not may_edit_content(request.user):
        raise PermissionDenied
    rows = []
    for broken in links.broken_links():
        owner = broken.owner
        try:
            edit_url = reverse(
                f"{admin_site.name}:{owner._meta.app_label}_{owner._meta.model_name}_change",
                args=[owner.pk],
            )
        except NoReverseMatch:
            edit_url = ""
        rows.append({"link": broken, "edit_url": edit_url, "kind": owner._meta.verbose_name})
    context = {
        **admin_site.each_context(request),
        "title": "Links to missing pages",
        "rows": rows,
    }
    return TemplateResponse(request, "admin/broken_links.html", context)
