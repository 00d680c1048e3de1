"""The real servers a deployment runs, started by the tests on free ports and stopped after.

- `Site`: one machine's deployment of the site (its own folder, environment and gunicorn);
- `throwaway_postgres()`: a private PostgreSQL cluster, unless the run already has one;
- `MotoServer`: moto's S3-compatible server (a real HTTP server, not a mock object);
- `Caddy`: Caddy running deploy/caddy/Caddyfile with its internal certificate authority.

Everything waits for a condition (a port answering, a certificate served), never a fixed time.
A missing program fails the test with the command that installs it; nothing skips.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bench.server import free_port, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "caddy" / "Caddyfile"
SECRET_KEY = "deploy-tests-" + "k3y-0f-the-pr0xy-" * 4
EDITOR = ("site-editor", "a-long-editor-password-for-tests")
# The editor's authenticator secret (staff sign in with a second factor): 20 bytes, as hex.
EDITOR_TOTP_KEY = "5d0c2a8f7e91b3c46a1f09e8d7c6b5a493827160"


def require(program, install):
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is not installed: {install} (`make test` installs it).")
    return path


def wait_for(condition, *, timeout, what, process=None, log=None):
    """Calls `condition` until it returns something truthy; fails with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, ssl.SSLError):
            result = condition()
            if result:
                return result
        if process is not None and process.poll() is not None:
            output = Path(log).read_text() if log else ""
            raise RuntimeError(f"{what}: the process exited ({process.returncode}).\n{output}")
        if time.monotonic() > deadline:
            output = Path(log).read_text()[-4000:] if log else ""
            raise TimeoutError(f"{what} did not happen within {timeout} s.\n{output}")
        time.sleep(0.05)


def json_log(path):
    """The JSON lines a server wrote so far (LOG_FORMAT=json); a line still being written is
    left for the next read."""
    text = Path(path).read_text()
    complete = text[: text.rfind("\n") + 1]
    return [json.loads(line) for line in complete.splitlines() if line.strip()]


def port_open(port, host="127.0.0.1"):
    with socket.create_connection((host, port), timeout=1):
        return True


def stop_process(process, timeout=20, sig=signal.SIGTERM):
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- PostgreSQL ---


class Postgres:
    """A PostgreSQL server for the test: the run's own (TEST_DB=postgres) or a throwaway one."""

    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.url = None
        self.cluster = None
        self.bin = None

    def start(self):
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            self.url = url
            return self
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            pytest.fail(
                "PostgreSQL's server is not installed: apt-get install -y postgresql "
                "(`make test` installs it)."
            )
        self.bin = bins[-1].parent
        # In the system's temporary folder: pytest's folders are closed to the postgres user.
        self.cluster = Path(tempfile.mkdtemp(prefix="deploy-postgres-"))
        port = free_port()
        as_postgres = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.cluster, "postgres")
            as_postgres = ["runuser", "-u", "postgres", "--"]
        data = self.cluster / "data"
        self._as_postgres = as_postgres
        self._run(
            [*as_postgres, str(self.bin / "initdb"), "-D", str(data), "-U", "postgres"]
            + ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]
        )
        options = (
            f"-p {port} -k {self.cluster} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            [*as_postgres, str(self.bin / "pg_ctl"), "-D", str(data), "-l"]
            + [str(self.cluster / "server.log"), "-w", "-t", "60", "-o", options, "start"]
        )
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        return self

    def _run(self, command):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{command[-1]} failed:\n{result.stdout}{result.stderr}")

    def database(self, name):
        """A new, empty database `name` on this server; its URL."""
        return fresh_postgres_database(self.url, name)

    def stop(self):
        if self.cluster is not None:
            subprocess.run(
                [*self._as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.cluster / "data")]
                + ["-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
            )
            shutil.rmtree(self.cluster, ignore_errors=True)
            self.cluster = None


def run_database(suffix):
    """A database of this run's kind for a deployment: with TEST_DB=postgres a fresh database
    on the run's server (its URL); else None, and the deployment keeps an SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    base = urllib.parse.urlsplit(url).path.lstrip("/")
    return fresh_postgres_database(url, f"{base}_deploy_{suffix}")


# --- S3 (moto's server mode) ---


class MotoServer:
    """moto's S3-compatible HTTP server in its own process, with throwaway credentials."""

    CREDENTIALS = {
        "AWS_ACCESS_KEY_ID": "deploy-tests-access-key",
        "AWS_SECRET_ACCESS_KEY": "deploy-tests-secret-key",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
    }

    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.process = None
        self.endpoint = None

    def start(self):
        try:
            import moto.server  # noqa: F401
        except ImportError:
            pytest.fail("moto is not installed: pip install -r requirements-dev.txt")
        port = free_port()
        self.log = self.tmp / "moto.log"
        env = {**os.environ, **self.CREDENTIALS}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=open(self.log, "w"),  # noqa: SIM115 (lives as long as the server)
            stderr=subprocess.STDOUT,
            env=env,
        )
        self.endpoint = f"http://127.0.0.1:{port}"
        wait_for(
            lambda: urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2).status == 200,
            timeout=60,
            what="moto's S3 server answering",
            process=self.process,
            log=self.log,
        )
        return self

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=self.CREDENTIALS["AWS_S3_REGION_NAME"],
        )

    def new_bucket(self, name):
        """A private bucket (S3's default): no ACL grant, no policy."""
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def site_env(self, bucket):
        """The environment variables that switch a site to this bucket."""
        return {
            **self.CREDENTIALS,
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
        }

    def stop(self):
        stop_process(self.process)


# --- One machine's deployment ---


class Site:
    """A deployment of the site in `folder`: its environment, manage.py, and gunicorn.

    `database_url` is a PostgreSQL database (else an SQLite file in the folder); `extra_env`
    adds or overrides variables (a bucket, proxy settings, LOG_FORMAT). gunicorn runs with the
    folder as its working directory, as on a machine of its own.
    """

    def __init__(self, folder, *, static_root, database_url=None, extra_env=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
        env.pop("DATABASE_URL", None)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
                "PYTHONPATH": str(ROOT),
                "SECRET_KEY": SECRET_KEY,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": f"http://127.0.0.1:{self.port}",
                "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
                "SQLITE_PATH": str(self.folder / "db.sqlite3"),
                "MEDIA_ROOT": str(self.folder / "media"),
                "STATIC_ROOT": str(static_root),
                "BACKUP_DIR": str(self.folder / "backups"),
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": "2",
                # A busy CI machine processes two near-limit photos slowly.
                "GUNICORN_TIMEOUT": "120",
                "LOG_LEVEL": "WARNING",
                "HOME": str(self.folder),
            }
        )
        if database_url:
            env["DATABASE_URL"] = database_url
        env.update(extra_env or {})
        self.env = env
        self.server = None
        self.log_path = self.folder / "gunicorn.log"

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args, check=True, input=None):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            input=input,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result

    def shell(self, code):
        """Runs Python in `manage.py shell`; returns what it printed."""
        return self.manage("shell", "-c", code).stdout

    def start(self, timeout=90):
        self.log = open(self.log_path, "a")  # noqa: SIM115 (closed in stop())
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            env=self.env,
            cwd=self.folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # Ready to serve, as the proxy sees it (the task worker runs on its own, or not at all).
        probe = urllib.request.Request(self.base_url + "/healthz?checks=database,migrations,media")
        wait_for(
            lambda: urllib.request.urlopen(probe, timeout=5).status == 200,
            timeout=timeout,
            what=f"gunicorn answering on {self.base_url}",
            process=self.server,
            log=self.log_path,
        )
        return self

    def stop(self):
        if self.server is not None:
            stop_process(self.server, timeout=30)
            self.server = None
            self.log.close()
        self.stop_worker()

    def start_worker(self):
        """`manage.py db_worker`, as practice-worker.service runs it."""
        self.worker_log = open(self.folder / "worker.log", "a")  # noqa: SIM115 (closed below)
        self.worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
            env=self.env,
            cwd=self.folder,
            stdout=self.worker_log,
            stderr=subprocess.STDOUT,
        )
        return self.worker

    def stop_worker(self):
        if getattr(self, "worker", None) is not None:
            stop_process(self.worker, timeout=60)
            self.worker = None
            self.worker_log.close()


def collect_static(folder):
    """`collectstatic` once for every deployment of the session (the files are the code's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "localhost",
            "STATIC_ROOT": str(folder),
        }
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return folder


SETUP_CONTENT = f"""
from django.contrib.auth.models import Group, User
from procedures.models import Procedure, ProcedureGroup
group, _ = ProcedureGroup.objects.get_or_create(
    slug="facial-reanimation",
    defaults={{"title": "Facial reanimation", "summary": "Movement back to the face."}},
)
Procedure.objects.get_or_create(
    group=group, slug="smile-surgery",
    defaults={{"title": "Smile surgery", "summary": "Restores a smile.",
               "status": Procedure.Status.PUBLISHED}},
)
editor = User.objects.create_user("{EDITOR[0]}", password="{EDITOR[1]}", is_staff=True)
editor.groups.add(Group.objects.get(name="Content editor"))
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.create(
    user=editor, name="Authenticator app", confirmed=True, key="{EDITOR_TOTP_KEY}"
)
print(editor.pk)
"""


# --- Caddy ---


class Caddy:
    """deploy/caddy/Caddyfile as shipped, run with the internal CA on free ports."""

    HOST = "www.practice.test"
    BARE = "practice.test"

    def __init__(self, folder, upstreams, *, extra_env=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.https_port = free_port(), free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CADDY", "PRACTICE_"))},
            # Caddy keeps its CA, certificates and state here, not in the machine's folders.
            "HOME": str(self.folder),
            "XDG_DATA_HOME": str(self.folder / "data"),
            "XDG_CONFIG_HOME": str(self.folder / "config"),
            "ACME_EMAIL": "it@practice.test",
            "CADDY_TLS_ISSUER": "internal",
            "CADDY_HTTP_PORT": str(self.http_port),
            "CADDY_HTTPS_PORT": str(self.https_port),
            "CADDY_ADMIN": f"127.0.0.1:{free_port()}",
            "PRACTICE_HOST": f"{self.HOST}:{self.https_port}",
            "PRACTICE_REDIRECT_HOST": f"{self.BARE}:{self.https_port}",
            "PRACTICE_UPSTREAMS": " ".join(upstreams),
            **(extra_env or {}),
        }
        self.process = None
        self.log_path = self.folder / "caddy.log"

    @property
    def root_certificate(self):
        return self.folder / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    @property
    def origin(self):
        return f"https://{self.HOST}:{self.https_port}"

    def tls_context(self):
        return ssl.create_default_context(cafile=str(self.root_certificate))

    def _serves_certificate(self):
        if not self.root_certificate.exists():
            return False
        with (
            socket.create_connection(("127.0.0.1", self.https_port), timeout=2) as raw,
            self.tls_context().wrap_socket(raw, server_hostname=self.HOST),
        ):
            return True

    def start(self):
        caddy = require("caddy", "apt-get install -y caddy")
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=self.env,
            cwd=self.folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(
            self._serves_certificate,
            timeout=60,
            what="Caddy serving its internal certificate",
            process=self.process,
            log=self.log_path,
        )
        return self

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
            self.log.close()


def adapt(env):
    """The JSON configuration Caddy makes of deploy/caddy/Caddyfile with `env`."""
    caddy = require("caddy", "apt-get install -y caddy")
    result = subprocess.run(
        [caddy, "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def url_host(url):
    return urllib.parse.urlsplit(url).hostname
