"""One migrated test database per run, copied for each pytest-xdist worker.

Migrating an empty database costs seconds of CPU; a copy costs milliseconds (SQLite: the file;
PostgreSQL: `CREATE DATABASE ... TEMPLATE`). The first worker that needs a database migrates the
template (tests/once.py); every worker, that one included, then works on its own copy made with
Django's `clone_test_db`, as Django's own parallel test runner does. tests/conftest.py
`django_db_setup` uses it in place of pytest-django's (one migration per worker).
"""

from django.conf import settings
from django.db import connection

from tests.once import once, run_lock, run_tmp, worker_id

FOLDER = "test-database"


def _use(name):
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name


def set_up(tmp_path_factory, serialize=False):
    """Point this process at its own copy of the run's migrated database; returns the name it
    had before (for `tear_down`)."""
    original = connection.settings_dict["NAME"]

    def migrate_template(folder):
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(folder / "template.sqlite3")
        else:
            test["NAME"] = (test.get("NAME") or f"test_{original}") + "_template"
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        connection.close()
        (folder / "name").write_text(name)
        _use(original)

    template = (once(tmp_path_factory, FOLDER, migrate_template) / "name").read_text()
    _use(template)
    # PostgreSQL refuses to copy a template that another session is using: one copy at a time.
    with run_lock(tmp_path_factory, FOLDER):
        connection.creation.clone_test_db(suffix=worker_id(), verbosity=0, autoclobber=True)
    _use(connection.creation.get_test_db_clone_settings(worker_id())["NAME"])
    connection.close()
    if serialize:  # for tests marked django_db(serialized_rollback=True)
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return original


def tear_down(original):
    """Drop this process's copy and point back at the database the settings name."""
    connection.creation.destroy_test_db(original, verbosity=0)


def drop_template(tmp_path_factory):
    """After the whole run (its last process): drop a PostgreSQL template. SQLite's is a file in
    the run's temporary folder, which pytest clears with the folder."""
    record = run_tmp(tmp_path_factory) / FOLDER / "name"
    if connection.vendor != "sqlite" and record.exists():
        connection.creation._destroy_test_db(record.read_text(), verbosity=0)
        record.unlink()
