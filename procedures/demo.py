"""Demonstration content for this app (called by `manage.py load_demo_content`).

The words live in `demo_content.py`; this module only puts them in the database, together with
the redirect from the practice's old address for facial reanimation to its new page.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.utils import timezone

from . import demo_content
from .models import FAQ, Condition, Procedure, ProcedureGroup, Section

# The current site's page about facial reanimation, and where that content lives now.
OLD_FACIAL_REANIMATION_PATH = "/facial-paralysis-surgery/facial-reanimation/"
NEW_FACIAL_REANIMATION_GROUP = "facial-reanimation"

PROCEDURE_FIELDS = (
    "slug",
    "title",
    "summary",
    "meta_description",
    "anesthesia",
    "hospital_stay",
    "recovery",
)


def load():
    """Add this app's demo content to an empty database; return True if anything was added."""
    site = Site.objects.get(pk=settings.SITE_ID)  # see practice_site/sites.py
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
            kind=data.get("kind", Procedure.Kind.SURGICAL),
            status=Procedure.Status.PUBLISHED,
            order=order * 10,
            last_reviewed=today,
            **{k: data.get(k, "") for k in PROCEDURE_FIELDS},
        )
        procedures[data["slug"]] = procedure
        for n, (heading, body) in enumerate(data.get("sections", []), start=1):
            Section.objects.create(procedure=procedure, heading=heading, body=body, order=n * 10)
        for n, (question, answer) in enumerate(data.get("faqs", []), start=1):
            FAQ.objects.create(procedure=procedure, question=question, answer=answer, order=n * 10)
    for order, data in enumerate(demo_content.CONDITIONS, start=1):
        condition = Condition.objects.create(
            order=order * 10,
            last_reviewed=today,
            **{k: data[k] for k in ("slug", "title", "summary", "body", "meta_description")},
        )
        condition.procedures.set([procedures[slug] for slug in data["procedures"]])
    for n, (question, answer) in enumerate(demo_content.GENERAL_FAQS, start=1):
        FAQ.objects.create(question=question, answer=answer, order=n * 10)
    Redirect.objects.get_or_create(
        site=site,
        old_path=OLD_FACIAL_REANIMATION_PATH,
        defaults={"new_path": groups[NEW_FACIAL_REANIMATION_GROUP].get_absolute_url()},
    )
    return True
