"""Markdown is rendered when saved: add the page's HTML field and render every existing page."""

from django.db import migrations, models


def render_existing(apps, schema_editor):
    from procedures.markdown import render_markdown

    pages = apps.get_model("practice_site", "Page").objects.using(schema_editor.connection.alias)
    rows = list(pages)
    for page in rows:
        page.body_html = render_markdown(page.body).html
    pages.bulk_update(rows, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("practice_site", "0002_content_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
