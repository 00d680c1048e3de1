"""Staff sign-in with a second factor (practice_site/twofactor/): enrolment, codes, lockout."""

import io
import re
from base64 import b32decode
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice_site import roles
from practice_site.twofactor import services
from practice_site.twofactor.policy import second_factor_required
from procedures.models import Procedure
from tests.staff import PASSWORD, enrol, named_permissions, totp_code, wrong_code

INBOX = "admin:consultations_consultationrequest_changelist"
VERIFY = reverse("twofactor:verify")
SET_UP = reverse("twofactor:set_up")


@pytest.fixture
def front_desk_user(make_user):
    return make_user("desk", group=roles.FRONT_DESK)


def sign_in_with_password(username, ip="192.0.2.10"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("admin:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client


def current_code(device):
    return totp_code(device.bin_key)


def let_the_wait_pass(user):
    """After a wrong code a device checks no code for 1, 2, 4 ... seconds: pretend they passed."""
    earlier = timezone.now() - timedelta(days=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


def manual_key_on(response):
    key = re.search(r'<code id="manual-key">([A-Z2-7 ]+)</code>', response.content.decode())[1]
    return b32decode(key.replace(" ", ""))


# --- Who must enrol ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how",
    ["front desk group", "direct permission", "superuser", "content editor", "staff, no group"],
)
def test_every_staff_account_must_enrol_before_any_admin_page(make_user, how):
    user = {
        "front desk group": lambda: make_user("u", group=roles.FRONT_DESK),
        "direct permission": lambda: make_user(
            "u", permissions=["consultations.view_consultationrequest"]
        ),
        "superuser": lambda: make_user("u", is_superuser=True),
        "content editor": lambda: make_user("u", group=roles.CONTENT_EDITOR),
        "staff, no group": lambda: make_user("u"),
    }[how]()
    assert second_factor_required(user)
    client = sign_in_with_password("u")
    for url in (
        reverse("admin:index"),
        reverse(INBOX),
        reverse("admin:consultations_consultationrequest_export"),
        reverse("admin:procedures_procedure_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
        reverse("admin:login"),
        reverse("twofactor:index"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    # With no authenticator yet, the code page sends them on to enrolment, keeping where they went.
    response = client.get(f"{VERIFY}?next={reverse(INBOX)}")
    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?{urlencode({'next': reverse(INBOX)})}"


def test_a_person_who_cannot_read_requests_and_is_not_staff_owes_no_second_factor(make_user):
    assert not second_factor_required(make_user("patient", is_staff=False))
    assert second_factor_required(
        make_user("odd", is_staff=False, permissions=["consultations.view_consultationrequest"])
    )


def test_request_data_is_out_of_reach_until_the_code_is_given(front_desk_user, make_request):
    enrol(front_desk_user)
    request = make_request(message="Private.")
    client = sign_in_with_password("desk")
    change = reverse("admin:consultations_consultationrequest_change", args=[request.pk])
    for response in (client.get(change), client.get(reverse(INBOX) + "?q=Lovelace")):
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
        assert b"Lovelace" not in response.content
    # A POST to an admin view is refused too (after the CSRF check), and changes nothing.
    response = client.post(change, {"status": "closed"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_half_signed_in_staff_are_visitors_on_public_pages(front_desk_user, make_procedure):
    """No staff preview of drafts (or of photos without consent) on a password alone."""
    draft = make_procedure("Draft", status=Procedure.Status.DRAFT)
    front_desk_user.user_permissions.add(*named_permissions("procedures.view_procedure"))
    client = sign_in_with_password("desk")
    assert client.get(draft.get_absolute_url()).status_code == 404
    device = enrol(front_desk_user)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(draft.get_absolute_url()).status_code == 200


# --- Enrolment -----------------------------------------------------------------------------------


def test_first_sign_in_enrols_with_a_qr_code_and_key_then_shows_backup_codes_once(
    front_desk_user,
):
    client = sign_in_with_password("desk")
    response = client.get(f"{SET_UP}?next={reverse(INBOX)}")
    assert response.status_code == 200
    html = response.content.decode()
    # The QR code is inline SVG markup: no image request, no data: URI (the CSP allows neither).
    assert 'class="twofactor-qr" role="img"' in html
    assert not re.search(r"""(src|href)=["']data:""", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    assert "no-store" in response["Cache-Control"]
    key = manual_key_on(response)
    # Reloading shows the same key, so a phone that already scanned it still works.
    assert manual_key_on(client.get(SET_UP)) == key
    device = TOTPDevice.objects.get(user=front_desk_user)
    assert device.bin_key == key and not device.confirmed

    response = client.post(SET_UP, {"code": wrong_code(key), "next": reverse(INBOX)})
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse(INBOX))["Location"].startswith(VERIFY)

    code = totp_code(key)
    response = client.post(SET_UP, {"code": code, "next": reverse(INBOX)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:backup_codes"))
    device.refresh_from_db()
    assert device.confirmed

    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page.content.decode())
    assert len(shown) == settings.TWO_FACTOR_BACKUP_CODES == 10
    stored = set(
        StaticToken.objects.filter(device__user=front_desk_user).values_list("token", flat=True)
    )
    assert {code.replace("-", "") for code in shown} == stored
    assert f'href="{reverse(INBOX)}"' in page.content.decode()
    # Shown once: reloading the page does not show them again.
    again = client.get(reverse("twofactor:backup_codes"), follow=True)
    assert not re.findall(r"<code>[a-z2-7]{4}-[a-z2-7]{4}</code>", again.content.decode())
    assert "shown only once" in again.content.decode()

    assert client.get(reverse(INBOX)).status_code == 200


def test_enrolled_staff_cannot_enrol_a_second_authenticator_over_the_first(front_desk_user):
    enrol(front_desk_user)
    client = sign_in_with_password("desk")
    response = client.get(SET_UP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=front_desk_user).count() == 1


# --- The code step -------------------------------------------------------------------------------


def test_authenticator_code_signs_in_and_goes_where_the_person_was_going(front_desk_user):
    device = enrol(front_desk_user)
    client = sign_in_with_password("desk")
    code = current_code(device)
    response = client.post(VERIFY, {"code": code, "next": reverse(INBOX)})
    assert response.status_code == 302 and response["Location"] == reverse(INBOX)
    assert client.get(reverse(INBOX)).status_code == 200
    # The same code cannot be used twice (a code seen over a shoulder is spent). The code is the
    # one typed above, not computed again: a new 30-second window would give a valid new code.
    other = sign_in_with_password("desk", ip="192.0.2.11")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()


def test_next_pointing_off_site_is_ignored(front_desk_user):
    device = enrol(front_desk_user)
    client = sign_in_with_password("desk")
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index")


def test_a_refused_next_at_the_password_step_leads_to_the_admin(front_desk_user):
    """Not to Django's default /accounts/profile/, which this site does not have."""
    response = Client().post(
        reverse("admin:login"),
        {"username": "desk", "password": PASSWORD, "next": "//evil.example/x"},
    )
    assert response["Location"] == reverse("admin:index")


def test_backup_code_works_once(front_desk_user):
    enrol(front_desk_user)
    codes = services.replace_backup_codes(front_desk_user)
    client = sign_in_with_password("desk")
    # Typed as shown, with its dash and in capitals: still accepted.
    response = client.post(VERIFY, {"code": services.format_backup_code(codes[0]).upper()})
    assert response.status_code == 302
    assert client.get(reverse(INBOX)).status_code == 200
    assert StaticToken.objects.filter(device__user=front_desk_user).count() == 9

    again = sign_in_with_password("desk")
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert again.get(reverse(INBOX))["Location"].startswith(VERIFY)
    let_the_wait_pass(front_desk_user)
    assert again.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_new_backup_codes_replace_the_old_set(front_desk_user, verified_login):
    enrol(front_desk_user)
    old = services.replace_backup_codes(front_desk_user)
    client = verified_login(Client(), front_desk_user)
    page = client.get(reverse("twofactor:index"))
    assert "10 unused" in page.content.decode()
    response = client.post(reverse("twofactor:new_backup_codes"), follow=True)
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())
    new = {code.replace("-", "") for code in shown}
    assert len(new) == 10 and not new & set(old)
    stored = set(
        StaticToken.objects.filter(device__user=front_desk_user).values_list("token", flat=True)
    )
    assert stored == new
    # Only by POST, and only from a verified session.
    assert client.get(reverse("twofactor:new_backup_codes")).status_code == 405
    half = sign_in_with_password("desk")
    response = half.post(reverse("twofactor:new_backup_codes"))
    assert response["Location"].startswith(VERIFY)
    assert set(StaticToken.objects.values_list("token", flat=True)) == new


# --- Brute force ---------------------------------------------------------------------------------


def test_wrong_codes_lock_the_account_from_that_address_like_wrong_passwords(
    front_desk_user, make_user
):
    wrong = wrong_code(enrol(front_desk_user).bin_key)
    client = sign_in_with_password("desk", ip="203.0.113.7")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200, attempt
        assert "That code is not right" in response.content.decode()
        let_the_wait_pass(front_desk_user)
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session  # signed out
    attempt = AccessAttempt.objects.get(username="desk", ip_address="203.0.113.7")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert wrong not in attempt.post_data
    # Now even the right password is refused from that address...
    refused = Client(REMOTE_ADDR="203.0.113.7").post(
        reverse("admin:login"), {"username": "desk", "password": PASSWORD}
    )
    assert refused.status_code == 429
    # ... while the person signs in from another address, and colleagues from this one.
    sign_in_with_password("desk", ip="198.51.100.20")
    make_user("colleague", group=roles.FRONT_DESK)
    sign_in_with_password("colleague", ip="203.0.113.7")


def one_wrong_code_short_of_the_lock(user):
    """Signs `user` in with the password and types wrong codes until one more would lock them;
    returns the client, the authenticator and the wrong code."""
    device = enrol(user)
    wrong = wrong_code(device.bin_key)
    client = sign_in_with_password(user.get_username(), ip="203.0.113.7")
    for _ in range(1, settings.AXES_FAILURE_LIMIT):
        assert client.post(VERIFY, {"code": wrong}).status_code == 200
        let_the_wait_pass(user)
    return client, device, wrong


def test_typing_the_password_again_does_not_clear_the_count_of_wrong_codes(front_desk_user):
    """Only a completed sign-in (both steps) clears it; the password alone once did, so wrong
    codes could be tried without end, four at a time."""
    _, _, wrong = one_wrong_code_short_of_the_lock(front_desk_user)
    again = sign_in_with_password("desk", ip="203.0.113.7")
    assert again.post(VERIFY, {"code": wrong}).status_code == 429


def test_a_completed_sign_in_clears_the_count_of_wrong_codes(front_desk_user):
    elsewhere = {"username": "desk", "password": "wrong"}
    Client(REMOTE_ADDR="198.51.100.20").post(reverse("admin:login"), elsewhere)
    client, device, wrong = one_wrong_code_short_of_the_lock(front_desk_user)
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    # From this address only: a failure elsewhere may be someone else's.
    remaining = AccessAttempt.objects.filter(username="desk")
    assert list(remaining.values_list("ip_address", flat=True)) == ["198.51.100.20"]
    later = sign_in_with_password("desk", ip="203.0.113.7")
    assert later.post(VERIFY, {"code": wrong}).status_code == 200


def test_wrong_codes_make_the_device_wait_longer_each_time_whatever_the_session(
    front_desk_user,
):
    device = enrol(front_desk_user)
    first, wrong = sign_in_with_password("desk"), wrong_code(device.bin_key)
    for _ in range(3):
        first.post(VERIFY, {"code": wrong})
        let_the_wait_pass(front_desk_user)
    first.post(VERIFY, {"code": wrong})  # wrong again, so the wait starts now
    device.refresh_from_db()
    assert device.throttling_failure_count == 4
    # A new session (a fresh password sign-in clears axes' count) does not clear the wait: even
    # the right code is not checked until it is over (8 seconds after the fourth wrong code).
    second = sign_in_with_password("desk", ip="192.0.2.99")
    response = second.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 200
    assert "codes are not checked until" in response.content.decode()
    assert second.get(reverse(INBOX))["Location"].startswith(VERIFY)


# --- Reset by a superuser ------------------------------------------------------------------------


@pytest.fixture
def superuser_client(make_user, verified_login):
    return verified_login(Client(), make_user("boss", is_superuser=True))


def test_superuser_resets_a_lost_factor_and_it_is_recorded(
    front_desk_user, superuser_client, verified_login
):
    enrol(front_desk_user)
    services.replace_backup_codes(front_desk_user)
    desk = verified_login(Client(), front_desk_user)
    assert desk.get(reverse(INBOX)).status_code == 200

    change = reverse("admin:auth_user_change", args=[front_desk_user.pk])
    page = superuser_client.get(change).content.decode()
    reset_url = reverse("admin:auth_user_reset_second_factor", args=[front_desk_user.pk])
    assert reset_url in page and "10 backup codes unused" in page
    confirm = superuser_client.get(reset_url)
    assert confirm.status_code == 200 and "Yes, reset the second factor" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=front_desk_user).exists()  # asking changes nothing

    response = superuser_client.post(reset_url)
    assert response.status_code == 302 and response["Location"] == change
    assert not TOTPDevice.objects.filter(user=front_desk_user).exists()
    assert not StaticDevice.objects.filter(user=front_desk_user).exists()
    entry = LogEntry.objects.get(object_id=str(front_desk_user.pk))
    assert entry.user.username == "boss" and "Reset the second factor" in entry.get_change_message()

    # The open session lost its verification at once; the person must enrol again.
    response = desk.get(reverse(INBOX))
    assert response["Location"].startswith(VERIFY)
    assert desk.get(response["Location"])["Location"].startswith(SET_UP)


def test_only_superusers_may_reset_a_factor(front_desk_user, make_user, verified_login):
    enrol(front_desk_user)
    manager = make_user("manager")
    manager.user_permissions.add(*named_permissions("auth.view_user", "auth.change_user"))
    client = verified_login(Client(), manager)
    reset_url = reverse("admin:auth_user_reset_second_factor", args=[front_desk_user.pk])
    change = client.get(reverse("admin:auth_user_change", args=[front_desk_user.pk]))
    assert change.status_code == 200 and reset_url not in change.content.decode()
    assert client.post(reset_url).status_code == 403
    assert TOTPDevice.objects.filter(user=front_desk_user).exists()
    assert not LogEntry.objects.exists()


def test_user_list_shows_who_has_enrolled_in_a_fixed_number_of_queries(
    superuser_client, make_user, django_assert_max_num_queries
):
    for n in range(5):
        user = make_user(f"staff{n}")
        if n % 2:
            enrol(user)
    url = reverse("admin:auth_user_changelist")
    superuser_client.get(url)
    with django_assert_max_num_queries(12):
        response = superuser_client.get(url)
    assert response.context["cl"].result_count == 6
    assert "Second factor" in response.content.decode()


def test_device_admins_are_not_offered(superuser_client):
    """Backup codes are never shown again after enrolment, not even to administrators."""
    assert superuser_client.get("/admin/otp_static/statictoken/").status_code == 404
    assert superuser_client.get("/admin/otp_totp/totpdevice/").status_code == 404


# --- Content editors -----------------------------------------------------------------------------


def test_content_editor_enrols_then_edits_content_but_never_sees_requests(make_user):
    editor = make_user("editor", group=roles.CONTENT_EDITOR)
    client = sign_in_with_password("editor")
    assert client.get(reverse("admin:procedures_procedure_changelist"))["Location"].startswith(
        VERIFY
    )
    key = manual_key_on(client.get(SET_UP))
    client.post(SET_UP, {"code": totp_code(key)})
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get(reverse("admin:procedures_procedure_changelist")).status_code == 200
    assert client.get(reverse(INBOX)).status_code == 403


def test_server_operator_can_reset_a_factor_from_the_command_line(front_desk_user):
    enrol(front_desk_user)
    services.replace_backup_codes(front_desk_user)
    out = io.StringIO()
    call_command("reset_second_factor", "desk", stdout=out)
    assert "Reset desk's second factor" in out.getvalue()
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    entry = LogEntry.objects.get(object_id=str(front_desk_user.pk))
    assert "command line" in entry.get_change_message()
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_second_factor", "nobody")
