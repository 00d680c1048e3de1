"""A real server for browser tests: gunicorn, production settings, demo content, collected static.

The deployment (migrate, an enrolled administrator, `load_demo_content`) is made once per test
run, and `collectstatic` beside it (the collected files tests/deploy serves too, made once); each
pytest-xdist worker then serves its own copy of it (SQLite file or PostgreSQL database, media
folder) from its own gunicorn on a free port, so browser tests see the site exactly as a
deployment serves it (hashed and compressed static files, every header, the CSP) and workers never
see each other's changes.
Browser tests never skip silently: without Chromium they fail with a message saying how to fix it.
Every test in this folder is marked `browser` (they all need that deployment).
"""

import concurrent.futures
import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import server as bench_server
from tests.deploy.servers import collect_static
from tests.once import link_tree, once, run_lock, worker_id
from tests.staff import totp_code

from .accessibility import assert_accessible

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ADMIN_USERNAME = "browser-admin"
ADMIN_PASSWORD = "browser-admin-password-for-tests"
# The browser administrator's authenticator key (hex, as django-otp stores it): the tests play
# the phone and compute its codes.
ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def postgres_database(url, suffix, template=None):
    """A database `<name><suffix>` on the server of `url` (empty, or a copy of `template`); its
    URL. With TEST_DB=postgres the browser servers use the same PostgreSQL server as the rest of
    the suite, in databases of their own (pytest-django's test_<name>_gwN are the test processes').
    """
    name = urllib.parse.urlsplit(url).path.lstrip("/") + suffix
    if template is None:
        return bench_server.fresh_postgres_database(url, name)
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name),
                sql.Identifier(urllib.parse.urlsplit(template).path.lstrip("/")),
            )
        )
    return parts._replace(path="/" + name).geturl()


def server_environment(tmp_dir, port, database_url=None):
    """bench/server.py's production environment, on `port`, without the consultation rate limit
    (every browser test posts from 127.0.0.1) or minimum fill time (a test types faster than a
    person, and waiting it out would be a fixed sleep; tests/consultations check both rules);
    the tests play the TLS proxy."""
    env = bench_server.production_env(tmp_dir, f"http://127.0.0.1:{port}")
    env.update(
        {
            "CONSULTATION_RATE_LIMIT": "false",
            "CONSULTATION_MIN_FILL_SECONDS": "0",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


ENROL_ADMIN = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
user = get_user_model().objects.get(username="{ADMIN_USERNAME}")
TOTPDevice.objects.create(
    user=user, name="Authenticator app", confirmed=True, key="{ADMIN_TOTP_KEY}"
)
"""


def manage_py(deployment, *args):
    """Run a manage.py command against the live site's database and settings."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=deployment.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# One real sign-in (password, then a code) per live site; later sign-ins reuse its session
# cookie, since an authenticator code is accepted once and the next comes 30 seconds later.
_admin_cookies = {}


def log_in_as_admin(page, live_site):
    """Sign the browser administrator in on `page`: the way every browser test reaches the admin."""
    if live_site in _admin_cookies:
        page.context.add_cookies(_admin_cookies[live_site])
        page.goto(live_site + "/admin/")
        if page.url == live_site + "/admin/":
            return
        page.context.clear_cookies()
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", ADMIN_USERNAME)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.fill("#id_code", totp_code(bytes.fromhex(ADMIN_TOTP_KEY)))
    page.click("input[type=submit]")
    page.wait_for_url(live_site + "/admin/")
    _admin_cookies[live_site] = page.context.cookies()


def check_admin_pages(page, live_site, watch, paths, axe=True):
    """Signs the administrator in on `page` and opens each of `paths`: each answers 200 with no
    console error, failed request or CSP violation (`watch`: the watch_page fixture) and, with
    `axe`, axe-core finds nothing."""
    log_in_as_admin(page, live_site)
    for path in paths:
        response = page.goto(live_site + path)
        assert response.status == 200, path
        assert watch.errors == [], path
        if axe:
            assert_accessible(page, path, watch)
    assert watch.errors == []


class Clicks:
    """Counts what staff click in a task: links, buttons, tick boxes, file choosers. Moving into a
    text box and typing are not counted (the notes on issue 12 quote these counts)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()

    def tick(self, locator):
        self.count += 1
        locator.check()

    def choose_file(self, locator, **file):
        self.count += 1
        locator.set_input_files(files=[file])


@dataclass
class Deployment:
    base_url: str
    env: dict  # the server's environment, for a second server or manage.py on the same data


@pytest.fixture(scope="session")
def live_site(live_deployment):
    """Base URL of a gunicorn server running the demo site with production settings."""
    return live_deployment.base_url


def start_gunicorn(env, log_path):
    """The README's deployment (bench/server.py starts it) for `env`: (process, base URL)."""
    try:
        server = bench_server.start_gunicorn(env, log_path, timeout=30)
    except RuntimeError as error:
        pytest.fail(str(error))
    return server, "http://" + env["GUNICORN_BIND"]


stop_gunicorn = bench_server.stop_gunicorn


def build_deployment(folder):
    """The deployment every worker copies: database and media files in `folder`."""
    url = os.environ.get("DATABASE_URL")
    database = postgres_database(url, "_browser_template") if url else None
    env = server_environment(folder, 0, database)
    env["SITE_URL"] = "http://127.0.0.1"  # each copy gets its own address (see live_deployment)
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
        ["shell", "-c", ENROL_ADMIN],
        ["load_demo_content"],
    ):
        done = subprocess.run(manage + command, env=admin_env, cwd=ROOT, capture_output=True)
        if done.returncode:
            pytest.fail(f"manage.py {command[0]} failed:\n{done.stderr.decode()}")
    (folder / "database-url").write_text(database or "")


def copy_deployment(template, static_root, tmp_dir, port):
    """This worker's copy of the deployment `template`, to be served on `port` with the collected
    `static_root`: its environment."""
    url = os.environ.get("DATABASE_URL")
    database = None
    if url:
        copy = f"_browser_{worker_id()}"
        database = postgres_database(url, copy, (template / "database-url").read_text())
    else:
        for name in ("db.sqlite3", "db.sqlite3-wal"):
            if (template / name).exists():
                shutil.copy(template / name, tmp_dir / name)
    link_tree(template / "media", tmp_dir / "media")
    env = server_environment(tmp_dir, port, database)
    env["STATIC_ROOT"] = str(static_root)  # only read: one collected copy for all
    set_site_domain(database or tmp_dir / "db.sqlite3", f"127.0.0.1:{port}")
    return env


def set_site_domain(database, domain):
    """What `migrate` does for a new SITE_URL (practice_site/sites.py), for a copied database:
    the sitemap's links name this copy's address."""
    update = "UPDATE django_site SET domain = {0}, name = {0}"
    if isinstance(database, Path):
        with contextlib.closing(sqlite3.connect(database)) as conn, conn:
            conn.execute(update.format("?"), [domain, domain])
    else:
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(update.format("%s"), [domain, domain])


@pytest.fixture(scope="session")
def live_deployment(tmp_path_factory):
    """The demo site on gunicorn with production settings, and the environment it runs in."""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"Chromium is missing at {chromium}: run `make test`, which installs it.")
    # collectstatic needs no database: it runs while the deployment is built (the other worker
    # waits for both with its CPU idle).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        static = pool.submit(once, tmp_path_factory, "deploy-static", collect_static)
        template = once(tmp_path_factory, "live-site", build_deployment)
        static_root = static.result()
    tmp_dir = tmp_path_factory.mktemp("live-site")
    with run_lock(tmp_path_factory, "live-site"):  # PostgreSQL copies its template one at a time
        env = copy_deployment(template, static_root, tmp_dir, bench_server.free_port())
    server, base_url = start_gunicorn(env, tmp_dir / "gunicorn.log")
    yield Deployment(base_url=base_url, env=env)
    stop_gunicorn(server)
    shutil.rmtree(tmp_dir / "media", ignore_errors=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    # Stand in for the TLS proxy, so production settings neither redirect nor refuse cookies.
    return {**browser_context_args, "extra_http_headers": bench_server.PROXY_HEADERS}


# "other" is the favicon, which Chromium fetches for itself once a page has loaded.
_CANCELLABLE = frozenset({"fetch", "xhr", "image", "media", "other"})


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
        page.on("requestfailed", self._request_failed)
        page.on(
            "request",
            lambda r: (
                r.url.startswith(("http://", "https://"))
                and not r.url.startswith(base_url)
                and self.errors.append(f"third-party request: {r.url}")
            ),
        )

    def _request_failed(self, request):
        # Chromium cancels what it no longer needs and reports it as aborted: a script's fetch
        # still in flight when the page is left (the Markdown preview asks for one as an editor
        # opens), an image whose srcset candidate changed when the viewport did, the last page's
        # favicon when the sweep moves on to the next page in the same tab. That is the
        # browser's doing, not a fault of the page; any other failure is.
        if request.failure == "net::ERR_ABORTED" and request.resource_type in _CANCELLABLE:
            return
        self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")


@pytest.fixture
def watch_page(page, live_site):
    """Returns a collector of problems on `page`; assert `problems.errors == []` at the end."""
    return PageProblems(page, live_site)
