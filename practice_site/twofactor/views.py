"""The second-factor pages, in the admin's look: verify, enrol, backup codes, manage."""

from functools import wraps
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from ..models import PracticeProfile
from . import services
from .forms import CodeForm, EnrolmentCodeForm
from .policy import is_verified

NEW_CODES_SESSION_KEY = "_twofactor_new_backup_codes"


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _with_next(view_name, request):
    return f"{reverse(view_name)}?{urlencode({'next': _next_url(request)})}"


def _render(request, template, title, **context):
    base = {**admin.site.each_context(request), "title": title, "next": _next_url(request)}
    return TemplateResponse(request, template, {**base, **context})


def signed_in(view):
    """Password accepted (the second factor may still be owed); no-store like every admin page."""

    @wraps(view)
    @never_cache
    @sensitive_post_parameters("code")
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            login_url = reverse("admin:login")
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def verified(view):
    @wraps(view)
    @signed_in
    def wrapper(request, *args, **kwargs):
        if not is_verified(request.user):
            return redirect(
                f"{reverse('twofactor:verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapper


def _complete_sign_in(request, device):
    django_otp.login(request, device)
    # A new session key for the fully signed-in session, as Django does at password sign-in.
    request.session.cycle_key()
    # Only now are wrong passwords and codes forgiven (AXES_RESET_ON_SUCCESS is off): a password
    # alone cleared the count, so wrong codes could be tried four at a time without end.
    AxesProxyHandler.update_request(request)  # the address, as axes' own checks read it
    credentials = {"username": request.user.get_username()}
    AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials)


@signed_in
def verify(request):
    """The second step of signing in: an authenticator code or a backup code."""
    user = request.user
    if is_verified(user):
        return redirect(_next_url(request))
    if not services.is_enrolled(user):
        return redirect(_with_next("twofactor:set_up", request))

    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, None, credentials)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, locked_until = services.verify(user, form.cleaned_data["code"])
        if device is not None:
            _complete_sign_in(request, device)
            if isinstance(device, StaticDevice):
                left = services.backup_code_count(user)
                messages.warning(
                    request,
                    f"You signed in with a backup code, which now no longer works. "
                    f"{left} backup code{'s' if left != 1 else ''} left.",
                )
            return redirect(_next_url(request))
        if locked_until:
            wait = timezone.localtime(locked_until)
            form.add_error(
                "code",
                f"Too many wrong codes in a row: codes are not checked until "
                f"{wait:%H:%M:%S}. Wait until then and type the newest code.",
            )
        else:
            # A wrong code counts like a wrong password: django-axes pauses sign-in for this
            # account from this address after AXES_FAILURE_LIMIT failures.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return get_lockout_response(request, None, credentials)
            form.add_error(
                "code",
                "That code is not right. Type the code your app shows now (they change every "
                "30 seconds), or an unused backup code.",
            )
    return _render(request, "admin/twofactor/verify.html", "Enter your sign-in code", form=form)


@signed_in
def set_up(request):
    """Enrolment: scan the QR code (or type the key), then confirm with the first code."""
    user = request.user
    if services.is_enrolled(user):
        if is_verified(user):
            return redirect(_next_url(request))
        return redirect(_with_next("twofactor:verify", request))
    device = services.pending_authenticator(user)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.confirm_authenticator(device, form.cleaned_data["code"])
        if confirmed is not None:
            _complete_sign_in(request, confirmed)
            request.session[NEW_CODES_SESSION_KEY] = services.replace_backup_codes(user)
            return redirect(_with_next("twofactor:backup_codes", request))
        form.add_error(
            "code",
            "That code does not match. Check that you typed the newest code for this account, "
            "and that the phone's clock is set automatically.",
        )
    uri = services.provisioning_uri(device, PracticeProfile.for_request(request).practice_name)
    return _render(
        request,
        "admin/twofactor/set_up.html",
        "Set up your second sign-in step",
        form=form,
        qr_svg=services.qr_svg(uri),
        provisioning_uri=uri,
        manual_key=services.manual_key(device),
    )


@verified
def backup_codes(request):
    """New backup codes, shown once: they leave the session as this page is rendered."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(
            request,
            "Backup codes are shown only once. If you did not keep them, make a new set here.",
        )
        return redirect("twofactor:index")
    return _render(
        request,
        "admin/twofactor/backup_codes.html",
        "Your backup codes",
        codes=[services.format_backup_code(code) for code in codes],
    )


@verified
def manage(request):
    user = request.user
    return _render(
        request,
        "admin/twofactor/manage.html",
        "Two-step sign-in",
        authenticator=services.authenticator(user),
        backup_code_count=services.backup_code_count(user),
    )


@require_POST
@verified
def new_backup_codes(request):
    request.session[NEW_CODES_SESSION_KEY] = services.replace_backup_codes(request.user)
    return redirect(_with_next("twofactor:backup_codes", request))
