"""The admin speaks the practice's language: no "PRACTICE_SITE", "AXES" or "Task Results"."""

import re

from django.apps import apps
from django.urls import reverse

# Words after the first are lower case, or an abbreviation in capitals ("FAQs").
PLAIN = re.compile(r"^[A-Z][a-z’'-]*(?: (?:[a-z][a-z’'-]*|[A-Z]{2,}s?|and|or))*$|^[A-Z]{2,}s?$")

SECTIONS = {
    "auth": "Staff accounts",
    "axes": "Sign-in protection",
    "redirects": "Old addresses",
    "sites": "Website address",
    "django_tasks_database": "Background tasks",
    "practice_site": "Site settings",
    "procedures": "Procedures and conditions",
    "gallery": "Before-and-after gallery",
    "testimonials": "Testimonials",
    "consultations": "Consultations",
}


def test_every_section_and_list_of_the_admin_has_a_plain_name(admin_client):
    response = admin_client.get(reverse("admin:index"))
    app_list = response.context["app_list"]
    shown = {app["app_label"]: app["name"] for app in app_list}
    for label, name in SECTIONS.items():
        assert shown[label] == name
    for app in app_list:
        assert PLAIN.match(str(app["name"])), app["name"]
        for model in app["models"]:
            assert PLAIN.match(str(model["name"])), (app["name"], model["name"])
    html = response.content.decode()
    for code_word in ("PRACTICE_SITE", "Practice_Site", "AXES", "Axes", "Task Results", "Tasks"):
        assert code_word not in html


def test_the_library_lists_read_as_what_staff_see(admin_client):
    names = {
        model["object_name"]: model["name"]
        for app in admin_client.get(reverse("admin:index")).context["app_list"]
        for model in app["models"]
    }
    assert names["AccessAttempt"] == "Lockouts and repeated failures"
    assert names["AccessFailureLog"] == "Failed sign-ins"
    assert names["Redirect"] == "Old addresses"
    assert names["DBTaskResult"] == "Background tasks"
    # The page of a list says it too, in its title and breadcrumbs.
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Sign-in protection" in page and "lockout" in page


def test_every_installed_app_shown_in_the_admin_names_itself(db):
    """Apps of ours and of libraries alike: a verbose name chosen on purpose, not the label."""
    from django.contrib import admin

    for model in admin.site._registry:
        config = apps.get_app_config(model._meta.app_label)
        assert "verbose_name" in vars(type(config)), config.label


def test_renaming_for_display_changes_no_migration(db):
    """Display names set at start-up are not model options: `makemigrations` sees nothing."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
