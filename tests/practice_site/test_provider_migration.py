"""The surgeon on the old practice profile becomes a Provider, and the migration graph stays
one-way: procedures may point at practice_site's Provider, never the other way round."""

import importlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = importlib.import_module("practice_site.migrations.0010_profile_surgeon_to_provider")


@pytest.mark.parametrize(
    ("name", "credentials", "expected"),
    [
        ("Dr. Andre Panossian", "MD", ("Andre", "Panossian", "MD")),
        ("Andre Panossian, MD", "", ("Andre", "Panossian", "MD")),
        ("Dr Jane Q. Roe, MD", "MD, FACS", ("Jane Q.", "Roe", "MD, FACS")),
        ("doctor Jane Roe", "M.D., FACS", ("Jane", "Roe", "M.D., FACS")),
        ("Roe", "", ("", "Roe", "")),
    ],
)
def test_the_old_name_field_is_split_once_and_the_title_dropped(name, credentials, expected):
    assert MIGRATION.split_name(name, credentials) == expected


def test_practice_site_migrations_never_depend_on_procedures():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for node in graph.leaf_nodes("practice_site") + [
        key for key in graph.nodes if key[0] == "practice_site"
    ]:
        apps = {app for app, _ in graph.forwards_plan(node)}
        assert "procedures" not in apps, node
    # ...while procedures' reviewer field does depend on the provider table.
    plan = graph.forwards_plan(("procedures", "0006_reviewed_by"))
    assert ("practice_site", "0009_providers") in plan


def manage(*args, db):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"DJANGO_SETTINGS_MODULE": "practice_site.settings.test", "SQLITE_PATH": str(db)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args, "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_profile_surgeon_moves_to_a_provider_and_back(tmp_path):
    db = tmp_path / "old.sqlite3"
    manage("migrate", db=db)  # the whole schema first: post-migrate handlers need every table
    manage("migrate", "practice_site", "0003", db=db)  # then back to before providers
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO practice_site_practiceprofile (id, practice_name, tagline, surgeon_name,"
            " surgeon_credentials, surgeon_role, phone, email, street_address, locality, region,"
            " postal_code, opening_hours, short_bio, video_url, video_title, is_demo, updated_at)"
            " VALUES (1, 'Roe Surgery', '', 'Dr. Jane Roe', 'MD, FACS', 'Facial surgeon',"
            " '(626) 555-0100', '', '', 'Pasadena', 'CA', '', '', 'She restores smiles.',"
            " 'https://video.example/watch?v=1', 'Meet Dr. Roe', 0, '2024-01-01 00:00:00')"
        )
    manage("migrate", db=db)
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        (provider,) = conn.execute("SELECT * FROM practice_site_provider").fetchall()
        (link,) = conn.execute("SELECT * FROM practice_site_credential").fetchall()
        columns = {
            row[1] for row in conn.execute("PRAGMA table_info(practice_site_practiceprofile)")
        }
    assert (provider["given_name"], provider["family_name"]) == ("Jane", "Roe")
    assert provider["post_nominals"] == "MD, FACS"
    assert provider["slug"] == "jane-roe"
    assert provider["specialty"] == "Facial surgeon"
    assert provider["short_bio"] == "She restores smiles."
    assert provider["is_published"] == 1 and provider["is_demo"] == 0
    # The old video link is kept where staff can see and edit it, not silently dropped.
    assert (link["kind"], link["title"], link["url"]) == (
        "publication",
        "Meet Dr. Roe",
        "https://video.example/watch?v=1",
    )
    assert not {"surgeon_name", "surgeon_credentials", "short_bio", "video_url"} & columns

    manage("migrate", "practice_site", "0009", db=db)  # back: the fields return, filled
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        profile = conn.execute("SELECT * FROM practice_site_practiceprofile").fetchone()
    assert profile["surgeon_name"] == "Jane Roe"
    assert profile["surgeon_credentials"] == "MD, FACS"
    assert profile["short_bio"] == "She restores smiles."
    assert profile["video_url"] == "https://video.example/watch?v=1"
