import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache(settings):
    """Switches the page cache on (the test settings keep it off) with two per-process caches.

    "default" and "worker_b" are separate LocMemCache instances: two gunicorn workers' memories.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "perf-tests-worker-a",
        },
        "worker_b": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "perf-tests-worker-b",
        },
    }
    settings.PAGE_CACHE_ALIAS = "default"
    for alias in ("default", "worker_b"):
        caches[alias].clear()
    yield caches["default"]
    for alias in ("default", "worker_b"):
        caches[alias].clear()
