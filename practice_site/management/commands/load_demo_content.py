"""Fill an empty database with the demonstration practice, read from the files under demo/.

Idempotent: each part is skipped when its app already has content, so the command can run on
every start of the demo without duplicating anything or touching real content.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from ... import demo
from ...sites import sync_site_domain
from ...twofactor import services as twofactor

# In dependency order: later parts link to procedures.
PARTS = [
    ("practice profile and pages", demo.load_site),
    ("providers", demo.load_providers),  # before procedures: they name a reviewer
    ("procedures, conditions and FAQs", demo.load_procedures),
    ("gallery cases", demo.load_gallery),
    ("testimonials", demo.load_testimonials),
]


class Command(BaseCommand):
    help = "Load the demonstration practice into an empty database (safe to run again)."

    def handle(self, *args, **options):
        content = demo.read()  # every file checked before anything is written
        sync_site_domain()  # the demo's redirect is stored against the Sites record
        for label, load in PARTS:
            with transaction.atomic():
                created = load(content)
            state = "added" if created else "already present, left as it is"
            self.stdout.write(f"Demo {label}: {state}.")
        # Sample requests would look like real patients' health information, and would have to be
        # told apart from real ones at go-live; the staff groups come from a data migration.
        self.stdout.write("Consultation requests: none added (the staff inbox starts empty).")
        self.ensure_admin()

    def ensure_admin(self):
        """A demo administrator already enrolled in two-step sign-in, its password, authenticator
        key and backup codes printed this once. There is no exemption from the second factor
        anywhere, so nothing here can be abused in production."""
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_superuser("demo-admin", "", password)
            device = twofactor.enrol_without_confirmation(user)
            codes = twofactor.replace_backup_codes(user)
        self.stdout.write(
            self.style.WARNING(
                "\nCreated a demo administrator (shown only this once):\n"
                f"  username: demo-admin\n  password: {password}\n"
                "After the password, sign-in asks for a code. Either add this key to an\n"
                'authenticator app ("enter a setup key", time-based) and type its code:\n'
                f"  authenticator key: {twofactor.manual_key(device)}\n"
                "or type one of these backup codes (each works once):\n"
                f"  {'  '.join(twofactor.format_backup_code(code) for code in codes)}\n"
            )
        )
