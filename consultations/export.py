"""The staff inbox's CSV export: requests as listed on screen, each with its staff notes."""

import csv
import itertools

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import StaffNote


def csv_safe(value):
    """Keep a spreadsheet from running patient-supplied text as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def note_history(request):
    """Every note on the request, oldest first, with its time and author, a blank line apart."""
    return "\n\n".join(
        f"{local_time(note.created_at)}, {note.author_name}: {note.text}"
        for note in request.notes.all()
    )


COLUMNS = [
    ("Reference", "reference"),
    ("Received", "created_at"),
    ("Status", "get_status_display"),
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Email", "email"),
    # As the request page shows it: a spreadsheet reads "+16265550100" as a number (the plus
    # dropped, a long one shown as 4.4E+11) and leaves ";ext=" to the reader.
    ("Phone", "phone_shown"),
    ("Preferred contact", "get_contact_method_display"),
    ("Best time", "get_best_time_display"),
    ("Request is for", "get_patient_display"),
    ("Procedure or concern", "procedure_or_concern"),
    ("Message", "message"),
    ("Heard about us from", "get_heard_about_display"),
    ("Suspected spam", "is_spam"),
    ("Staff email", "notification_shown"),
    ("Consent version", "consent_version"),
    ("Consent given", "consent_given_at"),
    ("Staff notes", note_history),
]


def cell(request, source):
    value = source(request) if callable(source) else getattr(request, source)
    value = value() if callable(value) else value
    if hasattr(value, "tzinfo"):
        value = local_time(value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    return csv_safe(value)


def rows(queryset):
    yield [label for label, _ in COLUMNS]
    notes = Prefetch("notes", queryset=StaffNote.objects.select_related("author"))
    for request in queryset.prefetch_related(notes).iterator(chunk_size=500):
        yield [cell(request, source) for _, source in COLUMNS]


class Echo:
    """csv.writer writes each row here and gets the line back, so rows stream one by one."""

    def write(self, value):
        return value


def csv_response(queryset):
    """The requests as a streamed CSV download, never cached."""
    writer = csv.writer(Echo())
    # The byte-order mark tells Excel the file is UTF-8; without it, Excel on Windows shows
    # "Zoë" as "ZoÃ«".
    lines = itertools.chain(["\ufeff"], (writer.writerow(row) for row in rows(queryset)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="consultation-requests-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
