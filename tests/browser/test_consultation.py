"""The consultation form in a real browser, driven by the keyboard alone, checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .conftest import DESKTOP, PHONE, log_in_as_admin

pytestmark = pytest.mark.browser


def focused(page, expression="id"):
    return page.evaluate(f"document.activeElement.{expression}")


def tab_to(page, element_id, limit=30):
    """Press Tab until the element has focus, like a keyboard user moving down the form."""
    for _ in range(limit):
        if focused(page) == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached #{element_id} (stuck on #{focused(page)})")


def replace_text(page, text):
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_keyboard_user_meets_errors_fixes_them_and_reaches_thanks(
    page, live_site, watch_page, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_site + "/consultation/")
    assert_accessible(page, "empty form")

    # Skip link, then into the form.
    page.keyboard.press("Tab")
    assert focused(page, "textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    tab_to(page, "id_first_name")
    page.keyboard.type("Maria3")  # a digit: not a name
    tab_to(page, "id_last_name")  # left empty
    tab_to(page, "id_email")
    page.keyboard.type("maria.lopez@")
    tab_to(page, "id_phone")
    page.keyboard.type("12")
    page.keyboard.press("Tab")  # into the contact-method radios: arrows choose
    assert focused(page) == "id_contact_method_0"
    page.keyboard.press("ArrowDown")
    assert focused(page) == "id_contact_method_1"
    tab_to(page, "id_message")
    page.keyboard.type("My left eye has not closed properly since surgery last spring.")
    tab_to(page, "id_consent")  # consent left unticked
    # The honeypot is never reached: after the consent's two links comes the button.
    page.keyboard.press("Tab")
    assert focused(page, "textContent") == "terms of use"
    page.keyboard.press("Tab")
    assert focused(page, "textContent") == "privacy notice"
    page.keyboard.press("Tab")
    assert focused(page, "textContent.trim()") == "Send my request"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Errors: the summary has focus and lists every problem; what was typed is still there.
    assert page.url == live_site + "/consultation/"
    assert page.title().startswith("Error: ")
    expect(page.locator(".error-summary")).to_be_focused()
    links = page.locator(".error-summary a")
    expect(links).to_have_count(5)
    assert [links.nth(i).get_attribute("href") for i in range(5)] == [
        "#id_first_name",
        "#id_last_name",
        "#id_email",
        "#id_phone",
        "#id_consent",
    ]
    assert page.input_value("#id_first_name") == "Maria3"
    assert page.input_value("#id_email") == "maria.lopez@"
    assert page.is_checked("#id_contact_method_1")
    assert page.input_value("#id_message").startswith("My left eye")
    described = page.get_attribute("#id_first_name", "aria-describedby")
    assert "Enter your first name using letters" in page.inner_text(f"#{described}")
    assert_accessible(page, "form with errors")

    # Follow the first link in the summary: it lands in the field.
    page.keyboard.press("Tab")
    assert focused(page, "getAttribute('href')") == "#id_first_name"
    page.keyboard.press("Enter")
    expect(page.locator("#id_first_name")).to_be_focused()
    replace_text(page, "Maria")
    tab_to(page, "id_last_name")
    page.keyboard.type("Lopez")
    tab_to(page, "id_email")
    replace_text(page, "maria.lopez@example.com")
    tab_to(page, "id_phone")
    replace_text(page, "(626) 555-0142")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    assert page.is_checked("#id_consent")
    tab_to(page, "id_consent")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused(page, "textContent.trim()") == "Send my request"
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/consultation/thanks/")

    assert "What happens next" in page.inner_text("main")
    assert_accessible(page, "thanks page")
    assert watch_page.errors == []


def test_request_sent_by_a_person_arrives_once_as_genuine_in_the_staff_inbox(page, live_site):
    page.goto(live_site + "/consultation/")
    page.fill("#id_first_name", "Inbox")
    page.fill("#id_last_name", "Checker")
    page.fill("#id_email", "inbox.checker@example.com")
    page.fill("#id_phone", "+44 20 7946 0958")
    page.fill("#id_message", "Checking that a person's request is not filed as spam.")
    page.check("#id_consent")
    page.dblclick("text=Send my request")  # an impatient double click sends it once
    page.wait_for_url(live_site + "/consultation/thanks/")

    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/consultations/consultationrequest/?q=Checker")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    # Genuine: its status badge says New, and no "Suspected spam" badge beside it.
    expect(row.locator(".status-badge")).to_have_text(["New"])
    page.locator("#result_list tbody tr a").first.click()
    # The click navigates to the request: wait for that page, not the list that is still shown.
    page.wait_for_url(re.compile(r"/admin/consultations/consultationrequest/\d+/change/"))
    expect(page.locator("#content")).to_contain_text("+44 20 7946 0958")


def test_procedure_page_button_preselects_the_procedure(page, live_site):
    page.goto(live_site + "/consultation/")
    option = page.locator("#id_procedure option[value]:not([value=''])").first
    value, title = option.get_attribute("value"), option.inner_text()
    page.goto(live_site + f"/consultation/?procedure={value}")
    expect(page.locator("#id_procedure option:checked")).to_have_text(title)
