"""Servers for the deployment tests: started once per session on free ports, stopped after.

Tests marked `deploy` run several processes (gunicorn, Caddy, PostgreSQL, moto). They belong to
`make test` like every other test; nothing skips when a program is missing: the test fails
with the command that installs it. pytest-xdist runs each module on one worker (`--dist loadfile`
in pyproject.toml), so a module's servers start once.
"""

import pytest

from tests.once import once

from .backing import MotoServer, Postgres
from .servers import collect_static


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The collected static files every deployment of the run serves (as built on deploy),
    collected once for all pytest-xdist workers."""
    return once(tmp_path_factory, "deploy-static", collect_static)


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
