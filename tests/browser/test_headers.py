"""Response headers as Chromium reads them: nothing in them it does not understand."""

import pytest

pytestmark = pytest.mark.browser


def test_chromium_accepts_every_permissions_policy_feature(page, live_site):
    """An unknown or trial-only feature name is logged on every page (as a warning, which the
    console-error sweep does not see), and means the header does not say what we think it does."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for path in ("/", "/consultation/", "/admin/login/"):
        response = page.goto(live_site + path)
        assert response.status == 200, path
        assert "camera=()" in response.headers["permissions-policy"]
        # Console messages about the document's headers arrive before its load event.
        page.wait_for_load_state("load")
    assert [m for m in messages if "permissions-policy" in m.lower()] == []
