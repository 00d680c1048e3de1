"""The real servers a deployment runs, started by the tests on free ports and stopped after.

- `Site`: one machine's deployment of the site (its own folder, environment and gunicorn);
- `Caddy`: Caddy running deploy/caddy/Caddyfile with its internal certificate authority.

PostgreSQL and the S3 bucket are in backing.py; starting, waiting for and stopping a process in
processes.py.

Everything waits for a condition (a port answering, a certificate served), never a fixed time.
A missing program fails the test with the command that installs it; nothing skips.
"""

import json
import os
import socket
import ssl
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.server import free_port

from .processes import Logged, require

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "caddy" / "Caddyfile"
SECRET_KEY = "deploy-tests-" + "k3y-0f-the-pr0xy-" * 4
EDITOR = ("site-editor", "a-long-editor-password-for-tests")
# The editor's authenticator secret (staff sign in with a second factor): 20 bytes, as hex.
EDITOR_TOTP_KEY = "5d0c2a8f7e91b3c46a1f09e8d7c6b5a493827160"


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
        self.server = self.worker = None
        self.log_path = self.folder / "gunicorn.log"  # read by the tests

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
        self.server = self._run(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")], "gunicorn"
        )
        # Ready to serve, as the proxy sees it (the task worker runs on its own, or not at all).
        probe = urllib.request.Request(self.base_url + "/healthz?checks=database,migrations,media")
        self.server.wait_until(
            lambda: urllib.request.urlopen(probe, timeout=5).status == 200,
            timeout=timeout,
            what=f"gunicorn answering on {self.base_url}",
        )
        return self

    def start_worker(self):
        """`manage.py db_worker`, as practice-worker.service runs it."""
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"]
        self.worker = self._run(command, "worker")

    def _run(self, command, name):
        return Logged(
            command, self.folder / f"{name}.log", env=self.env, cwd=self.folder, append=True
        )

    def stop(self):
        if self.server is not None:
            self.server.stop(timeout=30)
        if self.worker is not None:
            self.worker.stop(timeout=60)
        self.server = self.worker = None


def start_together(*servers):
    """Starts `servers` (Sites, Caddy) side by side and returns once every one is ready; raises
    the first failure after all have finished starting (the caller stops them all)."""
    with ThreadPoolExecutor(len(servers)) as pool:
        starts = [pool.submit(server.start) for server in servers]
    for start in starts:
        start.result()


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
        self.server = None

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
        self.server = Logged(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            self.folder / "caddy.log",
            env=self.env,
            cwd=self.folder,
        ).wait_until(
            self._serves_certificate,
            timeout=60,
            what="Caddy serving its internal certificate",
        )
        return self

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None


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
