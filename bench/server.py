"""The site as the README deploys it, for measurements: gunicorn + production settings.

`Site` prepares a throwaway deployment in /tmp/perf-* (its own SQLite file, or a fresh database on
the PostgreSQL server of DATABASE_URL; demo content; collectstatic into a temporary STATIC_ROOT)
and runs `gunicorn -c gunicorn.conf.py` on it. The measuring side plays the TLS proxy: it sends
`X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER is set as the README says), so production
settings neither redirect to HTTPS nor refuse secure cookies.

Used by bench/pages.py, bench/soak.py and scripts/audit.py:

    with Site(workers=4) as site:
        site.get("/")                      # -> (status, headers, body bytes)
        site.url("/gallery/")              # -> "http://127.0.0.1:PORT/gallery/"
        site.count_queries(["/", "/faq/"]) # -> {path: queries per cached request}

Run `python bench/server.py` to just serve the demo site this way until Ctrl-C.
"""

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def get(url, headers=None, timeout=10):
    """(status, headers, body bytes) of a GET through the simulated TLS proxy; an error status is
    an answer like any other (a 404 page is checked too)."""
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def python():
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


_HANDED_OUT = set()


def _outgoing_ports_start():
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port():
    """A port nothing listens on, and not one this process gave out before.

    The port is free only until its server binds it. It is taken below the kernel's range for
    outgoing connections: in that range any client socket (a browser's, a database driver's)
    could take it first, and gunicorn then failed with "Address already in use". Not one handed
    out before: a fixture that asks for three ports before starting anything (Caddy's) could
    otherwise get one twice.
    """
    end = _outgoing_ports_start()
    start = max(1024, end - 10000)
    for _ in range(1000):
        # A machine whose outgoing range starts low leaves no room below: the kernel picks.
        port = random.randrange(start, end) if end - start >= 1000 else 0
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError(f"No free port found between {start} and {end}.")


def fresh_postgres_database(url, name):
    """Drops and creates database `name` on the server of `url`; returns its URL."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parts._replace(path="/" + name).geturl()


def start_gunicorn(env, log_path, timeout=40):
    """`gunicorn -c gunicorn.conf.py` in `env`, returned once it answers on GUNICORN_BIND.

    Its output goes to `log_path`, which the RuntimeError shows if it does not start in time.
    """
    log = open(log_path, "w")  # noqa: SIM115 (closed in stop_gunicorn())
    server = subprocess.Popen(
        [python(), "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.log = log
    probe = urllib.request.Request(
        f"http://{env['GUNICORN_BIND']}/robots.txt", headers=PROXY_HEADERS
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return server
        except OSError as error:
            if time.monotonic() > deadline or server.poll() is not None:
                stop_gunicorn(server)
                raise RuntimeError(
                    "gunicorn did not start:\n" + Path(log_path).read_text()
                ) from error
            time.sleep(0.2)


def stop_process(process, timeout=20):
    """SIGTERM (a gunicorn or a task worker finishes what it has in hand), SIGKILL after
    `timeout` seconds; then closes the log it writes to (`process.log`)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


stop_gunicorn = stop_process


def child_json(script, *args, env):
    """Runs a bench script's child mode (`script args...`, a Django process in `env`) and returns
    the JSON object its last line prints."""
    result = subprocess.run(
        [python(), str(script), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        name = Path(script).name
        raise RuntimeError(f"{name} {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_env(folder, base_url="http://127.0.0.1"):
    """The environment of a deployment in `folder` (database, media, static files), with
    production settings, as the README sets it up; the measuring side plays the TLS proxy.
    On the SQLite file in `folder`: the shell's DATABASE_URL is left out (Site sets its own)."""
    folder = Path(folder)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
            "SECRET_KEY": "bench-" + "s3cr3t-k3y-" * 6,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": base_url,
            "CSRF_TRUSTED_ORIGINS": base_url,
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "SQLITE_PATH": str(folder / "db.sqlite3"),
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Django's own logging; gunicorn's access log stays on, as deployed.
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


class Site:
    """A gunicorn server running the demo site with production settings (see module docstring)."""

    def __init__(self, *, workers=None, port=None, database_url=None, extra_env=None, quiet=True):
        self.port = int(port or os.environ.get("PERF_PORT") or free_port())
        self.workers = workers
        self.database_url = (
            database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
        )
        self.extra_env = extra_env or {}
        self.quiet = quiet
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.tmp = None
        self.server = None
        self.env = None

    # --- lifecycle ---

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="perf-", dir="/tmp"))
        env = production_env(self.tmp, self.base_url)
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        if self.workers:
            env["GUNICORN_WORKERS"] = str(self.workers)
        if self.database_url:
            env["DATABASE_URL"] = fresh_postgres_database(
                self.database_url,
                urllib.parse.urlsplit(self.database_url).path.lstrip("/") + "_bench",
            )
        env.update(self.extra_env)
        self.env = env
        self.say(f"Preparing a deployment in {self.tmp} ...")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_content")
        self.manage("collectstatic", "--noinput", "-v0")
        self.log_path = self.tmp / "gunicorn.log"
        self.server = start_gunicorn(env, self.log_path)
        self.say(f"gunicorn serving {self.base_url} ({self.worker_count()} workers)")

    def stop(self):
        if self.server is not None:
            stop_gunicorn(self.server)
            self.server = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # --- helpers ---

    def say(self, message):
        if not self.quiet:
            print(message, flush=True)

    def manage(self, *args, capture=True):
        result = subprocess.run(
            [python(), str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=capture,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def worker_count(self):
        if self.workers:
            return self.workers
        import multiprocessing

        return int(self.env.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)

    def url(self, path):
        return self.base_url + path

    def get(self, path, headers=None, timeout=10):
        """(status, headers, body) of a GET through the simulated TLS proxy."""
        return get(self.url(path), headers, timeout)

    def static_files(self):
        """{original name: served URL path} from collectstatic's manifest (hashed names)."""
        manifest = json.loads((self.tmp / "static" / "staticfiles.json").read_text())
        return {name: "/static/" + hashed for name, hashed in manifest["paths"].items()}

    def static_file_size(self, url_path):
        return (self.tmp / "static" / url_path.removeprefix("/static/")).stat().st_size

    def count_queries(self, paths):
        """Queries of a cached request to each path, counted in a separate Django process.

        The child process uses the same settings, database and page cache configuration as the
        server: it requests each page once (the miss that fills its cache), then again, counting
        the second request's queries with Django's CaptureQueriesContext.
        """
        return child_json(Path(__file__).resolve(), "count-queries", *paths, env=self.env)


def _count_queries_here(paths):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from practice_site.cache import current_version, page_cache, page_key

    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    counts = {}
    for path in paths:
        # A new client per page: no cookie from an earlier page (the consultation form's CSRF
        # cookie) travels along, just as wrk sends none.
        client = Client(**headers)
        first = client.get(path)
        key = page_key(RequestFactory(**headers).get(path), current_version())
        cache = page_cache()
        with CaptureQueriesContext(connection) as queries:
            second = client.get(path)
        counts[path] = {
            "status": second.status_code,
            "queries": len(queries),
            "cached": cache is not None and cache.get(key) is not None,
            "same_body": first.content == second.content,
        }
    print(json.dumps(counts))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "count-queries":
        _count_queries_here(sys.argv[2:])
        return
    with Site(quiet=False) as site:
        print(f"Serving {site.base_url} (send X-Forwarded-Proto: https). Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            site.server.wait()


if __name__ == "__main__":
    main()
