"""Servers for the deployment tests: started once per session on free ports, stopped after.

Tests marked `deploy` run several processes (gunicorn, Caddy, PostgreSQL, moto). They belong to
`make test` like every other test; nothing skips when a program is missing: the test fails
with the command that installs it. pytest-xdist runs each module on one worker (`--dist loadfile`
in pyproject.toml), so a module's servers start once.
"""

import shutil
import urllib.parse

import pytest

from tests.once import once, run_lock, run_tmp

from .backing import MotoServer, Postgres, copy_postgres_database
from .servers import collect_static


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The collected static files every deployment of the run serves (as built on deploy),
    collected once for all pytest-xdist workers."""
    return once(tmp_path_factory, "deploy-static", collect_static)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """migrated(site): `site`'s database (this run's kind) as `manage.py migrate` leaves it.

    The first site of the run migrates and leaves a copy for the others, which take it in
    milliseconds instead of migrating for seconds of CPU. SQLite: the file (its mode included);
    PostgreSQL: a template database. A site that asks while the first is still migrating migrates
    too rather than wait, so two workers side by side lose nothing. A copy's Sites record holds
    the first site's address."""
    folder = run_tmp(tmp_path_factory) / "deploy-migrated"
    template = folder / "database"  # its path or URL, once there is one

    def migrate(site):
        with run_lock(tmp_path_factory, "deploy-migrated"):  # held for a copy, never a migration
            if template.exists():
                copy_database(template.read_text(), site)
                return
            first = not folder.exists()
            folder.mkdir(exist_ok=True)
        site.manage("migrate", "--noinput", "-v0")
        if first:
            with run_lock(tmp_path_factory, "deploy-migrated"):
                template.write_text(keep_database(site, folder))

    return migrate


def copy_database(source, site):
    if "DATABASE_URL" in site.env:
        copy_postgres_database(source, site.env["DATABASE_URL"])
    else:
        shutil.copy2(source, site.folder / "db.sqlite3")


def keep_database(site, folder):
    """A copy of `site`'s database (no process has it open) for later sites; its path or URL."""
    if "DATABASE_URL" in site.env:
        url = urllib.parse.urlsplit(site.env["DATABASE_URL"])
        kept = url._replace(path=url.path + "_migrated").geturl()
        copy_postgres_database(url.geturl(), kept)
        return kept
    assert not (site.folder / "db.sqlite3-wal").exists()  # all in the one file copied
    shutil.copy2(site.folder / "db.sqlite3", folder / "db.sqlite3")
    return str(folder / "db.sqlite3")


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
