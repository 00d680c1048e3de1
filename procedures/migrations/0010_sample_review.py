from django.db import migrations, models

HELP = "The review line is a demonstration sample: no doctor has checked this text."


def mark_demo_reviews(apps, schema_editor):
    # Until now a page's review line said "a sample" while its reviewer was a demonstration
    # entry: those reviews are the demo's, whoever the reviewer becomes.
    for name in ("Procedure", "Condition"):
        apps.get_model("procedures", name).objects.filter(reviewed_by__is_demo=True).update(
            sample_review=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0009_slug_help_redirect"),
        ("practice_site", "0009_providers"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="sample_review",
            field=models.BooleanField(default=False, editable=False, help_text=HELP),
        ),
        migrations.AddField(
            model_name="procedure",
            name="sample_review",
            field=models.BooleanField(default=False, editable=False, help_text=HELP),
        ),
        migrations.RunPython(mark_demo_reviews, migrations.RunPython.noop),
    ]
