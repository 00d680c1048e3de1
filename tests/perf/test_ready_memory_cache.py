"""The page cache's store: Django's per-process memory cache without pickling each value."""

import time
import warnings

import pytest

from practice_site.cache import ReadyMemoryCache


@pytest.fixture
def store():
    cache = ReadyMemoryCache("perf-tests-ready", {"OPTIONS": {"MAX_ENTRIES": 3}})
    cache.clear()
    yield cache
    cache.clear()


def test_a_value_comes_back_as_the_object_stored(store):
    entry = (200, {"Content-Type": "text/html"}, b"<html>" * 1000)
    store.set("page", entry)
    assert store.get("page") is entry  # not a copy unpickled on every hit
    assert store.get("missing", "default") == "default"


def test_entries_expire_and_clear(store, monkeypatch):
    store.set("page", b"one", timeout=60)
    now = time.time()
    monkeypatch.setattr("time.time", lambda: now + 61)
    assert store.get("page") is None
    store.set("other", b"two")
    store.clear()
    assert store.get("other") is None


def test_add_keeps_what_is_there_and_incr_counts(store):
    assert store.add("n", 1) is True
    assert store.add("n", 5) is False
    assert store.incr("n", 2) == 3
    assert store.decr("n") == 2
    assert store.get("n") == 2
    with pytest.raises(ValueError):
        store.incr("absent")


def test_the_least_recently_read_entry_goes_first_when_full(store):
    for key in ("a", "b", "c"):
        store.set(key, key.encode())
    store.get("a")  # read: kept
    store.set("d", b"d")  # full (MAX_ENTRIES 3): culls
    assert store.get("a") == b"a"
    assert store.get("d") == b"d"


def test_any_key_is_taken_without_memcached_warnings(store):
    """The page cache's keys are checked by no one: a dict takes any string."""
    key = "page: with spaces and a length memcached refuses " + "x" * 250
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store.set(key, b"page")
        assert store.get(key) == b"page"
