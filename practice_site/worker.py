"""The background task worker (`manage.py db_worker`): its heartbeat, and when it was last seen.

Task records show a worker at work, not an idle one, so a heartbeat task is always queued and
queues the next; `worker_last_seen()` reads them. `migrate` queues the first beat, and
`ensure_heartbeat()` replaces one lost with a killed worker.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

HEARTBEAT_EVERY = timedelta(minutes=1)
WORKER_SILENT_AFTER = 3 * HEARTBEAT_EVERY
# Past beats are deleted after this; the newest beat is always far younger while a worker runs.
KEEP_BEATS_FOR = timedelta(hours=1)
_LOCK_ID = 7_304_120_771  # serialises ensure_heartbeat() on PostgreSQL (arbitrary, fixed)


@task()
def heartbeat():
    """Runs on the worker: books the next beat, then forgets old ones. Its own row is the record."""
    ensure_heartbeat(delay=HEARTBEAT_EVERY)
    DBTaskResult.objects.finished().filter(
        task_path=heartbeat.module_path, finished_at__lt=timezone.now() - KEEP_BEATS_FOR
    ).delete()


def ensure_heartbeat(delay=None):
    """Queue a heartbeat (after `delay`) unless one is already waiting. True if it queued one."""
    with transaction.atomic():
        # SQLite took its write lock at BEGIN (IMMEDIATE); PostgreSQL needs an explicit one, or
        # two callers could both see no beat waiting and both queue one.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        waiting = DBTaskResult.objects.filter(
            task_path=heartbeat.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        beat = heartbeat if delay is None else heartbeat.using(run_after=timezone.now() + delay)
        beat.enqueue()
    return True


def worker_last_seen():
    """When a task worker last started or finished a task (a heartbeat or real work), or None."""
    latest = DBTaskResult.objects.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    return max(filter(None, latest.values()), default=None)


def worker_seen_recently(now=None):
    """True if a worker ran something within WORKER_SILENT_AFTER (three missed beats)."""
    last_seen = worker_last_seen()
    return last_seen is not None and last_seen >= (now or timezone.now()) - WORKER_SILENT_AFTER


def queue_first_heartbeat(using="default", **kwargs):
    """post_migrate receiver: a fresh or upgraded deployment starts with a beat waiting."""
    if (
        using != "default"
        or DBTaskResult._meta.db_table not in connection.introspection.table_names()
    ):
        return
    ensure_heartbeat()
