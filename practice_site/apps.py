from django.apps import AppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    verbose_name = "Site settings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here rather than in the middleware module so that edits made outside a web request
        # (management commands, the shell, cron jobs) also renew the page cache's content version.
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401 (connects the file clean-up receivers)
        from .cache import connect_signals
        from .middleware import StaffSessionLifetimeMiddleware
        from .roles import sync_staff_groups
        from .sites import sync_site_domain
        from .worker import queue_first_heartbeat

        connect_signals()
        post_migrate.connect(sync_site_domain, sender=self, dispatch_uid="sync_site_domain")
        post_migrate.connect(sync_staff_groups, sender=self, dispatch_uid="sync_staff_groups")
        post_migrate.connect(queue_first_heartbeat, sender=self, dispatch_uid="first_heartbeat")
        user_logged_in.connect(
            StaffSessionLifetimeMiddleware.stamp_sign_in, dispatch_uid="stamp_sign_in"
        )
