"""`.env.example` as shipped, plus a secret key, a host and paths, runs the production site."""

import os
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import server as bench_server
from tests.practice_site.test_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]


def shipped_env_example():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


@pytest.fixture
def deployment_env(tmp_path):
    """This machine's environment, overlaid with `.env.example` exactly as shipped (blank values
    included), then the few values a deployment must fill in, with its files in `tmp_path`."""
    shipped = shipped_env_example()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(shipped)
    env.update(
        {
            "SECRET_KEY": "env-example-" + "q7Rt-" * 10,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{bench_server.free_port()}",
        }
    )
    assert shipped["GUNICORN_WORKERS"] == "" and shipped["DATABASE_URL"] == ""  # as shipped
    return env


def manage(env, *args):
    result = run_manage(*args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def process_umasks(server):
    """The umask of gunicorn's master and of each of its workers."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    umasks = []
    for pid in [server.pid, *children]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:  # a worker gunicorn has just replaced
            continue
        umasks.append(
            next(line.split()[1] for line in status.splitlines() if line.startswith("Umask"))
        )
    return umasks


@pytest.mark.deploy
@pytest.mark.same_on_any_database  # as shipped, DATABASE_URL is blank: SQLite in either pass
def test_gunicorn_serves_pages_with_env_example_as_shipped(deployment_env, tmp_path):
    # As a deployment prepares them; the two touch different files, so they run side by side.
    with ThreadPoolExecutor(2) as pool:
        steps = [
            pool.submit(manage, deployment_env, command, "--noinput", "-v0")
            for command in ("migrate", "collectstatic")
        ]
    for step in steps:
        step.result()
    # Two workers, not 2 x cores + 1: on a many-core machine, dozens of workers all starting
    # Django at once could outlast the timeouts below. A blank value's default: test_settings.
    env = {**deployment_env, "GUNICORN_WORKERS": "2"}
    server = bench_server.start_gunicorn(env, tmp_path / "gunicorn.log")
    try:
        base = "http://" + deployment_env["GUNICORN_BIND"]
        for path in ("/", "/consultation/", "/procedures/", "/admin/login/"):
            status, headers, _ = bench_server.get(base + path, timeout=20)
            assert status == 200, path
            assert "Permissions-Policy" in headers
        # Workers hold the database open: its -wal and -shm files exist, private like the rest.
        # The master too, so that a worker still starting up is private from its first moment.
        assert set(process_umasks(server)) == {"0077"}
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "static"):
            assert (tmp_path / name).stat().st_mode & 0o077 == 0, name
    finally:
        bench_server.stop_gunicorn(server)


CLIENT_ADDRESSES = textwrap.dedent(
    """
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory
    from consultations import spam
    request = RequestFactory().post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7"
    )
    print(spam.client_ip(request), get_client_ip_address(request))
    """
)


def test_one_proxy_count_serves_lockout_and_rate_limit(deployment_env):
    """As shipped, behind its one proxy: each visitor has their own address for both (with 0,
    every patient would share the proxy's, and one rate limit)."""
    out = manage(deployment_env, "shell", "-c", CLIENT_ADDRESSES)
    assert out.strip().splitlines()[-1].split() == ["203.0.113.7", "203.0.113.7"]


def test_a_leftover_second_proxy_count_is_refused_with_advice(deployment_env):
    env = {**deployment_env, "AXES_PROXY_COUNT": "1", "CONSULTATION_PROXY_COUNT": "0"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "CONSULTATION_PROXY_COUNT is no longer read: set AXES_PROXY_COUNT" in result.stderr
