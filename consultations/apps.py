from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_staff_groups(sender, app_config=None, using="default", apps=None, **kwargs):
    """After `migrate`: make sure every permission exists, then bring the staff groups up to date.

    Connected for this app's signal only; it creates the permissions of the content apps itself,
    so it does not depend on the order in which apps receive post_migrate.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .roles import CONTENT_APP_LABELS, sync_groups

    for label in [*CONTENT_APP_LABELS, "consultations"]:
        try:
            config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(config, verbosity=0, using=using, apps=global_apps)
    sync_groups(Group, Permission, using=using)


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "Consultation requests"

    def ready(self):
        post_migrate.connect(
            sync_staff_groups, sender=self, dispatch_uid="consultations.sync_staff_groups"
        )
