"""Delete stored photo files that no gallery record uses (run it daily from cron).

Such files are left behind when an upload's admin transaction rolls back after the photos were
written. Files younger than an hour are left alone: they may belong to an upload in progress.
"""

from django.core.management.base import BaseCommand

from gallery import services


class Command(BaseCommand):
    help = "Delete stored gallery photo files that no case uses any more."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the files; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = len(services.orphaned_files())
            self.stdout.write(f"Would delete {count} unused photo file(s).")
        else:
            count = len(services.delete_orphaned_files())
            self.stdout.write(f"Deleted {count} unused photo file(s).")
