"""The two staff roles, as groups: who may work consultation requests and who edits the site.

Brought up to date after every `migrate` (practice_site/apps.py), because the permissions of
models in any app only exist once Django has created them after migrating. Permissions are
chosen by app label, so this module imports no app of ours.
"""

FRONT_DESK = "Front desk"
CONTENT_EDITOR = "Content editor"

# Front desk: read requests, move them through the workflow, add notes. Deleting is left to the
# retention command (and to administrators), exporting to users given that permission one by one.
FRONT_DESK_PERMISSIONS = [
    ("consultations", "view_consultationrequest"),
    ("consultations", "change_consultationrequest"),
    ("consultations", "view_staffnote"),
    ("consultations", "add_staffnote"),
]

# Content editors: everything about the site's pages and content, nothing about patients' requests.
CONTENT_APP_LABELS = ["practice_site", "procedures", "gallery", "testimonials", "redirects"]

# A redirect to another website (practice_site/admin.py) needs this, given user by user: an
# editor's account could otherwise send any page of the site's trusted address anywhere.
OFF_SITE_REDIRECTS = ("redirects", "redirect_off_site", "Can point redirects to other websites")
OFF_SITE_REDIRECTS_PERMISSION = f"{OFF_SITE_REDIRECTS[0]}.{OFF_SITE_REDIRECTS[1]}"


def sync_groups(Group, Permission, ContentType, using="default"):
    """Create the groups and the off-site redirect permission if missing; give the groups their
    permissions. Returns the groups.

    Only adds permissions (staff may have granted more on purpose), except that a Content editor
    never keeps a permission on consultation data or the off-site redirect one.
    """
    app_label, codename, name = OFF_SITE_REDIRECTS
    redirect_type, _ = ContentType.objects.db_manager(using).get_or_create(
        app_label=app_label, model="redirect"
    )
    off_site, _ = Permission.objects.db_manager(using).get_or_create(
        content_type=redirect_type, codename=codename, defaults={"name": name}
    )

    groups = Group.objects.db_manager(using)
    permissions = Permission.objects.db_manager(using)
    front_desk, _ = groups.get_or_create(name=FRONT_DESK)
    editor, _ = groups.get_or_create(name=CONTENT_EDITOR)

    desk_permissions = []
    for label, desk_codename in FRONT_DESK_PERMISSIONS:
        desk_permissions.extend(
            permissions.filter(content_type__app_label=label, codename=desk_codename)
        )
    front_desk.permissions.add(*desk_permissions)

    editor.permissions.add(*permissions.filter(content_type__app_label__in=CONTENT_APP_LABELS))
    editor.permissions.remove(
        off_site, *editor.permissions.filter(content_type__app_label="consultations")
    )
    return front_desk, editor


def sync_staff_groups(sender, using="default", **kwargs):
    """post_migrate, for practice_site: every permission created first, then the groups synced.

    It creates the permissions of the apps it hands out itself, so it does not depend on the
    order in which apps receive post_migrate.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    for label in [*CONTENT_APP_LABELS, "consultations"]:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(config, verbosity=0, using=using, apps=apps)
    sync_groups(Group, Permission, ContentType, using=using)
