from django.apps import AppConfig


class GalleryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gallery"
    verbose_name = "Before-and-after gallery"

    def ready(self):
        from procedures.model_fields import name_listings

        from . import signals  # noqa: F401  (connects the file clean-up receivers)
        from .models import Case

        name_listings(Case._meta.get_field("procedures"), "gallery case listing", page="case")
