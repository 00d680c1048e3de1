"""Markdown is rendered when saved: add the HTML fields and render every existing row.

Sections are rendered in page order, so each keeps the anchor its page showed until now.
"""

from django.db import migrations, models
from django.utils.text import slugify


def render_existing(apps, schema_editor):
    from procedures.markdown import free_id, render_markdown

    db = schema_editor.connection.alias

    def model(name):
        return apps.get_model("procedures", name).objects.using(db)

    groups = list(model("ProcedureGroup"))
    for group in groups:
        group.intro_html = render_markdown(group.intro, id_prefix="intro--").html
    model("ProcedureGroup").bulk_update(groups, ["intro_html"])

    sections, taken = list(model("Section").order_by("procedure_id", "order", "id")), {}
    for section in sections:
        seen = taken.setdefault(section.procedure_id, set())
        section.anchor = free_id(slugify(section.heading) or "section", seen)
        seen.add(section.anchor)
        section.body_html = render_markdown(
            section.body, id_prefix=f"{section.anchor}--", top_level=3
        ).html
    model("Section").bulk_update(sections, ["anchor", "body_html"])

    conditions = list(model("Condition"))
    for condition in conditions:
        rendered = render_markdown(condition.body, top_level=2)
        condition.body_html = rendered.html
        condition.contents = [
            {"id": h["id"], "title": h["title"]} for h in rendered.headings if h["level"] == 2
        ]
    model("Condition").bulk_update(conditions, ["body_html", "contents"])

    faqs = list(model("FAQ"))
    for faq in faqs:
        faq.answer_html = render_markdown(
            faq.answer, id_prefix=f"faq-{faq.pk}--", top_level=3
        ).html
    model("FAQ").bulk_update(faqs, ["answer_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0002_procedure_facts_condition_review_group_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="condition",
            name="contents",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="faq",
            name="answer_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="proceduregroup",
            name="intro_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="section",
            name="anchor",
            field=models.CharField(blank=True, default="", editable=False, max_length=170),
        ),
        migrations.AddField(
            model_name="section",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
