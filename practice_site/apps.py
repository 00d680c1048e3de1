from django.apps import AppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here rather than in the middleware module so that edits made outside a web request
        # (management commands, the shell, cron jobs) also renew the page cache's content version.
        from django.db.models.signals import post_migrate

        from .cache import connect_signals
        from .sites import sync_site_domain

        connect_signals()
        post_migrate.connect(sync_site_domain, dispatch_uid="sync_site_domain")
