"""The site on a phone: the menu, the call bar, the comparison; and layouts that line up."""

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SMALL = {"width": 360, "height": 740}
SECTIONS = ["Procedures", "Conditions", "Gallery", "Testimonials", "About", "FAQ", "Contact"]


def focused(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def tab_until(page, text, presses=40):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if focused(page) == text:
            return
    pytest.fail(f"{presses} presses of Tab never reached {text!r}")


def test_the_menu_opens_every_section_at_360_px_by_keyboard(page, live_site, watch_page):
    page.set_viewport_size(SMALL)
    page.goto(live_site + "/procedures/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-nav")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_hidden()

    tab_until(page, "Menu")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    links = navigation.get_by_role("link")
    expect(links).to_have_text(SECTIONS)
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL["width"], SECTIONS[i]
        assert box["height"] >= 44, f"{SECTIONS[i]} is a small touch target"
    expect(navigation.get_by_role("link", name="Procedures")).to_have_attribute(
        "aria-current", "page"
    )
    # Every section is reached with Tab, then Escape closes the menu and returns to its button.
    for section in SECTIONS:
        tab_until(page, section, presses=4)
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    assert focused(page) == "Menu"
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    navigation.get_by_role("link", name="Contact").click()
    page.wait_for_url(live_site + "/contact/")
    assert watch_page.errors == []


@pytest.mark.browser_context_args(java_script_enabled=False, viewport=SMALL)
def test_the_menu_works_without_javascript(page, live_site):
    page.goto(live_site + "/")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_hidden()
    page.get_by_role("link", name="Menu").click()
    expect(navigation.get_by_role("link")).to_have_text(SECTIONS)
    for i in range(len(SECTIONS)):
        expect(navigation.get_by_role("link").nth(i)).to_be_visible()
    navigation.get_by_role("link", name="FAQ").click()
    page.wait_for_url(live_site + "/faq/")


def test_wide_screens_show_the_navigation_without_a_menu_button(page, live_site):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + "/")
    expect(page.locator(".menu-toggle:visible")).to_have_count(0)
    for section in SECTIONS:
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name=section)
        ).to_be_visible()


NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# Resolves once the page has stopped scrolling (smooth scrolling moves it over several frames).
SCROLL_SETTLED = """() => new Promise(resolve => {
  let last = -1, still = 0;
  (function check() {
    still = window.scrollY === last ? still + 1 : 0;
    last = window.scrollY;
    if (still >= 3) resolve(); else requestAnimationFrame(check);
  })();
})"""
BAR_IN_PLACE = """() => {
  const bar = document.querySelector('[data-call-bar]');
  return bar.classList.contains('call-bar--visible')
    && Math.abs(bar.getBoundingClientRect().bottom - window.innerHeight) < 1;
}"""


def call_bar_shown(page):
    return page.locator("[data-call-bar]").evaluate(
        "bar => getComputedStyle(bar).visibility === 'visible'"
    )


def test_the_call_bar_appears_once_the_header_buttons_scroll_away(page, live_site, watch_page):
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/procedures/facial-reanimation/smile-reanimation/")
    bar = page.locator("[data-call-bar]")
    assert not call_bar_shown(page)
    expect(bar.get_by_role("link", name="Call (626) 765-6885")).to_be_hidden()
    page.mouse.wheel(0, 120)  # the header's buttons still in view
    page.wait_for_function("() => window.scrollY >= 100")
    page.evaluate(NEXT_FRAMES)  # intersection observers report with the next frames
    assert not call_bar_shown(page)
    page.mouse.wheel(0, 900)
    page.wait_for_function(BAR_IN_PLACE)
    expect(bar.get_by_role("link", name="Call (626) 765-6885")).to_be_visible()
    call = bar.get_by_role("link", name="Call (626) 765-6885")
    expect(call).to_have_attribute("href", "tel:+16267656885")
    # On a procedure's page the request comes with the procedure chosen, as in the header.
    expect(bar.get_by_role("link", name="Request a consultation")).to_have_attribute(
        "href", re.compile(r"^/consultation/\?procedure=\d+$")
    )
    box = bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    # Back at the top the header's own buttons are in view again, and the bar goes.
    page.mouse.wheel(0, -5000)
    page.wait_for_function(
        "() => !document.querySelector('[data-call-bar]').classList.contains('call-bar--visible')"
    )
    assert watch_page.errors == []


# Puts focus on the element before `target` without scrolling, then scrolls so that `target`
# sits just above the bottom edge of the screen: in view, but where the call bar lies.
UNDER_THE_BAR = """(index) => {
  const all = [...document.querySelectorAll('main a[href], main button, footer a[href]')]
    .filter(e => e.offsetParent !== null);
  const target = all[index], before = all[index - 1];
  before.focus({preventScroll: true});
  const box = target.getBoundingClientRect();
  window.scrollTo({top: window.scrollY + box.bottom - window.innerHeight + 8, behavior: 'instant'});
  return {text: target.textContent.trim(), count: all.length};
}"""


def test_the_call_bar_never_covers_the_focused_element_or_the_page_end(page, live_site):
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/contact/")
    count = page.evaluate(UNDER_THE_BAR, 1)["count"]
    assert count > 15
    tested = 0
    for index in range(2, count, 2):
        target = page.evaluate(UNDER_THE_BAR, index)
        page.evaluate(SCROLL_SETTLED)
        page.evaluate(NEXT_FRAMES)
        if not call_bar_shown(page):
            continue  # near the top: the header's own buttons are still in view
        page.wait_for_function(BAR_IN_PLACE)
        tested += 1
        bar_top = page.locator("[data-call-bar]").bounding_box()["y"]
        page.keyboard.press("Tab")
        page.evaluate(SCROLL_SETTLED)
        box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == target["text"]
        assert box["bottom"] <= bar_top + 1, f"{target['text']!r} is under the call bar"
    assert tested >= 6
    # At the very end of the page, the last line of the footer sits above the bar.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.evaluate(SCROLL_SETTLED)
    page.wait_for_function(BAR_IN_PLACE)
    bar_top = page.locator("[data-call-bar]").bounding_box()["y"]
    last = page.locator(".site-footer__legal > :last-child").bounding_box()
    assert last["y"] + last["height"] <= bar_top + 1


@pytest.mark.parametrize(("motion", "expected"), [("no-preference", "0.2s"), ("reduce", "0s")])
def test_the_call_bar_slides_only_for_visitors_who_accept_motion(
    new_context, live_site, motion, expected
):
    page = new_context(viewport=PHONE, reduced_motion=motion).new_page()
    page.goto(live_site + "/")
    duration = page.locator("[data-call-bar]").evaluate(
        "bar => getComputedStyle(bar).transitionDuration.split(',')[0].trim()"
    )
    assert duration == expected


@pytest.mark.parametrize("width", [320, 360])
def test_call_and_request_share_one_row_of_the_header_on_small_phones(page, live_site, width):
    """At 320 px they took a row each: the header filled over a third of the first screen."""
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(live_site + "/")
    call = page.locator(".site-header .header-call")
    request = page.locator(".site-header").get_by_role("link", name="Request a consultation")
    expect(call).to_have_accessible_name(re.compile(r"^Call \(\d{3}\) \d{3}-\d{4}$"))
    call_box, request_box = call.bounding_box(), request.bounding_box()
    assert call_box["y"] == request_box["y"]
    assert call_box["width"] >= 44 and call_box["height"] >= 44  # still a whole touch target
    assert page.locator(".site-header").bounding_box()["height"] < 0.3 * 640  # 214 px before


@pytest.mark.parametrize(
    "viewport",
    # A wide screen; and one zoomed to 400% (1280 x 900 at 400%): 71 of its 225 pixels of height
    # went to the bar.
    [DESKTOP, {"width": 320, "height": 225}],
    ids=["wide", "zoomed-400"],
)
def test_wide_or_short_screens_never_show_the_call_bar(page, live_site, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site + "/procedures/facial-reanimation/smile-reanimation/")
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 2000")
    expect(page.locator("[data-call-bar]")).to_be_hidden()


CASE = "/gallery/patient-8217/"


def test_comparisons_open_side_by_side_on_phones_and_as_sliders_on_wide_screens(
    page, live_site, watch_page
):
    page.set_viewport_size(PHONE)
    page.goto(live_site + CASE)
    compare = page.locator(".compare").first
    toggle = compare.get_by_role("button", name="Side by side")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(compare.get_by_role("slider")).to_be_hidden()
    before = compare.locator(".compare__item--before").bounding_box()
    after = compare.locator(".compare__item--after").bounding_box()
    assert before["x"] + before["width"] <= after["x"]  # both whole faces at first sight
    for tag in compare.locator(".photo-tag").all():  # each labelled: no slider covers one
        expect(tag).to_have_css("opacity", "1")
    # Turned sideways into a wide screen, an untouched comparison follows the screen...
    page.set_viewport_size({"width": 1024, "height": 700})
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(compare.get_by_role("slider")).to_have_value("85")  # as the demo pair says
    # ...but never overrides what the visitor chose.
    toggle.click()
    page.set_viewport_size(PHONE)
    page.set_viewport_size({"width": 1024, "height": 700})
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(compare.locator(".photo-tag--after")).to_have_css("opacity", "1")

    page.set_viewport_size(DESKTOP)
    page.goto(live_site + CASE)
    expect(page.locator(".compare").first.get_by_role("slider")).to_be_visible()
    assert watch_page.errors == []


@pytest.mark.parametrize("path", ["/about/", "/terms/", "/privacy/"])
def test_page_titles_line_up_with_their_text(page, live_site, path):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + path)
    title = page.locator("h1").bounding_box()
    text = page.locator("main .prose p").first.bounding_box()
    assert title["x"] == pytest.approx(text["x"], abs=1)


def test_a_short_introduction_leaves_no_empty_third_at_1280(page, live_site):
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + "/procedures/cosmetic/")
    container = page.locator(".with-aside").bounding_box()
    panel = page.locator(".ask-panel").bounding_box()
    assert panel["x"] + panel["width"] == pytest.approx(
        container["x"] + container["width"] - 32, abs=2
    )
    assert panel["x"] > container["x"] + container["width"] * 0.6


@pytest.mark.parametrize(
    ("width", "path"),
    [
        *((390, path) for path in ("/", "/about/", "/consultation/", "/contact/")),
        (390, "/gallery/patient-2957/"),
        (390, "/procedures/cosmetic/facelift/"),
        # The smallest phones: the header, the "Ask us" panel and the testimonial cards.
        (320, "/procedures/nerve-surgery/"),
        (320, "/procedures/facial-reanimation/smile-reanimation/"),
        (320, "/testimonials/"),
    ],
)
def test_large_text_on_a_phone_overlaps_nothing_and_never_scrolls_sideways(
    page, live_site, width, path
):
    """A visitor's browser set to 24 px text (Chromium's "very large"), then to 32 px (twice the
    usual size, as a phone's largest text setting gives), on a 390 or 320 px phone."""
    page.set_viewport_size({**PHONE, "width": width})
    page.goto(live_site + path)
    for size in ("24px", "32px"):
        page.evaluate(f"document.documentElement.style.fontSize = '{size}'")
        expect(page.locator(".brand__name")).to_have_css(
            "font-size", re.compile(r"^[23]\d\.?\d*px$")
        )
        name = page.locator(".brand__name").bounding_box()
        menu = page.get_by_role("button", name="Menu").bounding_box()
        apart = (
            name["x"] + name["width"] <= menu["x"]
            or menu["y"] >= name["y"] + name["height"]
            or name["y"] >= menu["y"] + menu["height"]
        )
        assert apart, (size, name, menu)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{path} at {size} text is {wide} px wide"
        # Where "Call" shows its icon alone, the icon grows with the text (it stayed 18 px).
        icon = page.locator(".header-call .icon").bounding_box()
        assert icon["width"] >= int(size[:2]), (size, icon)


# The text of each telephone link that is not a button, as lines on the screen: "(626) 765-"
# above "6885" reads as a broken number, and may be dialled as one.
NUMBER_LINES = """() => [...document.querySelectorAll('a[href^="tel:"]:not(.button)')]
    .filter((link) => link.checkVisibility())
    .map((link) => {
        const text = document.createRange();
        text.selectNodeContents(link);
        const tops = new Set([...text.getClientRects()].map((rect) => rect.top));
        return [link.textContent.trim(), tops.size];
    })"""


@pytest.mark.parametrize("path", ["/consultation/", "/contact/", "/faq/"])
def test_a_telephone_number_is_never_split_across_lines_at_320_px(page, live_site, path):
    page.set_viewport_size({**PHONE, "width": 320})
    page.goto(live_site + path)
    numbers = page.evaluate(NUMBER_LINES)
    assert numbers  # the footer's, at least
    assert [text for text, lines in numbers if lines != 1] == []
