import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


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


class StaffSessionLifetimeMiddleware:
    """Signs staff out 8 hours (SESSION_COOKIE_AGE) after they signed in, however active they are.

    Django's own expiry restarts whenever the session is saved, so a busy front desk could stay
    signed in for days; consultation requests are health information, so the cap is absolute.
    """

    SESSION_KEY = "_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(self.SESSION_KEY, now)
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                if request.path.startswith(f"/{settings.ADMIN_PATH}"):
                    login_url = reverse("admin:login")
                    return redirect(f"{login_url}?next={request.path}")
        return self.get_response(request)

    @classmethod
    def stamp_sign_in(cls, sender, request, user, **kwargs):
        """`user_logged_in` receiver: the 8 hours count from this sign-in, not an earlier one."""
        request.session[cls.SESSION_KEY] = time.time()
