"""When each request became suspected spam, for purge_consultations to count from: for spam that
staff marked, the note they left saying so; for spam the filter caught, its arrival."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Request = apps.get_model("consultations", "ConsultationRequest")
    StaffNote = apps.get_model("consultations", "StaffNote")
    marked = StaffNote.objects.filter(
        request=OuterRef("pk"), text="Marked as suspected spam."
    ).order_by("-created_at")
    Request.objects.filter(is_spam=True).update(
        spam_since=Coalesce(Subquery(marked.values("created_at")[:1]), F("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0012_search_name_without_marks"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="spam_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
