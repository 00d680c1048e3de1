"""Home, about, terms, privacy, errors and robots.txt."""

import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from practice_site import roles
from practice_site.models import Page, PracticeProfile
from practice_site.views import server_error
from tests.gallery import images
from tests.sitemaps import sitemap_xml


@pytest.fixture
def pages(db, practice, monkeypatch):
    from practice_site import demo

    # The providers' portraits through the real pipeline once per process, not once per test.
    monkeypatch.setattr(
        demo,
        "_process",
        lambda path, kind=None: images.processed(path.name, path.read_bytes(), kind=kind),
    )
    content = demo.read()
    demo.load_site(content)
    demo.load_providers(content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,heading",
    [
        ("pages:home", "Restoring movement and expression"),
        ("pages:about", "About the practice"),
        ("pages:terms", "Terms of use"),
        ("pages:privacy", "Privacy notice"),
    ],
)
def test_site_pages_show_their_text_title_and_description(client, practice, pages, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    page = response.context["page"]
    # The home page's search title is the practice's line (it names the city), not its heading.
    shown = page.search_title or (practice.tagline if page.key == "home" else page.title)
    assert f"<title>{shown}" in html.replace("&#x27;", "'")
    assert f'<meta name="description" content="{page.meta_description}">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{reverse(name)}">' in html
    assert heading in html
    assert '<main id="main"' in html
    assert 'class="skip-link" href="#main"' in html
    assert "Request a consultation" in html


@pytest.mark.django_db
def test_the_menu_names_the_current_page_and_the_current_section_apart(client, practice, smile):
    # On a page below a section the link is "current" without being "the current page", which a
    # screen reader would announce on the procedure's own page.
    link = re.compile(r'<a class="site-nav__link" href="([^"]+)"( aria-current="([a-z]+)")?>')

    def marked(url):
        html = client.get(url).content.decode()
        return {href: value for href, _, value in link.findall(html) if value}

    assert marked(reverse("procedures:index")) == {"/procedures/": "page"}
    assert marked(smile.get_absolute_url()) == {"/procedures/": "true"}
    assert marked(reverse("pages:contact")) == {"/contact/": "page"}


@pytest.mark.django_db
def test_home_leads_to_the_first_causes_and_then_to_all_of_them(client, pages, make_condition):
    causes = [make_condition(f"Cause {i}") for i in range(5)]
    make_condition("Hidden cause", is_published=False)
    html = client.get(reverse("pages:home")).content.decode()
    section = html[html.index('aria-labelledby="causes-heading"') :]
    for cause in causes[:4]:
        assert f'href="{cause.get_absolute_url()}">{cause.title}</a>' in section
    assert causes[4].title not in html and "Hidden cause" not in html
    assert f'href="{reverse("procedures:conditions")}">All causes of facial paralysis' in section


def test_base_layout_has_navigation_phone_and_footer_links(client, pages):
    html = client.get(reverse("pages:about")).content.decode()
    for url in ("/procedures/", "/conditions/", "/gallery/", "/testimonials/", "/about/", "/faq/"):
        assert f'href="{url}"' in html
    assert 'href="/about/" aria-current="page"' in html
    assert 'href="tel:+16267656885"' in html
    assert 'href="/terms/"' in html and 'href="/privacy/"' in html
    assert "100 West Sample Street<br>" in html and "Pasadena, CA 91101" in html
    assert 'href="/contact/"' in html
    assert "Demonstration site" in html  # the demo profile says so in the footer


@pytest.mark.django_db
def test_home_and_about_describe_the_practice_in_json_ld(client, pages):
    for name in ("pages:home", "pages:about"):
        html = client.get(reverse(name)).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        types = {item["@type"]: item for item in data["@graph"]}
        assert types["MedicalClinic"]["name"] == "Andre Panossian, MD Plastic Surgery"
        assert types["MedicalClinic"]["telephone"] == "+16267656885"
        assert types["IndividualPhysician"]["name"] == "Andre Panossian, MD"
        assert types["IndividualPhysician"]["practicesAt"] == {"@id": types["MedicalClinic"]["@id"]}
        assert types["IndividualPhysician"]["name"] in html  # the card shows the same name
        assert types["MedicalClinic"]["name"] in html  # matches what the page shows


@pytest.mark.django_db
def test_page_body_markdown_is_sanitised(client, pages):
    page = Page.objects.get(key="terms")
    page.body = "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    page.save()
    html = client.get(reverse("pages:terms")).content.decode()
    assert "<p>Hi " in html
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


@pytest.mark.django_db
def test_unknown_address_gets_the_styled_404_page(client, pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_renders_without_the_database():
    # No django_db mark: the database cannot be reached, as when it is what failed.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html
    assert "it may not have reached us: please send it again." in html


def test_500_page_after_a_database_error_asks_the_database_nothing(
    practice, django_assert_num_queries
):
    # A database that failed may hang the next query too: the page must not wait on it.
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        with django_assert_num_queries(0):
            html = server_error(RequestFactory().post("/consultation/")).content.decode()
    assert "please send it again." in html and "call us" not in html


def test_500_page_is_shown_without_the_number_when_the_number_cannot_be_read(practice, monkeypatch):
    # What failed may be what reads the number: the error page itself must not fail.
    def failing_parse(*args, **kwargs):
        raise RuntimeError("phone library fell over")

    monkeypatch.setattr("practice_site.phones.phonenumbers.parse", failing_parse)
    response = server_error(RequestFactory().post("/consultation/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "please send it again." in html and "call us" not in html


def test_500_page_gives_the_practices_number_when_it_can_be_read(practice):
    # A patient whose request failed to send can call instead.
    html = server_error(RequestFactory().post("/consultation/")).content.decode()
    assert "please send it again, or call us on" in html
    assert f'<a href="tel:{practice.phone_tel}">{practice.phone}</a>' in html


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    # The consultation form is for search engines to find, so nothing else is disallowed.
    assert [line for line in body.splitlines() if line.startswith("Disallow")] == [
        "Disallow: /admin/"
    ]


@pytest.mark.django_db
def test_sitemap_lists_the_consultation_form_but_not_its_thank_you_page(client, practice):
    xml = sitemap_xml(client)
    assert f"{reverse('consultations:request')}</loc>" in xml
    assert reverse("consultations:thanks") not in xml


@pytest.mark.django_db
def test_load_demo_content_is_idempotent_and_prints_the_admin_login_once(
    demo_snapshot, demo_content, capsys
):
    from django.contrib.auth import get_user_model

    first = demo_snapshot.output  # the command's run on the empty database (see demo_snapshot)
    counts = (PracticeProfile.objects.count(), Page.objects.count())
    call_command("load_demo_content")
    second = capsys.readouterr().out
    assert counts == (PracticeProfile.objects.count(), Page.objects.count()) == (1, 4)
    assert "username: demo-admin" in first
    assert "password:" in first and "password:" not in second
    assert "already present" in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_demo_content_leaves_an_edited_site_alone(demo_content):
    Page.objects.filter(key="home").update(title="Our own words")
    call_command("load_demo_content", stdout=io.StringIO())
    assert Page.objects.get(key="home").title == "Our own words"


@pytest.mark.django_db
def test_migrate_gives_the_site_record_the_host_of_site_url(settings):
    from django.contrib.sites.models import Site

    settings.SITE_URL = "https://www.example-practice.com"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com")
    call_command("migrate", verbosity=0)
    assert Site.objects.get(pk=settings.SITE_ID).domain == "www.example-practice.com"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="staff-chose-this.org")
    call_command("migrate", verbosity=0)
    assert Site.objects.get(pk=settings.SITE_ID).domain == "staff-chose-this.org"


@pytest.mark.django_db
def test_home_cards_link_to_every_procedure_of_each_group(client, demo_content):
    from procedures.models import Procedure

    html = client.get(reverse("pages:home")).content.decode()
    cards = html[
        html.index('id="groups-heading"') : html.index(
            "</section>", html.index('id="groups-heading"')
        )
    ]
    published = Procedure.objects.published()
    assert published.count() > 8
    for procedure in published:
        assert f'<li><a href="{procedure.get_absolute_url()}">{procedure.title}</a></li>' in cards


def test_a_site_page_cannot_be_deleted_only_edited(sign_in_staff):
    """Each text is its page's only content: the consent on the consultation form links to
    the privacy notice, which must never become an empty page."""
    page = Page.objects.create(
        key=Page.Key.PRIVACY,
        title="Privacy notice",
        meta_description="How we keep data.",
        body="We keep what you send on our own system.",
    )
    editor = sign_in_staff("Content editor")
    delete = reverse("admin:practice_site_page_delete", args=[page.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()
    change = editor.get(reverse("admin:practice_site_page_change", args=[page.pk]))
    assert change.status_code == 200 and delete not in change.content.decode()


@pytest.mark.django_db
def test_a_page_refused_to_staff_says_why_and_leads_back_to_the_staff_home(
    client, sign_in_staff, pages
):
    # A note's author links to their account, which the front desk may not open.
    author = sign_in_staff(roles.FRONT_DESK, "frontdesk").user
    response = client.get(reverse("admin:auth_user_change", args=[author.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert "ask an administrator" in html
    assert f'<a href="{reverse("admin:index")}">Staff home</a>' in html
    assert "You can also call us" not in html  # the patients' line, not for staff
    # In the admin's look, without the patients' menu.
    assert 'id="site-name"' in html and "Request a consultation" not in html
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in html


@pytest.mark.django_db
def test_a_page_refused_to_a_visitor_leads_to_the_public_site(rf, pages):
    # Django's 403 view, as every PermissionDenied reaches it.
    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    html = permission_denied(request, PermissionDenied()).content.decode()
    assert "This page is not open to you" in html
    assert "Staff home" not in html
    assert "You can also call us" in html
    assert f'<a href="{reverse("consultations:request")}">' in html
