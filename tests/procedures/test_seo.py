"""Titles, descriptions, canonical and Open Graph tags, and JSON-LD that matches the page."""

import re
from html import unescape

import pytest
from django.urls import reverse

from procedures.models import FAQ, Procedure
from tests.schemaorg import jsonld_blocks, validate

pytestmark = pytest.mark.django_db


def nodes(html):
    """Every top-level node of every JSON-LD block, flattened out of @graph."""
    found = []
    for block in jsonld_blocks(html):
        found.extend(block.get("@graph", [block]))
    return found


def of_type(html, type_):
    return [n for n in nodes(html) if n.get("@type") == type_]


def meta(html, attr, name):
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


@pytest.fixture
def site(practice, long_procedure, make_condition, make_procedure):
    condition = make_condition(
        "Bell’s palsy",
        slug="bells-palsy",
        procedures=[long_procedure],
        summary="A sudden weakness of one side of the face.",
    )
    FAQ.objects.create(question="Why can’t I smile?", answer="The nerve is *damaged* & slow.")
    other = make_procedure("Static sling", slug="static-sling", kind=Procedure.Kind.NONINVASIVE)
    return {"procedure": long_procedure, "condition": condition, "other": other}


def all_urls(site):
    return [
        reverse("procedures:index"),
        site["procedure"].group.get_absolute_url(),
        site["procedure"].get_absolute_url(),
        site["other"].get_absolute_url(),
        reverse("procedures:conditions"),
        site["condition"].get_absolute_url(),
        reverse("procedures:faq"),
    ]


def test_every_page_has_its_own_title_and_description(client, site):
    titles, descriptions = set(), set()
    for url in all_urls(site):
        html = client.get(url).content.decode()
        title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        description = meta(html, "name", "description")
        assert description, url
        assert len(description) <= 160, url
        titles.add(title)
        descriptions.add(description)
        assert meta(html, "property", "og:title"), url
        assert meta(html, "property", "og:description") == description, url
        assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in html
        assert meta(html, "property", "og:url") == f"http://127.0.0.1:8000{url}"
    assert len(titles) == len(all_urls(site))
    assert len(descriptions) == len(all_urls(site))


def test_every_page_has_valid_jsonld_with_breadcrumbs_matching_the_visible_ones(client, site):
    for url in all_urls(site):
        html = client.get(url).content.decode()
        blocks = jsonld_blocks(html)  # json.loads raises if any block is not valid JSON
        assert blocks, url
        assert all(block["@context"] == "https://schema.org" for block in blocks)
        lists = [n for n in nodes(html) if n.get("@type") == "BreadcrumbList"]
        lists += [n["breadcrumb"] for n in nodes(html) if "breadcrumb" in n]
        assert len(lists) == 1, url
        names = [item["name"] for item in lists[0]["itemListElement"]]
        crumbs = html.split('aria-label="Breadcrumb">', 1)[1].split("</nav>", 1)[0]
        visible = [unescape(t) for t in re.findall(r">([^<>]+)</(?:a|span)>", crumbs)]
        assert names == visible, url
        assert [i["position"] for i in lists[0]["itemListElement"]] == list(
            range(1, len(names) + 1)
        )


def test_procedure_page_describes_a_medical_procedure(client, site):
    procedure = site["procedure"]
    html = client.get(procedure.get_absolute_url()).content.decode()
    (node,) = of_type(html, "SurgicalProcedure")
    assert node["name"] == procedure.title
    assert node["description"] == procedure.summary
    assert node["url"] == f"http://127.0.0.1:8000{procedure.get_absolute_url()}"
    assert "procedureType" not in node
    (page,) = of_type(html, "MedicalWebPage")
    assert [part["name"] for part in page["hasPart"]] == [
        "What it is",
        "Who it can help",
        "How it is done",
        "Recovery",
        "Risks and side effects",
    ]
    assert page["about"] == {"@id": node["@id"]}
    assert page["lastReviewed"] == procedure.last_reviewed.isoformat()
    assert procedure.summary in html
    assert f'datetime="{procedure.last_reviewed.isoformat()}"' in html


def test_non_surgical_procedure_says_so(client, site):
    html = client.get(site["other"].get_absolute_url()).content.decode()
    (node,) = of_type(html, "TherapeuticProcedure")
    assert node["procedureType"] == "https://schema.org/NoninvasiveProcedure"


def test_an_injection_treatment_is_percutaneous_not_noninvasive(client, site, make_procedure):
    botox = make_procedure("Botox for balance", kind=Procedure.Kind.INJECTION)
    html = client.get(botox.get_absolute_url()).content.decode()
    (node,) = of_type(html, "TherapeuticProcedure")
    assert node["procedureType"] == "https://schema.org/PercutaneousProcedure"
    for block in jsonld_blocks(html):
        assert validate(block) == []
    listing = client.get(botox.group.get_absolute_url()).content.decode()
    assert "Non-surgical treatment (injections)" in listing


def test_condition_page_describes_a_medical_condition_and_its_treatments(client, site):
    condition = site["condition"]
    html = client.get(condition.get_absolute_url()).content.decode()
    (node,) = of_type(html, "MedicalCondition")
    assert node["name"] == "Bell’s palsy"
    assert node["description"] == condition.summary
    treatments = node["possibleTreatment"]
    assert [t["name"] for t in treatments] == ["Cross-facial nerve graft"]
    assert f'href="{site["procedure"].get_absolute_url()}"' in html


def test_faq_page_lists_exactly_the_questions_shown(client, site):
    html = client.get(reverse("procedures:faq")).content.decode()
    (page,) = of_type(html, "FAQPage")
    questions = [q["name"] for q in page["mainEntity"]]
    shown = [
        unescape(q) for q in re.findall(r'<summary class="faq__question">(.*?)</summary>', html)
    ]
    assert questions == shown
    assert "Why can’t I smile?" in questions
    answer = next(q for q in page["mainEntity"] if q["name"] == "Why can’t I smile?")
    assert answer["acceptedAnswer"]["text"] == "The nerve is damaged & slow."


def test_jsonld_cannot_be_broken_out_of_by_content(client, practice, make_procedure):
    procedure = make_procedure(
        "Tricky </script><script>alert(1)</script>", summary="Summary </script> end"
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    (node,) = of_type(html, "SurgicalProcedure")
    assert node["name"] == "Tricky </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html
