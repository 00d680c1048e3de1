import time
from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.shortcuts import redirect
from django.urls import reverse
from django_permissions_policy import (
    PermissionsPolicyMiddleware as DjangoPermissionsPolicyMiddleware,
)


class CrossOriginResourcePolicyMiddleware:
    """Adds `Cross-Origin-Resource-Policy: same-origin`, which Django's SecurityMiddleware lacks.

    Nothing on this site is meant to be embedded by other origins, patient photos least of all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PermissionsPolicyMiddleware(DjangoPermissionsPolicyMiddleware):
    """django-permissions-policy's middleware, keeping a policy the response already carries.

    The library replaces a view's own header with the site-wide policy unless the response also
    carries a private attribute naming it. Here the header is enough, as with the CSP: the video
    page's wider policy (fullscreen for this site) stays.
    """

    def _apply_headers(self, response):
        for header, value in (
            ("Permissions-Policy", self.permissions_policy),
            ("Permissions-Policy-Report-Only", self.permissions_policy_report_only),
        ):
            if value and header not in response.headers:
                response.headers[header] = value
        return response


SIGNED_OUT = "You had been signed out, so what you were saving was not saved."


def in_admin(request):
    """A request for a page of the staff admin, its sign-in pages included."""
    return request.path_info.startswith(f"/{settings.ADMIN_PATH}")


def is_staff_save(request):
    """A post to a page of the admin other than signing in or out: a save that the sign-in page
    may have to say was lost."""
    if request.method != "POST" or not in_admin(request):
        return False
    signing = (reverse("admin:login"), reverse("admin:logout"))
    return request.path not in signing and not request.path.startswith(reverse("twofactor:index"))


def is_same_origin(request):
    """Sent from this site's own pages, as the browser tells (headers pages cannot set)."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    return request.headers.get("Origin") == f"{request.scheme}://{request.get_host()}"


class StaffSessionLifetimeMiddleware:
    """Signs staff out 8 hours (SESSION_COOKIE_AGE) after they signed in, however active they are.

    Django's own expiry restarts whenever the session is saved, so a busy front desk could stay
    signed in for days; consultation requests are health information, so the cap is absolute.
    """

    SESSION_KEY = "_signed_in_at"
    # The admin warns on every page in the last hour (PracticeAdminSite.each_context).
    WARN_BEFORE = 3600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(self.SESSION_KEY, now)
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                if in_admin(request):
                    login_url = reverse("admin:login")
                    response = redirect(f"{login_url}?next={request.path}")
                    self._say_why(request, response)
                    return response
        response = self.get_response(request)
        # A save sent after the sign-in ended some other way (signed out in another tab, the
        # session cleared): the admin sends it to the sign-in page, which says what happened.
        if (
            user is not None
            and not user.is_authenticated
            and response.status_code == 302
            and is_staff_save(request)
            and response["Location"].startswith(reverse("admin:login"))
        ):
            storage = default_storage(request)
            storage.add(messages.WARNING, SIGNED_OUT)
            storage.update(response)
        return response

    @classmethod
    def ends_at(cls, request):
        """When the signed-in session of `request` ends (seconds since the epoch), or None."""
        signed_in_at = request.session.get(cls.SESSION_KEY)
        return None if signed_in_at is None else signed_in_at + settings.SESSION_COOKIE_AGE

    @staticmethod
    def hours():
        return settings.SESSION_COOKIE_AGE // 3600

    @classmethod
    def _say_why(cls, request, response):
        # MessageMiddleware comes later in the chain and has not run: the message goes through
        # the storage it will read (MESSAGE_STORAGE), into the new session.
        said = f"You were signed out: staff sign in again {cls.hours()} hours after signing in."
        if request.method == "POST":
            # No advice on getting it back: the page may offer it back (admin-unsaved.js).
            said += " What you were saving was not saved."
        storage = default_storage(request)
        storage.add(messages.WARNING, said)
        storage.update(response)

    @classmethod
    def stamp_sign_in(cls, sender, request, user, **kwargs):
        """`user_logged_in` receiver: the 8 hours count from this sign-in, not an earlier one."""
        request.session[cls.SESSION_KEY] = time.time()


# What django-csp reads from a response that sets its own policy (@csp_update and friends).
_CSP_RESPONSE_PARTS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
_CSP_RESPONSE_PARTS_RO = ("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


@lru_cache(maxsize=2)
def site_policy(report_only=False):
    """The site's CSP header value, from the settings, built once per process."""
    return build_policy(report_only=report_only)


def _forget_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


setting_changed.connect(_forget_policy, dispatch_uid="practice_site_csp_policy")


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the site-wide policy built once per process.

    django-csp 4.0 builds the header from the settings on every response (and looks for a
    report-only one too): every static file and rendered page paid for it (a page-cache hit,
    stored with its header, no longer reaches this middleware). Here a response that sets no
    policy of its own and used no nonce gets the header built once; any other goes through
    django-csp unchanged.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, part) for part in _CSP_RESPONSE_PARTS + _CSP_RESPONSE_PARTS_RO
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # as django-csp: Django's debug pages use inline styles
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = site_policy(report_only)
            if not policy or header in response:
                continue
            setting = "CONTENT_SECURITY_POLICY" + ("_REPORT_ONLY" if report_only else "")
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
