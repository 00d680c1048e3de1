"""Fixtures shared by every test module."""

import io
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.once import link_tree, once
from tests.staff import sign_in_verified

# Playwright runs an event loop in the test thread; Django would otherwise refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def behind_proxies(settings):
    """behind_proxies(n): the client address is found as behind n proxies (AXES_PROXY_COUNT=n)."""
    from practice_site.settings.base import client_address_settings

    def configure(count):
        for name, value in client_address_settings(count).items():
            setattr(settings, name, value)

    return configure


@pytest.fixture
def practice(db):
    from practice_site.demo import read_profile
    from practice_site.models import PracticeProfile

    return PracticeProfile.objects.create(**read_profile())


class DemoSnapshot:
    """The demo content as `load_demo_content` stored it: rows (JSON), media files, its output."""

    def __init__(self, folder):
        self.rows = (folder / "demo.json").read_text()
        self.updates = (folder / "updates.json").read_text()
        self.media = folder / "media"
        self.output = (folder / "output.txt").read_text()

    def load(self, media_root):
        """Put the demo into the current test database and `media_root`.

        One bulk insert per table (loaddata saves row by row: ten times slower); the foreign keys
        are checked when the transaction ends, as Django declares them deferrable.
        """
        from django.core import serializers
        from django.core.management.color import no_style
        from django.db import connection

        tables, links = {}, {}
        updates = [item.object for item in serializers.deserialize("json", self.updates)]
        for item in serializers.deserialize("json", self.rows):
            obj = item.object
            tables.setdefault(type(obj), []).append(obj)
            for name, pks in item.m2m_data.items():
                field = obj._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                links.setdefault(through, []).extend(
                    through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in pks
                )
        with transaction.atomic():
            for model, objects in [*tables.items(), *links.items()]:
                model._base_manager.bulk_create(objects)
            for obj in updates:
                fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
                type(obj)._base_manager.filter(pk=fields.pop(obj._meta.pk.attname)).update(**fields)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
                    cursor.execute(sql)
        link_tree(self.media, media_root)


def _rows():
    """Every stored row except Django's own bookkeeping, as {(model, pk): serialised row}."""
    from django.apps import apps
    from django.core import serializers

    rows = {}
    for model in apps.get_models():
        if model._meta.proxy or model._meta.label_lower in NOT_CONTENT:
            continue
        for obj in model._base_manager.order_by("pk"):
            rows[(model._meta.label_lower, obj.pk)] = serializers.serialize("json", [obj])[1:-1]
    return rows


NOT_CONTENT = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py load_demo_content` (the real loader and upload pipeline), run once per test run
    in a rolled-back transaction; what it stored is kept as a fixture for `demo_content`."""

    def build(folder):
        output = io.StringIO()
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=folder / "media"),
            transaction.atomic(),
        ):
            before = _rows()
            call_command("load_demo_content", stdout=output)
            after = _rows()
            transaction.set_rollback(True)
        added = [row for key, row in after.items() if key not in before]
        changed = [row for key, row in after.items() if before.get(key, row) != row]
        (folder / "demo.json").write_text("[" + ",\n".join(added) + "]")
        (folder / "updates.json").write_text("[" + ",\n".join(changed) + "]")
        (folder / "output.txt").write_text(output.getvalue())

    return DemoSnapshot(once(tmp_path_factory, "demo-snapshot", build))


@pytest.fixture
def demo_content(db, demo_snapshot, _media_in_tmp, settings):
    """The whole demonstration practice as `make serve` loads it (built once per run, see
    `demo_snapshot`), in this test's database and media folder."""
    demo_snapshot.load(settings.MEDIA_ROOT)


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.test", "a-long-test-password", is_staff=True
    )


@pytest.fixture
def verified_login(db):
    """The way tests sign staff in: `verified_login(client, user)` (see sign_in_verified)."""
    return sign_in_verified


@pytest.fixture
def admin_client(client, db, django_user_model):
    user = django_user_model.objects.create_superuser(
        "boss", "boss@example.test", "a-long-test-password"
    )
    return sign_in_verified(client, user)
