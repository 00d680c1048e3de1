"""High contrast themes (forced colours): shapes drawn with backgrounds keep showing."""

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

# The colour of a shape, and of the page behind it, as the browser paints them.
PAINTED = """([selector, pseudo]) => {
    const shape = getComputedStyle(document.querySelector(selector), pseudo);
    return {
        colour: shape.backgroundColor,
        image: shape.backgroundImage,
        page: getComputedStyle(document.body).backgroundColor,
    };
}"""
# Per page: (selector, pseudo-element, painted in the page's own colour?).
SHAPES = {
    "/testimonials/": [
        (".stars__star--full", None, False),
        (".stars__star", "::after", True),  # inside an empty or half star: an outline
    ],
    "/faq/": [(".faq__question", "::before", False), (".faq__question", "::after", False)],
    # The home page's featured quote, whose stars otherwise sit on the warm section's colour.
    "/": [(".testimonial-feature .stars__star", "::after", True)],
}


def test_stars_the_questions_plus_and_the_menu_bars_stay_visible(page, live_site):
    # The theme replaces every background with its own and drops gradients: a star, a plus or
    # the menu's bars drawn with them vanished.
    page.set_viewport_size(PHONE)
    page.emulate_media(forced_colors="active", color_scheme="dark")
    for path, shapes in SHAPES.items():
        page.goto(live_site + path)
        for selector, pseudo, like_the_page in shapes:
            painted = page.evaluate(PAINTED, [selector, pseudo])
            seen = painted["colour"] == painted["page"]
            assert seen is like_the_page, (path, selector, painted)
    bars = page.evaluate(PAINTED, ["[data-menu-button]", "::before"])
    assert "linear-gradient" in bars["image"], bars
    # In the theme's button text colour, as the word "Menu" beside them: left to currentcolor
    # they kept the site's dark teal, unseen on the dark theme's black.
    colours = page.evaluate(
        """() => {
            const button = document.querySelector("[data-menu-button]");
            return [getComputedStyle(button, "::before").color, getComputedStyle(button).color];
        }"""
    )
    assert colours[0] == colours[1], colours
