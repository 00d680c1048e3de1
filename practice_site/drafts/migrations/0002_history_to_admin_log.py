"""django-simple-history's records become entries of the admin log before its tables go.

Each record made by a member of staff becomes a log entry (who, when, which fields changed, and
the change reason where one was written): the list that every page's "History" shows. A section's
or a photo consent's record is logged on its procedure or case, as the admin logs inline changes.
Records with no person (the demo loader, the shell) say nothing about who did what and are not
kept. The apps' migrations that delete the history tables run after this one.
"""

import json

from django.db import migrations

ADDITION, CHANGE, DELETION = 1, 2, 3

# (app, historical model, model, field naming the record, parent link or None)
HISTORIES = [
    ("procedures", "HistoricalProcedureGroup", "proceduregroup", "title", None),
    ("procedures", "HistoricalProcedure", "procedure", "title", None),
    ("procedures", "HistoricalSection", "section", "heading", "procedure"),
    ("procedures", "HistoricalFAQ", "faq", "question", None),
    ("procedures", "HistoricalCondition", "condition", "title", None),
    ("gallery", "HistoricalCase", "case", "number", None),
    ("gallery", "HistoricalPhotoConsent", "photoconsent", "signed_on", "case"),
    ("testimonials", "HistoricalTestimonial", "testimonial", "quote", None),
]
PARENTS = {"procedure": ("procedures", "procedure", "title"), "case": ("gallery", "case", "number")}


def _name(model, label_field, record):
    value = getattr(record, label_field)
    if model == "case":
        return f"Patient {value}"
    if model == "photoconsent":
        return f"consent signed {value}"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _message(record, before, fields, parent, noun, name):
    if record.history_change_reason:
        return record.history_change_reason
    changed = [
        str(f.verbose_name)
        for f in fields
        if before is not None and getattr(before, f.attname) != getattr(record, f.attname)
    ]
    kind = {"+": "added", "~": "changed", "-": "deleted"}[record.history_type]
    if parent is None:
        if kind == "added":
            return json.dumps([{"added": {}}])
        return json.dumps([{"changed": {"fields": changed}}]) if kind == "changed" else ""
    detail = {"name": noun, "object": name}
    if kind == "changed":
        detail["fields"] = changed
    return json.dumps([{kind: detail}])


def history_to_admin_log(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def content_type(app, model):
        return ContentType.objects.get_or_create(app_label=app, model=model)[0]

    names = {}

    def parent_name(app, model, label_field, pk):
        if (model, pk) not in names:
            row = apps.get_model(app, model).objects.filter(pk=pk).first()
            names[model, pk] = _name(model, label_field, row) if row else f"{model} {pk}"
        return names[model, pk]

    for app, historical, model, label_field, parent in HISTORIES:
        try:
            Historical = apps.get_model(app, historical)
        except LookupError:  # already gone
            continue
        skip = {"id", "history_id", "history_date", "history_change_reason", "history_type"}
        fields = [
            f
            for f in Historical._meta.concrete_fields
            if f.name not in skip and f.name != "history_user" and not f.name.endswith("_html")
        ]
        noun = str(apps.get_model(app, model)._meta.verbose_name)
        previous = {}
        entries = []
        for record in Historical.objects.order_by("history_date", "history_id").iterator():
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_user_id is None:
                continue
            name = _name(model, label_field, record)
            if parent is None:
                ct, object_id, repr_ = content_type(app, model), record.id, name
                flag = {"+": ADDITION, "~": CHANGE, "-": DELETION}[record.history_type]
            else:
                parent_app, parent_model, parent_label = PARENTS[parent]
                object_id = getattr(record, f"{parent}_id")
                ct, flag = content_type(parent_app, parent_model), CHANGE
                repr_ = parent_name(parent_app, parent_model, parent_label, object_id)
            entries.append(
                LogEntry(
                    action_time=record.history_date,
                    user_id=record.history_user_id,
                    content_type=ct,
                    object_id=str(object_id),
                    object_repr=repr_[:200],
                    action_flag=flag,
                    change_message=_message(record, before, fields, parent, noun, name),
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("procedures", "0003_rendered_markdown"),
        ("gallery", "0001_initial"),
        ("testimonials", "0001_initial"),
    ]
    run_before = [
        ("procedures", "0004_delete_history"),
        ("gallery", "0002_delete_history"),
        ("testimonials", "0002_delete_history"),
    ]

    operations = [migrations.RunPython(history_to_admin_log, migrations.RunPython.noop)]
