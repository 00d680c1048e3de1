"""Titles that search results show whole, naming the city on the pages people look for by place."""

import html
import re

import pytest

from practice_site.templatetags.site_tags import fit_description, fit_title
from tests.sitemaps import sitemap_xml

# The kinds of page people find by searching for a treatment or a practice near them.
LOCAL = [
    r"^/$",
    r"^/contact/$",
    r"^/consultation/$",
    r"^/procedures/$",
    r"^/procedures/[\w-]+/$",
    r"^/procedures/[\w-]+/[\w-]+/$",
    r"^/conditions/",
    r"^/gallery/$",
]


def title_of(response):
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1])


@pytest.mark.django_db
def test_every_sitemap_page_has_a_title_search_results_show_whole(client, demo_content):
    xml = sitemap_xml(client)  # every file of the sitemap index
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", xml)]
    assert len(paths) > 30
    too_long, without_city = [], []
    for path in paths:
        title = title_of(client.get(path))
        if len(title) > 60:
            too_long.append(f"{len(title)} {path} {title}")
        if any(re.match(pattern, path) for pattern in LOCAL) and "Pasadena" not in title:
            without_city.append(f"{path} {title}")
    assert not too_long, "\n".join(too_long)
    assert not without_city, "\n".join(without_city)


def test_a_long_description_ends_after_a_whole_word():
    bio = "Dr. Roe restores movement to faces paralyzed by illness or injury, " * 3
    shown = fit_description(bio)
    assert len(shown) <= 160 and shown.endswith("…")
    assert bio.startswith(shown[:-1]) and bio[len(shown) - 1] == " "  # the next word is whole
    assert fit_description("  Short and\nsweet.  ") == "Short and sweet."


@pytest.mark.parametrize(
    ("title", "kwargs", "expected"),
    [
        (
            "Smile reanimation",
            {"brand": "Dr. Roe", "city": "Pasadena, CA", "locality": "Pasadena"},
            "Smile reanimation in Pasadena, CA | Dr. Roe",
        ),
        (
            # With the name it would be 63 characters even without the state: the city wins.
            "Masseter-to-facial nerve transfer",
            {"brand": "Dr. Panossian", "city": "Pasadena, CA", "locality": "Pasadena"},
            "Masseter-to-facial nerve transfer in Pasadena, CA",
        ),
        (
            "Facial reanimation surgery in Pasadena",
            {"brand": "Dr. Panossian", "city": "Pasadena, CA", "locality": "Pasadena"},
            "Facial reanimation surgery in Pasadena | Dr. Panossian",
        ),
        ("Terms of use", {"brand": "Andre Panossian, MD Plastic Surgery"}, None),
        (
            "A title written far too long for any search engine to show it all in one line",
            {"brand": "Dr. Roe"},
            "A title written far too long for any search engine to show…",
        ),
    ],
)
def test_titles_drop_the_state_then_the_name_before_the_city(title, kwargs, expected):
    result = fit_title(title, **kwargs)
    assert result == (expected or f"{title} | {kwargs['brand']}")
    assert len(result) <= 60


def test_a_long_title_is_shortened_before_what_tells_pages_apart():
    title = fit_title(
        "Support for the mouth corner with a static sling",
        brand="Dr. Panossian",
        keep=" (Patient 2957)",
    )
    assert title == "Support for the mouth corner with a static… (Patient 2957)"
    assert len(title) <= 60


@pytest.mark.django_db
def test_every_case_page_title_names_its_case(client, demo_content):
    """Screen readers and search results tell cases apart by their number, never cut off."""
    from gallery.models import Case

    cases = list(Case.objects.public())
    assert len(cases) > 5
    for case in cases:
        title = title_of(client.get(case.get_absolute_url()))
        assert f"(Patient {case.number})" in title and len(title) <= 60, title
        assert case.title in title  # the demo's titles fit whole, as the help text advises
