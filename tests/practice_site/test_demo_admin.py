"""The demo administrator of `make serve`: enrolled in two-step sign-in, secrets printed once."""

import io
import re
from base64 import b32decode

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice_site.management.commands.load_demo_content import Command


def create_demo_admin():
    out = io.StringIO()
    Command(stdout=out).ensure_admin()
    return out.getvalue()


def printed(output, label):
    return re.search(rf"{label}: (.+)", output)[1].strip()


def test_demo_admin_is_enrolled_and_signs_in_with_what_was_printed(db):
    output = create_demo_admin()
    password = printed(output, "password")
    key = b32decode(printed(output, "authenticator key").replace(" ", ""))
    codes = re.findall(r"\b([a-z2-7]{4}-[a-z2-7]{4})\b", output)
    user = get_user_model().objects.get(username="demo-admin")
    assert user.is_superuser
    assert TOTPDevice.objects.get(user=user, confirmed=True).bin_key == key
    assert len(codes) == 10
    assert {c.replace("-", "") for c in codes} == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )

    # No exemption: the password alone reaches no admin page...
    client = Client()
    client.post(reverse("admin:login"), {"username": "demo-admin", "password": password})
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("twofactor:verify"))
    # ... the code of an app set up with the printed key does, with no enrolment step.
    response = client.post(reverse("twofactor:verify"), {"code": f"{TOTP(key).token():06d}"})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    # A printed backup code works too (for a demo without a phone at hand).
    other = Client()
    other.post(reverse("admin:login"), {"username": "demo-admin", "password": password})
    assert other.post(reverse("twofactor:verify"), {"code": codes[0]}).status_code == 302
    assert other.get(reverse("admin:index")).status_code == 200


def test_demo_admin_is_made_once_and_its_secrets_are_never_printed_again(db):
    first = create_demo_admin()
    assert "authenticator key" in first
    assert create_demo_admin() == ""
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert TOTPDevice.objects.count() == 1
