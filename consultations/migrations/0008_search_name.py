"""The inbox's search column for names in any alphabet, case and accents folded; filled for the
requests already stored."""

import unicodedata

from django.db import migrations, models


def folded(text):
    # consultations.services.folded as of this migration (a migration keeps its own copy).
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fill(apps, schema_editor):
    Request = apps.get_model("consultations", "ConsultationRequest")
    batch = []
    for request in Request.objects.only("first_name", "last_name").iterator(chunk_size=2000):
        # Folding can lengthen a name ("ß" is "ss"): the column keeps what fits.
        request.search_name = folded(f"{request.first_name} {request.last_name}")[:161]
        batch.append(request)
        if len(batch) == 2000:
            Request.objects.bulk_update(batch, ["search_name"])
            batch = []
    Request.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_phone_extension"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=161),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
