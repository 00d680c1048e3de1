"""Scheduled publishing on the task worker (`manage.py db_worker`, django-tasks).

A task is queued for the moment each schedule falls due; it runs whatever is due then, so a
task for a schedule that was changed or cancelled meanwhile does nothing. `manage.py
publish_scheduled` (cron) runs the same function as a safety net.
"""

from django_tasks import task


@task()
def publish_due():
    from .services import run_due

    done, failed = run_due()
    return {"done": done, "failed": failed}
