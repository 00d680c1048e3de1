"""Settings: SQLite tuned for concurrent writers, production refusing to start half-configured."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "practice_site.settings.prod",
    "SECRET_KEY": "a-production-like-secret-key-" + "x9Yq" * 10,
    "ALLOWED_HOSTS": "www.example.org",
}


def run_manage(*args, env, cwd=ROOT):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
        }
    }
    full_env.update(env)
    full_env = {k: v for k, v in full_env.items() if v is not None}  # None: unset it
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,  # a hang fails; a machine busy with other work does not
    )


@pytest.mark.django_db
def test_sqlite_pragmas_are_read_back_from_a_live_connection():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific: this run uses PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
    assert connection.transaction_mode == "IMMEDIATE"
    # The test database is a real file, so WAL and locking behave as in production.
    assert Path(connection.settings_dict["NAME"]).is_file()


def test_database_url_switches_to_postgresql():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        env={**PROD_ENV, "DATABASE_URL": "postgres://site:pw@db.internal:5433/practice"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "practice",
        "db.internal",
        "5433",
    ]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {**PROD_ENV, missing: ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", env={**PROD_ENV, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_deploy_check_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_malformed_boolean_is_refused_not_guessed():
    result = run_manage("check", env={**PROD_ENV, "SECURE_SSL_REDIRECT": "maybe"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be true or false" in result.stderr


READ_BACK = textwrap.dedent(
    """
    import json
    from django.db import connection
    with connection.cursor() as cursor:
        found = {}
        for pragma in ("journal_mode", "synchronous", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            found[pragma] = cursor.fetchone()[0]
    found["transaction_mode"] = connection.transaction_mode
    found["conn_max_age"] = connection.settings_dict["CONN_MAX_AGE"]
    found["name"] = str(connection.settings_dict["NAME"])
    print(json.dumps(found))
    """
)


@pytest.mark.parametrize(
    "way", ["SQLITE_PATH", "absolute sqlite:// URL", "relative sqlite:// URL", "both set"]
)
def test_every_way_of_naming_sqlite_gets_the_same_configuration(tmp_path, way):
    """Read back from a live connection: a `sqlite://` URL once lost all of this silently."""
    path = tmp_path / "site.sqlite3"
    env = {
        "SQLITE_PATH": {"SQLITE_PATH": str(path)},
        "absolute sqlite:// URL": {"DATABASE_URL": f"sqlite:///{path}"},
        "relative sqlite:// URL": {"DATABASE_URL": "sqlite:///site.sqlite3"},
        # DATABASE_URL wins over SQLITE_PATH, as the README says.
        "both set": {"DATABASE_URL": f"sqlite:///{path}", "SQLITE_PATH": str(tmp_path / "x")},
    }[way]
    result = run_manage("shell", "-c", READ_BACK, env={**PROD_ENV, **env}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(tmp_path, found.pop("name")).resolve() == path
    assert found == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
        "conn_max_age": 60,
    }


@pytest.mark.parametrize(
    "url, message",
    [
        ("sqlite://", "must be a file path"),
        ("sqlite:///:memory:", "must be a file path"),
        ("sqlite:////tmp/site.sqlite3?timeout=5", "DATABASE_URL sets SQLite options (timeout)"),
    ],
)
def test_a_sqlite_url_the_site_cannot_honour_is_refused_at_start(url, message):
    result = run_manage("check", env={**PROD_ENV, "DATABASE_URL": url})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


CONCURRENT_WRITERS = textwrap.dedent(
    """
    import json, threading
    from django.db import connection, connections, transaction
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE requests (writer INTEGER)")
    connections.close_all()
    read, errors = [threading.Event(), threading.Event()], []

    def writer(me):
        # Read, then write, in one transaction (as the rate limit counts, then stores): each
        # waits until the other has read too, or 3 s if the other is queued behind it.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM requests")
                read[me].set()
                read[1 - me].wait(3)
                cursor.execute("INSERT INTO requests VALUES (%s)", [me])
        except Exception as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM requests")
        print(json.dumps({"errors": errors, "rows": cursor.fetchone()[0]}))
    """
)


def test_concurrent_writers_on_a_sqlite_url_queue_instead_of_failing(tmp_path):
    """Two transactions that read, then write, at the same moment: both are stored.

    With SQLite's defaults (deferred transactions) both take a read lock and one of them fails
    with "database is locked" when it tries to write.
    """
    env = {**PROD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    result = run_manage("shell", "-c", CONCURRENT_WRITERS, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"errors": [], "rows": 2}


DUMP_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps({k: repr(getattr(settings, k)) for k in dir(settings) if k.isupper()}))"
)


def test_a_variable_left_blank_means_its_default():
    """Every variable `.env.example` lists, set to "" (as `NAME=` in an environment file does),
    gives the same settings and gunicorn configuration as when it is not set at all."""
    from tests.practice_site.test_env_example import shipped_env_example

    names = shipped_env_example().keys() - {"DJANGO_SETTINGS_MODULE", *PROD_ENV}
    dumps = [
        run_manage("shell", "-c", DUMP_SETTINGS, env={**PROD_ENV, **dict.fromkeys(names, value)})
        for value in (None, "")
    ]
    assert [d.returncode for d in dumps] == [0, 0], dumps[1].stderr
    unset, blank = (json.loads(d.stdout.strip().splitlines()[-1]) for d in dumps)
    differ = {k: v for k, v in blank.items() if unset.get(k) != v and " at 0x" not in v}
    assert differ == {}


def test_gunicorn_takes_its_defaults_for_blank_variables(monkeypatch):
    from tests.practice_site.test_gunicorn_recycling import read_config

    names = ["GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS"]
    names.append("FORWARDED_ALLOW_IPS")
    configs = []
    for value in (None, ""):
        for name in names:
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        config = read_config()[0]
        configs.append({k: v for k, v in config.items() if k in {"bind", "workers", "timeout"}})
    assert configs[0] == configs[1]
    assert configs[1]["workers"] >= 3 and configs[1]["bind"] == "127.0.0.1:8000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ["frontdesk@example.com"]),
        ("a@example.org,b@example.org", ["a@example.org", "b@example.org"]),
    ],
)
def test_the_demo_tells_a_front_desk_of_each_request_unless_told_whom(value, expected):
    """`make serve` (development settings) prints the staff email of a request sent through the
    form, instead of holding it as not configured."""
    env = {"DJANGO_SETTINGS_MODULE": "practice_site.settings.dev"}
    code = "from django.conf import settings; print(settings.CONSULTATION_NOTIFY_EMAILS)"
    result = run_manage("shell", "-c", code, env={**env, "CONSULTATION_NOTIFY_EMAILS": value})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(expected)
