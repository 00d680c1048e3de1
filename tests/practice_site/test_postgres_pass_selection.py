"""The PostgreSQL pass (`--database-tests-only`, tests/conftest.py) keeps every test the database
kind can change and leaves out only those that never reach a database, always run on
PostgreSQL or are marked as the same on any database."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    "tests/practice_site/test_logging.py",
    "tests/consultations/test_notification_failed.py",
    "tests/consultations/test_notification_worker.py",
    "tests/deploy/test_two_machines.py",
    "tests/practice_site/test_env_example.py",
]


def test_only_tests_the_database_kind_cannot_change_are_left_out():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0"]
        + ["--database-tests-only", *FILES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    kept = {
        line.split("::")[1].split("[")[0] for line in result.stdout.splitlines() if "::" in line
    }

    # Kept: marked django_db (a JSON line), asking for `db` through a factory fixture (the badge),
    # running a deployment (marked deploy: the worker).
    assert {
        "test_each_request_is_one_json_line_with_id_status_and_duration",
        "test_badge_and_filter_agree",
        "test_the_worker_delivers_exactly_one_email_once_the_mail_server_is_healthy",
    } <= kept
    # Left out: settings read in this process, a process that refuses to start, two machines
    # sharing a PostgreSQL server of their own in the SQLite pass, and a deployment marked
    # same_on_any_database (it is marked deploy too: the mark is what leaves it out).
    assert kept.isdisjoint(
        {
            "test_two_machines_share_the_gallery_edits_and_every_accepted_post",
            "test_gunicorn_serves_pages_with_env_example_as_shipped",
            "test_an_unknown_log_format_stops_the_site_at_start",
            "test_only_named_fields_reach_a_json_line",
            "test_text_is_the_default_format_with_the_request_id_when_there_is_one",
        }
    )
