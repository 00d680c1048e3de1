"""High contrast themes (forced colours): shapes drawn with backgrounds keep showing."""

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

# The colour of each shape, and of the page behind it, as the browser paints them.
PAINTED = """([selector, pseudo]) => {
    const shape = getComputedStyle(document.querySelector(selector), pseudo);
    return {
        colour: shape.backgroundColor,
        image: shape.backgroundImage,
        page: getComputedStyle(document.body).backgroundColor,
    };
}"""


@pytest.mark.parametrize(
    "path, selector, pseudo, like_the_page",
    [
        ("/testimonials/", ".stars__star--full", None, False),
        ("/faq/", ".faq__question", "::before", False),
        ("/faq/", ".faq__question", "::after", False),
        # Inside an empty or half star, the page's colour (an outline), also on the home page's
        # featured quote, whose stars otherwise sit on the warm section's colour.
        ("/testimonials/", ".stars__star", "::after", True),
        ("/", ".testimonial-feature .stars__star", "::after", True),
    ],
)
def test_stars_and_the_questions_plus_stay_visible(
    page, live_site, path, selector, pseudo, like_the_page
):
    # The theme replaces every background with its own: a star or a plus drawn as one vanished.
    page.emulate_media(forced_colors="active", color_scheme="dark")
    page.goto(live_site + path)
    painted = page.evaluate(PAINTED, [selector, pseudo])
    assert (painted["colour"] == painted["page"]) is like_the_page, painted


def test_the_menu_buttons_bars_stay_visible(page, live_site):
    page.set_viewport_size(PHONE)
    page.emulate_media(forced_colors="active")
    page.goto(live_site + "/")
    painted = page.evaluate(PAINTED, ["[data-menu-button]", "::before"])
    assert "linear-gradient" in painted["image"], painted
