"""Addresses of the staff inbox (the consultation requests' admin), for its tests."""

from django.urls import reverse

CHANGELIST = "admin:consultations_consultationrequest_changelist"
EXPORT = "admin:consultations_consultationrequest_export"


def change_url(request):
    return reverse("admin:consultations_consultationrequest_change", args=[request.pk])
