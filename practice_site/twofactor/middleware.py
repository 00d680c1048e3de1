from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from ..middleware import in_admin
from .policy import half_signed_in


class SecondFactorMiddleware:
    """Holds a session whose password was accepted but whose second factor is still owed.

    In the admin, every page except the second-factor pages and signing out redirects to the
    code (or enrolment) page. Everywhere else the session counts as a visitor's, so no staff
    preview of unpublished content or unconsented photos shows on a password alone. Installed
    after django-otp's OTPMiddleware (which knows whether the session was verified) and after
    the 8-hour cap (which may sign the session out first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_admin(request):
            # Lazily, as before: a public page that never looks at the user never reads the session.
            user = request.user
            request.user = SimpleLazyObject(
                lambda: AnonymousUser() if half_signed_in(user) else user
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, after CsrfViewMiddleware's: a forged POST still gets its 403.
        if (
            in_admin(request)
            and half_signed_in(request.user)
            and not self._always_open(request.path_info)
        ):
            verify_url = reverse("twofactor:verify")
            return redirect(f"{verify_url}?{urlencode({'next': request.get_full_path()})}")
        return None

    @staticmethod
    def _always_open(path):
        return path.startswith(reverse("twofactor:index")) or path == reverse("admin:logout")
