"""Recording a medical review from the procedure list asks who reviewed, in a real browser."""

import os

import pytest

from .accessibility import assert_accessible
from .conftest import DESKTOP, log_in_as_admin

pytestmark = pytest.mark.browser


def test_the_review_action_asks_who_reviewed_and_refuses_no_answer(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/procedures/procedure/")
    boxes = page.locator("input.action-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("select[name=action]", "mark_reviewed_today")
    page.locator("button[name=index]").first.click()
    page.wait_for_selector("text=Who reviewed the pages?")
    assert page.locator("input[type=radio][name=reviewed_by]").count() >= 1
    assert page.locator("input[type=hidden][name=_selected_action]").count() == 2
    assert_accessible(page, watch=watch_page)
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=os.path.join(shots, "review-action-1280.png"), full_page=True)

    # Pressing the button without choosing a doctor changes nothing and says why.
    page.click("text=Record the review")
    page.wait_for_selector("p.errornote")
    assert "Nothing was changed" in page.inner_text("p.errornote")
    assert_accessible(page, watch=watch_page)
    if shots:
        page.screenshot(path=os.path.join(shots, "review-action-error-1280.png"), full_page=True)
    assert watch_page.errors == []
