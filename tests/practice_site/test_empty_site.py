"""A new site before staff fill it in: every page still reads as a page, and the staff home
says what visitors see empty."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_site.models import Page, PracticeProfile
from tests.schemaorg import jsonld_blocks, validate

pytestmark = pytest.mark.django_db

PAGES = [
    "pages:home",
    "pages:about",
    "pages:terms",
    "pages:privacy",
    "pages:contact",
    "procedures:index",
    "procedures:faq",
    "procedures:conditions",
    "gallery:index",
    "testimonials:index",
    "consultations:request",
]


def text_of(html, tag):
    found = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


@pytest.mark.parametrize("profile", [False, True], ids=["no profile", "unnamed profile"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_of_an_empty_site_has_a_title_a_heading_and_valid_data(client, name, profile):
    if profile:  # saved with its address only, say
        PracticeProfile.objects.create(pk=1, areas_served="Pasadena")
    assert not PracticeProfile.objects.exclude(practice_name="").exists()
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert text_of(html, "title") and text_of(html, "h1")
    assert f"© {timezone.localdate().year} ." not in html
    for document in jsonld_blocks(html):
        assert validate(document) == []
        nodes = document.get("@graph", [document])
        assert all(node.get("name", "x") for node in nodes), nodes
        assert all(node.get("mainEntity", ["x"]) for node in nodes), nodes


@pytest.mark.parametrize("name", ["pages:terms", "pages:privacy", "pages:about"])
def test_a_site_page_not_written_yet_keeps_its_name_and_says_so(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    label = {
        "pages:terms": "Terms of use",
        "pages:privacy": "Privacy notice",
        "pages:about": "About the practice",
    }[name]
    assert text_of(html, "h1") == label
    assert "This page has not been written yet." in html
    assert "Last updated" not in html


def before_going_live(admin_client):
    """The staff home's list "Before the site goes live", as (address, text) pairs."""
    html = unescape(admin_client.get(reverse("admin:index")).content.decode())
    found = re.search(r'<section class="home-section home-setup".*?</section>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', found.group(0)) if found else []


def test_the_staff_home_lists_what_visitors_see_empty_until_it_is_filled_in(admin_client):
    def listed():
        return before_going_live(admin_client)

    profile = reverse("admin:practice_site_practiceprofile_changelist")
    pages = reverse("admin:practice_site_page_changelist")
    assert listed() == [
        (profile, "The practice profile has no name or phone number: every page shows them."),
        (
            pages,
            "Site pages without text: Home page introduction, About the practice, Terms of "
            "use, Privacy notice.",
        ),
    ]
    PracticeProfile.objects.update_or_create(
        pk=1, defaults={"practice_name": "Rivera Facial Nerve Center", "phone": "(626) 555-0100"}
    )
    for key in ("home", "about", "terms"):
        Page.objects.create(key=key, title=key.title(), body="Written.")
    assert listed() == [(pages, "Site page without text: Privacy notice.")]
    Page.objects.create(key="privacy", title="Privacy", body="Written.")
    assert listed() == []


def test_the_procedure_list_of_an_empty_site_says_the_pages_are_being_written(client):
    html = client.get(reverse("procedures:index")).content.decode()
    assert "Pages about our procedures are being written." in html


def test_the_staff_home_lists_what_is_still_the_demos_until_it_is_replaced(
    demo_content, admin_client
):
    """A practice that began from the demo: each marker is unticked in a different place."""
    from practice_site.models import Location, Provider
    from procedures.models import Condition, Procedure
    from testimonials.models import Testimonial

    samples = Testimonial.objects.filter(source=Testimonial.Source.SAMPLE).count()
    procedures = sum(page.sample_review for page in Procedure.objects.all())
    conditions = sum(page.sample_review for page in Condition.objects.all())
    listed = before_going_live(admin_client)
    assert [text for _, text in listed] == [
        "The practice profile’s “demo content” box is ticked: every page’s footer says the site "
        "shows samples.",
        "1 location marked “sample details”.",
        "1 provider marked “demonstration entry”.",
        f"{samples} sample testimonials.",
        f"{procedures} procedures whose medical review is a sample.",
        f"{conditions} conditions whose medical review is a sample.",
    ]
    for url, text in listed:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200 and "?e=1" not in response.request["PATH_INFO"], text
    sample_list = admin_client.get(listed[3][0]).content.decode()
    assert f"{samples} testimonials" in sample_list
    # Each count opens a list of exactly that many pages.
    for (url, _), count in ((listed[4], procedures), (listed[5], conditions)):
        assert admin_client.get(url).context["cl"].result_count == count

    PracticeProfile.objects.update(is_demo=False)
    Location.objects.update(is_demo=False)
    Provider.objects.update(is_demo=False)
    Testimonial.objects.update(source=Testimonial.Source.EMAIL)
    Procedure.objects.update(sample_reviewed_on=None)
    Condition.objects.update(sample_reviewed_on=None)
    assert before_going_live(admin_client) == []
