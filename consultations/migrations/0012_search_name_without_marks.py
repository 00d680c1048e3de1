"""The inbox's search column again, now that it leaves out apostrophes and hyphens: "oconnor"
finds a request from "O'Connor" (or "O’Connor") sent before."""

import unicodedata

from django.db import migrations

NAME_MARKS = str.maketrans(dict.fromkeys("’‘´`\u2010\u2011–'-"))


def folded(text):
    # consultations.services.folded as of this migration (a migration keeps its own copy).
    decomposed = unicodedata.normalize("NFKD", text.translate(NAME_MARKS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def refold(apps, schema_editor):
    Request = apps.get_model("consultations", "ConsultationRequest")
    batch = []
    requests = Request.objects.only("first_name", "last_name", "search_name")
    for request in requests.iterator(chunk_size=2000):
        name = folded(f"{request.first_name} {request.last_name}")[:161]
        if name != request.search_name:
            request.search_name = name
            batch.append(request)
        if len(batch) == 2000:
            Request.objects.bulk_update(batch, ["search_name"])
            batch = []
    Request.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0011_search_name_marks"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
