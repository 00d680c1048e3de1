from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures and conditions"

    def ready(self):
        from .model_fields import name_listings
        from .models import Condition

        name_listings(
            Condition._meta.get_field("procedures"), "condition page listing", page="condition"
        )
