import logging

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import FormView, TemplateView

from . import services, spam
from .forms import CONSENT_VERSION, ConsultationForm, consent_text

logger = logging.getLogger(__name__)

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

# Why a request was not sent, and what to do: said above the form, which keeps what was typed.
NOT_SENT = {
    "rate_limited": (
        "To protect this form from misuse, it takes up to five requests from one internet "
        "connection in ten minutes, and that limit has been reached. Several people may share "
        "your connection, in an office, a clinic or on public Wi-Fi.",
        "Wait ten minutes, then press “Send my request” again.",
    ),
    "no_cookie": (
        "Your browser did not send back the security cookie this site gave it when the form "
        "opened: cookies may be blocked for this site, or they were cleared while the page was "
        "open.",
        "Press “Send my request” again. If this message comes back, allow cookies for this "
        "site and try once more.",
    ),
    "busy": (
        "The website was too busy to store your request just now.",
        "Press “Send my request” again in a minute.",
    ),
    # services.CheckFirst: sent as automated forms are, and as people sometimes do.
    "too_fast": (
        "The form was sent within moments of the page opening. That happens when the browser "
        "fills the form in again after going back to it, and it is also how automated spam "
        "behaves, so we ask once more.",
        "Check your details, then press “Send my request” again.",
    ),
    "expired": (
        "This page had been open for more than a week, so we ask you to send it once more.",
        "Check your details, then press “Send my request” again.",
    ),
}


def working_days(count):
    return f"{NUMBER_WORDS.get(count, count)} working day{'' if count == 1 else 's'}"


def kept_for(days):
    """How long a request is kept, as patients read it: "two years", "90 days"."""
    years, rest = divmod(days, 365)
    if years and not rest:
        return f"{NUMBER_WORDS.get(years, years)} year{'' if years == 1 else 's'}"
    return f"{days} day{'' if days == 1 else 's'}"


class ReplyTimeMixin:
    """What the pages promise: reply times (CONSULTATION_REPLY_WORKING_DAYS), and how long a
    request is kept (CONSULTATION_RETENTION_DAYS, what purge_consultations deletes after)."""

    def get_context_data(self, **kwargs):
        days = settings.CONSULTATION_REPLY_WORKING_DAYS
        return super().get_context_data(
            reply_time=working_days(days),
            follow_up_time=working_days(days + 1),
            kept_for=kept_for(settings.CONSULTATION_RETENTION_DAYS),
            **kwargs,
        )


# never_cache sends `Cache-Control: no-store` (with no-cache, must-revalidate, private).
@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
class ConsultationRequestView(ReplyTimeMixin, FormView):
    """The request form: validate, store (or flag as spam), then redirect to the thank-you page."""

    template_name = "consultations/request_form.html"
    form_class = ConsultationForm

    def get_initial(self):
        # ?procedure=<pk> from a procedure page's button preselects it (ignored if not offered).
        return {"procedure": self.request.GET.get("procedure", "")}

    @sensitive_variables()
    def form_valid(self, form):
        try:
            stored = services.submit_request(
                form.cleaned_data,
                client_hash=spam.client_hash(self.request),
                spam_reason=form.spam_reason(),
                consent_text=consent_text(),
                consent_version=CONSENT_VERSION,
                form_token=form.cleaned_data["form_started"],
            )
        except services.CheckFirst as check:
            if check.reason == spam.Reason.EXPIRED:  # a new page's token: the old one stays old
                form.data = form.data.copy()
                form.data[form.add_prefix("form_started")] = spam.make_token()
            return self.not_sent(form, check.reason, status=200)
        except services.RateLimited:
            response = self.not_sent(form, "rate_limited", status=429)
            response["Retry-After"] = str(int(services.RATE_LIMIT_WINDOW.total_seconds()))
            return response
        except OperationalError as exc:
            # The database could not take the write in time (SQLite's lock held past its
            # timeout, a PostgreSQL connection lost): nothing was stored, the form token is
            # unused, and the patient keeps what they typed instead of meeting an error page.
            logger.error("A consultation request could not be stored: %s", type(exc).__name__)
            response = self.not_sent(form, "busy", status=503)
            response["Retry-After"] = "60"
            return response
        # Suspected spam lands here too, with its reference: the sender cannot tell it was caught.
        response = redirect("consultations:thanks")
        reference_cookie.give(response, stored.reference)
        return response

    def not_sent(self, form, reason, status):
        """The form again, with everything typed and why it was not sent: never a dead end."""
        why, what_to_do = NOT_SENT[reason]
        context = self.get_context_data(form=form, not_sent={"why": why, "todo": what_to_do})
        return self.render_to_response(context, status=status)


@never_cache
def refused_post(request):
    """The form after a post that the CSRF check refused (practice_site.views.csrf_failure)."""
    view = ConsultationRequestView()
    view.setup(request)
    return view.not_sent(view.get_form(), "no_cookie", status=403)


class ReferenceCookie:
    """Carries a request's reference to the thank-you page, and nothing else.

    Signed (it cannot be forged or changed to show another request's reference), short-lived,
    HttpOnly and SameSite=Strict; not in the address, so it stays out of history, bookmarks and
    access logs. `__Host-` prefixed wherever the site's cookies are Secure.
    """

    salt = "consultations.thanks.reference"
    max_age = 60 * 60

    @property
    def name(self):
        return "__Host-reference" if settings.SESSION_COOKIE_SECURE else "reference"

    def give(self, response, reference):
        response.set_signed_cookie(
            self.name,
            reference,
            salt=self.salt,
            max_age=self.max_age,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )

    def read(self, request):
        return request.get_signed_cookie(
            self.name, default=None, salt=self.salt, max_age=self.max_age
        )


reference_cookie = ReferenceCookie()


@method_decorator(never_cache, name="dispatch")
class ThanksView(ReplyTimeMixin, TemplateView):
    template_name = "consultations/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reference=reference_cookie.read(self.request), **kwargs)
