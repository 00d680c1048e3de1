"""Fixtures shared by every test module."""

import io
import os

import pytest
from django.core.management import call_command

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


@pytest.fixture
def demo_content(db):
    """The whole demonstration practice, loaded the way `make serve` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())


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
