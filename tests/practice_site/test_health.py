"""`/healthz`: what the proxy and the monitoring see, and what an attacker does not."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from practice_site import health
from tests.consultations.task_worker import run_worker

SERVING = "/healthz?checks=database,migrations,media"


def answer(client, path="/healthz", **headers):
    response = client.get(path, **headers)
    return response, json.loads(response.content)


def assert_reveals_nothing(response, *secrets):
    """Only check names and ok/failing: no error text, path, version or host."""
    body = response.content.decode()
    for secret in secrets:
        assert str(secret) not in body
    data = json.loads(body)
    assert set(data) == {"status", "checks"}
    assert set(data["checks"].values()) <= {"ok", "failing"}


@pytest.mark.django_db
def test_healthy_site_answers_ok_json_never_cached(client, settings):
    client.get("/healthz")  # queues the worker's heartbeat, as a monitor's first check does
    run_worker()
    response, data = answer(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert data == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "media": "ok", "worker": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies  # no session, no CSRF cookie
    # The probe file was removed again.
    assert not list((settings.MEDIA_ROOT / health.PROBE_FOLDER).iterdir())


@pytest.mark.django_db
def test_proxy_reaches_it_over_plain_http_with_its_own_host_header(client, settings):
    """HTTPS redirects stay on for every other path; host validation is not in the way."""
    settings.SECURE_SSL_REDIRECT = True
    response, data = answer(client, SERVING, HTTP_HOST="127.0.0.1:8001")
    assert response.status_code == 200 and data["status"] == "ok"
    response, _ = answer(client, SERVING, HTTP_HOST="10.0.0.7:8000")  # not in ALLOWED_HOSTS
    assert response.status_code == 200
    assert client.get("/about/").status_code == 301


@pytest.mark.django_db
def test_only_the_requested_checks_run(client):
    response, data = answer(client, "/healthz?checks=database,migrations")
    assert response.status_code == 200
    assert data["checks"] == {"database": "ok", "migrations": "ok"}
    response = client.get("/healthz?checks=database,secrets")
    assert response.status_code == 400
    assert "secrets" not in response.content.decode()


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.head(SERVING).status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_unwritable_media_storage_fails_without_saying_where(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    response, data = answer(client)
    assert response.status_code == 503
    assert data["status"] == "failing"
    assert data["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "media": "failing",
        "worker": "failing",  # no worker in this test either
    }
    assert_reveals_nothing(response, blocker, "NotADirectoryError", "Errno")


@pytest.mark.django_db
def test_a_flood_runs_each_check_once_per_reuse_period(client, settings, tmp_path, monkeypatch):
    probes = []

    def counted_media_check():
        probes.append(settings.MEDIA_ROOT)
        return health.media_writable()

    monkeypatch.setitem(health.CHECKS, "media", counted_media_check)
    monkeypatch.setattr(health, "_answers", {})  # nothing checked yet in this process
    settings.HEALTHZ_REUSE_SECONDS = 60
    for _ in range(5):
        assert client.get("/healthz?checks=media").status_code == 200
    assert len(probes) == 1  # one file written to the media storage, not five

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    settings.HEALTHZ_REUSE_SECONDS = 0  # the period has gone by
    assert client.get("/healthz?checks=media").status_code == 503
    settings.HEALTHZ_REUSE_SECONDS = 60
    for _ in range(5):  # a failing answer is given again too: the outage is not asked 5 times
        assert client.get("/healthz?checks=media").status_code == 503
    assert len(probes) == 2

    settings.MEDIA_ROOT = tmp_path / "media"  # repaired
    settings.HEALTHZ_REUSE_SECONDS = 0
    assert client.get("/healthz?checks=media").status_code == 200
    assert len(probes) == 3


@pytest.mark.django_db
def test_unapplied_migration_fails(client):
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app="gallery").order_by("-id").first().delete()
    response, data = answer(client)
    assert response.status_code == 503
    assert data["checks"]["migrations"] == "failing"
    assert data["checks"]["database"] == "ok"
    assert_reveals_nothing(response, "gallery")


def test_unreachable_database_fails_and_the_answer_is_still_json(client, settings, tmp_path):
    """No database access at all (pytest-django blocks it here, as an outage would)."""
    response, data = answer(client)
    assert response.status_code == 503
    assert data["checks"]["database"] == "failing"
    assert data["checks"]["migrations"] == "failing"
    assert data["checks"]["media"] == "ok"
    assert_reveals_nothing(response, "Database access", "RuntimeError", connection.vendor)


@pytest.mark.django_db
def test_task_worker_must_have_been_seen_in_the_last_minutes(client, mailoutbox, caplog):
    from django_tasks_db.models import DBTaskResult

    response, data = answer(client)
    assert response.status_code == 503  # no worker has ever run
    assert data["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "media": "ok",
        "worker": "failing",
    }
    run_worker()  # `manage.py db_worker` picks up the heartbeat the check queued
    response, data = answer(client)
    assert response.status_code == 200 and data["checks"]["worker"] == "ok"
    # Silent for ten minutes (stopped, stuck, or cut off from the database): failing again.
    ten_minutes = timezone.now() - timedelta(minutes=10)
    DBTaskResult.objects.update(started_at=ten_minutes, finished_at=ten_minutes)
    response, data = answer(client)
    assert response.status_code == 503 and data["checks"]["worker"] == "failing"
    # The proxy leaves the worker out: the web server stays in rotation.
    assert client.get(SERVING).status_code == 200
    # A failing check is a warning naming it, never an error report mailed to the admins.
    assert mailoutbox == []
    warnings = [r.getMessage() for r in caplog.records if r.name == "practice_site.health"]
    assert "Health check worker failing." in warnings
    assert not [r for r in caplog.records if r.name == "django.request"]
