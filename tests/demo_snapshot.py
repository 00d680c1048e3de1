"""The demo content, loaded once per test run and copied into each test that asks for it.

`build(folder)` runs `manage.py load_demo_content` (the real loader and upload pipeline: 128 WebP
renditions, seconds of CPU) in a transaction it rolls back, and keeps what it stored: the new rows
as JSON, the rows it changed, the media files and the command's output. `DemoSnapshot.load()`
puts that into the current test's database (one bulk insert per table) and media folder (hard
links). tests/conftest.py builds it once per run with tests/once.py; `build(folder, store)` keeps
what another function stores the same way (the `practice` fixture's profile, location and hours).
"""

import io

from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from tests.once import link_tree

NOT_CONTENT = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def _rows():
    """Every stored row except Django's own bookkeeping, as {(model, pk): serialised row}."""
    from django.apps import apps

    rows = {}
    for model in apps.get_models():
        if model._meta.proxy or model._meta.label_lower in NOT_CONTENT:
            continue
        for obj in model._base_manager.order_by("pk"):
            rows[(model._meta.label_lower, obj.pk)] = serializers.serialize("json", [obj])[1:-1]
    return rows


def build(folder, store=None):
    """Runs `store()` (by default `manage.py load_demo_content`) and keeps what it stored."""
    output = io.StringIO()
    store = store or (lambda: call_command("load_demo_content", stdout=output))
    (folder / "media").mkdir()
    with override_settings(MEDIA_ROOT=folder / "media"), transaction.atomic():
        before = _rows()
        store()
        after = _rows()
        transaction.set_rollback(True)
    added = [row for key, row in after.items() if key not in before]
    changed = [row for key, row in after.items() if before.get(key, row) != row]
    (folder / "demo.json").write_text("[" + ",\n".join(added) + "]")
    (folder / "updates.json").write_text("[" + ",\n".join(changed) + "]")
    (folder / "output.txt").write_text(output.getvalue())


class DemoSnapshot:
    """What `build()` kept: `load(media_root)` puts it into the current test; `output` is what
    the command printed on its first run (the demo administrator's login)."""

    def __init__(self, folder):
        self.rows = (folder / "demo.json").read_text()
        self.updates = (folder / "updates.json").read_text()
        self.media = folder / "media"
        self.output = (folder / "output.txt").read_text()

    def load(self, media_root):
        """One bulk insert per table (loaddata saves row by row: ten times slower). The foreign
        keys are checked when the transaction ends, as Django declares them deferrable."""
        tables, links = {}, {}
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
            # Rows the migrations made (the Sites record, the content version), as changed.
            for item in serializers.deserialize("json", self.updates):
                obj = item.object
                fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
                type(obj)._base_manager.filter(pk=fields.pop(obj._meta.pk.attname)).update(**fields)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
                    cursor.execute(sql)
        link_tree(self.media, media_root)
