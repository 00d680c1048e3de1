"""The safety net for staff emails (run it from cron every few minutes).

The task worker (`manage.py db_worker`) normally sends each staff email within a second or two of
the request. This command sends whatever it could not: emails whose worker was killed mid-send,
whose retries ran out during a long mail outage, or that wait because no worker is running.

Safe to run as often as you like, and while the worker or another run is sending: every request
is claimed in the database before its email is sent, so each email goes out once.
"""

from django.core.management.base import BaseCommand

from consultations import services


class Command(BaseCommand):
    help = "Send staff notification emails still pending (e.g. after a mail server outage)."

    def handle(self, *args, **options):
        sent, not_sent = services.send_pending_notifications()
        message = f"Sent {sent} pending notification(s)."
        if not_sent:
            message += f" {not_sent} could not be sent and stay pending for the next run."
            self.stderr.write(self.style.WARNING(message))
        else:
            self.stdout.write(message)
