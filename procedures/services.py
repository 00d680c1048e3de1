"""Actions on procedure pages that reach beyond one row: restoring an earlier version."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import FAQ, Section

# The fields of each child row that make up what the page shows.
CHILD_FIELDS = {
    Section: ("heading", "body", "order"),
    FAQ: ("question", "answer", "order", "is_published"),
}


def version_cutoff(record):
    """The last moment at which the page still looked like `record`.

    The admin saves a procedure first and its sections and questions a moment later, so a version
    of the page is everything saved up to (not including) the procedure's next save.
    """
    next_date = (
        type(record)
        .objects.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return next_date - timedelta(microseconds=1) if next_date else timezone.now()


@transaction.atomic
def restore_procedure_children(procedure, record):
    """Bring the sections and questions of `procedure` back to how they were at `record`.

    `record` is one of `procedure.history`; the procedure's own fields are restored by the admin's
    history form. Rows deleted since come back with their old ids, rows added since are deleted
    (their history is kept, so that too can be undone). Returns the number of rows changed.
    """
    cutoff = version_cutoff(record)
    changed = 0
    for model, fields in CHILD_FIELDS.items():
        latest = {}
        for old in model.history.filter(
            procedure_id=procedure.pk, history_date__lte=cutoff
        ).order_by("id", "-history_date", "-history_id"):
            latest.setdefault(old.id, old)
        wanted = {pk: old for pk, old in latest.items() if old.history_type != "-"}
        current = {row.pk: row for row in model.objects.filter(procedure=procedure)}
        for pk, row in current.items():
            if pk not in wanted:
                row._change_reason = "Removed by restoring an earlier version"
                row.delete()
                changed += 1
        for pk, old in wanted.items():
            row = current.get(pk)
            if row is not None and all(getattr(row, f) == getattr(old, f) for f in fields):
                continue
            restored = old.instance
            restored.procedure_id = procedure.pk
            restored._change_reason = "Restored from an earlier version"
            restored.save()
            changed += 1
    return changed
