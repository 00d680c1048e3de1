"""The gallery in a real browser: the before/after slider by keyboard, the same page without
JavaScript, every photo actually served, and the gallery admin under the production CSP."""

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .conftest import DESKTOP, PHONE, log_in_as_admin

pytestmark = pytest.mark.browser

CASE = "/gallery/patient-8217/"


def tab_to(page, selector, presses=60):
    """Press Tab until the element matching `selector` has focus; fail if it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{presses} presses of Tab never reached {selector}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_slider_is_operable_by_keyboard_and_announced(page, live_site, watch_page, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site + CASE)
    if viewport == PHONE:  # phones open side by side; the visitor switches to the slider
        page.locator(".compare").first.get_by_role("button", name="Side by side").click()
    slider = page.get_by_role("slider", name="Divider between the before and after photos: At rest")
    # The demo's divider starts near the edge: one side of each face changed (demo/README.md).
    expect(slider).to_have_attribute("aria-valuetext", "85% before, 15% after")
    frame = page.locator(".compare__frame").first

    tab_to(page, "#compare-range-1")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("86")
    expect(slider).to_have_attribute("aria-valuetext", "86% before, 14% after")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", "83% before, 17% after")
    assert frame.evaluate("f => f.style.getPropertyValue('--compare-position')") == "83%"
    page.keyboard.press("End")
    expect(slider).to_have_attribute("aria-valuetext", "Before photo only")
    page.keyboard.press("Home")
    expect(slider).to_have_attribute("aria-valuetext", "After photo only")
    # The divider really moves: the "before" photo is clipped away entirely at 0%.
    clip = page.locator(".compare__item--before").first.evaluate(
        "e => getComputedStyle(e).clipPath"
    )
    assert clip.startswith("inset(0px 100%") or clip.startswith("inset(0px calc(100%"), clip

    # A visible focus indicator on the frame while the slider has keyboard focus.
    outline = frame.evaluate("f => getComputedStyle(f).outlineStyle")
    assert outline == "solid"

    assert_accessible(page)
    assert watch_page.errors == []


def test_side_by_side_toggle_switches_views_and_back(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + CASE)
    compare = page.locator(".compare").first
    toggle = compare.get_by_role("button", name="Side by side")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(compare.locator("input[type=range]")).to_be_hidden()
    before = compare.locator(".compare__item--before").bounding_box()
    after = compare.locator(".compare__item--after").bounding_box()
    assert before["x"] + before["width"] <= after["x"]
    hint = compare.locator(".compare__hint")
    expect(hint).to_have_text("Turn off “Side by side” to compare with a slider.")
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(compare.get_by_role("slider")).to_be_visible()
    expect(hint).to_have_text("Drag the divider, or use the arrow keys, to compare.")
    assert watch_page.errors == []


def test_a_tag_the_divider_runs_across_fades_instead_of_showing_part_of_its_word(
    page, live_site, watch_page
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + CASE)
    compare = page.locator(".compare").first
    before = compare.locator(".photo-tag").first
    after = compare.locator(".photo-tag--after")
    slider = compare.get_by_role("slider")
    expect(before).to_have_css("opacity", "1")  # opened at 85: both tags whole
    expect(after).to_have_css("opacity", "1")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 3%: across "Before"
    expect(slider).to_have_attribute("aria-valuetext", "3% before, 97% after")
    expect(before).to_have_css("opacity", "0")
    expect(after).to_have_css("opacity", "1")
    page.keyboard.press("End")
    expect(before).to_have_css("opacity", "1")
    expect(after).to_have_css("opacity", "0")
    assert watch_page.errors == []


@pytest.mark.parametrize(
    "viewport, view",
    [
        ({"width": 844, "height": 390}, "side by side"),  # a phone held sideways
        ({"width": 1280, "height": 720}, "slider"),  # a small laptop screen
    ],
)
def test_a_whole_comparison_fits_the_screens_height(page, live_site, watch_page, viewport, view):
    # Sized by width alone, the slider was 720 px tall on a 390 px high phone held sideways, and
    # taller than a laptop's screen: no face could be seen whole.
    page.set_viewport_size(viewport)
    page.goto(live_site + CASE)
    compare = page.locator(".compare").first
    expect(compare.get_by_role("button", name="Side by side")).to_have_attribute(
        "aria-pressed", "true" if view == "side by side" else "false"
    )
    frame = compare.locator(".compare__frame").bounding_box()
    tools = compare.locator(".compare__tools").bounding_box()
    assert tools["y"] + tools["height"] - frame["y"] <= viewport["height"], (frame, tools)
    assert watch_page.errors == []


def test_every_photo_on_a_case_page_is_served(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + CASE)
    page.mouse.wheel(0, 4000)  # bring the lazy-loaded pairs into view
    page.wait_for_load_state("networkidle")
    images = page.locator(".compare__img")
    expect(images).to_have_count(4)
    for i in range(4):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        assert re.search(
            r"/gallery/photos/[0-9a-f]{32}/\d+\.webp$", image.evaluate("i => i.currentSrc")
        )
    assert watch_page.errors == []


@pytest.mark.browser_context_args(java_script_enabled=False, viewport=PHONE)
def test_without_javascript_the_pairs_show_side_by_side(page, live_site):
    page.goto(live_site + CASE)
    assert page.locator("input[type=range]").count() == 0
    before = page.locator(".compare__item--before").first.bounding_box()
    after = page.locator(".compare__item--after").first.bounding_box()
    assert before["x"] + before["width"] <= after["x"]  # next to each other, not stacked
    assert abs(before["y"] - after["y"]) < 1
    assert page.locator(".compare figcaption").first.inner_text() == "Before"


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_filters_work_without_javascript(page, live_site):
    page.goto(live_site + "/gallery/")
    page.select_option("#id_procedure", "cosmetic/brow-lift")
    page.get_by_role("button", name="Show cases").click()
    page.wait_for_url(re.compile(r"procedure=cosmetic%2Fbrow-lift"))
    expect(page.locator(".case-card")).to_have_count(1)
    expect(page.locator(".case-card")).to_contain_text("A level brow")


def test_gallery_admin_shows_previews_without_csp_violations(page, live_site, watch_page):
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/gallery/case/")
    thumbnails = page.locator("img.gallery-admin-thumb")
    assert thumbnails.count() >= 8
    page.wait_for_load_state("networkidle")
    assert thumbnails.first.evaluate("i => i.complete && i.naturalWidth > 0")
    page.locator("a", has_text="Patient 8217").first.click()
    # The click starts a navigation: wait for the case's page, not for the list still shown.
    page.wait_for_url(re.compile(r"/admin/gallery/case/\d+/change/"))
    expect(page.locator(".gallery-admin-pair img")).to_have_count(4)
    page.wait_for_load_state("networkidle")
    assert watch_page.errors == []
