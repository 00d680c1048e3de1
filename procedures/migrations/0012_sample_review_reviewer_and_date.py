import django.db.models.deletion
from django.db import migrations, models


def keep_the_samples(apps, schema_editor):
    # A page marked as the demo's sample keeps the review it carries now as that sample.
    for name in ("Procedure", "Condition"):
        pages = apps.get_model("procedures", name).objects.filter(sample_review=True)
        pages.update(
            sample_reviewed_by=models.F("reviewed_by"),
            sample_reviewed_on=models.F("last_reviewed"),
        )


def mark_the_samples(apps, schema_editor):
    for name in ("Procedure", "Condition"):
        pages = apps.get_model("procedures", name).objects
        pages.filter(
            sample_reviewed_on__isnull=False, sample_reviewed_on=models.F("last_reviewed")
        ).update(sample_review=True)


class Migration(migrations.Migration):
    dependencies = [
        ("practice_site", "0009_providers"),
        ("procedures", "0011_review_date_optional"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model,
                name="sample_reviewed_by",
                field=models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="practice_site.provider",
                ),
            )
            for model in ("condition", "procedure")
        ),
        *(
            migrations.AddField(
                model_name=model,
                name="sample_reviewed_on",
                field=models.DateField(blank=True, editable=False, null=True),
            )
            for model in ("condition", "procedure")
        ),
        migrations.RunPython(keep_the_samples, mark_the_samples),
        *(
            migrations.RemoveField(model_name=model, name="sample_review")
            for model in ("condition", "procedure")
        ),
    ]
