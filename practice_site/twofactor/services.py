"""Enrolment, verification, backup codes and reset: every change to a person's second factor."""

import xml.etree.ElementTree as ET  # noqa: S405 - only serialises an SVG we generate ourselves
from base64 import b32encode
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
TOTP_DIGITS = 6


def normalise_code(code):
    """What a person typed, as stored: no spaces or dashes, lower case (backup codes are base32)."""
    return "".join(ch for ch in (code or "") if ch not in " -\t").lower()


# --- Enrolment ---------------------------------------------------------------------------------


def authenticator(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_enrolled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user):
    """The authenticator being set up: the same secret on every reload of the enrolment page, so
    a phone that already scanned it keeps working."""
    device = authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, confirmed=False, digits=TOTP_DIGITS
        )
    return device


@transaction.atomic
def confirm_authenticator(device, code):
    """Confirm a pending authenticator with the first code it shows; False if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    # No waiting after a mistyped code here: whoever is on this page already sees the secret.
    device.throttle_reset(commit=False)
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Enrolling again after a reset: nothing else of the old setup survives.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return device


def enrol_without_confirmation(user):
    """An authenticator that counts as set up at once, for a key handed over outside the site
    (the demo administrator's, printed by load_demo_content)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=True, digits=TOTP_DIGITS
    )


def manual_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def provisioning_uri(device, issuer):
    """otpauth:// URI (Key Uri Format) with the practice as issuer, so the app names the account."""
    issuer = (issuer or "Practice website").replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = urlencode(
        {
            "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_svg(data):
    """The QR code as inline SVG markup: generated here, so no image host and no data: URI (the
    CSP allows neither). Black on a white square, so it scans in dark mode too."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    root = ET.fromstring(image.to_string(encoding="unicode"))  # noqa: S314 - our own markup
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "twofactor-qr")
    root.set("role", "img")
    root.set("aria-label", "QR code for your authenticator app")
    root.set("shape-rendering", "crispEdges")
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    return ET.tostring(root, encoding="unicode")


# --- Backup codes ------------------------------------------------------------------------------


def backup_code_count(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def replace_backup_codes(user):
    """A fresh set of single-use backup codes; every earlier code stops working. Returns them in
    clear text: the caller shows them once and never again."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = set()
    while len(codes) < settings.TWO_FACTOR_BACKUP_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def format_backup_code(code):
    return f"{code[:4]}-{code[4:]}"


# --- Verification at sign-in -------------------------------------------------------------------


def verify(user, code):
    """Check a sign-in code: an authenticator code (six digits) or a backup code.

    Returns (device, locked_until): the device that accepted the code, or None; and, when the
    device is throttled after earlier wrong codes (django-otp doubles the wait after each one,
    counted in the database, so neither a new session nor a new password resets it), the time it
    accepts codes again. A used backup code is deleted, so it works once.
    """
    code = normalise_code(code)
    if code.isdigit() and len(code) == TOTP_DIGITS:
        model = TOTPDevice
    elif code:
        model = StaticDevice
    else:
        return None, None
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return None, None
        allowed, extra = device.verify_is_allowed()
        if not allowed:
            return None, (extra or {}).get("locked_until")
        if device.verify_token(code):
            return device, None
    return None, None


# --- Reset -------------------------------------------------------------------------------------


@transaction.atomic
def reset(user):
    """Forget a person's authenticator and backup codes; they enrol again at their next request.

    A session they have open loses its verification at once (OTPMiddleware finds no device).
    """
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(totp or static)
