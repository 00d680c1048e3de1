"""Spam defence without a CAPTCHA: a signed, single-use timing token and a client fingerprint.

A request with a token that is missing, altered or already used, or with the hidden honeypot
field filled in, is suspect: it is stored for staff to review, never thrown away, because a
filter can be wrong about a real patient. One sent sooner than a person could fill in the form,
or from a page older than a week, is stored for neither: the sender is asked to send it again
(services.CheckFirst), since a browser refilling the form after Back does the first too.
"""

import hashlib
import ipaddress
import secrets
import time
from datetime import timedelta

from axes.conf import settings as axes_settings
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables
from ipware.ip import get_client_ip

from .models import ConsultationRequest, UsedFormToken

TOKEN_SALT = "consultations.form-timing"  # noqa: S105 - a signing namespace, not a secret
Reason = ConsultationRequest.SpamReason
# A request the same as the sender's genuine one of this long ago is kept once.
RESENT_WITHIN = timedelta(hours=1)


def make_token(issued_at=None):
    """A token recording when the form was served (seconds since the epoch, signed).

    The random part keeps two pages served at the same instant from sharing a token.
    """
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"t": issued_at, "n": secrets.token_urlsafe(9)}, salt=TOKEN_SALT)


def token_problem(token, now=None):
    """Why the token is suspect (a `SpamReason`), or "" when a person plausibly sent the form."""
    if not token:
        return Reason.MISSING
    now = time.time() if now is None else now
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        issued_at = float(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Reason.TAMPERED
    age = now - issued_at
    if age > settings.CONSULTATION_FORM_MAX_AGE_HOURS * 3600:
        return Reason.EXPIRED
    if age < settings.CONSULTATION_MIN_FILL_SECONDS:
        return Reason.TOO_FAST
    return ""


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def claim_token(token):
    """Record the token as sent; False if it was sent before (a replay).

    Call it inside the transaction that stores the request: a request rolled back leaves its token
    unused, and of two requests sent at once with one token, the second waits on the first's
    primary key (PostgreSQL) or write lock (SQLite) and finds it taken.
    """
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(digest=token_digest(token))
    except IntegrityError:
        return False
    return True


def link_token(token, request):
    """Note that `token` (claimed) came with the stored `request`."""
    UsedFormToken.objects.filter(digest=token_digest(token)).update(request=request)


def request_sent_with(token):
    """The request an already used `token` came with, if it is still stored."""
    used = UsedFormToken.objects.filter(digest=token_digest(token)).select_related("request")
    found = used.first()
    return found.request if found is not None else None


def client_ip(request):
    """The sender's address, for the rate limit and the admin login lockout (django-axes calls
    it: AXES_CLIENT_IP_CALLABLE).

    django-ipware, set up from AXES_PROXY_COUNT, as axes would ask it: behind proxies of ours,
    the address the outermost one saw; X-Forwarded-For entries further left were written by the
    client. An IPv6 address counts as its /64 network: one home or phone may use all of it.
    """
    found, _ = get_client_ip(
        request,
        proxy_order=axes_settings.AXES_IPWARE_PROXY_ORDER,
        proxy_count=axes_settings.AXES_IPWARE_PROXY_COUNT,
        proxy_trusted_ips=axes_settings.AXES_IPWARE_PROXY_TRUSTED_IPS,
        request_header_order=axes_settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
    )
    address = found or request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network((parsed, 64), strict=False).network_address)
    return address


def client_hash(request):
    """An HMAC of the sender's IP address: enough to count their requests, useless to read back."""
    return salted_hmac(
        "consultations.client-ip", client_ip(request), algorithm="sha256"
    ).hexdigest()


# --- The same sender again ---------------------------------------------------------------


@sensitive_variables()
def same_sender(earlier, values, sender_hash):
    """Whether a changed form on an already used page comes from whoever sent it first.

    The address alone is not enough: a phone moving from Wi-Fi to its network between two presses
    changes it. A patient correcting a typo keeps their email or phone number; a bot replaying a
    page it fetched once has neither.
    """
    return (
        earlier.client_hash == sender_hash
        or bool(values["email"])
        and earlier.email.casefold() == values["email"].casefold()
        or bool(values["phone"])
        and earlier.phone == values["phone"]
    )


def sent_just_before(values):
    """The sender's genuine request of the last hour, if any, by their email or phone number.

    After Back, the form page is served again with a new token and the browser fills the boxes
    in again: a patient who corrects one thing and sends it at once did not need three seconds,
    and one who sends it unchanged is sending the same request twice.
    """
    same = Q(phone=values["phone"]) if values["phone"] else Q(pk__in=[])
    if values["email"]:
        same |= Q(email__iexact=values["email"])
    recent = ConsultationRequest.objects.filter(
        same, is_spam=False, created_at__gte=timezone.now() - RESENT_WITHIN
    )
    return recent.order_by("-created_at").first()
