import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, demo_snapshot, tmp_path_factory):
    """The demo content (see `demo_snapshot`) in a transaction rolled back after the module.

    Each test still runs in its own savepoint inside this transaction, so what one test changes
    is gone before the next.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        demo_snapshot.load(media)
        yield
        transaction.set_rollback(True)
