"""The task worker in tests: the real `manage.py db_worker`, in this process or in its own.

- `run_worker()` runs `db_worker --batch` here: every task that is due, then it returns. Emails go
  through this process's settings (locmem outbox, or the test's SMTP server).
- `run_worker_process()` / `start_worker_process()` run it as a separate process on this test's
  database, as a deployment does (the database must be committed: `django_db(transaction=True)`).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
NOTIFICATION_TASK = "consultations.tasks.send_staff_notification"
WORKER = ["db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"]


def run_worker():
    """`manage.py db_worker --batch` in this process."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        # The worker closes stale connections between tasks, as Django does between requests; in
        # a test's transaction that would end the test's own connection (the test client turns
        # that hook off for requests in the same way).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(*WORKER, "--batch")
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def notification_tasks(**filters):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=NOTIFICATION_TASK, **filters).order_by(
        "enqueued_at"
    )


def database_env():
    """Environment pointing a child process at this test run's database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": settings_dict["NAME"]}
    return {
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{k: settings_dict.get(k) or "" for k in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
        )
    }


def worker_env(smtp_port, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.test",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "LOG_LEVEL": "WARNING",
            **database_env(),
            **{name: str(value) for name, value in extra.items()},
        }
    )
    return env


def start_worker_process(smtp_port, *args, **env):
    """`manage.py db_worker` in a process of its own, running until it is stopped or killed."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *WORKER, *args],
        cwd=ROOT,
        env=worker_env(smtp_port, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_worker_process(smtp_port, timeout=90, **env):
    """`manage.py db_worker --batch` in a process of its own; returns its output."""
    worker = start_worker_process(smtp_port, "--batch", **env)
    output, _ = worker.communicate(timeout=timeout)
    assert worker.returncode == 0, output
    return output
