"""The provider page and its admin in a real browser, against the production-settings server."""

import pytest

from .conftest import DESKTOP, PHONE, check_admin_pages

pytestmark = pytest.mark.browser

PROVIDER = "/about/andre-panossian/"
PLAY_AND_WAIT = """() => new Promise((resolve, reject) => {
  const video = document.querySelector("video");
  video.addEventListener("timeupdate", () => video.currentTime > 0.5 && resolve(video.currentTime));
  video.addEventListener("error", () => reject(video.error && video.error.message));
  video.play().catch(reject);
})"""


def test_the_video_loads_only_when_played_and_only_from_this_site(page, live_site, watch_page):
    requests = []
    page.on("request", lambda r: requests.append((r.resource_type, r.url)))
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + PROVIDER)
    page.locator("video").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert not [url for kind, url in requests if "/videos/" in url]  # preload="none"
    assert page.evaluate("document.querySelector('video').networkState") == 1  # idle, no source

    assert page.evaluate(PLAY_AND_WAIT) > 0.5
    media = [url for kind, url in requests if kind == "media"]
    assert media and all(url.startswith(live_site + "/videos/") for url in media)
    assert watch_page.errors == []  # no CSP violation, no third-party request


def test_the_video_controls_work_with_the_keyboard(page, live_site, watch_page):
    page.set_viewport_size(PHONE)
    page.goto(live_site + PROVIDER)
    page.locator("video").focus()
    page.keyboard.press("Space")  # the browser's own controls: play
    page.locator("video").evaluate(
        "v => new Promise(resolve => v.paused ? v.addEventListener('playing', resolve) : resolve())"
    )
    assert page.evaluate("document.querySelector('video').paused") is False
    assert watch_page.errors == []


def test_the_portrait_is_fetched_at_the_size_it_is_shown(page, live_site):
    for viewport, css_width in ((PHONE, 112), (DESKTOP, 288)):
        page.set_viewport_size(viewport)
        page.goto(live_site + PROVIDER)
        portrait = page.locator("img.provider-portrait")
        shown = portrait.evaluate("img => img.getBoundingClientRect().width")
        natural = portrait.evaluate("img => img.naturalWidth")
        ratio = page.evaluate("window.devicePixelRatio")
        assert shown == pytest.approx(css_width, abs=1)
        assert shown * ratio <= natural < 2 * shown * ratio  # sharp, and not twice too big


def test_provider_admin_pages_pass_axe_and_raise_no_csp_violation(page, live_site, watch_page):
    paths = (
        "/admin/practice_site/provider/",
        "/admin/practice_site/provider/add/",
        "/admin/practice_site/provider/1/change/",
    )
    check_admin_pages(page, live_site, watch_page, paths)
