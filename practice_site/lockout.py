"""Admin sign-in brute-force protection with django-axes: the lockout page.

django-axes locks a (username, client address) pair after AXES_FAILURE_LIMIT failures for
AXES_COOLOFF_TIME. Other staff, and the same person from another address, sign in as usual. The
client address is consultations.spam.client_ip's (an IPv6 address counts as its /64 network).
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone


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
