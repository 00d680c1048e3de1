"""Security headers and cookies on every response (../shared/RELIABILITY.md, "Headers")."""

import pytest
from django.test import Client
from django.urls import reverse

from procedures.models import ProcedureGroup
from tests.staff import sign_in_with_password_and_code

EXPECTED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)

pytestmark = pytest.mark.django_db


def csp_directives(header):
    return sorted(part.strip() for part in header.split(";"))


def permissions_policy(header):
    """{feature: allowlist} from a Permissions-Policy header."""
    return dict(part.strip().split("=", 1) for part in header.split(","))


@pytest.mark.parametrize(
    "url",
    [
        reverse("pages:home"),
        reverse("pages:about"),
        reverse("pages:terms"),
        reverse("pages:privacy"),
        "/robots.txt",
        "/no-such-page/",
        "/admin/login/",
        "/favicon.ico",
    ],
)
def test_every_response_carries_the_security_headers(client, practice, url):
    response = client.get(url, secure=True)
    assert response.status_code in (200, 404)
    assert csp_directives(response["Content-Security-Policy"]) == csp_directives(EXPECTED_CSP)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = permissions_policy(response["Permissions-Policy"])
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
        assert policy[feature] == "()", feature  # denied to every origin, this one included
    assert set(policy.values()) == {"()"}
    if url != "/favicon.ico":  # WhiteNoise answers before XFrameOptionsMiddleware; the CSP's
        assert response["X-Frame-Options"] == "DENY"  # frame-ancestors covers static files.


def test_csrf_cookie_is_host_prefixed_secure_httponly_and_lax(client, practice):
    response = client.get("/admin/login/", secure=True)
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_session_cookie_is_host_prefixed_and_lasts_at_most_eight_hours(
    client, practice, django_user_model
):
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "boss", "password": "a-long-test-password"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_post_behind_tls_proxy_with_matching_origin_is_accepted(
    settings, practice, django_user_model
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org"]
    settings.ALLOWED_HOSTS = ["www.example.org"]
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    browser = Client(
        enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="www.example.org"
    )
    browser.get("/admin/login/")
    token = browser.cookies["__Host-csrftoken"].value
    response = browser.post(
        "/admin/login/?next=/admin/",
        {"username": "boss", "password": "a-long-test-password", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://www.example.org",
        HTTP_REFERER="https://www.example.org/admin/login/",
    )
    assert response.status_code == 302
    forged = browser.post(
        "/admin/login/", {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="https://evil.example"
    )
    assert forged.status_code == 403


def test_plain_http_is_redirected_to_https_in_production(settings, client, practice):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("pages:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_staff_are_signed_out_eight_hours_after_signing_in_however_active(
    client, practice, django_user_model
):
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    assert client.get("/admin/", secure=True).status_code == 200
    session = client.session
    session["_signed_in_at"] -= 8 * 60 * 60 - 60  # signed in 7 h 59 min ago: still fine
    session.save()
    assert client.get("/admin/", secure=True).status_code == 200
    session = client.session
    session["_signed_in_at"] -= 120  # now 8 h 1 min ago
    session.save()
    response = client.get("/admin/", secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_the_last_hour_is_announced_and_a_save_after_it_says_it_was_not_saved(
    client, practice, django_user_model
):
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    warning = "Your sign-in ends at "
    assert warning not in client.get("/admin/", secure=True).content.decode()
    session = client.session
    session["_signed_in_at"] -= 7 * 60 * 60 + 50 * 60  # 7 h 50 min ago: ten minutes left
    session.save()
    html = client.get("/admin/", secure=True).content.decode()
    assert warning in html and "in 10 minutes (8 hours after you signed in)" in html

    session = client.session
    session["_signed_in_at"] -= 11 * 60  # the form was sent a minute too late
    session.save()
    url = reverse("admin:procedures_proceduregroup_add")
    response = client.post(url, {"title": "Typed for an hour"}, secure=True)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    login = client.get(response["Location"], secure=True).content.decode()
    assert "You were signed out: staff sign in again 8 hours after signing in." in login
    assert "What you were saving was not saved." in login
    assert not ProcedureGroup.objects.exists()


def test_a_save_sent_after_signing_out_elsewhere_says_it_was_not_saved(
    client, practice, django_user_model
):
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    client.session.flush()  # signed out in another tab, or the session cleared on the server
    url = reverse("admin:procedures_proceduregroup_add")
    response = client.post(url, {"title": "Typed before lunch"}, secure=True)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    login = client.get(response["Location"], secure=True).content.decode()
    assert "You had been signed out, so what you were saving was not saved." in login
    assert not ProcedureGroup.objects.exists()
    # A visit, not a save, needs no such message.
    response = client.get(url, secure=True)
    login = client.get(response["Location"], secure=True).content.decode()
    assert "was not saved" not in login


def test_a_save_sent_with_every_cookie_cleared_goes_to_the_sign_in_page_saying_so(practice):
    """Cookies cleared while a form was open: the session went, and with it the sign-in."""
    browser = Client(enforce_csrf_checks=True, HTTP_SEC_FETCH_SITE="same-origin")
    url = reverse("admin:procedures_proceduregroup_add")
    data = {"title": "Typed", "csrfmiddlewaretoken": "x" * 32}
    response = browser.post(url, data, secure=True, HTTP_REFERER=f"https://testserver{url}")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
    login = browser.get(response["Location"], secure=True).content.decode()
    assert login.count("You had been signed out, so what you were saving was not saved.") == 1
    assert not ProcedureGroup.objects.exists()
    # The sign-in form itself, refused the same way, says what to do about cookies.
    refused = browser.post(reverse("admin:login"), {"username": "x"}, secure=True)
    assert refused.status_code == 403
    assert "allow cookies for this site" in refused.content.decode()


def test_a_post_from_another_site_is_refused_without_touching_the_session(practice):
    """Sent from another site, a post carries no cookies: were it sent on to the sign-in page
    with a message, the new session would sign a member of staff out."""
    browser = Client(enforce_csrf_checks=True, HTTP_SEC_FETCH_SITE="cross-site")
    url = reverse("admin:procedures_proceduregroup_add")
    response = browser.post(url, {"title": "x"}, secure=True, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "__Host-sessionid" not in response.cookies


def test_signing_in_again_restarts_the_eight_hours(client, practice, django_user_model):
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    session = client.session
    session["_signed_in_at"] -= 7 * 60 * 60  # the first sign-in was 7 hours ago
    session.save()
    # Same user, signs in afresh
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    session = client.session
    session["_signed_in_at"] -= 2 * 60 * 60  # 9 hours after the first, 2 after the second
    session.save()
    assert client.get("/admin/", secure=True).status_code == 200


def test_every_cookie_an_admin_edit_sets_is_host_prefixed(client, practice, django_user_model):
    """Admin "saved" messages too: by default Django keeps them in a plain `messages` cookie."""
    django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    sign_in_with_password_and_code(client, "boss", "a-long-test-password", secure=True)
    url = reverse("admin:auth_group_add")
    response = client.post(url, {"name": "Volunteers"}, secure=True, follow=True)
    assert "was added successfully" in response.content.decode()
    assert client.cookies, "expected the sign-in and the edit to set cookies"
    for name, cookie in client.cookies.items():
        assert name.startswith("__Host-"), name
        assert cookie["secure"] is True and cookie["path"] == "/"
