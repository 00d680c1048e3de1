"""A page per provider, their place on the home and About pages, and the files those pages use."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from practice_site.models import Provider
from tests.html import page_html
from tests.schemaorg import jsonld_blocks, validate
from tests.sitemaps import sitemap_entries, sitemap_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(provider):
    return reverse("pages:provider", kwargs={"slug": provider.slug})


def graph(html):
    (document,) = jsonld_blocks(html)
    assert validate(document) == []
    return {node["@type"]: node for node in document["@graph"]}, document


def test_the_provider_page_shows_the_whole_record(
    client, practice, with_portrait, url, credential_headings
):
    html = page_html(client, url)
    assert url == "/about/jane-roe/"
    assert re.search(r'<h1 id="page-title"[^>]*>Jane Roe, MD, FACS</h1>', html)
    assert "Dr. Jane" not in html and "Roe, MD, MD" not in html
    assert "<title>Jane Roe, MD, FACS | " in html
    assert "About Dr. Roe" in html  # the biography's heading uses the short form
    assert '<h3 id="bio-how-she-works">How she works</h3>' in html  # under the h2, own ids
    for heading in [*credential_headings, "Languages"]:
        assert f">{heading}</h" in html, heading
    assert "A teaching hospital · 2001–2006" in html
    assert 'href="https://example.org/papers/smile"' in html and "A journal, 2019" in html
    assert "English, Spanish" in html
    assert "Demonstration content" not in html
    # The portrait: every rendition offered, sized for the box it fills, described.
    img = re.search(r'<img class="provider-portrait"[^>]*>', html).group(0)
    assert 'alt="Dr. Roe in a white coat"' in img
    assert 'sizes="(min-width: 56rem) 18rem, 7rem"' in img
    assert " 160w" in img and " 240w" in img and " 800w" in img
    assert 'loading="eager"' in img  # at the top of the page
    assert 'href="/about/" aria-current="true"' in html  # the menu shows the page's section


def test_the_provider_page_describes_an_individual_physician(client, practice, with_portrait, url):
    nodes, _ = graph(client.get(url).content.decode())
    physician = nodes["IndividualPhysician"]
    assert physician["name"] == "Jane Roe, MD, FACS"
    assert physician["@id"] == "http://127.0.0.1:8000/about/jane-roe/#physician"
    assert physician["practicesAt"] == {"@id": "http://127.0.0.1:8000/#clinic"}
    assert physician["medicalSpecialty"] == "https://schema.org/PlasticSurgery"
    assert physician["image"].startswith("http://127.0.0.1:8000/pictures/")
    assert physician["knowsLanguage"] == ["English", "Spanish"]
    categories = [c["credentialCategory"] for c in physician["hasCredential"]]
    assert categories == ["certification", "degree", "residency", "fellowship"]
    assert physician["hospitalAffiliation"] == [
        {"@type": "Hospital", "name": "A community hospital"}
    ]
    assert {m["@type"] for m in physician["memberOf"]} == {"CollegeOrUniversity", "Organization"}
    assert nodes["ProfilePage"]["mainEntity"] == {"@id": physician["@id"]}
    assert nodes["CreativeWork"]["author"] == {"@id": physician["@id"]}


def test_the_profile_page_is_dated_by_the_practice_clock_like_the_sitemap(client, provider, url):
    # 03:00 UTC on 4 December is still the evening of 3 December in Los Angeles.
    edited = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    Provider.objects.filter(pk=provider.pk).update(updated_at=edited)
    nodes, _ = graph(client.get(url).content.decode())
    assert nodes["ProfilePage"]["dateModified"] == "2026-12-03"
    assert sitemap_entries(client)[url] == "2026-12-03"


def test_a_demonstration_provider_is_labelled_and_claims_nothing_in_structured_data(
    client, practice, provider, url
):
    Provider.objects.filter(pk=provider.pk).update(is_demo=True)
    html = client.get(url).content.decode()
    assert "Demonstration content." in html
    assert "are samples" in html and "not Dr. Roe’s record" in html
    nodes, document = graph(html)
    physician = nodes["IndividualPhysician"]
    for claim in ("hasCredential", "hospitalAffiliation", "memberOf", "knowsLanguage"):
        assert claim not in physician
    assert "CreativeWork" not in nodes
    assert physician["name"] == "Jane Roe, MD, FACS"  # the name itself is a fact


def test_an_unpublished_provider_has_no_page_and_leaves_the_sitemap(client, provider, url):
    assert url in sitemap_xml(client)  # every file of the sitemap index
    Provider.objects.filter(pk=provider.pk).update(is_published=False)
    assert client.get(url).status_code == 404
    assert url not in sitemap_xml(client)


def add_providers(count):
    for n in range(count):
        Provider.objects.create(
            given_name=f"Alex{n}",
            family_name="Doe",
            post_nominals="MD",
            slug=f"alex-doe-{n}",
            specialty="Surgeon",
            short_bio="Short.",
            order=10 + n,
        )


def test_home_and_about_show_the_providers_with_links_to_their_pages(
    client, practice, with_portrait, url
):
    for name in ("pages:home", "pages:about"):
        html = client.get(reverse(name)).content.decode()
        assert f'href="{url}"' in html
        assert "Jane Roe, MD, FACS" in html and "Facial plastic and reconstructive surgeon" in html
        card = re.search(r'<img class="provider-card__photo"[^>]*>', html).group(0)
        assert 'sizes="(min-width: 40rem) 10rem, 6rem"' in card and " 160w" in card
        assert 'loading="lazy"' in card
    home = client.get(reverse("pages:home")).content.decode()
    assert "Meet Dr. Roe" in home
    add_providers(1)
    assert "Who will care for you" in client.get(reverse("pages:home")).content.decode()


def test_home_and_about_list_providers_in_the_practice_json_ld(client, practice, provider):
    for name in ("pages:home", "pages:about"):
        nodes, _ = graph(client.get(reverse(name)).content.decode())
        assert nodes["MedicalClinic"]["@id"] == "http://127.0.0.1:8000/#clinic"
        assert nodes["IndividualPhysician"]["name"] == "Jane Roe, MD, FACS"
        assert nodes["IndividualPhysician"]["practicesAt"] == {"@id": nodes["MedicalClinic"]["@id"]}
        assert "hasCredential" not in nodes["IndividualPhysician"]  # the full record: own page


@pytest.mark.parametrize("name", ["pages:home", "pages:about"])
def test_listing_more_providers_costs_no_more_queries(
    client, practice, with_portrait, django_assert_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse(name))
    add_providers(2)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse(name))
    assert response.content.decode().count('class="provider-card"') == 3


def test_the_provider_page_costs_the_same_queries_however_long_the_record(
    client, practice, with_portrait, film, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice_site.models import Credential

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(20):
        Credential.objects.create(
            provider=with_portrait, kind=Credential.Kind.MEMBERSHIP, title=f"Society {n}"
        )
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert "Society 19" in html
    assert len(after) == len(before) <= 8


def test_the_consultation_pages_name_the_lead_provider(client, practice, provider):
    html = client.get(reverse("consultations:request")).content.decode()
    assert "arrange a time to meet Dr. Roe" in html


def test_pictures_are_served_as_webp_renditions_only(client, with_portrait):
    rendition = with_portrait.portrait.rendition_near(240)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    key = with_portrait.portrait.key
    assert client.get(f"/pictures/{key}/999.webp").status_code == 404
    assert client.get(f"/pictures/{'0' * 32}/240.webp").status_code == 404
