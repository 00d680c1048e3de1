"""Consultation requests sent through the website, and what staff record while working on them.

A request is health information. Its string form is the reference only, so that a request that
ends up in a log line, an error report or an admin breadcrumb never carries what the patient wrote.
"""

from datetime import datetime, time, timedelta

import phonenumbers
from django.conf import settings
from django.db import models
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

# A phone number is stored in E.164, then this and the extension's digits if one was given, as
# RFC 3966 writes it and tel: links read it: "+16265550142;ext=204".
PHONE_EXTENSION = ";ext="
NOT_SURE = "Not sure yet"  # the form's choice of no procedure, as staff read it everywhere
# The apostrophes and hyphens that phone keyboards, word processors and keyboards without an
# apostrophe key (´ `) put in names, and what a keyboard at the front desk types for each: the
# form accepts both, the inbox search folds them.
TYPED_MARKS = {"’": "'", "‘": "'", "´": "'", "`": "'", "\u2010": "-", "\u2011": "-", "–": "-"}


def parse_phone(typed):
    """The phone number `typed` names (in the US without a country code), or None: read by the
    form from what a patient typed, and for staff from the stored E.164."""
    try:
        number = phonenumbers.parse(typed, "US")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def working_time_before(moment, days):
    """The moment that lies `days` working days (Monday to Friday, local time) before `moment`:
    only weekday hours count, so on a Monday morning one working day reaches back to Friday."""
    local = timezone.localtime(moment)
    day = local.date()
    into_day = local - local.replace(hour=0, minute=0, second=0, microsecond=0)
    left = timedelta(days=days)
    while True:
        if day.weekday() < 5:
            if into_day >= left:
                return timezone.make_aware(datetime.combine(day, time()) + (into_day - left))
            left -= into_day
        day -= timedelta(days=1)
        into_day = timedelta(days=1)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time()))


class ConsultationRequestQuerySet(models.QuerySet):
    def genuine(self):
        """Requests not flagged as suspected spam."""
        return self.filter(is_spam=False)

    def spam(self):
        return self.filter(is_spam=True)

    def pending_notification(self):
        return self.filter(notification_status=ConsultationRequest.Notification.PENDING)

    def received_today(self):
        """Requests received since midnight (the practice's time zone)."""
        return self.filter(created_at__gte=local_midnight(timezone.localdate()))

    def received_this_week(self):
        """Requests received since Monday midnight."""
        today = timezone.localdate()
        return self.filter(created_at__gte=local_midnight(today - timedelta(days=today.weekday())))

    def waiting_for_reply(self, now=None):
        """Genuine requests still "New" after the reply time the site promises patients
        (CONSULTATION_REPLY_WORKING_DAYS working days)."""
        cutoff = working_time_before(
            now or timezone.now(), settings.CONSULTATION_REPLY_WORKING_DAYS
        )
        return self.genuine().filter(status=ConsultationRequest.Status.NEW, created_at__lt=cutoff)

    def notification_failed(self):
        """Requests whose staff email failed at least once and has not gone out since."""
        return self.filter(
            notification_status=ConsultationRequest.Notification.PENDING,
            notification_attempts__gt=0,
        )


class ConsultationRequest(models.Model):
    """One request for a consultation, exactly as the patient sent it, plus its handling state."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Consultation booked"
        CLOSED = "closed", "Closed"
        NOT_CANDIDATE = "not_candidate", "Not a candidate"

    # Which status may follow which: forwards through the workflow (a patient may book on the first
    # call), or reopened after closing. "Contacted" may go back to "New": a wrong click must not
    # take a request out of "Waiting for a reply" for good.
    TRANSITIONS = {
        Status.NEW: [Status.CONTACTED, Status.BOOKED, Status.NOT_CANDIDATE, Status.CLOSED],
        Status.CONTACTED: [Status.NEW, Status.BOOKED, Status.NOT_CANDIDATE, Status.CLOSED],
        Status.BOOKED: [Status.CLOSED, Status.NOT_CANDIDATE],
        Status.CLOSED: [Status.CONTACTED],
        Status.NOT_CANDIDATE: [Status.CONTACTED],
    }

    class SpamReason(models.TextChoices):
        HONEYPOT = "honeypot", "Filled in the hidden field that people never see"
        TOO_FAST = "too_fast", "Sent faster than a person can fill in the form"
        EXPIRED = "expired", "Sent from a form page opened too long ago"
        TAMPERED = "tampered", "The form's timing token was altered"
        MISSING = "missing", "The form's timing token was missing"
        REPLAYED = "replayed", "Sent again from a form page that had already been sent"

    class Notification(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (suspected spam)"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    class BestTime(models.TextChoices):
        ANY = "any", "Any time during office hours"
        MORNING = "morning", "Morning"
        MIDDAY = "midday", "Around midday"
        AFTERNOON = "afternoon", "Afternoon"

    class Patient(models.TextChoices):
        SELF = "self", "Myself"
        CHILD = "child", "My child"
        OTHER = "other", "Someone else"

    class HeardAbout(models.TextChoices):
        DOCTOR = "doctor", "My doctor or another specialist"
        SEARCH = "search", "An internet search"
        FRIEND = "friend", "A friend or family member"
        PATIENT_GROUP = "patient_group", "A patient group or charity"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Somewhere else"

    reference = models.CharField(
        max_length=16,
        unique=True,
        editable=False,
        help_text="Quote this when you talk about the request by email or phone.",
    )
    created_at = models.DateTimeField("received", auto_now_add=True, db_index=True)

    # What the patient sent.
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    # The name as the inbox search compares it (services.folded): "José Ramírez" is found by
    # "jose ramirez" and "RAMÍREZ". SQLite's LIKE folds the case of ASCII letters only.
    search_name = models.CharField(max_length=161, blank=True, editable=False)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(
        max_length=32,
        help_text=f"In international format (E.164), then “{PHONE_EXTENSION}” and an extension if "
        "given.",
    )
    contact_method = models.CharField(
        "preferred way to be contacted",
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.PHONE,
    )
    best_time = models.CharField(
        "best time to reach", max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    patient = models.CharField(
        "request is for", max_length=10, choices=Patient.choices, default=Patient.SELF
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
        help_text="Empty when the patient chose 'Not sure yet'.",
    )
    procedure_title = models.CharField(
        "procedure or concern",
        max_length=160,
        blank=True,
        help_text="The procedure's title when the request arrived, kept if the page is renamed "
        "or deleted later.",
    )
    message = models.TextField()
    heard_about = models.CharField(
        "heard about the practice from", max_length=20, choices=HeardAbout.choices, blank=True
    )

    # Consent exactly as it was given.
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    consent_given_at = models.DateTimeField()

    # Spam defence and rate limiting. `client_hash` is an HMAC of the sender's IP address; the
    # address itself is never stored.
    client_hash = models.CharField(max_length=64, db_index=True, editable=False)
    is_spam = models.BooleanField(
        "suspected spam",
        default=False,
        help_text="Ticked automatically when the form looks filled in by a program rather "
        "than a person; no staff email goes out for a request while it is ticked. Untick it for "
        "a genuine request (its email then goes out), or tick it to move a request to spam.",
    )
    spam_reason = models.CharField(
        max_length=20, choices=SpamReason.choices, blank=True, editable=False
    )
    # When it last became suspected spam, by the filter or by staff: purge_consultations deletes
    # spam a month after this, so a genuine request moved there by mistake has a month to be seen.
    spam_since = models.DateTimeField(null=True, blank=True, editable=False)

    # Handling.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notification_status = models.CharField(
        "staff email",
        max_length=10,
        choices=Notification.choices,
        default=Notification.PENDING,
        db_index=True,
    )
    notification_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    notification_error = models.CharField(max_length=100, blank=True, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "consultation request"
        permissions = [
            ("export_consultationrequest", "Can export consultation requests to CSV"),
        ]
        indexes = [
            models.Index(fields=["client_hash", "created_at"]),
            # The staff inbox filtered by status and/or spam: rows newest first without sorting
            # the status's thousands, counts read from an index alone.
            models.Index(fields=["status", "created_at"], name="consultation_status_recent"),
            models.Index(fields=["status", "is_spam", "created_at"], name="consultation_status"),
            models.Index(fields=["is_spam", "created_at"], name="consultation_spam"),
        ]

    def __str__(self):
        return self.reference  # "The consultation request “CR-...” was changed", not "Request CR"

    def phone_shown(self):
        """The number as staff read it: "(212) 555-0199 ext. 12" in the practice's country (the
        US), "+44 20 7946 0958" elsewhere; as stored if it cannot be read."""
        number = parse_phone(self.phone)
        if number is None:
            return self.phone
        style = phonenumbers.PhoneNumberFormat
        return phonenumbers.format_number(
            number, style.NATIONAL if number.country_code == 1 else style.INTERNATIONAL
        )

    def get_admin_url(self):
        """Requests have no public page; staff open them in the admin."""
        return reverse("admin:consultations_consultationrequest_change", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def procedure_or_concern(self):
        """The procedure as it was titled when the request arrived, or the patient's "not sure"."""
        return self.procedure_title or NOT_SURE

    @property
    def allowed_statuses(self):
        """The current status and those that may follow it."""
        return [self.status, *self.TRANSITIONS.get(self.status, [])]

    @property
    def notification_failed(self):
        """The row-level reading of `ConsultationRequestQuerySet.notification_failed()`."""
        return (
            self.notification_status == self.Notification.PENDING and self.notification_attempts > 0
        )

    def notification_shown(self):
        """The staff email's state in the inbox's words: one that failed is "not sent"."""
        if self.notification_failed:
            count = self.notification_attempts
            return f"Not sent: {count} tr{pluralize(count, 'y,ies')} failed, retried automatically"
        return self.get_notification_status_display()


class UsedFormToken(models.Model):
    """A form page's timing token that has been sent: each one is good for one request."""

    digest = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The request the token came with: the same form sent again by the same person (a second
    # tap, a browser resending the post) is shown that request's reference, not stored twice.
    request = models.ForeignKey(
        "ConsultationRequest", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "used form token"

    def __str__(self):
        return f"Form token {self.digest[:12]}"


class StaffNote(models.Model):
    """A note a member of staff adds to a request: who wrote it and when is kept with it."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="consultation_notes",
    )
    text = models.TextField("note")
    created_at = models.DateTimeField("written", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "staff note"

    def __str__(self):
        return f"Note on {self.request}"

    @property
    def author_name(self):
        return self.author.get_username() if self.author else "(a removed user)"


class AccessLogQuerySet(models.QuerySet):
    def record(self, user, action, *, request=None, filters="", query="", count=None):
        """Write one audit row. Texts longer than their column are shortened, never refused."""

        def fit(name, text):
            return Truncator(text).chars(self.model._meta.get_field(name).max_length)

        return self.create(
            request=request,
            reference=request.reference if request else "",
            user=user,
            username=user.get_username(),
            action=action,
            filters=fit("filters", filters),
            query=fit("query", query),
            count=count,
        )


class AccessLog(models.Model):
    """Who opened, listed, searched or exported consultation requests, and when.

    Kept after a request is purged: the reference stays, the link to the request goes, and the
    search words of entries as old go too (purge_consultations); deleting a request in the admin
    forgets the searches that found it (services.delete_requests).
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Opened a request"
        LISTED = "listed", "Viewed the list"
        SEARCHED = "searched", "Searched the list"
        EXPORTED = "exported", "Exported a list"

    request = models.ForeignKey(
        ConsultationRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    reference = models.CharField(max_length=16, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="consultation_access_logs",
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices)
    filters = models.CharField(
        max_length=300, blank=True, help_text="The list's filters, as staff chose them."
    )
    query = models.CharField("search words", max_length=200, blank=True)
    count = models.PositiveIntegerField(
        "requests shown", null=True, blank=True, help_text="Rows on the page, or in the export."
    )
    at = models.DateTimeField("when", auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} at {self.at:%Y-%m-%d %H:%M}"
