"""The two staff roles, as groups: who may work consultation requests and who edits the site.

Used twice: by the data migration that creates the groups, and after every `migrate` (a
post_migrate handler), because the permissions of models added later, in any app, only exist once
Django has created them after migrating. Permissions are chosen by app label, so this module
imports no other app of ours.
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


def sync_groups(Group, Permission, using="default"):
    """Create the groups if missing and give them their permissions; returns the groups.

    Only adds permissions (staff may have granted more on purpose), except that a Content editor
    never keeps any permission on consultation data.
    """
    groups = Group.objects.db_manager(using)
    permissions = Permission.objects.db_manager(using)
    front_desk, _ = groups.get_or_create(name=FRONT_DESK)
    editor, _ = groups.get_or_create(name=CONTENT_EDITOR)

    desk_permissions = []
    for app_label, codename in FRONT_DESK_PERMISSIONS:
        desk_permissions.extend(
            permissions.filter(content_type__app_label=app_label, codename=codename)
        )
    front_desk.permissions.add(*desk_permissions)

    editor.permissions.add(*permissions.filter(content_type__app_label__in=CONTENT_APP_LABELS))
    editor.permissions.remove(*editor.permissions.filter(content_type__app_label="consultations"))
    return front_desk, editor
