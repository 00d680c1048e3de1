"""A real server for browser tests: gunicorn, production settings, demo content, collected static.

One server per test session, on its own SQLite file and media folder, so browser tests see the
site exactly as a deployment serves it (hashed and compressed static files, every header, the CSP).
Browser tests never skip silently: without Chromium they fail with a message saying how to fix it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ADMIN_USERNAME = "browser-admin"
ADMIN_PASSWORD = "browser-admin-password-for-tests"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_postgres_database(url, suffix="_browser"):
    """Creates an empty database `<name><suffix>` on the server of `url`; returns its URL.

    With TEST_DB=postgres the browser server uses the same PostgreSQL server as the rest of the
    suite, in a database of its own (pytest-django's test_<name> belongs to the test process).
    """
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parts._replace(path="/" + name).geturl()


def server_environment(tmp_dir, port):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
            "SECRET_KEY": "browser-tests-" + "k3y" * 20,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            "SITE_URL": f"http://127.0.0.1:{port}",
            # The tests play the TLS proxy: they send X-Forwarded-Proto: https on every request.
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "SQLITE_PATH": str(tmp_dir / "browser.sqlite3"),
            "MEDIA_ROOT": str(tmp_dir / "media"),
            "STATIC_ROOT": str(tmp_dir / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "CONSULTATION_RATE_LIMIT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
        }
    )
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = fresh_postgres_database(os.environ["DATABASE_URL"])
    else:
        env.pop("DATABASE_URL", None)
    return env


@dataclass
class Deployment:
    base_url: str
    env: dict  # the server's environment, for a second server or manage.py on the same data


@pytest.fixture(scope="session")
def live_site(live_deployment):
    """Base URL of a gunicorn server running the demo site with production settings."""
    return live_deployment.base_url


def start_gunicorn(env, log_path):
    """A gunicorn of the README's deployment for `env`; returns (process, base URL) once up."""
    base_url = "http://" + env["GUNICORN_BIND"]
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop_gunicorn()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.log = log
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(
                base_url + "/robots.txt", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(request, timeout=2)
            return server, base_url
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start:\n" + Path(log_path).read_text())
            time.sleep(0.2)


def stop_gunicorn(server):
    server.terminate()
    server.wait(timeout=10)
    server.log.close()


@pytest.fixture(scope="session")
def live_deployment(tmp_path_factory):
    """The demo site on gunicorn with production settings, and the environment it runs in."""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"Chromium is missing at {chromium}: run `make test`, which installs it.")
    tmp_dir = tmp_path_factory.mktemp("live-site")
    port = _free_port()
    env = server_environment(tmp_dir, port)
    manage = [sys.executable, str(ROOT / "manage.py")]
    admin_env = {**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}
    for command in (
        ["migrate", "--noinput", "-v0"],
        [
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN_USERNAME,
            "--email",
            "browser-admin@example.test",
        ],
        ["load_demo_content"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=admin_env, cwd=ROOT, check=True, capture_output=True)
    server, base_url = start_gunicorn(env, tmp_dir / "gunicorn.log")
    yield Deployment(base_url=base_url, env=env)
    stop_gunicorn(server)
    shutil.rmtree(tmp_dir / "media", ignore_errors=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    # Stand in for the TLS proxy, so production settings neither redirect nor refuse cookies.
    return {**browser_context_args, "extra_http_headers": {"X-Forwarded-Proto": "https"}}


class PageProblems:
    """Console errors, failed requests and CSP violations seen while a page was open."""

    def __init__(self, page, base_url):
        self.errors = []
        page.on("console", self._console)
        # Failed sub-resources (a missing image, a blocked stylesheet) are caught here; the page
        # itself may legitimately answer 404, which Chromium also logs to the console.
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and r.request.resource_type != "document"
                and self.errors.append(f"{r.status} for {r.url}")
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        page.on(
            "request",
            lambda r: (
                r.url.startswith(("http://", "https://"))
                and not r.url.startswith(base_url)
                and self.errors.append(f"third-party request: {r.url}")
            ),
        )

    def _console(self, message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")


@pytest.fixture
def watch_page(page, live_site):
    """Returns a collector of problems on `page`; assert `problems.errors == []` at the end."""
    return PageProblems(page, live_site)
