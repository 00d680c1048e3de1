"""Servers for the deployment tests: started once per session on free ports, stopped after.

Tests marked `deploy` run several processes (gunicorn, Caddy, PostgreSQL, moto). They belong to
`make test` like every other test; nothing skips when a program is missing: the test fails
with the command that installs it. pytest-xdist runs each module on one worker (`--dist loadfile`
in pyproject.toml), so a module's servers start once.
"""

import shutil

import pytest

from tests.once import once, run_lock

from .backing import MotoServer, Postgres, copy_postgres_database, run_database
from .servers import Site, collect_static


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The collected static files every deployment of the run serves (as built on deploy),
    collected once for all pytest-xdist workers."""
    return once(tmp_path_factory, "deploy-static", collect_static)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory, static_root):
    """migrated(site): `site`'s database (this run's kind) as `manage.py migrate` leaves it, copied
    from one that a deployment migrated once for the whole run: migrating costs seconds of CPU, a
    copy milliseconds. SQLite: the file (its mode included); PostgreSQL: CREATE DATABASE ...
    TEMPLATE. The Sites record holds the address of the deployment that migrated it."""

    def build(folder):
        site = Site(folder, static_root=static_root, database_url=run_database("migrated"))
        site.manage("migrate", "--noinput", "-v0")
        assert not (folder / "db.sqlite3-wal").exists()  # all in the one file we copy
        (folder / "database").write_text(site.env.get("DATABASE_URL", str(folder / "db.sqlite3")))

    template = (once(tmp_path_factory, "deploy-migrated", build) / "database").read_text()

    def copy(site):
        # PostgreSQL refuses to copy a template while another copy of it is being made.
        with run_lock(tmp_path_factory, "deploy-migrated"):
            if "DATABASE_URL" in site.env:
                copy_postgres_database(template, site.env["DATABASE_URL"])
            else:
                shutil.copy2(template, site.folder / "db.sqlite3")

    return copy


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A PostgreSQL server: the run's own with TEST_DB=postgres, else a throwaway cluster."""
    server = Postgres(tmp_path_factory.mktemp("deploy-postgres")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def moto(tmp_path_factory):
    server = MotoServer(tmp_path_factory.mktemp("deploy-moto")).start()
    yield server
    server.stop()
