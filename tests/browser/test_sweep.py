import pytest
from playwright.sync_api import expect

from bench.server import PROXY_HEADERS

from .accessibility import assert_accessible
from .conftest import DESKTOP, PHONE, PageProblems
from .pages import DESKTOP_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.browser

SWEEP = [pytest.param(path, PHONE, id=f"{path}-phone") for path in PUBLIC_PAGES] + [
    pytest.param(path, DESKTOP, id=f"{path}-desktop") for path in DESKTOP_PAGES
]


@pytest.fixture(scope="module")
def sweep_page(browser, live_site):
    """A browser tab per viewport that every page of the sweep is opened in, one after another,
    as a visitor browses: a new context per page would cost more than the page's own checks
    (a cold renderer, an empty cache). Returns the tab for a viewport and its problem collector,
    emptied."""
    tabs = {}

    def tab_for(viewport):
        key = (viewport["width"], viewport["height"])
        if key not in tabs:
            context = browser.new_context(extra_http_headers=PROXY_HEADERS, viewport=viewport)
            page = context.new_page()
            tabs[key] = (context, page, PageProblems(page, live_site))
        _, page, problems = tabs[key]
        problems.errors.clear()
        return page, problems

    yield tab_for
    for context, _, _ in tabs.values():
        context.close()


@pytest.mark.parametrize(("path", "viewport"), SWEEP)
def test_public_page_is_accessible_and_clean(sweep_page, live_site, path, viewport):
    page, problems = sweep_page(viewport)
    response = page.goto(live_site + path)
    assert response is not None
    expected = 404 if "does-not-exist" in path else 200
    assert response.status == expected, f"{path} answered {response.status}"
    assert_accessible(page, path)
    assert problems.errors == []


def test_keyboard_alone_reaches_the_consultation_button(page, live_site):
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Request a consultation":
            break
    else:
        pytest.fail("Twelve presses of Tab never reached 'Request a consultation'.")
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/consultation/")


def test_skip_link_moves_focus_to_main_content(page, live_site):
    page.goto(live_site + "/about/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
