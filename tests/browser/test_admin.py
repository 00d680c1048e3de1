"""The staff admin under the production CSP, in a real browser."""

import pytest
from playwright.sync_api import expect

from .conftest import check_admin_pages, log_in_as_admin

pytestmark = pytest.mark.browser

ADMIN_PAGES = [
    "/admin/",
    "/admin/practice_site/page/",
    "/admin/practice_site/page/1/change/",
    "/admin/practice_site/practiceprofile/1/change/",
    "/admin/auth/user/add/",
]


def test_admin_pages_raise_no_csp_violation_or_console_error(page, live_site, watch_page):
    check_admin_pages(page, live_site, watch_page, ADMIN_PAGES, axe=False)


def test_admin_title_carries_the_practice_name(page, live_site):
    log_in_as_admin(page, live_site)
    expect(page.locator("#site-name")).to_contain_text(
        "Andre Panossian, MD Plastic Surgery · staff"
    )
