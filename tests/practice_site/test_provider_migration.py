"""The surgeon on the old practice profile becomes a Provider, and the migration graph stays
one-way: procedures may point at practice_site's Provider, never the other way round."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

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


def test_the_profile_surgeon_moves_to_a_provider_and_back(migrate_to):
    old = migrate_to([("practice_site", "0003_page_body_html")])  # before providers
    old.get_model("practice_site", "PracticeProfile").objects.create(
        id=1,
        practice_name="Roe Surgery",
        surgeon_name="Dr. Jane Roe",
        surgeon_credentials="MD, FACS",
        surgeon_role="Facial surgeon",
        phone="(626) 555-0100",
        locality="Pasadena",
        region="CA",
        short_bio="She restores smiles.",
        video_url="https://video.example/watch?v=1",
        video_title="Meet Dr. Roe",
        is_demo=False,
    )
    new = migrate_to(MigrationLoader(connection).graph.leaf_nodes())
    provider = new.get_model("practice_site", "Provider").objects.get()
    link = new.get_model("practice_site", "Credential").objects.get()
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "practice_site_practiceprofile"
            )
        }
    assert (provider.given_name, provider.family_name) == ("Jane", "Roe")
    assert provider.post_nominals == "MD, FACS"
    assert provider.slug == "jane-roe"
    assert provider.specialty == "Facial surgeon"
    assert provider.short_bio == "She restores smiles."
    assert provider.is_published and not provider.is_demo
    # The old video link is kept where staff can see and edit it, not silently dropped.
    assert (link.kind, link.title, link.url) == (
        "publication",
        "Meet Dr. Roe",
        "https://video.example/watch?v=1",
    )
    assert not {"surgeon_name", "surgeon_credentials", "short_bio", "video_url"} & columns

    back = migrate_to([("practice_site", "0009_providers")])  # back: the fields return, filled
    profile = back.get_model("practice_site", "PracticeProfile").objects.get()
    assert profile.surgeon_name == "Jane Roe"
    assert profile.surgeon_credentials == "MD, FACS"
    assert profile.short_bio == "She restores smiles."
    assert profile.video_url == "https://video.example/watch?v=1"
