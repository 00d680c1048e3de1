from django.contrib.admin.apps import AdminConfig


class PracticeAdminConfig(AdminConfig):
    """django.contrib.admin with the practice's own admin site (see admin_site.py)."""

    default_site = "practice_site.admin_site.PracticeAdminSite"
