"""Demonstration content for this app (called by `manage.py load_demo_content`).

The words live in `demo_content.py`; this module only puts them in the database.
"""

from django.utils import timezone

from . import demo_content
from .models import FAQ, Condition, Procedure, ProcedureGroup, Section


def load():
    """Add this app's demo content to an empty database; return True if anything was added."""
    if ProcedureGroup.objects.exists() or Procedure.objects.exists():
        return False
    today = timezone.localdate()
    groups = {}
    for order, data in enumerate(demo_content.GROUPS, start=1):
        groups[data["slug"]] = ProcedureGroup.objects.create(
            order=order * 10,
            **{
                k: data.get(k, "")
                for k in ("slug", "title", "summary", "intro", "meta_description")
            },
        )
    procedures = {}
    for order, data in enumerate(demo_content.PROCEDURES, start=1):
        procedure = Procedure.objects.create(
            group=groups[data["group"]],
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            meta_description=data["meta_description"],
            status=Procedure.Status.PUBLISHED,
            order=order * 10,
            last_reviewed=today,
        )
        procedures[data["slug"]] = procedure
        Section.objects.bulk_create(
            Section(procedure=procedure, heading=heading, body=body, order=n * 10)
            for n, (heading, body) in enumerate(data.get("sections", []), start=1)
        )
        FAQ.objects.bulk_create(
            FAQ(procedure=procedure, question=q, answer=a, order=n * 10)
            for n, (q, a) in enumerate(data.get("faqs", []), start=1)
        )
    for order, data in enumerate(demo_content.CONDITIONS, start=1):
        condition = Condition.objects.create(
            order=order * 10,
            **{k: data[k] for k in ("slug", "title", "summary", "body", "meta_description")},
        )
        condition.procedures.set([procedures[slug] for slug in data["procedures"]])
    FAQ.objects.bulk_create(
        FAQ(question=q, answer=a, order=n * 10)
        for n, (q, a) in enumerate(demo_content.GENERAL_FAQS, start=1)
    )
    return True
