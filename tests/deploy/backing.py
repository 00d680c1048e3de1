"""The services a deployment leans on, for the deployment tests: PostgreSQL and an S3 bucket.

- `Postgres`: the run's PostgreSQL server (TEST_DB=postgres) or a private throwaway cluster;
- `MotoServer`: moto's S3-compatible server (a real HTTP server, not a mock object).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bench.server import free_port, fresh_postgres_database
from tests.once import worker_id

from .processes import Logged

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
    on the run's server (its URL); else None, and the deployment keeps an SQLite file.

    Named after the xdist worker too, so that two workers never share one, even if a module
    ever runs on both (a shared name once let one worker drop the database the other's server
    was using: "relation django_session does not exist")."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    base = urllib.parse.urlsplit(url).path.lstrip("/")
    return fresh_postgres_database(url, f"{base}_deploy_{suffix}_{worker_id()}")


def copy_postgres_database(template_url, url):
    """Replaces the database of `url` with a copy of `template_url`'s (on the same server)."""
    import psycopg
    from psycopg import sql

    template, name = (urllib.parse.urlsplit(u).path.lstrip("/") for u in (template_url, url))
    server = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )


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
        self.server = None
        self.endpoint = None

    def start(self):
        try:
            import moto.server  # noqa: F401
        except ImportError:
            pytest.fail("moto is not installed: pip install -r requirements-dev.txt")
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.server = Logged(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            self.tmp / "moto.log",
            env={**os.environ, **self.CREDENTIALS},
        ).wait_until(
            lambda: urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2).status == 200,
            timeout=60,
            what="moto's S3 server answering",
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
        if self.server is not None:
            self.server.stop()
            self.server = None
