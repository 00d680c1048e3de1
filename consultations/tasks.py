"""Background tasks of the consultations app, run by the task worker (`manage.py db_worker`).

Django's tasks API through the django-tasks backport (`django.tasks` from Django 6 on). A task
carries the request's primary key and nothing else: the queue is a database table, and health
information stays in the one table that staff permissions guard.
"""

from django_tasks import task

from . import services


@task()
def send_staff_notification(request_pk):
    """Email staff that request `request_pk` arrived; queue a retry if the mail server failed."""
    return services.send_queued_notification(request_pk)
