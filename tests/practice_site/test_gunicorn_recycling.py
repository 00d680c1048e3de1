"""gunicorn recycles workers rarely enough that the page cache is worth keeping (issue 15)."""

import runpy

from django.conf import settings

CONFIG = settings.BASE_DIR / "gunicorn.conf.py"


def test_workers_serve_tens_of_thousands_of_requests_before_a_restart(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = runpy.run_path(str(CONFIG))
    # 2,000 meant a restart (1 s of CPU and an empty page cache) every ~0.5 s of CPU served.
    assert config["max_requests"] >= 20000
    # Spread out, so that the workers do not all restart (and all miss the cache) together.
    assert config["max_requests_jitter"] >= config["max_requests"] // 20


def test_the_limit_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "8000")
    config = runpy.run_path(str(CONFIG))
    assert (config["max_requests"], config["max_requests_jitter"]) == (8000, 800)
