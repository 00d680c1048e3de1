"""gunicorn recycles workers rarely enough that the page cache is worth keeping (issue 15)."""

import os
import runpy

from django.conf import settings

CONFIG = settings.BASE_DIR / "gunicorn.conf.py"


def read_config():
    """gunicorn.conf.py's values, as gunicorn's master reads them, and the umask it leaves set;
    the umask this test process had is put back."""
    before = os.umask(0o022)
    try:
        config = runpy.run_path(str(CONFIG))
        return config, os.umask(before)
    finally:
        os.umask(before)


def test_the_master_and_every_worker_it_forks_are_private():
    assert read_config()[1] == 0o077


def test_workers_serve_tens_of_thousands_of_requests_before_a_restart(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = read_config()[0]
    # 2,000 meant a restart (1 s of CPU and an empty page cache) every ~0.5 s of CPU served.
    assert config["max_requests"] >= 20000
    # Spread out, so that the workers do not all restart (and all miss the cache) together.
    assert config["max_requests_jitter"] >= config["max_requests"] // 20


def test_the_limit_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "8000")
    config = read_config()[0]
    assert (config["max_requests"], config["max_requests_jitter"]) == (8000, 800)
