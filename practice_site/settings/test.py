"""pytest: production's security settings; fast hashing, in-memory mail, plain static files."""

import os
import tempfile

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = "test-secret-key-that-is-long-enough-for-django-checks-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Unit tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CONSULTATION_NOTIFY_EMAILS = ["frontdesk@example.test"]
# Tests expect the default address, whatever the shell exports (`make serve SERVE_ADDR=…` sets it).
SITE_URL = "http://127.0.0.1:8000"
HEALTHZ_REUSE_SECONDS = 0  # each test's /healthz runs its checks (test_health.py tests the reuse)

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A real file, not SQLite's in-memory default, so WAL and locking behave as in production.
    # One file per run, so that parallel runs on one machine never share a test database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"practice-test-{os.getpid()}.sqlite3")
    }

# Each test rolls the database back, so a content version read from it can repeat across tests;
# a shared page cache could then serve one test's page to another. Tests that exercise the page
# cache switch a real backend on with the `settings` fixture.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
