"""Admin sign-in brute-force protection (django-axes): per username and client address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.staff import enrol, totp_code

PASSWORD = "a-long-test-password"
ATTACKER_IP = "203.0.113.7"
OTHER_IP = "198.51.100.20"


@pytest.fixture
def login_url():
    return reverse("admin:login")


def sign_in(client, url, username, password, ip):
    return client.post(
        url, {"username": username, "password": password, "next": "/"}, REMOTE_ADDR=ip
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client, url, username, ip):
    """Wrong passwords until django-axes locks the pair; returns the last response."""
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, url, username, "wrong-password", ip)
        if attempt < settings.AXES_FAILURE_LIMIT:
            # Before the limit: the ordinary sign-in form with its error, not the lockout page.
            assert response.status_code == 200, attempt
            assert "Sign-in paused" not in response.content.decode()
    return response


@pytest.fixture
def other_staff(django_user_model):
    return django_user_model.objects.create_user(
        "colleague", "colleague@example.test", PASSWORD, is_staff=True
    )


def test_lockout_page_says_when_to_try_again_and_that_others_are_unaffected(
    client, staff_user, login_url
):
    response = fail_until_locked(client, login_url, "staff", ATTACKER_IP)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "for 30 minutes" in html
    assert "Try again after" in html and "<time datetime=" in html
    assert "Other staff can sign in as usual" in html
    # Styled like the admin sign-in page, and free of inline script or style (the CSP forbids them).
    assert "admin/css/login.css" in html
    assert "<script>" not in html and "style=" not in html
    attempt = AccessAttempt.objects.get(username="staff", ip_address=ATTACKER_IP)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    # The password is never stored with the attempt.
    assert "wrong-password" not in attempt.post_data


def test_locked_pair_cannot_sign_in_even_with_the_right_password(client, staff_user, login_url):
    fail_until_locked(client, login_url, "staff", ATTACKER_IP)
    response = sign_in(client, login_url, "staff", PASSWORD, ATTACKER_IP)
    assert response.status_code == 429
    assert not signed_in(client)


def test_other_staff_from_the_same_address_are_unaffected(
    client, staff_user, other_staff, login_url
):
    fail_until_locked(client, login_url, "staff", ATTACKER_IP)
    response = sign_in(client, login_url, "colleague", PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert signed_in(client)
    assert int(client.session["_auth_user_id"]) == other_staff.pk


def test_same_user_from_another_address_is_unaffected(client, staff_user, login_url):
    fail_until_locked(client, login_url, "staff", ATTACKER_IP)
    response = sign_in(client, login_url, "staff", PASSWORD, OTHER_IP)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff_user.pk


def age_attempts(delta):
    """Time travel: move every recorded attempt `delta` into the past."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= delta
        attempt.save(update_fields=["attempt_time"])


def test_lock_holds_for_thirty_minutes_then_opens(client, staff_user, login_url):
    """The 30 minutes the lockout page promises (not whatever the setting says)."""
    assert fail_until_locked(client, login_url, "staff", ATTACKER_IP).status_code == 429
    cool_off = timedelta(minutes=30)

    # One minute before the end of the cool-off: still locked. (That attempt restarts the wait,
    # which is what the lockout page tells the user.)
    age_attempts(cool_off - timedelta(minutes=1))
    assert sign_in(client, login_url, "staff", PASSWORD, ATTACKER_IP).status_code == 429
    assert not signed_in(client)

    # The retry restarted the wait: a full cool-off after it, the right password works again.
    age_attempts(cool_off + timedelta(seconds=1))
    response = sign_in(client, login_url, "staff", PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff_user.pk
    assert not AccessAttempt.objects.filter(username="staff").exists()


def test_a_completed_sign_in_resets_the_failure_count(client, staff_user, login_url):
    device = enrol(staff_user)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, login_url, "staff", "wrong", ATTACKER_IP).status_code == 200
    assert sign_in(client, login_url, "staff", PASSWORD, ATTACKER_IP).status_code == 302
    # The password alone forgives nothing; the second step done, the count is cleared.
    assert AccessAttempt.objects.filter(username="staff").exists()
    code = {"code": totp_code(device.bin_key)}
    assert (
        client.post(reverse("twofactor:verify"), code, REMOTE_ADDR=ATTACKER_IP).status_code == 302
    )
    assert not AccessAttempt.objects.filter(username="staff").exists()
    client.logout()
    # Another limit-1 failures after the success: still below the limit, so not locked.
    for _ in range(limit - 1):
        assert sign_in(client, login_url, "staff", "wrong", ATTACKER_IP).status_code == 200
    assert sign_in(client, login_url, "staff", PASSWORD, ATTACKER_IP).status_code == 302


def test_forged_forwarded_for_does_not_escape_the_lock(client, staff_user, login_url):
    fail_until_locked(client, login_url, "staff", ATTACKER_IP)
    response = client.post(
        login_url,
        {"username": "staff", "password": PASSWORD, "next": "/"},
        REMOTE_ADDR=ATTACKER_IP,
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429
    assert not signed_in(client)


def test_behind_one_proxy_the_address_our_proxy_saw_is_locked(
    client, staff_user, login_url, behind_proxies
):
    """AXES_PROXY_COUNT=1: the right-most X-Forwarded-For entry, not the proxy's own address."""
    behind_proxies(1)
    proxy = "127.0.0.1"

    def through_proxy(password, forwarded_for):
        return client.post(
            login_url,
            {"username": "staff", "password": password, "next": "/"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy("wrong", ATTACKER_IP)
    assert AccessAttempt.objects.get(username="staff").ip_address == ATTACKER_IP
    # The attacker prepends a made-up address: our proxy appends the real one, which stays locked.
    assert through_proxy(PASSWORD, f"192.0.2.99, {ATTACKER_IP}").status_code == 429
    # A real colleague of the same username elsewhere, through the same proxy, is not locked.
    assert through_proxy(PASSWORD, OTHER_IP).status_code == 302
