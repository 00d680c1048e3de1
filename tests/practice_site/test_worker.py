"""The task worker's heartbeat, and worker_last_seen() that a health check reads."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practice_site import worker
from tests.consultations.task_worker import run_worker

pytestmark = pytest.mark.django_db
BEAT = "practice_site.worker.heartbeat"


def waiting_beats():
    return DBTaskResult.objects.filter(task_path=BEAT, status="READY")


def test_migrate_leaves_one_heartbeat_waiting():
    assert waiting_beats().count() == 1  # queued when the test database was migrated
    call_command("migrate", verbosity=0)  # every release runs migrate again
    assert waiting_beats().count() == 1


def test_a_worker_is_seen_once_it_has_run_the_heartbeat():
    assert worker.worker_last_seen() is None  # a beat waits, but no worker has run anything
    assert not worker.worker_seen_recently()

    before = timezone.now()
    run_worker()

    last_seen = worker.worker_last_seen()
    assert last_seen is not None and last_seen >= before
    assert worker.worker_seen_recently()
    assert not worker.worker_seen_recently(now=last_seen + worker.WORKER_SILENT_AFTER * 1.1)
    # The beat booked its successor, one interval later: an idle worker keeps being seen.
    [next_beat] = waiting_beats()
    wait = next_beat.run_after - before
    assert worker.HEARTBEAT_EVERY <= wait < worker.HEARTBEAT_EVERY + timedelta(seconds=30)


def test_the_next_beat_runs_once_it_is_due_and_is_seen_again():
    run_worker()
    first_seen = worker.worker_last_seen()
    run_worker()  # not due yet: nothing runs
    assert worker.worker_last_seen() == first_seen
    waiting_beats().update(run_after=timezone.now())
    run_worker()
    assert worker.worker_last_seen() > first_seen
    assert waiting_beats().count() == 1


def test_ensure_heartbeat_queues_at_most_one_beat():
    DBTaskResult.objects.all().delete()
    assert worker.ensure_heartbeat() is True
    assert worker.ensure_heartbeat() is False
    assert worker.ensure_heartbeat(delay=timedelta(minutes=1)) is False
    assert waiting_beats().count() == 1


def test_a_beat_lost_with_a_killed_worker_is_replaced_by_the_next_check():
    # A worker killed while running the beat leaves it RUNNING, with no successor queued.
    waiting_beats().update(status="RUNNING", started_at=timezone.now() - timedelta(hours=1))
    assert waiting_beats().count() == 0
    assert worker.ensure_heartbeat() is True
    run_worker()
    assert worker.worker_seen_recently()


def test_old_beats_are_forgotten_recent_ones_kept():
    old = timezone.now() - worker.KEEP_BEATS_FOR - timedelta(minutes=1)
    recent = timezone.now() - timedelta(minutes=5)
    for finished_at in (old, old, recent):
        DBTaskResult.objects.create(
            task_path=BEAT,
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            status="SUCCESSFUL",
            started_at=finished_at,
            finished_at=finished_at,
        )
    run_worker()
    finished = DBTaskResult.objects.filter(task_path=BEAT, status="SUCCESSFUL")
    assert sorted(finished.values_list("finished_at", flat=True))[0] == recent
    assert finished.count() == 2  # the recent one and the beat that just ran
