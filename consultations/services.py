"""Side effects of consultation requests: storing them, telling staff, changing their status.

A request and the task to email staff are stored in one transaction, so the mail server never
slows or fails a patient's post; `notification_status` makes each email go out once, whoever
sends it. The email says where to read the request, and nothing the patient wrote.
"""

import contextlib
import logging
import secrets
import signal
import threading
import time
import unicodedata
import urllib.parse
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import dateformat, timezone
from django.views.decorators.debug import sensitive_variables

from . import spam
from .models import TYPED_MARKS, AccessLog, ConsultationRequest, StaffNote

logger = logging.getLogger(__name__)

RATE_LIMIT_REQUESTS = 5
RATE_LIMIT_WINDOW = timedelta(minutes=10)
# The longest one email may take, however slowly the mail server answers. EMAIL_TIMEOUT bounds each
# read only: a server sending one byte at a time keeps every read under it for as long as it likes.
SEND_DEADLINE_SECONDS = 120
# A claim older than this belongs to a sender that died mid-way (killed, crashed): no live sender
# holds one that long, since SEND_DEADLINE_SECONDS is far shorter.
STALE_CLAIM_AFTER = timedelta(minutes=15)
# When the task's attempt fails, it queues itself again after these delays (the last one repeats),
# up to TASK_ATTEMPTS attempts in all (about eight hours); send_pending_notifications goes on after.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)
TASK_ATTEMPTS = 12
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: easy to read aloud

Notification = ConsultationRequest.Notification


class RateLimited(Exception):
    """The client sent too many requests in the rate-limit window; nothing was stored."""


class CheckFirst(Exception):
    """A form that looks automated only by when it was sent, as a patient's may: within moments
    of the page opening (the browser filled it in again after Back, or after a link in the
    form was followed), or from a page left open for over a week. Nothing was stored: the
    sender is asked to send it again, which a person does and a simple bot does not."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


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


# Left out: "O’Neill" is found by "O'Neill" and by "oneill", "Anne-Marie" by "anne marie".
NAME_MARKS = str.maketrans(dict.fromkeys([*TYPED_MARKS, "'", "-"]))


@sensitive_variables()
def folded(text):
    """`text` as the inbox search compares names: lower case, without accents, apostrophes or
    hyphens (staff who hear "O'Connor" on the phone type "oconnor" as often as "o'connor")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(NAME_MARKS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _same_words(earlier, values):
    """Whether `values` are the stored request `earlier` sent again (then kept once)."""
    if earlier is None or any(getattr(earlier, k) != v for k, v in values.items()):
        return False
    logger.info("Consultation request %s sent again; kept once.", earlier.reference)
    return True


@sensitive_variables()
def submit_request(
    data, *, client_hash, spam_reason="", consent_text, consent_version, form_token=""
):
    """Store one request with its consent record and the task that will email staff about it.

    Suspected spam (or someone else's reused `form_token`) is stored flagged and mails nobody;
    the same form sent again unchanged returns the request it first made. Raises CheckFirst (a
    form suspect only by its timing) or RateLimited, storing nothing.
    """
    procedure = data.get("procedure")
    values = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "email": data["email"],
        "phone": data["phone"],
        "contact_method": data.get("contact_method") or ConsultationRequest.ContactMethod.PHONE,
        "best_time": data.get("best_time") or ConsultationRequest.BestTime.ANY,
        "patient": data.get("patient") or ConsultationRequest.Patient.SELF,
        "procedure": procedure,
        "message": data["message"],
        "heard_about": data.get("heard_about") or "",
    }
    with transaction.atomic():
        # The token first: a form sent twice is answered as once even at the rate limit.
        claimed = bool(form_token) and spam.claim_token(form_token)
        if form_token and not claimed:
            earlier = spam.request_sent_with(form_token)
            if _same_words(earlier, values):
                return earlier
            if earlier is None or not spam.same_sender(earlier, values, client_hash):
                spam_reason = spam_reason or ConsultationRequest.SpamReason.REPLAYED
            # Else the same person changed the form and sent it again: a request of its own.
        if spam_reason in ("", spam.Reason.TOO_FAST):
            earlier = spam.sent_just_before(values)
            if _same_words(earlier, values):
                return earlier
            if earlier is not None and earlier.client_hash == client_hash:
                # A quick correction of a request just sent, from where it was sent. Not by
                # email or phone alone: the answer (thanks, or the form again) would tell anyone
                # typing a stranger's number whether that person sent a request this hour.
                spam_reason = ""
        if claimed and spam_reason in (spam.Reason.TOO_FAST, spam.Reason.EXPIRED):
            raise CheckFirst(spam_reason)  # the token goes back unused with the transaction
        if settings.CONSULTATION_RATE_LIMIT:
            _check_rate_limit(client_hash)
        name = folded(f"{values['first_name']} {values['last_name']}")
        request = ConsultationRequest.objects.create(
            reference=_new_reference(),
            **values,
            search_name=name[: ConsultationRequest._meta.get_field("search_name").max_length],
            procedure_title=procedure.title if procedure else "",
            consent_text=consent_text,
            consent_version=consent_version,
            consent_given_at=timezone.now(),
            client_hash=client_hash,
            is_spam=bool(spam_reason),
            spam_reason=spam_reason,
            spam_since=timezone.now() if spam_reason else None,
            notification_status=Notification.SKIPPED if spam_reason else Notification.PENDING,
        )
        if claimed:
            spam.link_token(form_token, request)
        if not spam_reason:
            queue_notification(request.pk)
    logger.info(
        "Consultation request %s stored%s.",
        request.reference,
        " as suspected spam" if spam_reason else "",
    )
    return request


def queue_notification(pk, *, delay=None):
    """Queue the task that emails staff about request `pk`; False if it could not be queued.

    Called inside the transaction that stores (or un-flags) the request, so the task row is
    committed with it or not at all. A failure to queue never costs the request: the savepoint
    undoes the task alone, and the request, still pending, waits for send_pending_notifications.
    """
    from .tasks import send_staff_notification  # tasks imports this module

    task = send_staff_notification
    if delay is not None:
        task = task.using(run_after=timezone.now() + delay)
    try:
        with transaction.atomic():
            task.enqueue(pk)
    except Exception as exc:  # noqa: BLE001 - the request matters more than its reminder
        logger.error(
            "Staff email for consultation request #%s could not be queued (%s); "
            "send_pending_notifications will send it.",
            pk,
            type(exc).__name__,
        )
        return False
    return True


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
    domain = urllib.parse.urlsplit(settings.SITE_URL).hostname or "localhost"
    return EmailMessage(
        subject=f"New consultation request {request.reference}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=settings.CONSULTATION_NOTIFY_EMAILS,
        # One Message-ID per request, the same on every attempt: should a sender die between the
        # server's "accepted" and recording it (the one gap no claim can close), mail systems
        # that deduplicate by Message-ID treat the second copy as the same message.
        headers={"Message-ID": f"<consultation-request.{request.reference}@{domain}>"},
    )


class SendDeadlineExceeded(Exception):
    """The mail server took longer than SEND_DEADLINE_SECONDS over one email."""


@contextlib.contextmanager
def send_deadline(seconds):
    """Raise SendDeadlineExceeded in the block once `seconds` have passed (then each second).

    SIGALRM interrupts a read that is blocked or crawling, which no socket timeout does. Signals
    reach the main thread only, where the task worker and the management commands run; elsewhere
    (`db_worker --reload` runs tasks in a thread) the block runs without a deadline.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise SendDeadlineExceeded(f"no answer within {seconds} s")

    began = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expired)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # someone else's timer was running: put it back
            remaining = max(previous_delay - (time.monotonic() - began), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


def notify_staff(pk):
    """Send the staff email for one request, exactly once; True if this call sent it.

    The conditional UPDATE is the claim: only one caller (the worker's task or a
    `send_pending_notifications` run) can move the row from pending to sending, on SQLite and on
    PostgreSQL alike. A failed send puts the row back to pending for the next attempt. No database
    transaction is open while the mail server is talked to.
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
        with send_deadline(SEND_DEADLINE_SECONDS):
            notification_message(request).send()
    except Exception as exc:  # noqa: BLE001 - any failure to send must leave the row pending
        ConsultationRequest.objects.filter(pk=pk, notification_status=Notification.SENDING).update(
            notification_status=unsent(),
            notification_claimed_at=None,
            notification_attempts=F("notification_attempts") + 1,
            notification_error=type(exc).__name__[:100],
        )
        # The exception's class only: SMTP errors can echo parts of the message back.
        logger.warning(
            "Staff email for consultation request %s not sent (%s); it stays pending.",
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


def send_queued_notification(pk):
    """The task's work: send the email, or queue the next attempt. Returns what happened.

    Several tasks may exist for one request (a retry, a request marked genuine again); the claim
    in notify_staff lets one of them send and makes the others no-ops.
    """
    if notify_staff(pk):
        return "sent"
    attempts = (
        ConsultationRequest.objects.filter(pk=pk, notification_status=Notification.PENDING)
        .values_list("notification_attempts", flat=True)
        .first()
    )
    if attempts is None:
        return "nothing to do"  # sent, being sent by another sender, spam, or purged
    if attempts >= TASK_ATTEMPTS:
        return "not sent; left to send_pending_notifications"
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    queue_notification(pk, delay=delay)
    return f"not sent; next attempt in {delay}"


class NotificationNotConfigured(Exception):
    """No recipient is configured for staff emails; requests wait until one is."""


def unsent():
    """Where a claimed row goes when its email did not go out: back to pending, or to skipped if
    staff marked it as spam while it was being sent (set_spam_flag leaves a claim to its
    sender), so that no retry mails it."""
    return Case(
        When(is_spam=True, then=Value(Notification.SKIPPED)), default=Value(Notification.PENDING)
    )


def release_stale_claims(now=None):
    """Put back to pending the claims of senders that stopped mid-way (killed, crashed)."""
    now = now or timezone.now()
    return ConsultationRequest.objects.filter(
        notification_status=Notification.SENDING,
        notification_claimed_at__lt=now - STALE_CLAIM_AFTER,
    ).update(notification_status=unsent(), notification_claimed_at=None)


def send_pending_notifications():
    """The safety net: send the pending staff emails, oldest first. Returns (sent, not sent).

    Catches what the worker could not send; each row is claimed before it is mailed. Stops at
    the first failure: the rest would wait EMAIL_TIMEOUT each on the same server, then fail too.
    """
    release_stale_claims()
    pending = ConsultationRequest.objects.pending_notification()
    pks = list(pending.order_by("created_at").values_list("pk", flat=True))
    sent = 0
    for index, pk in enumerate(pks):
        if notify_staff(pk):
            sent += 1
        elif pending.filter(pk=pk).exists():  # this one failed: so would the rest
            return sent, pending.filter(pk__in=pks[index:]).count()
    return sent, 0


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
    Returns the ids of the requests it changed.

    A request that was caught as spam was never mailed to staff; once marked genuine, its staff
    email is queued like a new request's, so whoever watches the inbox hears of it. One marked as
    spam before its email went out (the mail server was down, say) is not mailed after all: staff
    have already seen it and judged it.
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
        else:
            # A queued task or the safety net then finds nothing pending. A sender that has
            # already claimed one (SENDING) finishes; if it fails, unsent() skips the row.
            changed.filter(notification_status=Notification.PENDING).update(
                notification_status=Notification.SKIPPED
            )
        changed.update(is_spam=is_spam, spam_since=timezone.now() if is_spam else None)
        StaffNote.objects.bulk_create(
            StaffNote(request_id=pk, author=user, text=note) for pk in pks
        )
        for pk in held_back:
            queue_notification(pk)
    return pks


@sensitive_variables()
def delete_requests(requests, finds):
    """Delete requests (a patient asked to be forgotten) and forget the access log's search words
    that found them, as `finds(query, rows)` (the inbox search) says; the log's rows stay, as the
    record of who opened what, by reference."""
    if not requests:
        return
    rows = ConsultationRequest.objects.filter(pk__in=[r.pk for r in requests])
    # A search made before a request arrived cannot have found it. Each is tried before the
    # write transaction, which would otherwise hold the database meanwhile.
    logged = AccessLog.objects.exclude(query="").filter(at__gte=min(r.created_at for r in requests))
    queries = logged.order_by().values_list("query", flat=True).distinct()
    found = [query for query in queries if finds(query, rows)]
    with transaction.atomic():
        logged.filter(query__in=found).update(query="")
        rows.delete()
