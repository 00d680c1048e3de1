"""Send the staff emails that could not go out when their requests arrived (run it from cron).

Safe to run as often as you like, and while another run is still busy: every request is claimed
in the database before its email is sent, so each email goes out once.
"""

from django.core.management.base import BaseCommand

from consultations import services


class Command(BaseCommand):
    help = "Send staff notification emails still pending (e.g. after a mail server outage)."

    def handle(self, *args, **options):
        sent, failed = services.send_pending_notifications()
        message = f"Sent {sent} pending notification(s)."
        if failed:
            message += f" {failed} could not be sent and stay pending for the next run."
            self.stderr.write(self.style.WARNING(message))
        else:
            self.stdout.write(message)
