from django.core.management.base import BaseCommand

from practice_site.drafts.services import run_due


class Command(BaseCommand):
    help = (
        "Publish the drafts and withdraw the pages whose scheduled time has come. The task "
        "worker does this on time; run this from cron (every few minutes) as a safety net."
    )

    def handle(self, *args, **options):
        done, failed = run_due()
        self.stdout.write(f"{done} scheduled change(s) made, {failed} could not be made.")
        if failed:
            self.stderr.write("See the drafts marked with a problem in the admin.")
