"""Side effects of consultation requests: storing them, telling staff, changing their status.

Order matters here. A request is committed to the database first; only then is the staff email
attempted, so a mail outage can never cost a request. The email says that a request arrived and
where to read it, and nothing the patient wrote.
"""

import functools
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.utils import dateformat, timezone
from django.views.decorators.debug import sensitive_variables

from .models import ConsultationRequest, StaffNote

logger = logging.getLogger(__name__)

RATE_LIMIT_REQUESTS = 5
RATE_LIMIT_WINDOW = timedelta(minutes=10)
# A claim older than this belongs to a sender that died mid-way (the SMTP timeout is far shorter).
STALE_CLAIM_AFTER = timedelta(minutes=15)
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: easy to read aloud

Notification = ConsultationRequest.Notification


class RateLimited(Exception):
    """The client sent too many requests in the rate-limit window; nothing was stored."""


def _new_reference():
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"CR-{code[:4]}-{code[4:]}"
        if not ConsultationRequest.objects.filter(reference=reference).exists():
            return reference


def _check_rate_limit(client_hash):
    """Raise RateLimited if this client already sent the maximum in the window.

    Runs inside the storing transaction. On SQLite that transaction began IMMEDIATE, holding the
    write lock, so two concurrent requests cannot both pass the count; on PostgreSQL an advisory
    lock on the client's hash serialises them the same way.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(client_hash[:15], 16)])
    recent = ConsultationRequest.objects.filter(
        client_hash=client_hash, created_at__gte=timezone.now() - RATE_LIMIT_WINDOW
    ).count()
    if recent >= RATE_LIMIT_REQUESTS:
        raise RateLimited


@sensitive_variables()
def submit_request(data, *, client_hash, spam_reason="", consent_text, consent_version):
    """Store one request with its consent record; schedule the staff email after commit.

    `data` is the form's cleaned data. Suspected spam is stored flagged and mails nobody.
    Raises RateLimited (storing nothing) when the client is over the limit.
    """
    with transaction.atomic():
        if settings.CONSULTATION_RATE_LIMIT:
            _check_rate_limit(client_hash)
        procedure = data.get("procedure")
        request = ConsultationRequest.objects.create(
            reference=_new_reference(),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            contact_method=data.get("contact_method") or ConsultationRequest.ContactMethod.PHONE,
            best_time=data.get("best_time") or ConsultationRequest.BestTime.ANY,
            patient=data.get("patient") or ConsultationRequest.Patient.SELF,
            procedure=procedure,
            procedure_title=procedure.title if procedure else "",
            message=data["message"],
            heard_about=data.get("heard_about") or "",
            consent_text=consent_text,
            consent_version=consent_version,
            consent_given_at=timezone.now(),
            client_hash=client_hash,
            is_spam=bool(spam_reason),
            spam_reason=spam_reason,
            notification_status=Notification.SKIPPED if spam_reason else Notification.PENDING,
        )
        if not spam_reason:
            # robust: whatever happens while mailing, the patient's response is not affected.
            transaction.on_commit(functools.partial(notify_staff, request.pk), robust=True)
    logger.info(
        "Consultation request %s stored%s.",
        request.reference,
        " as suspected spam" if spam_reason else "",
    )
    return request


def notification_message(request):
    """The staff email: that a request arrived, its reference, a link. No submitted value."""
    received = dateformat.format(timezone.localtime(request.created_at), r"l, F j, Y \a\t g:i A T")
    link = settings.SITE_URL + request.get_admin_url()
    body = (
        f"A new consultation request arrived through the website on {received}.\n\n"
        f"Reference: {request.reference}\n\n"
        f"Read it and record what you do in the staff area (sign-in needed):\n{link}\n\n"
        "For the sender's privacy, this message does not include anything they wrote.\n"
    )
    return EmailMessage(
        subject=f"New consultation request {request.reference}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=settings.CONSULTATION_NOTIFY_EMAILS,
    )


def notify_staff(pk):
    """Send the staff email for one request, exactly once; True if this call sent it.

    The conditional UPDATE is the claim: only one caller (a web worker's on_commit hook or a
    `send_pending_notifications` run) can move the row from pending to sending, on SQLite and on
    PostgreSQL alike. A failed send puts the row back to pending for the next run.
    """
    claimed = ConsultationRequest.objects.filter(
        pk=pk, notification_status=Notification.PENDING
    ).update(notification_status=Notification.SENDING, notification_claimed_at=timezone.now())
    if not claimed:
        return False
    request = ConsultationRequest.objects.only("pk", "reference", "created_at").get(pk=pk)
    try:
        if not settings.CONSULTATION_NOTIFY_EMAILS:
            raise NotificationNotConfigured("CONSULTATION_NOTIFY_EMAILS is empty")
        notification_message(request).send()
    except Exception as exc:  # noqa: BLE001 - any failure to send must leave the row pending
        ConsultationRequest.objects.filter(pk=pk, notification_status=Notification.SENDING).update(
            notification_status=Notification.PENDING,
            notification_claimed_at=None,
            notification_attempts=F("notification_attempts") + 1,
            notification_error=type(exc).__name__[:100],
        )
        # The exception's class only: SMTP errors can echo parts of the message back.
        logger.warning(
            "Staff email for consultation request %s not sent (%s); it stays pending "
            "for send_pending_notifications.",
            request.reference,
            type(exc).__name__,
        )
        return False
    ConsultationRequest.objects.filter(pk=pk, notification_status=Notification.SENDING).update(
        notification_status=Notification.SENT,
        notified_at=timezone.now(),
        notification_claimed_at=None,
        notification_attempts=F("notification_attempts") + 1,
        notification_error="",
    )
    logger.info("Staff email for consultation request %s sent.", request.reference)
    return True


class NotificationNotConfigured(Exception):
    """No recipient is configured for staff emails; requests wait until one is."""


def release_stale_claims(now=None):
    """Put back to pending the claims of senders that stopped mid-way (killed, crashed)."""
    now = now or timezone.now()
    return ConsultationRequest.objects.filter(
        notification_status=Notification.SENDING,
        notification_claimed_at__lt=now - STALE_CLAIM_AFTER,
    ).update(notification_status=Notification.PENDING, notification_claimed_at=None)


def send_pending_notifications():
    """Try every pending staff email once. Returns (sent, failed) counts for this run.

    Safe to run while another run, or the web workers, are sending: each row is claimed before
    it is mailed, and a row another sender claimed first is simply skipped.
    """
    release_stale_claims()
    sent = failed = 0
    pending = ConsultationRequest.objects.pending_notification().order_by("created_at")
    for pk in list(pending.values_list("pk", flat=True)):
        if notify_staff(pk):
            sent += 1
        elif ConsultationRequest.objects.filter(
            pk=pk, notification_status=Notification.PENDING
        ).exists():
            failed += 1
    return sent, failed


def change_status(request, new_status, user):
    """Move a request along the workflow and note who did it, in the request's own notes."""
    if new_status == request.status:
        return
    if new_status not in request.allowed_statuses:
        raise ValueError(f"A request cannot go from {request.status} to {new_status}.")
    old_label = request.get_status_display()
    request.status = new_status
    request.status_changed_at = timezone.now()
    request.save(update_fields=["status", "status_changed_at"])
    StaffNote.objects.create(
        request=request,
        author=user,
        text=f"Status changed from {old_label} to {request.get_status_display()}.",
    )


def set_spam_flag(requests, is_spam, user):
    """Mark requests as suspected spam or as genuine, with a note on each saying who did it.

    A request that was caught as spam was never mailed to staff; once marked genuine, its staff
    email is queued like a new request's, so whoever watches the inbox hears of it.
    """
    note = "Marked as suspected spam." if is_spam else "Marked as genuine (not spam)."
    with transaction.atomic():
        changing = requests.exclude(is_spam=is_spam).select_for_update()
        pks = list(changing.values_list("pk", flat=True))
        changed = ConsultationRequest.objects.filter(pk__in=pks)
        held_back = []
        if not is_spam:
            held_back = list(
                changed.filter(notification_status=Notification.SKIPPED).values_list(
                    "pk", flat=True
                )
            )
            changed.filter(pk__in=held_back).update(notification_status=Notification.PENDING)
        changed.update(is_spam=is_spam)
        StaffNote.objects.bulk_create(
            StaffNote(request_id=pk, author=user, text=note) for pk in pks
        )
        for pk in held_back:
            transaction.on_commit(functools.partial(notify_staff, pk), robust=True)
    return len(pks)
