"""Fill an empty database with the demonstration practice.

Idempotent: every app's loader skips the part it owns when that part already has content, so the
command can run on every start of the demo without duplicating anything or touching real content.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from gallery import demo as gallery_demo
from procedures import demo as procedures_demo
from testimonials import demo as testimonials_demo

from ... import demo as site_demo
from ...sites import sync_site_domain

# In dependency order: later parts link to procedures.
LOADERS = [
    ("practice profile and pages", site_demo.load),
    ("procedures, conditions and FAQs", procedures_demo.load),
    ("gallery cases", gallery_demo.load),
    ("testimonials", testimonials_demo.load),
]


class Command(BaseCommand):
    help = "Load the demonstration practice into an empty database (safe to run again)."

    def handle(self, *args, **options):
        sync_site_domain()  # the demo's redirect is stored against the Sites record
        for label, load in LOADERS:
            with transaction.atomic():
                created = load()
            state = "added" if created else "already present, left as it is"
            self.stdout.write(f"Demo {label}: {state}.")
        # Sample requests would look like real patients' health information, and would have to be
        # told apart from real ones at go-live; the staff groups come from a data migration.
        self.stdout.write("Consultation requests: none added (the staff inbox starts empty).")
        self.ensure_admin()

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("demo-admin", "", password)
        self.stdout.write(
            self.style.WARNING(
                "\nCreated a demo administrator (shown only this once):\n"
                f"  username: demo-admin\n  password: {password}\n"
            )
        )
