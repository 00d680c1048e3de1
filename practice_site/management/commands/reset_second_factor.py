"""For the server operator: reset a person's second factor when no superuser can sign in."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...twofactor import services

MESSAGE = (
    "Reset the second factor from the server's command line (manage.py reset_second_factor): "
    "the authenticator and backup codes were removed."
)


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator and backup codes; they set up a new one at their "
        "next sign-in. In the admin, superusers do this from the user's page instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if not services.reset(user):
            self.stdout.write(f"{username} had no second factor set up: nothing to reset.")
            return
        # The admin's own record, so the reset shows in the user's history like one made there.
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=MESSAGE,
            single_object=True,
        )
        self.stdout.write(f"Reset {username}'s second factor: they set it up at next sign-in.")
