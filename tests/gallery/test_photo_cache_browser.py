"""A real browser that already holds a photo: it asks again before reusing it, so a consent
revocation reaches it at once."""

import pytest

from gallery import services

pytestmark = pytest.mark.browser

LOAD = """url => new Promise(done => {
    const image = new Image();
    image.onload = () => done("shown");
    image.onerror = () => done("not shown");
    image.src = url;
})"""


def test_a_browser_that_kept_a_photo_stops_showing_it_once_consent_is_revoked(
    page, live_server, make_case
):
    case = make_case(real_files=True)
    photo = live_server.url + case.pairs.get().after.default_rendition.url
    answers = []
    page.on("response", lambda r: r.url == photo and answers.append(r.status))

    def visit():
        # A new document each time: an image already in a page would be reused without asking.
        page.goto(live_server.url + "/robots.txt")
        return page.evaluate(LOAD, photo)

    assert visit() == "shown"
    assert visit() == "shown"
    assert answers == [200, 304]  # kept, and checked with us before it was shown again
    services.record_consent_revocation([case])
    assert visit() == "not shown"
    assert answers == [200, 304, 404]
