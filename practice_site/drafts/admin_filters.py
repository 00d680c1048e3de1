"""The change list's filters for drafts and medical review, and how staff read a time."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from procedures.admin_ui import ChoicesFilter
from procedures.models import with_sample_flag


def when(value):
    """A date and time as staff read it: "May 3, 2026, 14:05"."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


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


class UnpublishedChangesFilter(ChoicesFilter):
    """?unpublished=yes: pages with a draft; =scheduled: with a publication or withdrawal set;
    =failed: whose scheduled publication failed (the staff home's alert)."""

    title = "unpublished changes"
    parameter_name = "unpublished"

    def options(self):
        scheduled = Q(drafts_go_live__isnull=False) | Q(drafts_withdraw__isnull=False)
        return {
            "yes": ("Unpublished changes", lambda pages: pages.filter(drafts_since__isnull=False)),
            "scheduled": ("Scheduled to go live or leave", lambda pages: pages.filter(scheduled)),
            "failed": (
                "Not published on schedule",
                lambda pages: pages.filter(drafts_failed__isnull=False),
            ),
            "no": ("Published as they are", lambda pages: pages.filter(drafts_since__isnull=True)),
        }


class MedicalReviewFilter(ChoicesFilter):
    """?review=overdue: not reviewed for longer than MEDICAL_REVIEW_MONTHS, or the demo's
    sample review (the staff home's link); =due: due within a month; =current: reviewed
    recently."""

    title = "medical review"
    parameter_name = "review"

    def options(self):
        months = settings.MEDICAL_REVIEW_MONTHS
        cutoff = review_cutoff()
        month_later = cutoff + timedelta(days=31)
        return {
            "overdue": (
                f"Overdue (not reviewed for {months} months, or a sample)",
                lambda pages: with_sample_flag(pages).filter(
                    Q(last_reviewed__lt=cutoff)
                    | Q(last_reviewed__isnull=True)
                    | Q(is_sample_review=True)
                ),
            ),
            "due": (
                "Due within a month",
                lambda pages: with_sample_flag(pages).filter(
                    last_reviewed__gte=cutoff, last_reviewed__lt=month_later, is_sample_review=False
                ),
            ),
            "sample": (
                "A sample (the demo's)",
                lambda pages: with_sample_flag(pages).filter(is_sample_review=True),
            ),
            "current": (
                "Up to date",
                lambda pages: with_sample_flag(pages).filter(
                    last_reviewed__gte=month_later, is_sample_review=False
                ),
            ),
        }
