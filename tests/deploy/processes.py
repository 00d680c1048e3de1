"""Long-running processes for the deployment tests: started with their output in a log file,
waited for on a condition (never a fixed time), stopped after."""

import contextlib
import json
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from bench.server import stop_process


def require(program, install):
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is not installed: {install} (`make test` installs it).")
    return path


def wait_for(condition, *, timeout, what, process=None, log=None):
    """Calls `condition` until it returns something truthy; fails with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, ssl.SSLError):
            result = condition()
            if result:
                return result
        if process is not None and process.poll() is not None:
            output = Path(log).read_text() if log else ""
            raise RuntimeError(f"{what}: the process exited ({process.returncode}).\n{output}")
        if time.monotonic() > deadline:
            output = Path(log).read_text()[-4000:] if log else ""
            raise TimeoutError(f"{what} did not happen within {timeout} s.\n{output}")
        time.sleep(0.05)


def json_log(path):
    """The JSON lines a server wrote so far (LOG_FORMAT=json); a line still being written is
    left for the next read."""
    text = Path(path).read_text()
    complete = text[: text.rfind("\n") + 1]
    return [json.loads(line) for line in complete.splitlines() if line.strip()]


class Logged:
    """`command` running with its output in `log_path` (appended to with `append`)."""

    def __init__(self, command, log_path, *, env, cwd=None, append=False):
        self.log_path = Path(log_path)
        log = open(self.log_path, "a" if append else "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT
        )
        self.process.log = log

    def wait_until(self, condition, *, timeout, what):
        """Waits for `condition` (see wait_for); fails early, with the log, if the process exits."""
        wait_for(condition, timeout=timeout, what=what, process=self.process, log=self.log_path)
        return self

    def stop(self, timeout=20):
        stop_process(self.process, timeout=timeout)
