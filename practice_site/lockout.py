"""Admin sign-in brute-force protection with django-axes: the client address and the lockout page.

django-axes locks a (username, client address) pair after AXES_FAILURE_LIMIT failures for
AXES_COOLOFF_TIME. Other staff, and the same person from another address, sign in as usual.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone


def client_ip(request):
    """The address django-axes locks: REMOTE_ADDR, or our proxy's view of it behind proxies.

    django-axes reads REMOTE_ADDR unless django-ipware is installed (it is not). Behind a TLS proxy
    on the same machine every visitor would then share 127.0.0.1 and one attacker could lock a
    username for everybody. With AXES_IPWARE_PROXY_COUNT = n proxies of ours in front, the address
    our outermost proxy saw is the n-th entry of X-Forwarded-For from the right; entries further
    left were written by the client and are ignored, so a forged header gains nothing.
    """
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out attempt gets: when to try again, and that nobody else is locked.

    Every attempt during the lockout restarts the wait (django-axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so "now + cool-off" is when it ends.
    """
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in paused",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": round(cool_off.total_seconds() / 60),
        "retry_at": timezone.localtime() + cool_off,
    }
    return TemplateResponse(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()
