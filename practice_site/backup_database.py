"""The database half of a backup: a consistent copy of SQLite or PostgreSQL, and its way back.

SQLite is copied with its online backup API, PostgreSQL with pg_dump/pg_restore (custom format),
so backups.py can treat the database as one file whichever engine the site runs on.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

DATABASE_FILES = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


def vendor_of(connection):
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _pg_environment(connection):
    """libpq's variables for pg_dump/pg_restore, from the Django database settings."""
    params = connection.get_connection_params()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    mapping = {
        "PGHOST": params.get("host"),
        "PGPORT": params.get("port"),
        "PGUSER": params.get("user"),
        "PGPASSWORD": params.get("password"),
        "PGDATABASE": params.get("dbname"),
        "PGSSLMODE": params.get("sslmode"),
    }
    env.update({key: str(value) for key, value in mapping.items() if value})
    return env


def _run(command, env, what):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed, so the PostgreSQL database cannot be {what}. "
            "Install the PostgreSQL client tools (Debian: apt-get install postgresql-client) "
            "in the same major version as the server or newer."
        )
    result = subprocess.run(  # noqa: S603 (a fixed program with arguments we build)
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def _snapshot_sqlite(connection, target):
    source_path = connection.settings_dict["NAME"]
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is read in a single read transaction, a consistent
        # snapshot; in WAL mode the site's writers are not blocked meanwhile.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"The database copy failed SQLite's integrity check: {result}")
    finally:
        copy.close()
        source.close()


def _snapshot_postgresql(connection, target):
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
        ],
        _pg_environment(connection),
        "backed up",
    )


def _restore_sqlite(connection, source):
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    # Only an empty file (no tables, checked before) and its WAL files can be here: replace them.
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    partial = target.with_name(target.name + ".restoring")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as data:
        shutil.copyfileobj(data, out, CHUNK)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, target)


def _restore_postgresql(connection, source):
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        _pg_environment(connection),
        "restored",
    )


def snapshot(connection, target):
    """Write a consistent copy of the site's database to the file `target`."""
    {"sqlite": _snapshot_sqlite, "postgresql": _snapshot_postgresql}[vendor_of(connection)](
        connection, target
    )


def restore_database(connection, source):
    """Bring the copy in `source` back into the (checked empty) database of `connection`."""
    {"sqlite": _restore_sqlite, "postgresql": _restore_postgresql}[vendor_of(connection)](
        connection, source
    )
