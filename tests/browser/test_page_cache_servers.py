"""The page cache across processes: an edit shows at once on every worker of every server.

Two gunicorn servers (two workers each, each worker with its own page cache in memory) share the
deployment's database, as two machines share one PostgreSQL server (the `TEST_DB=postgres` run)
or workers share one SQLite file. The edits are made by a third process, `manage.py shell`, as
a member of staff's admin request on yet another machine would be.
"""

import re
import subprocess
import sys

import pytest

from bench import server as bench_server
from bench.server import free_port

from .conftest import ROOT, start_gunicorn, stop_gunicorn

CASE = 1593  # a demo case no other browser test opens
PROBE = "Cache probe: this sentence was added after the page was cached."
# Enough requests that, with two sync workers per server, each worker answers some of them.
REQUESTS_PER_SERVER = 12


def fetch(url):
    status, _, body = bench_server.get(url)
    return status, body.decode(errors="replace")


def manage_shell(env, code):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


EDIT = f"""
from gallery import services
from gallery.models import Case
from practice_site.models import Page
page = Page.objects.get(key="about")
page.body += "\\n\\n{PROBE}"
page.save()
services.record_consent_revocation([Case.objects.get(number={CASE})])
"""

UNDO = f"""
from gallery.models import Case, PhotoConsent
from practice_site.models import Page
page = Page.objects.get(key="about")
page.body = page.body.replace("\\n\\n{PROBE}", "")
page.save()
case = Case.objects.get(number={CASE})
for consent in PhotoConsent.objects.filter(case=case):
    consent.revoked_on = None
    consent.save()
case.is_published = True
case.save()
"""


@pytest.fixture
def second_server(live_deployment, tmp_path):
    env = {**live_deployment.env, "GUNICORN_BIND": f"127.0.0.1:{free_port()}"}
    server, base_url = start_gunicorn(env, tmp_path / "gunicorn-b.log")
    yield base_url
    stop_gunicorn(server)


@pytest.mark.both_databases  # machines sharing one PostgreSQL server are the point
def test_an_edit_and_a_revocation_show_at_once_on_every_worker_of_every_server(
    live_deployment, second_server
):
    servers = [live_deployment.base_url, second_server]
    case_path = f"/gallery/patient-{CASE}/"
    photos = re.findall(r'src="(/gallery/photos/[^"]+)"', fetch(servers[0] + case_path)[1])
    assert photos, "expected the case page to show its photos"
    assert {fetch(servers[0] + photo)[0] for photo in photos} == {200}
    for base in servers:  # fill every worker's cache with the pages as they are now
        for _ in range(REQUESTS_PER_SERVER):
            status, about = fetch(base + "/about/")
            assert status == 200 and PROBE not in about
            assert fetch(base + case_path)[0] == 200
            assert case_path in fetch(base + "/gallery/")[1]
    manage_shell(live_deployment.env, EDIT)
    try:
        for base in servers:
            for _ in range(REQUESTS_PER_SERVER):
                status, about = fetch(base + "/about/")
                assert status == 200 and PROBE in about, f"stale about page from {base}"
                assert fetch(base + case_path)[0] == 404, f"revoked case still shown by {base}"
                assert case_path not in fetch(base + "/gallery/")[1]
            assert [fetch(base + photo)[0] for photo in photos] == [404] * len(photos)
    finally:
        manage_shell(live_deployment.env, UNDO)
    assert fetch(servers[0] + case_path)[0] == 200  # the other browser tests see the demo again
