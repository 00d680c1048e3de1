"""Procedure pages and their admin in a real browser, against the production-settings server."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_admin_pages, log_in_as_admin

pytestmark = pytest.mark.browser

ADMIN_PAGES = [
    "/admin/procedures/procedure/",
    "/admin/procedures/procedure/?status__exact=draft",
    "/admin/procedures/procedure/add/",
    "/admin/procedures/procedure/1/change/",
    "/admin/procedures/procedure/1/history/",
    "/admin/procedures/condition/",
    "/admin/procedures/condition/1/change/",
    "/admin/procedures/faq/",
    "/admin/procedures/faq/1/change/",
    "/admin/procedures/proceduregroup/",
    "/admin/procedures/proceduregroup/1/change/",
    "/admin/redirects/redirect/",
]


def test_procedure_admin_pages_raise_no_csp_violation(page, live_site, watch_page):  # noqa: F811
    check_admin_pages(page, live_site, watch_page, ADMIN_PAGES, axe=False)


def test_slug_fills_in_from_the_title(page, live_site):  # noqa: F811
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/procedures/procedure/add/")
    # Django's prepopulate script listens for key presses, as a person types.
    page.locator("#id_title").press_sequentially("Lip Balancing Surgery")
    expect(page.locator("#id_slug")).to_have_value("lip-balancing-surgery")


def test_questions_open_by_keyboard_and_from_a_link(page, live_site, watch_page):  # noqa: F811
    page.goto(live_site + "/faq/")
    first = page.locator("details.faq").first
    assert first.get_attribute("open") is None
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".faq__answer")).to_be_visible()

    target = page.locator("details.faq").nth(3)
    faq_id = target.get_attribute("id")
    page.goto(f"{live_site}/faq/#{faq_id}")
    # The CSP forbids eval, so Playwright's wait_for_function cannot be used: wait on the DOM.
    page.locator(f"#{faq_id}[open] .faq__answer").wait_for(state="visible")
    assert watch_page.errors == []


# A reader who asked for less motion: the page jumps to the section at once (with smooth
# scrolling, where the heading is at a given moment depends on how busy the machine is).
@pytest.mark.browser_context_args(reduced_motion="reduce", viewport={"width": 1280, "height": 800})
def test_contents_link_moves_to_its_section(page, live_site):  # noqa: F811
    page.goto(live_site + "/procedures/facial-reanimation/smile-reanimation/")
    page.click(".toc a[href='#risks-and-side-effects']")
    page.wait_for_url(re.compile(r"#risks-and-side-effects$"))
    heading = page.locator("#risks-and-side-effects")
    expect(heading).to_be_in_viewport()
    assert 0 <= heading.bounding_box()["y"] < 200
    # On wide screens the contents stay in view while reading.
    assert page.locator(".toc").is_visible()
    assert page.locator(".toc").bounding_box()["y"] >= 0


def test_old_address_redirects_in_the_browser(page, live_site):  # noqa: F811
    page.goto(live_site + "/facial-paralysis-surgery/facial-reanimation/")
    assert page.url == live_site + "/procedures/facial-reanimation/"
    expect(page.locator("h1")).to_have_text("Facial reanimation")


def test_a_printed_procedure_page_has_every_answer(page, live_site):
    """On paper a question cannot be opened: the answers were left out."""
    page.goto(live_site + "/procedures/facial-reanimation/smile-reanimation/")
    answers = page.locator(".faq__answer")
    expect(answers.first).to_be_hidden()  # on screen, closed until asked
    page.emulate_media(media="print")
    for index in range(answers.count()):
        expect(answers.nth(index)).to_be_visible()


def test_a_printed_page_is_black_on_white_and_says_where_its_links_lead(page, live_site):
    """Browsers print no backgrounds: the footer's light text (the phone number, the hours)
    printed pale grey on white, and a printed link said nothing of where it leads."""
    page.goto(live_site + "/procedures/facial-reanimation/smile-reanimation/")
    page.emulate_media(media="print")
    colour = "el => getComputedStyle(el).color"
    assert page.locator(".site-footer").evaluate(colour) == "rgb(0, 0, 0)"
    assert page.locator(".site-footer a").first.evaluate(colour) == "rgb(0, 0, 0)"
    expect(page.locator(".toc")).to_be_hidden()
    expect(page.locator(".page-header .button").first).to_be_hidden()
    link = page.locator(".prose a[href^='/']").first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert link.get_attribute("href") in after, after


def test_decorations_are_not_read_out(page, live_site):
    """Screen readers said "slash" between breadcrumbs and "right arrow" after links."""
    page.goto(live_site + "/gallery/")
    crumbs = page.get_by_role("navigation", name="Breadcrumb").aria_snapshot()
    assert "listitem: Gallery" in crumbs and "listitem: / Gallery" not in crumbs, crumbs
    page.goto(live_site + "/procedures/")
    assert page.locator(".link-arrow").count()
    links = page.get_by_role("main").aria_snapshot()
    assert "→" not in links, links
