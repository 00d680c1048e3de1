"""400 consultation requests over 64 connections against gunicorn, production settings, SQLite.

Usage: .venv/bin/python bench/consultation_load.py [--smtp healthy,hung] [--rounds 1]
                                                   [--requests 400] [--connections 64]

What it does, and why it counts as "as in production":
- a fresh on-disk SQLite file per run, migrated, with the demo content (profile, procedures);
- gunicorn from gunicorn.conf.py with 4 workers and practice_site.settings.prod, and beside it the
  task worker (`manage.py db_worker`) that sends the staff emails, as the README deploys them;
- a real SMTP server (aiosmtpd, in this process, bench/smtp_servers.py) that is either healthy
  (accepts every email at once) or hung (accepts the connection and never answers a byte);
  `none` configures no recipient, so the worker's attempts fail at once without contacting it;
- the worker runs at nice 10, as the README's systemd sketch has it (`--worker-nice`);
- the only change from production is CONSULTATION_RATE_LIMIT=false (all requests come from one
  address here); the bench plays the TLS proxy by sending X-Forwarded-Proto: https.

Each request first GETs the form like a browser (its own CSRF cookie and token, its own timing
token), waits until a person could have filled it in, then POSTs. Only the POSTs are timed.
Prints, per run, rows stored, responses >= 500, requests per second, and what the worker sent;
then each mode's median requests per second against the healthy server's. The runs of several
rounds alternate between modes, so that a busy machine weighs on each alike. Exits non-zero if a
target is missed: every request stored with no error in every run, every email delivered in the
healthy runs, and the hung server's median requests per second no more than 10% below the healthy
server's (above it is expected: see the summary's comment).
"""

import argparse
import http.client
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import (  # noqa: E402
    free_port,
    production_env,
    python,
    start_gunicorn,
    stop_gunicorn,
    stop_process,
)
from bench.smtp_servers import MailServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MIN_FILL_SECONDS = 3  # production default of CONSULTATION_MIN_FILL_SECONDS
MODES = ("healthy", "hung", "none")
DRAIN_SECONDS = 180  # how long the healthy runs wait for the worker to send every email
TARGET_RATIO = 0.10


def server_env(tmp, port, smtp_port, mode):
    """The production environment of bench/server.py, with mail through the SMTP server here and
    four workers; always on this SQLite file, whatever DATABASE_URL says."""
    env = production_env(tmp, f"http://127.0.0.1:{port}")
    env.pop("EMAIL_BACKEND")  # the real SMTP backend, to the server on smtp_port
    env.update(
        {
            "SQLITE_PATH": str(tmp / "bench.sqlite3"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "CONSULTATION_NOTIFY_EMAILS": "" if mode == "none" else "frontdesk@example.test",
            "CONSULTATION_RATE_LIMIT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "4",
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


def start_worker(env, log_path, nice):
    """`manage.py db_worker`, as the README deploys it beside gunicorn (at a lower CPU priority)."""
    log = open(log_path, "w")  # noqa: SIM115 (closed in stop_process())
    worker = subprocess.Popen(
        ["nice", "-n", str(nice), python(), str(ROOT / "manage.py"), "db_worker", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker.log = log
    return worker


def notification_counts(path):
    database = sqlite3.connect(path)
    try:
        return database.execute(
            "SELECT COUNT(*), COALESCE(SUM(is_spam), 0), "
            "COALESCE(SUM(notification_status = 'pending'), 0), "
            "COALESCE(SUM(notification_status = 'sent'), 0) "
            "FROM consultations_consultationrequest"
        ).fetchone()
    finally:
        database.close()


def run(mode, args):
    """One deployment, one burst of posts against it; returns the figures."""
    tmp = Path(tempfile.mkdtemp(prefix="consultation-bench-"))
    port, smtp_port = free_port(), free_port()
    smtp = MailServer(smtp_port, "hung" if mode == "hung" else "healthy")
    smtp.start()
    env = server_env(tmp, port, smtp_port, mode)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    server = start_gunicorn(env, tmp / "gunicorn.log", timeout=30)
    worker = start_worker(env, tmp / "worker.log", args.worker_nice)
    drained = None
    try:
        with ThreadPoolExecutor(args.connections) as pool:
            forms = list(pool.map(lambda _: get_form(port), range(args.requests)))
        time.sleep(MIN_FILL_SECONDS + 0.5)  # nobody fills in the form faster than this

        began = time.perf_counter()
        with ThreadPoolExecutor(args.connections) as pool:
            results = list(pool.map(lambda n: post_form(port, n, forms[n]), range(args.requests)))
        elapsed = time.perf_counter() - began
        if mode == "healthy":  # how long the worker takes to send every email
            deadline = time.monotonic() + DRAIN_SECONDS
            while len(smtp.messages) < args.requests and time.monotonic() < deadline:
                time.sleep(0.2)
            drained = time.perf_counter() - began
    finally:
        stop_gunicorn(server)
        stop_process(worker, timeout=30)  # the task in hand ends (a hung server: EMAIL_TIMEOUT)
        smtp.stop()

    stored, spam, pending, sent = notification_counts(tmp / "bench.sqlite3")
    shutil.rmtree(tmp, ignore_errors=True)
    statuses = [status for status, _, _ in results]
    latencies = sorted(t for _, _, t in results)
    return {
        "mode": mode,
        "redirected": sum(
            1 for s, loc, _ in results if s == 302 and loc == "/consultation/thanks/"
        ),
        "stored": stored,
        "spam": spam,
        "errors": sum(1 for s in statuses if s >= 500),
        "other": sorted(set(s for s in statuses if s != 302)),
        "emails": len(smtp.messages),
        "connections": smtp.connections,
        "pending": pending,
        "sent": sent,
        "drained": drained,
        "rps": args.requests / elapsed,
        "elapsed": elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "max": latencies[-1],
    }


def report(figures, args):
    mode = figures["mode"]
    what = {
        "healthy": "a healthy SMTP server",
        "hung": "a hung SMTP server (accepts, never answers)",
        "none": "no email configured",
    }[mode]
    print(f"--- {what}")
    print(f"requests sent:            {args.requests} over {args.connections} connections")
    print(f"redirected to thanks:     {figures['redirected']}")
    print(f"rows stored:              {figures['stored']} (suspected spam: {figures['spam']})")
    print(f"responses >= 500:         {figures['errors']}")
    print(f"other statuses:           {figures['other'] or 'none'}")
    print(f"requests per second:      {figures['rps']:.1f} ({figures['elapsed']:.2f} s in total)")
    print(
        f"latency p50 / p95 / max:  {figures['p50'] * 1000:.0f} / {figures['p95'] * 1000:.0f} / "
        f"{figures['max'] * 1000:.0f} ms"
    )
    line = (
        f"staff emails received:    {figures['emails']} "
        f"(rows sent: {figures['sent']}, still pending: {figures['pending']}"
    )
    if figures["drained"] is not None:
        line += f"; all out {figures['drained']:.1f} s after the first post"
    print(line + ")")
    if mode == "hung":
        print(f"connections the worker left hanging: {figures['connections']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smtp", default="healthy,hung", help="comma-separated: " + ",".join(MODES)
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the worker's nice value (README: Nice=10)"
    )
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    modes = [m.strip() for m in args.smtp.split(",") if m.strip()]
    if not modes or set(modes) - set(MODES):
        parser.error(f"--smtp takes {', '.join(MODES)}")

    print(
        f"gunicorn, 4 sync workers + db_worker (nice {args.worker_nice}), production settings, "
        "on-disk SQLite (WAL)"
    )
    runs = []
    for round_number in range(args.rounds):
        # Alternate the order each round, so neither mode always runs on a warmer machine.
        for mode in modes if round_number % 2 == 0 else modes[::-1]:
            figures = run(mode, args)
            report(figures, args)
            runs.append(figures)

    ok = all(
        f["stored"] == args.requests
        and f["errors"] == 0
        and not f["spam"]
        and f["redirected"] == args.requests
        for f in runs
    )
    ok = ok and all(
        f["emails"] == args.requests and f["pending"] == 0 for f in runs if f["mode"] == "healthy"
    )
    medians = {m: statistics.median(f["rps"] for f in runs if f["mode"] == m) for m in modes}
    print("--- summary")
    for mode in modes:
        print(f"median requests per second, {mode + ':':8} {medians[mode]:.1f}")
    for mode in modes:
        if mode != "healthy" and "healthy" in medians:
            ratio = medians[mode] / medians["healthy"]
            # One-sided: a hung server must not slow the posts. It may well speed them up, since
            # the healthy run's worker sends 400 emails in the same seconds, each with four small
            # write transactions on the same SQLite file, while the hung run's worker waits.
            if mode != "hung":
                print(f"{mode} / healthy: {ratio:.2f}")
                continue
            slower = ratio < 1 - TARGET_RATIO
            print(
                f"hung / healthy: {ratio:.2f} "
                f"({'MORE than 10% slower' if slower else 'not slower by more than 10%'})"
            )
            ok = ok and not slower
    print(
        "target met: every request stored, no error, hung not slower than healthy by over 10%"
        if ok
        else "TARGET MISSED"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
