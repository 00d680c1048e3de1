"""Create the "Front desk" and "Content editor" staff groups.

Self-contained on purpose: a migration must run the same way whatever later happens to the code.
The groups' permissions are given after every `migrate` by practice_site/roles.py (on a fresh
database they do not exist yet while migrations run).
"""

from django.db import migrations

GROUPS = ["Front desk", "Content editor"]


def create_groups(apps, schema_editor):
    groups = apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias)
    for name in GROUPS:
        groups.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=GROUPS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("consultations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
    ]
