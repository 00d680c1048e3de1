"""Expensive test data built once per test run and shared by every pytest-xdist worker.

`once(tmp_path_factory, name, build)` calls `build(folder)` the first time any worker of this run
asks for `name`, under a file lock; every later call, in that worker or another, waits for the
lock and gets the same finished folder. The folder lives in this run's temporary directory, so
a new run (with changed code or demo files) always builds afresh.

Used for the demo content (tests/conftest.py `demo_content`) and the browser tests' deployment
(tests/browser/conftest.py `live_deployment`).
"""

import contextlib
import fcntl
import os
import shutil
import threading
from pathlib import Path

# pytest creates the base folder on the first getbasetemp() without a lock: two threads asking at
# once (live_deployment builds two things side by side) both try to create it and one fails.
_BASETEMP_LOCK = threading.Lock()


def worker_id():
    """ "gw0", "gw1"... under pytest-xdist, "main" in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def run_tmp(tmp_path_factory):
    """The temporary folder of this whole run (every xdist worker's folder is inside it)."""
    with _BASETEMP_LOCK:
        base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@contextlib.contextmanager
def run_lock(tmp_path_factory, name):
    """Held by one worker of this run at a time."""
    with open(run_tmp(tmp_path_factory) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def once(tmp_path_factory, name, build):
    folder = run_tmp(tmp_path_factory) / name
    done = folder / ".built"
    with run_lock(tmp_path_factory, name):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def link_tree(source, target):
    """A copy of the folder `source` whose files are hard links: instant, and a test that deletes
    or replaces a file changes its own copy only (our storage never writes into a file in place).
    """
    shutil.copytree(source, target, copy_function=os.link, dirs_exist_ok=True)
    return Path(target)
