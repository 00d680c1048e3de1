from django.apps import AppConfig


class DraftsConfig(AppConfig):
    """Its own app label, so that its tables are not "content" to the page cache (a saved draft
    changes no public page) and its migrations stay apart from practice_site's."""

    name = "practice_site.drafts"
    label = "drafts"
    verbose_name = "Drafts and published versions"
    default_auto_field = "django.db.models.BigAutoField"
