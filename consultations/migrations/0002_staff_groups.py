"""Create the "Front desk" and "Content editor" staff groups.

On a fresh database the permissions do not exist yet while migrations run (Django creates them
afterwards), so this gives the groups whatever permissions already exist; the post_migrate handler
in consultations/apps.py completes them at the end of every `migrate`.
"""

from django.db import migrations


def create_groups(apps, schema_editor):
    from consultations.roles import sync_groups

    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"),
                using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    from consultations.roles import CONTENT_EDITOR, FRONT_DESK

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=[FRONT_DESK, CONTENT_EDITOR]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("consultations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
    ]
