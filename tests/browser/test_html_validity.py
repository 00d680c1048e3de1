"""Every public page is valid HTML according to the W3C's Nu Html Checker (npm `vnu-jar`).

The pages come from the production-settings gunicorn of the browser tests (`live_site`, demo
content loaded) and are checked in one Java run. Missing Java or vnu.jar is a failure that says how
to install them, never a skip.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bench import server as bench_server
from tests.browser.pages import PUBLIC_PAGES

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_is_valid_html(live_site, tmp_path):
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is missing: `make test` installs it (Debian package default-jre-headless)."
        )
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu Html Checker is missing at {VNU_JAR}: run `make test`.")
    files = {}
    for number, path in enumerate(PUBLIC_PAGES):
        target = tmp_path / f"page-{number}.html"
        target.write_bytes(bench_server.get(live_site + path, timeout=20)[2])
        files[target.name] = path
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, sorted(tmp_path.glob("page-*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stderr}")
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr
