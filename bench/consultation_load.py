"""400 consultation requests over 64 connections against gunicorn, production settings, SQLite.

Usage: .venv/bin/python bench/consultation_load.py [--requests 400] [--connections 64]

What it does, and why it counts as "as in production":
- a fresh on-disk SQLite file, migrated, with the demo content (practice profile, procedures);
- gunicorn from gunicorn.conf.py with 4 workers and practice_site.settings.prod;
- a real SMTP server (aiosmtpd, in this process) receiving the staff emails, so every request
  also pays for its notification after commit, as it would with the practice's mail server;
- the only change from production is CONSULTATION_RATE_LIMIT=false (all requests come from one
  address here); the bench plays the TLS proxy by sending X-Forwarded-Proto: https.

Each request first GETs the form like a browser (its own CSRF cookie and token, its own timing
token), waits until a person could have filled it in, then POSTs. Only the POSTs are timed.
Prints rows stored, responses >= 500 and requests per second; exits non-zero if the target
(every request stored, no error) is missed.
"""

import argparse
import http.client
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import free_port, start_gunicorn, stop_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MIN_FILL_SECONDS = 3  # production default of CONSULTATION_MIN_FILL_SECONDS


class CountingMailbox:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 Message accepted"


def server_env(tmp, port, smtp_port):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
            "SECRET_KEY": "bench-" + "s3cr3t-k3y-" * 6,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "SQLITE_PATH": str(tmp / "bench.sqlite3"),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "CONSULTATION_NOTIFY_EMAILS": "frontdesk@example.test",
            "CONSULTATION_RATE_LIMIT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "4",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def get_form(port):
    """What a browser holds after loading the form: cookie, CSRF token, timing token."""
    status, headers, body = request(port, "GET", "/consultation/")
    if status != 200:
        raise RuntimeError(f"GET /consultation/ answered {status}")
    html = body.decode()
    cookie = next(
        value.split(";", 1)[0]
        for name, value in headers
        if name.lower() == "set-cookie" and "csrftoken=" in value
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    started = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    procedures = re.findall(r'<option value="(\d+)"', html)
    return cookie, token, started, procedures


def post_form(port, number, form):
    cookie, token, started, procedures = form
    data = {
        "csrfmiddlewaretoken": token,
        "first_name": "Bench",
        "last_name": f"Patient {chr(65 + number % 26)}",
        "email": f"bench{number}@example.com",
        "phone": f"+1 626 555 {number % 10000:04d}",
        "contact_method": "phone",
        "best_time": "any",
        "patient": "self",
        "procedure": procedures[number % len(procedures)] if procedures else "",
        "message": f"Load test request number {number}.",
        "heard_about": "",
        "consent": "on",
        "website": "",
        "form_started": started,
    }
    started_at = time.perf_counter()
    status, headers, _ = request(
        port,
        "POST",
        "/consultation/",
        body=urllib.parse.urlencode(data),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Origin": f"http://127.0.0.1:{port}",
        },
    )
    location = dict((k.lower(), v) for k, v in headers).get("location", "")
    return status, location, time.perf_counter() - started_at


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="consultation-bench-"))
    port, smtp_port = free_port(), free_port()
    mailbox = CountingMailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    env = server_env(tmp, port, smtp_port)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    server = start_gunicorn(env, tmp / "gunicorn.log", timeout=30)
    try:
        with ThreadPoolExecutor(args.connections) as pool:
            forms = list(pool.map(lambda _: get_form(port), range(args.requests)))
        time.sleep(MIN_FILL_SECONDS + 0.5)  # nobody fills in the form faster than this

        began = time.perf_counter()
        with ThreadPoolExecutor(args.connections) as pool:
            results = list(pool.map(lambda n: post_form(port, n, forms[n]), range(args.requests)))
        elapsed = time.perf_counter() - began
        time.sleep(0.5)  # let the last after-commit emails land
    finally:
        stop_gunicorn(server)
        smtp.stop()

    database = sqlite3.connect(tmp / "bench.sqlite3")
    stored, spam, pending = database.execute(
        "SELECT COUNT(*), SUM(is_spam), SUM(notification_status = 'pending') "
        "FROM consultations_consultationrequest"
    ).fetchone()
    database.close()
    statuses = [status for status, _, _ in results]
    redirected = sum(1 for s, loc, _ in results if s == 302 and loc == "/consultation/thanks/")
    errors = sum(1 for s in statuses if s >= 500)
    latencies = sorted(t for _, _, t in results)
    print("gunicorn, 4 sync workers, production settings, on-disk SQLite (WAL), real SMTP")
    print(f"requests sent:            {args.requests} over {args.connections} connections")
    print(f"redirected to thanks:     {redirected}")
    print(f"rows stored:              {stored} (suspected spam: {spam or 0})")
    print(f"responses >= 500:         {errors}")
    print(f"other statuses:           {sorted(set(s for s in statuses if s != 302)) or 'none'}")
    print(f"staff emails received:    {mailbox.count} (still pending: {pending or 0})")
    print(f"requests per second:      {args.requests / elapsed:.1f} ({elapsed:.2f} s in total)")
    print(
        f"latency p50 / p95 / max:  {statistics.median(latencies) * 1000:.0f} / "
        f"{latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} / "
        f"{latencies[-1] * 1000:.0f} ms"
    )
    shutil.rmtree(tmp, ignore_errors=True)
    ok = stored == args.requests and errors == 0 and not spam and redirected == args.requests
    print("target met: every request stored, no error" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
