"""Addresses of the staff inbox (the consultation requests' admin), and requests as stored by
older code, for its tests."""

from django.urls import reverse
from django.utils import timezone

CHANGELIST = "admin:consultations_consultationrequest_changelist"
EXPORT = "admin:consultations_consultationrequest_export"


def change_url(request):
    return reverse("admin:consultations_consultationrequest_change", args=[request.pk])


def stored_by_old_code(Request, **fields):
    """A complete request, stored with `Request`: a migration test's historical model."""
    values = {
        "phone": "+16265550100",
        "message": "Help",
        "consent_text": "I agree",
        "consent_version": "2026-11",
        "consent_given_at": timezone.now(),
        "client_hash": "x" * 64,
    }
    return Request.objects.create(**{**values, **fields})
