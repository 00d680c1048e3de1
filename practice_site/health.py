"""`/healthz`: can this instance serve the site? For the proxy's health checks and for monitoring.

JSON, never cached, each check "ok" or "failing" and nothing an attacker could use (reasons go
to the log). A middleware answers it before host validation, sessions and the page cache, so the
proxy reaches it over plain HTTP; `?checks=` picks checks (the proxy leaves out the worker).
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"
# Folder of the storage probe files; `manage.py backup` leaves it out.
PROBE_FOLDER = "healthz"


def database_reachable():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def migrations_applied():
    """True when every migration of the code is recorded as applied (`migrate --check`'s test)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def media_writable():
    """Writes, reads back and deletes a small file in the media storage (disk or bucket)."""
    name = default_storage.save(
        f"{PROBE_FOLDER}/probe-{secrets.token_hex(8)}.txt", ContentFile(b"ok")
    )
    try:
        with default_storage.open(name, "rb") as probe:
            return probe.read() == b"ok"
    finally:
        default_storage.delete(name)


def worker_seen():
    """A task worker (`manage.py db_worker`) ran something in the last few minutes.

    A heartbeat task is queued if none is waiting (one lost with a killed worker is replaced
    here); a running worker picks it up within a minute (practice_site/worker.py).
    """
    from .worker import ensure_heartbeat, worker_seen_recently

    ensure_heartbeat()
    return worker_seen_recently()


CHECKS = {
    "database": database_reachable,
    "migrations": migrations_applied,
    "media": media_writable,
    "worker": worker_seen,
}


# Each check's last answer in this process: (time.monotonic() when it finished, passed?).
# /healthz is public: a flood of requests must not become a flood of probe files in the media
# storage (on S3, three paid requests that hold a worker each time, for as long as a slow outage
# makes them wait) and of heartbeat queries. An answer younger than HEALTHZ_REUSE_SECONDS is given
# again, passing or failing: a change shows within those seconds.
_answers = {}


def run_checks(names=None):
    """{name: True/False} for the named checks (all by default), in a fixed order."""
    results = {}
    for name, check in CHECKS.items():
        if names is not None and name not in names:
            continue
        finished, passed = _answers.get(name, (-float("inf"), None))
        if time.monotonic() - finished < settings.HEALTHZ_REUSE_SECONDS:
            results[name] = passed
            continue
        try:
            results[name] = bool(check())
        except Exception as error:  # any failure is a "failing" answer, never a 500
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
            results[name] = False
        else:
            if not results[name]:
                logger.warning("Health check %s failing.", name)
        _answers[name] = (time.monotonic(), results[name])
    return results


def health_response(request):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"error": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
        add_never_cache_headers(response)
        return response
    names = None
    if "checks" in request.GET:
        names = [name for name in request.GET["checks"].split(",") if name]
        unknown = sorted(set(names) - set(CHECKS))
        if unknown or not names:
            response = JsonResponse(
                {"error": "unknown check", "checks available": list(CHECKS)}, status=400
            )
            add_never_cache_headers(response)
            return response
    results = run_checks(names)
    healthy = all(results.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            "checks": {name: "ok" if ok else "failing" for name, ok in results.items()},
        },
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    # A failing check is logged above as a warning, naming it. Django would log every 503 again
    # as an error, and error reports are mailed: one per check, every few seconds.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answers `/healthz` before host validation, sessions, CSRF and the page cache run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH:
            return health_response(request)
        return self.get_response(request)
