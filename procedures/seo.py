"""Structured data (schema.org JSON-LD) for the procedure, condition and question pages.

Everything here describes what the page itself shows: the same titles, summaries, questions and
answers, so search engines never see claims a patient cannot read.
"""

from html import unescape

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from .models import Procedure

CONTEXT = "https://schema.org"


def absolute(url):
    return f"{settings.SITE_URL}{url}"


def plain_text(html):
    return " ".join(unescape(strip_tags(html)).split())


def breadcrumb_list(crumbs):
    """`BreadcrumbList` for crumbs as shown; the current page (no URL) is the last item."""
    items = []
    for position, item in enumerate(crumbs, start=1):
        entry = {"@type": "ListItem", "position": position, "name": item["title"]}
        if item.get("url"):
            entry["item"] = absolute(item["url"])
        items.append(entry)
    return {"@type": "BreadcrumbList", "itemListElement": items}


def breadcrumbs_document(crumbs):
    return {"@context": CONTEXT, **breadcrumb_list(crumbs)}


def _graph(*nodes):
    return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}


def _page(url, name, description, breadcrumbs, **extra):
    return {
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": name,
        "description": description,
        "breadcrumb": breadcrumb_list(breadcrumbs),
        "inLanguage": "en-US",
        **extra,
    }


def review(page):
    """`lastReviewed`, and `reviewedBy` the provider chosen in the admin, by name only: procedures
    knows nothing of providers but the attributes it reads. Neither is given for the demo's
    sample review: the page labels that line as a sample, which structured data cannot say."""
    if page.sample_review or not page.last_reviewed:
        return {}  # nor a date: the page says no doctor has reviewed this (sample) text
    reviewer = page.reviewed_by
    data = {"lastReviewed": page.last_reviewed.isoformat()}
    if reviewer is not None:
        data["reviewedBy"] = {
            "@type": "IndividualPhysician",
            "@id": reviewer.schema_id,
            "name": reviewer.display_name,
        }
        if reviewer.is_published:
            data["reviewedBy"]["url"] = absolute(reviewer.get_absolute_url())
    return data


NON_SURGICAL_TYPES = {
    Procedure.Kind.NONINVASIVE: "NoninvasiveProcedure",
    Procedure.Kind.INJECTION: "PercutaneousProcedure",
}


def procedure_node(procedure):
    # Surgery has its own type; schema.org's MedicalProcedureType only lists the other kinds.
    node = {"@type": "SurgicalProcedure"}
    if kind := NON_SURGICAL_TYPES.get(procedure.kind):
        node = {"@type": "TherapeuticProcedure", "procedureType": f"{CONTEXT}/{kind}"}
    return {
        **node,
        "name": procedure.title,
        "url": absolute(procedure.get_absolute_url()),
        "description": procedure.summary,
        "bodyLocation": "Face",
    }


def _reviewed_page(entry, node, kind, breadcrumbs, **extra):
    """`MedicalWebPage` of a reviewed procedure or condition, about its `node` (`#kind`)."""
    url = absolute(entry.get_absolute_url())
    node["@id"] = f"{url}#{kind}"
    page = _page(
        url,
        entry.title,
        entry.summary,
        breadcrumbs,
        about={"@id": node["@id"]},
        **review(entry),
        **extra,
    )
    return _graph(page, node)


def procedure_graph(procedure, sections, breadcrumbs):
    """`MedicalWebPage` about a `MedicalProcedure`, its sections as the page's parts."""
    url = absolute(procedure.get_absolute_url())
    parts = {}
    if sections:
        parts["hasPart"] = [
            {"@type": "WebPageElement", "name": s.heading, "url": f"{url}#{s.anchor}"}
            for s in sections
        ]
    return _reviewed_page(procedure, procedure_node(procedure), "procedure", breadcrumbs, **parts)


def condition_graph(condition, procedures, breadcrumbs):
    """`MedicalWebPage` about a `MedicalCondition` and the treatments its page lists."""
    node = {
        "@type": "MedicalCondition",
        "name": condition.title,
        "url": absolute(condition.get_absolute_url()),
        "description": condition.summary,
    }
    if procedures:
        # schema.org's possibleTreatment expects a MedicalTherapy (a kind of MedicalProcedure).
        node["possibleTreatment"] = [
            {"@type": "MedicalTherapy", "name": p.title, "url": absolute(p.get_absolute_url())}
            for p in procedures
        ]
    return _reviewed_page(condition, node, "condition", breadcrumbs)


def page_url(url, number):
    """The address of page `number` of a list (page 1 has no `?page=`)."""
    return absolute(url) + (f"?page={number}" if number > 1 else "")


def group_graph(group, procedures, breadcrumbs, number=1):
    """The group's page (or page `number` of it) about the procedures it shows."""
    url = page_url(group.get_absolute_url(), number)
    page = _page(
        url,
        group.title,
        group.summary,
        breadcrumbs,
        about=[procedure_node(p) for p in procedures],
    )
    return _graph(page)


def faq_page(faqs, breadcrumbs, number=1):
    """`FAQPage` with every question shown, answers as the plain text of what is shown."""
    return _graph(
        {
            "@type": "FAQPage",
            "url": page_url(reverse("procedures:faq"), number),
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": faq.question,
                    "acceptedAnswer": {"@type": "Answer", "text": plain_text(faq.answer_html)},
                }
                for faq in faqs
            ],
            "breadcrumb": breadcrumb_list(breadcrumbs),
        }
    )
