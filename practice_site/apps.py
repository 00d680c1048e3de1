from django.apps import AppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    verbose_name = "Site settings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here rather than in the middleware module so that edits made outside a web request
        # (management commands, the shell, cron jobs) also renew the page cache's content version.
        from django import forms
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401 (connects the file clean-up receivers)
        from .cache import connect_signals
        from .middleware import StaffSessionLifetimeMiddleware
        from .roles import sync_staff_groups
        from .sites import sync_site_domain
        from .worker import queue_first_heartbeat

        connect_signals()
        # Django's "Enter a valid date." does not say how: staff typing "31/12/2025" (day first)
        # into a consent's or a review's date need the two forms an English date box takes.
        forms.DateField.default_error_messages["invalid"] = (
            "Enter the date as year-month-day, e.g. 2026-12-31, or as month/day/year, e.g. "
            "12/31/2026 (or pick it from the calendar)."
        )
        post_migrate.connect(sync_site_domain, sender=self, dispatch_uid="sync_site_domain")
        post_migrate.connect(sync_staff_groups, sender=self, dispatch_uid="sync_staff_groups")
        post_migrate.connect(queue_first_heartbeat, sender=self, dispatch_uid="first_heartbeat")
        user_logged_in.connect(
            StaffSessionLifetimeMiddleware.stamp_sign_in, dispatch_uid="stamp_sign_in"
        )
