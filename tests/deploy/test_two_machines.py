"""Two machines behind one proxy: two gunicorn servers, one PostgreSQL, one bucket, Caddy.

Each "machine" has its own folder (its working directory, its own copy of the static files, a
media folder that must stay empty) and shares only what the README's multi-machine set-up
shares: the PostgreSQL database and the S3-compatible bucket (moto's server). Caddy runs
deploy/caddy/Caddyfile with both servers as upstreams.
"""

import hashlib
import io
import json
import re
import secrets
import shutil
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from .client import (
    Client,
    form_fields,
    form_value,
    give_code,
    send_consultation,
    sign_in,
)
from .processes import json_log, wait_for
from .servers import EDITOR, EDITOR_TOTP_KEY, SETUP_CONTENT, Caddy, Site, start_together

pytestmark = pytest.mark.deploy

POSTERS = 4


def photo(colour):
    """A real JPEG of a size staff upload (a gradient, so it is not trivially compressible)."""
    image = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    image.paste(colour, (0, 0, 600, 450))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def as_staff(site):
    """A member of staff on one machine, talking to it directly (as if on that machine)."""
    client = Client(site.port, extra_headers={"X-Forwarded-Proto": "https"})
    assert sign_in(client, *EDITOR).status == 302
    assert give_code(client, EDITOR_TOTP_KEY).status == 302
    return client


def log_lines(site):
    return json_log(site.log_path)


def posts_answered(site):
    return [
        line
        for line in log_lines(site)
        if line.get("method") == "POST" and line.get("path") == "/consultation/"
    ]


@pytest.fixture
def machines(tmp_path, static_root, postgres, moto):
    bucket = moto.new_bucket(f"practice-{secrets.token_hex(4)}")
    database = postgres.database(f"deploy_two_machines_{secrets.token_hex(3)}")
    common = {
        **moto.site_env(bucket),
        "ALLOWED_HOSTS": f"{Caddy.HOST},127.0.0.1",
        "AXES_PROXY_COUNT": "1",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "CONSULTATION_MIN_FILL_SECONDS": "0",
    }
    sites = []
    for name in ("machine-a", "machine-b"):
        folder = tmp_path / name
        shutil.copytree(static_root, folder / "static")  # each machine collects its own
        sites.append(
            Site(folder, static_root=folder / "static", database_url=database, extra_env=common)
        )
    a, b = sites
    a.manage("migrate", "--noinput", "-v0")
    a.shell(SETUP_CONTENT)
    caddy = Caddy(tmp_path / "proxy", [f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"])
    try:
        start_together(a, b, caddy)
        yield a, b, caddy, bucket
    finally:
        caddy.stop()
        a.stop()
        b.stop()
    # Nothing was ever written to either machine's own disk: the gallery lives in the bucket.
    for site in sites:
        assert not (site.folder / "media").exists() or not any((site.folder / "media").iterdir())


def checkbox_value(html, name, label):
    """The value of the `name` checkbox labelled `label`: the one staff tick."""
    box = rf'<input type="checkbox" name="{name}" value="([^"]+)"[^>]*>\s*{re.escape(label)}<'
    return re.search(box, html)[1]


def upload_case(client, title, procedure):
    page = client.get("/admin/gallery/case/add/")
    fields = form_fields(page.text, "case_form")
    fields.update(
        {
            "title": title,
            "description": "Uploaded on machine A.",
            "is_published": "on",
            "procedures": checkbox_value(page.text, "procedures", procedure),
            "consents-TOTAL_FORMS": "1",
            "consents-0-scope": "website",
            "consents-0-signed_on": "2024-05-02",
            "pairs-TOTAL_FORMS": "1",
            "pairs-0-label": "At rest",
            "pairs-0-order": "0",
            "pairs-0-before_alt": "Before: the mouth corner sits low.",
            "pairs-0-after_alt": "After: the mouth corner sits level.",
        }
    )
    fields = {k: v for k, v in fields.items() if "__prefix__" not in k}
    files = {
        "pairs-0-before_upload": ("before.jpg", "image/jpeg", photo((200, 40, 40))),
        "pairs-0-after_upload": ("after.jpg", "image/jpeg", photo((40, 40, 200))),
    }
    response = client.post_multipart("/admin/gallery/case/add/", fields, files)
    assert response.status == 302, form_errors(response.text)


def form_errors(html):
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S) or html[:2000]


def case_facts(site, title):
    code = f"""
import json
import re
from gallery.models import Case, Rendition
case = Case.objects.get(title={title!r})
renditions = Rendition.objects.filter(photo__pair_before__case=case)
print(json.dumps({{"pk": case.pk, "number": case.number,
                  "renditions": {{r.url: r.file.name for r in renditions}}}}))
"""
    return json.loads(site.shell(code).strip().splitlines()[-1])


def test_two_machines_share_the_gallery_edits_and_every_accepted_post(machines, moto):
    a, b, caddy, bucket = machines
    staff_on_a = as_staff(a)
    visitor_on_b = Client(b.port, extra_headers={"X-Forwarded-Proto": "https"})

    # --- A photo uploaded through A is served by B, from the bucket ---
    upload_case(staff_on_a, "Two machines", "Smile surgery")
    case = case_facts(b, "Two machines")
    assert case["renditions"]
    for url, key in case["renditions"].items():
        served = visitor_on_b.get(url)
        assert served.status == 200
        stored = moto.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        assert hashlib.sha256(served.body).digest() == hashlib.sha256(stored).digest()
    assert set(case["renditions"].values()) <= set(moto.keys(bucket))

    # --- An edit on A shows at once on B (whose page cache already holds the page) ---
    page_url = f"/gallery/patient-{case['number']}/"
    assert "Two machines" in visitor_on_b.get(page_url).text
    change_url = f"/admin/gallery/case/{case['pk']}/change/"
    fields = form_fields(staff_on_a.get(change_url).text, "case_form")
    fields = {k: v for k, v in fields.items() if "__prefix__" not in k}
    fields["title"] = "Two machines, retitled"
    assert staff_on_a.post(change_url, fields).status == 302
    assert "Two machines, retitled" in visitor_on_b.get(page_url).text

    # … and so does a consent revocation: B stops serving the page and its photos.
    fields = form_fields(staff_on_a.get(change_url).text, "case_form")
    fields = {k: v for k, v in fields.items() if "__prefix__" not in k}
    # Today where the practice is (TIME_ZONE): a revocation dated tomorrow would be refused.
    fields["consents-0-revoked_on"] = datetime.now(ZoneInfo("America/Los_Angeles")).date()
    response = staff_on_a.post(change_url, fields)
    assert response.status == 302, form_errors(response.text)
    assert visitor_on_b.get(page_url).status == 404
    assert all(visitor_on_b.get(url).status == 404 for url in case["renditions"])

    # Deleting the case on A removes its photos from the bucket.
    delete_url = f"/admin/gallery/case/{case['pk']}/delete/"
    token = form_value(staff_on_a.get(delete_url).text, "csrfmiddlewaretoken")
    assert staff_on_a.post(delete_url, {"csrfmiddlewaretoken": token, "post": "yes"}).status == 302
    assert not set(case["renditions"].values()) & set(moto.keys(bucket))

    # --- A stream of consultation posts through Caddy; machine A stops in the middle ---
    results, lock, stop = [], threading.Lock(), threading.Event()
    counter = iter(range(1, 10_000))

    def post_until_stopped():
        while not stop.is_set():
            with lock:
                number = next(counter)
            # Each post from its own address: different patients, each under the rate limit.
            patient = Client(
                caddy.https_port,
                host=Caddy.HOST,
                https=True,
                tls_context=caddy.tls_context(),
                source=f"127.0.{1 + number // 250}.{1 + number % 250}",
            )
            try:
                status = send_consultation(patient, number).status
            except OSError:
                status = None
            with lock:
                results.append((number, status, time.monotonic()))

    threads = [threading.Thread(target=post_until_stopped) for _ in range(POSTERS)]
    for thread in threads:
        thread.start()
    try:
        wait_for(
            lambda: posts_answered(a) and posts_answered(b) and len(results) >= 20,
            timeout=180,
            what="both machines answering posts",
        )
        a.stop()  # SIGTERM, as `systemctl stop practice-web` sends: running requests finish
        stopped_at = time.monotonic()
        wait_for(
            lambda: sum(1 for r in results if r[2] > stopped_at and r[1] == 302) >= 20,
            timeout=180,
            what="20 posts accepted after machine A stopped",
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)

    accepted = sorted(number for number, status, _ in results if status == 302)
    failed = [(number, status) for number, status, _ in results if status != 302]
    stored = json.loads(
        b.shell(
            "import json; from consultations.models import ConsultationRequest as R; "
            "print(json.dumps(list(R.objects.values_list('email', flat=True))))"
        )
        .strip()
        .splitlines()[-1]
    )
    stored_numbers = sorted(int(e.split("-")[1].split("@")[0]) for e in stored)
    figures = {
        "posts sent": len(results),
        "accepted (302)": len(accepted),
        "failed": len(failed),
        "stored": len(stored_numbers),
        "answered by machine A": len(posts_answered(a)),
        "answered by machine B": len(posts_answered(b)),
        "accepted after A stopped": sum(1 for r in results if r[2] > stopped_at and r[1] == 302),
    }
    print("\ntwo machines:", json.dumps(figures, indent=1))
    # No accepted post is lost: every 302 is a stored request.
    assert stored_numbers == accepted
    # A post can only fail in the instant machine A stops (the proxy answers 502 for the few
    # connections queued on it); such a post was not stored, so sending it again is safe.
    assert not {number for number, _ in failed} & set(stored_numbers)
    assert all(status in (502, 503) for _, status in failed), failed
    # Each poster can meet the stopping machine once or twice before Caddy marks it down (a
    # second request may be dispatched to it while the first failure is being counted). After
    # that nothing fails: the last posts sent were all accepted.
    assert len(failed) <= 2 * POSTERS, failed
    assert all(status == 302 for _, status, _ in results[-2 * POSTERS :]), results[-2 * POSTERS :]
