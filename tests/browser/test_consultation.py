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


def fill_in(page, first, last, phone, message, email=""):
    """Types a complete request, as a patient would, and ticks the consent."""
    fields = {"first_name": first, "last_name": last, "email": email, "phone": phone}
    for name, value in {**fields, "message": message}.items():
        if value:
            page.fill(f"#id_{name}", value)
    page.check("#id_consent")


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


SETTLED_IN_VIEW = """id => {
    // True once the page has stopped scrolling (the same position two frames running) with the
    // field focused, on screen and above the phone's call bar.
    const field = document.getElementById(id), bar = document.querySelector(".call-bar");
    const settled = window.__lastScrollY === window.scrollY;
    window.__lastScrollY = window.scrollY;
    const box = field.getBoundingClientRect();
    const barShown = bar && bar.classList.contains("call-bar--visible");
    const bottom = barShown ? bar.getBoundingClientRect().top : window.innerHeight;
    return settled && document.activeElement === field && box.top >= 0 && box.bottom <= bottom;
}"""


@pytest.mark.browser_context_args(reduced_motion="no-preference")
@pytest.mark.parametrize("field", ["id_phone", "id_consent"])
def test_a_link_in_the_error_list_brings_its_field_into_view_on_a_phone(page, live_site, field):
    """Smooth scrolling on: the call bar, shown once the header scrolls away, must not cover the
    field the link led to."""
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/consultation/")
    page.fill("#id_first_name", "Maria")
    page.fill("#id_email", "maria.lopez@")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my request").click()
    # Reading down the list of errors: the header has scrolled away and the call bar shows.
    page.locator(".error-summary").evaluate(
        "e => e.scrollIntoView({block: 'start', behavior: 'instant'})"
    )
    expect(page.locator(".call-bar")).to_have_class(re.compile(r"call-bar--visible"))
    page.locator(f".error-summary a[href='#{field}']").click()
    page.wait_for_function(SETTLED_IN_VIEW, arg=field, timeout=10_000)


def test_request_sent_by_a_person_arrives_once_as_genuine_in_the_staff_inbox(page, live_site):
    page.goto(live_site + "/consultation/")
    message = "Checking that a person's request is not filed as spam."
    fill_in(page, "Inbox", "Checker", "+44 20 7946 0958", message, "inbox.checker@example.com")
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

    # A note sent after the sign-in ended is not copied into the tab, as other forms are: a
    # request is health information, kept on the server only.
    page.fill("textarea[name='notes-2-0-text']", "Called back: wants a Tuesday appointment.")
    page.context.clear_cookies(name="__Host-sessionid")
    page.get_by_role("button", name="Save").or_(page.locator("input[name=_save]")).first.click()
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    assert page.evaluate("sessionStorage.getItem('admin-unsaved-kept')") is None
    expect(page.locator(".unsaved-kept")).to_have_count(0)


def test_back_after_sending_shows_the_form_cleared_and_says_it_was_sent(page, live_site):
    """The browser would fill the form in again (the whole message, on a shared phone) and
    nothing would say that it had been sent."""
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/consultation/")
    fill_in(page, "Shared", "Phone", "(626) 555-0142", "My son was born with Moebius syndrome.")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # read to the end first
    page.click("text=Send my request")
    page.wait_for_url(live_site + "/consultation/thanks/")

    page.go_back()
    page.wait_for_url(live_site + "/consultation/")  # and its "load", when Back scrolls
    notice = page.locator("[data-sent-notice]")
    expect(notice).to_be_in_viewport()  # not left above where the browser scrolls back to
    expect(notice).to_contain_text("Your request has reached us")
    for field in ("#id_first_name", "#id_last_name", "#id_phone", "#id_message"):
        expect(page.locator(field)).to_have_value("")
    expect(page.locator("#id_consent")).not_to_be_checked()
    assert_accessible(page, "form after Back")

    # Another request typed now keeps the browser's help: a link followed, then Back, and the
    # words are still there (the form is cleared once, after a send).
    page.fill("#id_message", "And a question for my daughter.")
    page.click("text=privacy notice")
    page.wait_for_url(live_site + "/privacy/")
    page.go_back()
    page.wait_for_url(live_site + "/consultation/")
    expect(page.locator("#id_message")).to_have_value("And a question for my daughter.")
    expect(notice).to_be_hidden()


def test_back_after_a_send_that_first_met_an_error_shows_the_cleared_form(page, live_site):
    """The page with the error is the answer to a post: Back to it gave Chromium's "Confirm
    Form Resubmission" instead of the form."""
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/consultation/")
    fill_in(page, "Forgot", "Consent", "(626) 555-0142", "A question about my smile.")
    page.uncheck("#id_consent")
    page.click("text=Send my request")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    # Reloaded (a pull to refresh), the page with the problem keeps what was typed.
    with page.expect_request(live_site + "/consultation/") as reloaded:
        page.reload()
    assert reloaded.value.method == "POST"
    expect(page.locator("#id_message")).to_have_value("A question about my smile.")
    page.check("#id_consent")
    page.click("text=Send my request")
    page.wait_for_url(live_site + "/consultation/thanks/")

    page.go_back()
    page.wait_for_url(live_site + "/consultation/")
    expect(page.locator("[data-sent-notice]")).to_contain_text("Your request has reached us")
    expect(page.locator("#id_message")).to_have_value("")


def test_a_stalled_send_says_so_and_can_be_pressed_again(browser, browser_context_args, live_site):
    """While a send is on its way a second press does nothing and the button says it is
    sending; once the connection has stalled for ten seconds, a press sends again."""
    stalled = []  # the POSTs never get an answer, as on a train with a weak signal

    def hold_posts(route):
        if route.request.method == "POST":
            stalled.append(route)
        else:
            route.continue_()

    def is_post(request):
        return request.method == "POST" and request.url.endswith("/consultation/")

    # The form is sent into a frame, so that the page itself stays readable while the post is
    # on its way (Playwright waits for a pending navigation of the page before reading it); the
    # site's CSP forbids frames, so this context sets it aside.
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    page = context.new_page()
    page.route("**/consultation/", hold_posts)
    page.clock.install()
    page.goto(live_site + "/consultation/")
    fill_in(page, "Stalled", "Connection", "(626) 555-0142", "Sent on a train with a weak signal.")
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML("beforeend", '<iframe name="sink" hidden></iframe>');
            document.querySelector(".consultation-form").target = "sink";
        }"""
    )
    with page.expect_request(is_post):
        page.locator(".consultation-form button[type='submit']").click(no_wait_after=True)
    label = "() => document.querySelector('.consultation-form button').textContent"
    press = "() => document.querySelector('.consultation-form button').click()"
    assert page.evaluate(label) == "Sending your request…"
    # Listening after the page's own script: it sees whether that script stopped the send.
    page.evaluate(
        """() => document.querySelector(".consultation-form").addEventListener(
            "submit", (event) => { window.sendStopped = event.defaultPrevented; })"""
    )
    page.evaluate(press)
    assert page.evaluate("window.sendStopped") is True

    # Ten seconds later the patient gives up on the first send (the browser's Stop) and
    # presses again: it is sent.
    page.clock.fast_forward(10_000)
    assert page.evaluate(label) == "Send my request"
    stalled.pop().abort()
    with page.expect_request(is_post):
        page.evaluate(press)
    assert page.evaluate("window.sendStopped") is False
    assert page.evaluate(label) == "Sending your request…"
    for route in stalled:
        route.abort()
    context.close()


def test_procedure_page_button_preselects_the_procedure(page, live_site):
    page.goto(live_site + "/consultation/")
    option = page.locator("#id_procedure option[value]:not([value=''])").first
    value, title = option.get_attribute("value"), option.inner_text()
    page.goto(live_site + f"/consultation/?procedure={value}")
    expect(page.locator("#id_procedure option:checked")).to_have_text(title)
