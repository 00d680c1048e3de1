"""The test suite's own helper for data built once per run (tests/once.py): CI depends on it."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.once import once


def build_side_by_side(factory, names):
    """`once()` for each of `names`, asked from threads of their own at the same moment; the
    folders, or the first thread's error raised here."""
    start = threading.Barrier(len(names))

    def ask(name):
        start.wait()
        return once(factory, name, lambda folder: None)

    with ThreadPoolExecutor(len(names)) as pool:
        return list(pool.map(ask, names))


def test_two_threads_of_one_worker_can_ask_for_the_run_folder_at_once(tmp_path):
    # live_deployment builds the static files on a second thread; on a worker whose first test
    # was a browser test, both threads created pytest's base folder and one failed (CI, stop 20).
    # The race is narrow, so it is run many times; before the fix most rounds failed.
    for round_ in range(50):
        run = tmp_path / f"run-{round_}"
        run.mkdir()
        factory = pytest.TempPathFactory(
            run / "popen-gw1", 3, "all", lambda *args: None, _ispytest=True
        )
        built = build_side_by_side(factory, ["static", "site"])
        assert [folder.name for folder in built] == ["static", "site"]
        assert all((folder / ".built").exists() for folder in built)
