"""django-simple-history's records live on as admin log entries, shown on each page's History."""

from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tests.staff import sign_in_verified

BEFORE = [
    ("drafts", "0001_initial"),
    ("procedures", "0003_rendered_markdown"),
    ("gallery", "0001_initial"),
    ("testimonials", "0001_initial"),
]


def test_history_records_become_admin_log_entries(client, django_user_model, migrate_to):
    old = migrate_to(BEFORE)
    user = old.get_model("auth", "User").objects.create(
        username="maria", is_staff=True, is_superuser=True
    )
    group = old.get_model("procedures", "ProcedureGroup").objects.create(
        title="Nerve", slug="nerve", summary="s"
    )
    procedure = old.get_model("procedures", "Procedure").objects.create(
        group=group, title="Graft", slug="graft", summary="s", meta_description="m"
    )
    section = old.get_model("procedures", "Section").objects.create(
        procedure=procedure, heading="Recovery", body="Slow.", order=1
    )
    start = timezone.now() - timedelta(days=30)
    history = old.get_model("procedures", "HistoricalProcedure").objects
    common = {
        "id": procedure.pk,
        "group_id": group.pk,
        "slug": "graft",
        "summary": "s",
        "meta_description": "m",
        "status": "draft",
        "order": 0,
        "last_reviewed": start.date(),
        "kind": "surgical",
        "updated_at": start,
    }
    history.create(
        **common, title="Graft", history_date=start, history_type="+", history_user_id=None
    )
    history.create(
        **common,
        title="Nerve graft",
        history_date=start + timedelta(days=1),
        history_type="~",
        history_user_id=user.pk,
    )
    history.create(
        **common,
        title="Nerve graft",
        history_date=start + timedelta(days=2),
        history_type="~",
        history_user_id=user.pk,
        history_change_reason="Published from the list",
    )
    old.get_model("procedures", "HistoricalSection").objects.create(
        id=section.pk,
        procedure_id=procedure.pk,
        heading="Recovery",
        body="Slow.",
        order=1,
        history_date=start + timedelta(days=3),
        history_type="+",
        history_user_id=user.pk,
    )

    # To today's schema (drafts 0002 and the three deletions, and whatever came later): the
    # History page below reads the models as they are now, and later tests need them too.
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())

    entries = list(LogEntry.objects.order_by("action_time"))
    assert [e.get_change_message() for e in entries] == [
        "Changed title.",
        "Published from the list",
        "Added section “Recovery”.",
    ]
    assert {e.user.username for e in entries} == {"maria"}
    assert {e.object_id for e in entries} == {str(procedure.pk)}
    assert entries[2].object_repr == "Graft"
    assert "historicalprocedure" not in connection.introspection.table_names()

    staff = django_user_model.objects.get(username="maria")
    sign_in_verified(client, staff)
    html = client.get(reverse("admin:procedures_procedure_history", args=[procedure.pk]))
    assert "Added section “Recovery”." in html.content.decode()
