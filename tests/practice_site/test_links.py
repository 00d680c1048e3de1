"""Links between the site's pages: chosen from a list, checked when saved, reported when broken."""

from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.redirects.models import Redirect
from django.test import Client
from django.urls import reverse

from practice_site import links
from practice_site.models import Page
from practice_site.roles import CONTENT_EDITOR, FRONT_DESK
from procedures.markdown import render_markdown
from procedures.models import FAQ, Procedure, Section

PREVIEW = reverse("admin:markdown_preview")
PAGES = reverse("admin:markdown_links")
REPORT = reverse("admin:broken_links")


@pytest.fixture
def site(make_group, make_procedure, make_condition, make_case):
    group = make_group("Nerve surgery")
    live = make_procedure("Cross-facial nerve graft", group=group)
    draft = make_procedure("Nerve transfer", group=group, status=Procedure.Status.DRAFT)
    condition = make_condition("Bell's palsy")
    question = FAQ.objects.create(question="Does it hurt?", answer="A little.")
    hidden_question = FAQ.objects.create(question="Hidden?", answer="Yes.", is_published=False)
    shown_case = make_case(title="A smile")
    hidden_case = make_case(consent=None, title="No consent")
    return {
        "live": live,
        "draft": draft,
        "condition": condition,
        "question": question,
        "hidden_question": hidden_question,
        "case": shown_case,
        "hidden_case": hidden_case,
        "group": group,
    }


@pytest.fixture
def editor(sign_in_staff):
    return sign_in_staff(CONTENT_EDITOR, "editor")


def problem(href):
    return links.problem_with(href, links.Known())


def test_links_to_pages_visitors_can_open_are_fine(site, settings):
    settings.SITE_URL = "https://www.example-practice.com"
    for href in [
        site["live"].get_absolute_url(),
        site["live"].get_absolute_url().rstrip("/"),  # the site adds the slash itself
        site["live"].get_absolute_url() + "#recovery",  # a heading's id: not checked
        site["condition"].get_absolute_url() + "?from=faq",
        site["question"].get_absolute_url(),
        site["case"].get_absolute_url(),
        reverse("procedures:index"),
        reverse("consultations:request"),
        reverse("consultations:thanks"),  # a page of the site, if not in the chooser's list
        "https://www.example-practice.com" + site["live"].get_absolute_url(),
        "https://other-hospital.example/procedures/gone/",  # another website: not ours to check
        "mailto:office@example.test",
        "tel:+16265550100",
        "#top",
    ]:
        assert problem(href) == "", href


def test_links_to_missing_or_hidden_pages_are_reported(site, settings):
    settings.SITE_URL = "https://www.example-practice.com"
    gone = (
        "no page is shown at that address (it may be mistyped, or the page unpublished, renamed "
        "or removed)"
    )
    assert problem("/procedures/nerve-surgery/old-name/") == gone
    assert problem(site["draft"].get_absolute_url()) == gone
    assert problem(site["hidden_case"].get_absolute_url()) == gone
    assert problem("/conditions/moebius/") == gone
    assert problem("https://www.example-practice.com/conditions/moebius/") == gone
    assert problem("/no-such-section/") == "there is no page at this address"
    removed = "the part of that page it points to has been removed or unpublished"
    assert problem(site["hidden_question"].get_absolute_url()) == removed
    assert problem(reverse("procedures:faq") + "#faq-999999") == removed


def test_an_old_address_that_redirects_is_not_broken(site, settings):
    Redirect.objects.create(
        site_id=settings.SITE_ID,
        old_path="/procedures/old-graft/",
        new_path=site["live"].get_absolute_url(),
    )
    assert problem("/procedures/old-graft/") == ""


def test_the_chooser_lists_every_page_visitors_can_open_and_nothing_hidden(site, editor):
    response = editor.get(PAGES)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    groups = {group["title"]: group["pages"] for group in response.json()["groups"]}
    urls = {page["url"] for pages in groups.values() for page in pages}
    assert {"Main pages", "Procedures", "Conditions", "Questions", "Gallery cases"} <= set(groups)
    assert site["live"].get_absolute_url() in urls
    assert site["case"].get_absolute_url() in urls
    assert site["question"].get_absolute_url() in urls
    for hidden in ("draft", "hidden_case", "hidden_question"):
        assert site[hidden].get_absolute_url() not in urls
    assert {
        "title": "Cross-facial nerve graft",
        "label": "Cross-facial nerve graft (Nerve surgery)",
        "url": site["live"].get_absolute_url(),
    } in groups["Procedures"]
    # Every address offered opens for a visitor.
    visitor = Client()
    for url in urls:
        assert visitor.get(url.split("#")[0]).status_code == 200, url


def test_preview_is_the_sites_own_sanitised_html_and_names_broken_links(site, editor):
    text = (
        "## Recovery\n\nMost people go **home** the next day.\n\n"
        "- See [the graft](" + site["live"].get_absolute_url() + ")\n"
        "- And [an old page](/procedures/nerve-surgery/old-name/)\n\n"
        '<script>alert("x")</script><a href="javascript:alert(1)" onclick="x()">bad</a>'
    )
    response = editor.post(PREVIEW, {"text": text, "top_level": "3"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["html"] == render_markdown(text, id_prefix="preview--", top_level=3).html
    assert '<h3 id="preview--recovery">Recovery</h3>' in data["html"]
    assert "<script" not in data["html"] and "javascript:" not in data["html"]
    assert "onclick" not in data["html"]
    assert data["problems"] == [
        "The link “an old page” goes to /procedures/nerve-surgery/old-name/, but no page is shown "
        "at that address (it may be mistyped, or the page unpublished, renamed or removed)."
    ]


def test_preview_and_page_list_are_for_content_staff_only(site, client, sign_in_staff):
    assert client.post(PREVIEW, {"text": "x"}).status_code == 302  # to the sign-in page
    assert client.get(PAGES).status_code == 302
    sign_in_staff(FRONT_DESK)
    assert client.post(PREVIEW, {"text": "x"}).status_code == 403
    assert client.get(PAGES).status_code == 403
    assert client.get(REPORT).status_code == 403


def test_preview_refuses_a_post_without_the_csrf_token(site, django_user_model):
    from tests.staff import sign_in_verified

    user = django_user_model.objects.create_superuser("boss2", "b@example.test", "pw-long-12")
    client = sign_in_verified(Client(enforce_csrf_checks=True), user)
    assert client.post(PREVIEW, {"text": "x"}).status_code == 403
    assert client.get(PREVIEW).status_code == 405


def test_the_report_lists_every_broken_link_with_where_to_fix_it(site, editor):
    Page.objects.create(
        key=Page.Key.TERMS,
        title="Terms",
        meta_description="m",
        body="Read [our old policy](/policy/).",
    )
    Section.objects.create(
        procedure=site["live"],
        heading="Recovery",
        order=1,
        body="See [the transfer](" + site["draft"].get_absolute_url() + ") and "
        "[the graft](" + site["live"].get_absolute_url() + ").",
    )
    site["condition"].body = "Treated by [a gone page](/procedures/nerve-surgery/gone/)."
    site["condition"].save()

    response = editor.get(REPORT)
    assert response.status_code == 200
    rows = {(row["link"].text, row["link"].href): row for row in response.context["rows"]}
    assert set(rows) == {
        ("our old policy", "/policy/"),
        ("the transfer", site["draft"].get_absolute_url()),
        ("a gone page", "/procedures/nerve-surgery/gone/"),
    }
    section_row = rows[("the transfer", site["draft"].get_absolute_url())]
    assert section_row["link"].owner == site["live"]
    assert section_row["link"].where == "section “Recovery”"
    assert section_row["edit_url"] == reverse(
        "admin:procedures_procedure_change", args=[site["live"].pk]
    )
    html = response.content.decode()
    assert f'href="{section_row["edit_url"]}"' in html
    assert "/policy/" in html and "There is no page at this address." in html


def test_saving_a_text_with_a_broken_link_warns_in_the_editor(site, editor):
    page = Page.objects.create(
        key=Page.Key.PRIVACY, title="Privacy", meta_description="m", body="Fine."
    )
    response = editor.post(
        reverse("admin:practice_site_page_change", args=[page.pk]),
        {
            "title": "Privacy",
            "meta_description": "m",
            "body": "Ask [the front desk](/contact-us/) or see [a graft]("
            + site["live"].get_absolute_url()
            + ").",
        },
        follow=True,
    )
    assert response.status_code == 200
    stored = [(m.level, str(m)) for m in response.context["messages"]]
    warnings = [text for level, text in stored if level == messages.WARNING]
    assert warnings == [
        "The link “the front desk” in “Privacy notice” goes to /contact-us/, but there is no "
        "page at this address. Choose the page again with the editor's Link button, or remove "
        "the link."
    ]
    page.refresh_from_db()
    assert "/contact-us/" in page.body  # kept as written: a warning, not a refusal


def test_a_procedure_is_warned_about_its_sections_links(site):
    from django.contrib import admin

    Section.objects.create(
        procedure=site["live"], heading="Costs", order=1, body="[Prices](/prices/)"
    )
    warnings = admin.site.broken_links_of(site["live"])
    assert warnings == [
        "The link “Prices” in section “Costs” of “Cross-facial nerve graft” goes to /prices/, "
        "but there is no page at this address. Choose the page again with the editor's Link "
        "button, or remove the link."
    ]
    assert admin.site.broken_links_of(site["condition"]) == []


def test_markdown_fields_get_the_editor_and_plain_fields_stay_plain(site, editor):
    response = editor.get(reverse("admin:procedures_procedure_change", args=[site["live"].pk]))
    html = response.content.decode()
    media = str(response.context["media"])
    assert "js/admin-markdown.js" in media and "css/admin-markdown.css" in media
    editors = html.count('data-md-editor data-preview-url="' + PREVIEW + '"')
    assert editors >= 2  # the empty section form and the empty question form at least
    assert f'data-pages-url="{PAGES}" data-top-level="3"' in html  # section bodies sit under h2
    # The summary is plain text: no editor around it.
    summary = html[html.index('name="summary"') - 400 : html.index('name="summary"')]
    assert "data-md-editor" not in summary
    for url, level in [
        (reverse("admin:procedures_condition_change", args=[site["condition"].pk]), "2"),
        (reverse("admin:procedures_faq_change", args=[site["question"].pk]), "3"),
        (reverse("admin:procedures_proceduregroup_change", args=[site["group"].pk]), "2"),
    ]:
        page = editor.get(url).content.decode()
        assert f'data-top-level="{level}"' in page, url


def test_the_editor_script_is_served_from_our_own_static_files(site, editor):
    from django.contrib.staticfiles import finders

    for name in ("js/admin-markdown.js", "css/admin-markdown.css", "css/admin-staff.css"):
        path = finders.find(name)
        assert path, name
    script = Path(finders.find("js/admin-markdown.js")).read_text()
    assert "http://" not in script and "https://" not in script.replace('"https://"', "")
    assert "innerHTML = json.html" in script  # the server's sanitised HTML, nothing rendered here
    assert "marked" not in script and "markdown-it" not in script  # no client-side renderer


@pytest.mark.parametrize("field", ["text"])
def test_an_oversized_preview_is_refused_plainly(site, editor, field):
    response = editor.post(PREVIEW, {field: "x" * 100_001})
    assert response.status_code == 400
    assert response.json() == {"error": "This text is too long to preview."}
