"""The one database: PostgreSQL through DATABASE_URL, or SQLite set up for concurrent writes."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

# SQLite's settings for concurrent writers, whichever way the database is named. They must sit
# inside the database dict's OPTIONS; anywhere else SQLite silently ignores them. IMMEDIATE takes
# the write lock at BEGIN, so concurrent writers queue on `timeout` instead of failing with
# "database is locked" when a read transaction upgrades to a write.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
}


def database_config(base_dir):
    """The database DATABASE_URL names (PostgreSQL, or SQLite), else the SQLite file SQLITE_PATH.

    Every SQLite database gets SQLITE_OPTIONS: a `sqlite://` URL carries no OPTIONS of its own, and
    one that tries to set some is refused rather than half-applied.
    """
    # Keep each worker's connection open between requests. For SQLite too: opening and closing a
    # WAL database per request costs ~2 ms (closing the last connection checkpoints and deletes
    # the -wal/-shm files), ten times a cached page's whole cost (bench/pages.py).
    conn_max_age = env_int("DB_CONN_MAX_AGE", 60)
    url = env_str("DATABASE_URL", "")
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(base_dir / "db.sqlite3")),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
    if config["ENGINE"] != "django.db.backends.sqlite3":
        return config
    name = str(config["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise ImproperlyConfigured(
            f"The SQLite database must be a file path, not {name!r}: an in-memory database "
            "loses every request when the process stops (DATABASE_URL=sqlite:////abs/path.db)."
        )
    if config.get("OPTIONS"):
        raise ImproperlyConfigured(
            f"DATABASE_URL sets SQLite options ({', '.join(sorted(config['OPTIONS']))}); remove "
            "them: the site configures SQLite itself (practice_site/settings/database.py)."
        )
    return {**config, "OPTIONS": dict(SQLITE_OPTIONS)}
