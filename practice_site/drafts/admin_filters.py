"""The change list's filters for drafts and medical review, and how staff read a time."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format


def when(value):
    """A date and time as staff read it: "May 3, 2026, 14:05"."""
    return date_format(timezone.localtime(value), "N j, Y, H:i") if value else ""


def months_ago(today, months):
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return today.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def review_cutoff():
    """Pages last reviewed before this date are overdue for medical review."""
    return months_ago(timezone.localdate(), settings.MEDICAL_REVIEW_MONTHS)


class UnpublishedChangesFilter(admin.SimpleListFilter):
    """?unpublished=yes: pages with a draft; =scheduled: with a publication or withdrawal set."""

    title = "unpublished changes"
    parameter_name = "unpublished"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Unpublished changes"),
            ("scheduled", "Scheduled to go live or leave"),
            ("no", "Published as they are"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(drafts_since__isnull=False)
        if self.value() == "scheduled":
            return queryset.filter(
                Q(drafts_go_live__isnull=False) | Q(drafts_withdraw__isnull=False)
            )
        if self.value() == "no":
            return queryset.filter(drafts_since__isnull=True)
        return queryset


class MedicalReviewFilter(admin.SimpleListFilter):
    """?review=overdue: not reviewed for longer than MEDICAL_REVIEW_MONTHS (the staff home's
    link); =due: due within a month; =current: reviewed recently."""

    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        months = settings.MEDICAL_REVIEW_MONTHS
        return [
            ("overdue", f"Overdue (not reviewed for {months} months)"),
            ("due", "Due within a month"),
            ("current", "Up to date"),
        ]

    def queryset(self, request, queryset):
        cutoff = review_cutoff()
        if self.value() == "overdue":
            return queryset.filter(Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True))
        if self.value() == "due":
            return queryset.filter(
                last_reviewed__gte=cutoff, last_reviewed__lt=cutoff + timedelta(days=31)
            )
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff + timedelta(days=31))
        return queryset
