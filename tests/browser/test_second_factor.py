"""A front-desk coordinator's first sign-in, in a real browser: password, enrolment, inbox."""

import re
from base64 import b32decode

import pytest
from playwright.sync_api import expect

from tests.staff import totp_code, wrong_code

from .accessibility import assert_accessible
from .conftest import manage_py

pytestmark = pytest.mark.browser

USERNAME = "desk-browser"
PASSWORD = "front-desk-password-for-browser-tests"
INBOX = "/admin/consultations/consultationrequest/"

CREATE_FRONT_DESK_USER = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
user = get_user_model().objects.create_user(
    "{USERNAME}", "desk@example.test", "{PASSWORD}", is_staff=True
)
user.groups.add(Group.objects.get(name="Front desk"))
"""


def sign_in_with_password(page, live_site):
    page.goto(live_site + INBOX)
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_front_desk_first_sign_in_enrols_and_reaches_the_inbox(
    page, live_deployment, live_site, watch_page
):
    manage_py(live_deployment, "shell", "-c", CREATE_FRONT_DESK_USER)

    # First sign-in: after the password, enrolment is the only way on.
    sign_in_with_password(page, live_site)
    page.wait_for_url(re.compile(r"/admin/two-factor/set-up/\?next="))
    expect(page.locator("svg.twofactor-qr")).to_be_visible()
    assert_accessible(page, "enrolment page")
    page.goto(live_site + INBOX)  # no way round it
    page.wait_for_url(re.compile(r"/admin/two-factor/set-up/"))

    key = b32decode(page.inner_text("#manual-key").replace(" ", ""))
    page.get_by_label("Six-digit code from the app").fill(totp_code(key))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/backup-codes/"))
    expect(page.locator(".twofactor__codes code")).to_have_count(10)
    codes = page.locator(".twofactor__codes code").all_inner_texts()
    assert_accessible(page, "backup codes page")
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url(live_site + INBOX)
    expect(page.locator("#content h1")).to_have_text("Consultation requests")

    # Signing in again asks for a code; a backup code works once.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/logout/"))
    sign_in_with_password(page, live_site)
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/\?next="))
    assert_accessible(page, "code page")
    page.fill("#id_code", wrong_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".errornote")).to_contain_text("That code is not right")
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "code page with an error")
    # A backup code as shown, dash included (the backup codes are not the device that just
    # refused a wrong code, so no wait applies).
    page.fill("#id_code", codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_site + INBOX)
    expect(page.locator(".messagelist")).to_contain_text("9 backup codes left")
    assert watch_page.errors == []
