"""Delete consultation requests past their retention period (run it daily from cron).

Suspected spam goes SPAM_RETENTION_DAYS after it became spam, not after it arrived, so a request
moved there by mistake is not gone the next night. The access log keeps its rows as the audit
trail but forgets search words as old as the deleted requests; expired form tokens go too.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.models import AccessLog, ConsultationRequest, UsedFormToken

SPAM_RETENTION_DAYS = 30


class Command(BaseCommand):
    help = "Delete consultation requests older than the retention period, and old suspected spam."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        days = settings.CONSULTATION_RETENTION_DAYS
        kept_since = now - timedelta(days=days)
        # Spam too: however late a request became spam, it is never kept past this.
        expired = ConsultationRequest.objects.filter(created_at__lt=kept_since)
        spam_days = min(SPAM_RETENTION_DAYS, days)
        cutoff = now - timedelta(days=spam_days)
        old_spam = ConsultationRequest.objects.spam().filter(
            Q(spam_since__lt=cutoff) | Q(spam_since=None, created_at__lt=cutoff),
            created_at__gte=kept_since,
        )
        old_searches = AccessLog.objects.filter(at__lt=now - timedelta(days=days)).exclude(query="")
        if dry_run:
            self.stdout.write(
                f"Dry run: would delete {expired.count()} request(s) older than {days} days and "
                f"{old_spam.count()} request(s) suspected spam for more than "
                f"{spam_days} days; would forget the search words of "
                f"{old_searches.count()} access log entries older than {days} days."
            )
            return
        with transaction.atomic():
            expired_count = expired.delete()[1].get(ConsultationRequest._meta.label, 0)
            spam_count = old_spam.delete()[1].get(ConsultationRequest._meta.label, 0)
            searches_count = old_searches.update(query="")
            token_count, _ = UsedFormToken.objects.filter(
                used_at__lt=now - timedelta(hours=settings.CONSULTATION_FORM_MAX_AGE_HOURS)
            ).delete()
        self.stdout.write(
            f"Deleted {expired_count} request(s) older than {days} days and {spam_count} "
            f"request(s) suspected spam for more than {spam_days} days, "
            f"and {token_count} used form token(s); forgot the search words of "
            f"{searches_count} access log entries older than {days} days."
        )
