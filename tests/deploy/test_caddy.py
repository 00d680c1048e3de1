"""deploy/caddy/Caddyfile as shipped, with Caddy's internal CA, in front of gunicorn.

The site runs with production settings as deploy/ sets them up (AXES_PROXY_COUNT=1 behind one
proxy, LOG_FORMAT=json). Visitors connect from different loopback addresses (127.0.0.2, .3 …):
to Caddy they are different people, while gunicorn only ever sees Caddy at 127.0.0.1. So the
login lockout and the consultation rate limit can only tell them apart through the
X-Forwarded-For header that Caddy writes, which is what these tests prove.
"""

import json
import random
import re

import pytest
from django.utils.crypto import salted_hmac
from PIL import Image

from tests.gallery.forms import case_fields

from .backing import run_database
from .client import Client, form_value, give_code, send_consultation, sign_in
from .processes import json_log, wait_for
from .servers import (
    EDITOR,
    EDITOR_TOTP_KEY,
    SECRET_KEY,
    SETUP_CONTENT,
    Caddy,
    Site,
    adapt,
    start_together,
)

# What these prove is the proxy in front (addresses, HTTPS, bodies, compression): the database
# behind does not take part, and the PostgreSQL pass leaves them out.
pytestmark = [pytest.mark.deploy, pytest.mark.same_on_any_database]

UPLOAD_LIMIT = 15 * 1024 * 1024  # GALLERY_MAX_UPLOAD_MB's default, in bytes
STAFF_BODY_LIMIT = 32 * 1024 * 1024  # the Caddyfile's default for the admin
PUBLIC_BODY_LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, static_root, migrated):
    """gunicorn (2 workers) on this run's kind of database, behind Caddy."""
    folder = tmp_path_factory.mktemp("caddy-site")
    site = Site(
        folder / "site",
        static_root=static_root,
        database_url=run_database("caddy"),
        extra_env={
            "ALLOWED_HOSTS": Caddy.HOST,
            "AXES_PROXY_COUNT": "1",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            # The forms are sent by a program here; the timing token is not under test.
            "CONSULTATION_MIN_FILL_SECONDS": "0",
        },
    )
    migrated(site)
    editor_id = int(site.shell(SETUP_CONTENT).strip().splitlines()[-1])
    caddy = Caddy(folder / "caddy", [f"127.0.0.1:{site.port}"])
    try:
        start_together(site, caddy)
        site.env["SITE_URL"] = caddy.origin  # for the commands the tests run; gunicorn has its own
        yield site, caddy, editor_id
    finally:
        caddy.stop()
        site.stop()


@pytest.fixture(scope="module")
def editor_cookies(proxied):
    """One complete staff sign-in through the proxy (password, then the authenticator's code);
    an authenticator code works once, so later requests reuse this session."""
    _, caddy, _ = proxied
    editor = visitor(caddy, "127.0.0.7")
    assert sign_in(editor, EDITOR[0], EDITOR[1]).status == 302
    response = give_code(editor, EDITOR_TOTP_KEY)
    assert response.status == 302 and response.header("Location") == "/admin/"
    assert editor.get("/admin/").status == 200
    return dict(editor.cookies)


def signed_in_editor(caddy, source, cookies):
    editor = visitor(caddy, source)
    editor.cookies.update(cookies)
    return editor


def visitor(caddy, source, **kwargs):
    return Client(
        caddy.https_port,
        host=Caddy.HOST,
        https=True,
        tls_context=caddy.tls_context(),
        source=source,
        **kwargs,
    )


def log_lines(site):
    return json_log(site.log_path)


def stored(site, code):
    return json.loads(site.shell(code).strip().splitlines()[-1])


def test_http_goes_to_https_and_the_bare_domain_to_www(proxied):
    _, caddy, _ = proxied
    plain = Client(caddy.http_port, host=Caddy.HOST)
    response = plain.get("/about/?from=test")
    assert response.status == 308
    # Caddy leaves out the HTTPS port it listens on (443 in production, a free port here).
    assert response.header("Location") == f"https://{Caddy.HOST}/about/?from=test"

    bare = Client(caddy.https_port, host=Caddy.BARE, https=True, tls_context=caddy.tls_context())
    response = bare.get("/about/?from=test")
    assert response.status == 301
    assert response.header("Location") == f"{caddy.origin}/about/?from=test"


def test_the_reverse_redirect_is_one_variable_away():
    """PRACTICE_HOST names the canonical host; swapping the two variables flips the redirect."""
    env = {"ACME_EMAIL": "it@practice.test"}

    def redirects(config):
        found = {}
        for route in config["apps"]["http"]["servers"]["srv0"]["routes"]:
            hosts = route["match"][0]["host"]
            text = json.dumps(route)
            target = re.search(r'"Location": \["([^"]+)"\]', text)
            found[hosts[0]] = target.group(1) if target else "served"
        return found

    www_first = adapt({**env, "PRACTICE_HOST": "www.x.test", "PRACTICE_REDIRECT_HOST": "x.test"})
    assert redirects(www_first) == {
        "x.test": "https://www.x.test{http.request.uri}",
        "www.x.test": "served",
    }
    bare_first = adapt({**env, "PRACTICE_HOST": "x.test", "PRACTICE_REDIRECT_HOST": "www.x.test"})
    assert redirects(bare_first) == {
        "www.x.test": "https://x.test{http.request.uri}",
        "x.test": "served",
    }


def test_the_site_sees_https_through_the_proxy_and_sets_secure_cookies(proxied):
    site, caddy, _ = proxied
    response = visitor(caddy, "127.0.0.2").get("/consultation/")
    assert response.status == 200
    # Django sets HSTS only on a request it knows to be HTTPS: X-Forwarded-Proto reached it.
    assert "max-age=31536000" in response.header("Strict-Transport-Security")
    assert response.header("Server") is None
    (cookie,) = response.cookies
    assert cookie.startswith("__Host-csrftoken=")
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    # The request id Caddy made is the one in the site's log line for this request.
    request_id = response.header("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)
    (line,) = [entry for entry in log_lines(site) if entry.get("request_id") == request_id]
    assert line["path"] == "/consultation/" and line["status"] == 200


def test_html_is_compressed_by_the_proxy(proxied):
    _, caddy, _ = proxied
    response = visitor(caddy, "127.0.0.2").get("/consultation/", {"Accept-Encoding": "gzip"})
    assert response.header("Content-Encoding") == "gzip"
    assert "<html" in response.text
    assert len(response.body) < len(response.text.encode()) / 2


def test_health_check_answers_plain_http_on_the_loopback_even_with_https_redirects(proxied):
    site, caddy, _ = proxied
    direct = Client(site.port)  # no X-Forwarded-Proto: plain HTTP, as Caddy's checker asks
    response = direct.get("/healthz?checks=database,migrations,media")
    assert response.status == 200
    assert json.loads(response.body)["status"] == "ok"
    # Any other page on that address is refused (not an allowed host) …
    assert direct.get("/about/").status == 400
    # … and with the site's own name it is redirected to HTTPS (SECURE_SSL_REDIRECT is on).
    named = Client(site.port, host=Caddy.HOST).get("/about/")
    assert named.status == 301 and named.header("Location").startswith("https://")
    # The monitor's full check through the proxy: the task worker counts too. It is failing
    # until `manage.py db_worker` (practice-worker.service) has run its first heartbeat.
    monitor = visitor(caddy, "127.0.0.2")
    first = monitor.get("/healthz")
    assert first.status == 503 and json.loads(first.body)["checks"]["worker"] == "failing"
    site.start_worker()

    def answer_once_seen():
        # Each gunicorn worker gives its last answer again for HEALTHZ_REUSE_SECONDS: another
        # request may still hear "failing" from another worker, so the "ok" seen is the one read.
        answer = monitor.get("/healthz")
        return answer.status == 200 and answer

    through = wait_for(answer_once_seen, timeout=90, what="worker seen")
    assert json.loads(through.body) == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "media": "ok", "worker": "ok"},
    }
    assert "no-store" in through.header("Cache-Control")


def test_login_lockout_sees_each_visitor_address(proxied):
    _, caddy, _ = proxied
    attacker = visitor(caddy, "127.0.0.3")
    failures = [sign_in(attacker, EDITOR[0], "wrong-password").status for _ in range(5)]
    assert failures == [200, 200, 200, 200, 429]  # AXES_FAILURE_LIMIT = 5
    locked = sign_in(attacker, EDITOR[0], EDITOR[1])  # even the right password now
    assert locked.status == 429 and "Sign-in paused" in locked.text
    # A forged X-Forwarded-For does not make the attacker someone else: Caddy overwrites it.
    forged = visitor(caddy, "127.0.0.3", extra_headers={"X-Forwarded-For": "198.51.100.7"})
    assert sign_in(forged, EDITOR[0], EDITOR[1]).status == 429
    # The editor, from their own address, passes the password step as usual (the code comes
    # next: see the `editor_cookies` fixture).
    editor = visitor(caddy, "127.0.0.4")
    response = sign_in(editor, EDITOR[0], EDITOR[1])
    assert response.status == 302 and response.header("Location") == "/admin/"
    owed = editor.get("/admin/")  # the password was right; the code is still owed
    assert owed.status == 302
    assert owed.header("Location").startswith("/admin/two-factor/verify/")
    session = next(c for c in response.cookies if c.startswith("__Host-sessionid="))
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in session


def test_consultation_rate_limit_sees_each_visitor_address(proxied):
    site, caddy, _ = proxied
    patient = visitor(caddy, "127.0.0.5")
    statuses = [send_consultation(patient, 500 + n).status for n in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]
    forged = visitor(caddy, "127.0.0.5", extra_headers={"X-Forwarded-For": "203.0.113.9"})
    assert send_consultation(forged, 506).status == 429
    neighbour = visitor(caddy, "127.0.0.6")
    assert send_consultation(neighbour, 507).status == 302

    hashes = stored(
        site,
        "import json; from consultations.models import ConsultationRequest as R; "
        "print(json.dumps(dict(R.objects.filter(email__startswith='deploy-5')"
        ".values_list('email', 'client_hash'))))",
    )

    def hmac_of(address):
        return salted_hmac(
            "consultations.client-ip", address, secret=SECRET_KEY, algorithm="sha256"
        ).hexdigest()

    assert sorted(hashes) == sorted(f"deploy-{n}@example.com" for n in (*range(500, 505), 507))
    assert {hashes[f"deploy-{n}@example.com"] for n in range(500, 505)} == {hmac_of("127.0.0.5")}
    assert hashes["deploy-507@example.com"] == hmac_of("127.0.0.6")


def noise_png(path, side, seed):
    """A PNG of random pixels, stored uncompressed: side × side × 3 bytes and a little more."""
    pixels = random.Random(seed).randbytes(side * side * 3)
    Image.frombytes("RGB", (side, side), pixels).save(path, "PNG", compress_level=0)
    return path.read_bytes()


def test_a_gallery_upload_near_the_limit_passes_and_a_larger_body_is_refused(
    proxied, editor_cookies, tmp_path
):
    site, caddy, editor_id = proxied
    editor = signed_in_editor(caddy, "127.0.0.8", editor_cookies)
    page = editor.get("/admin/gallery/case/add/")
    assert page.status == 200
    assert 'name="pairs-0-before_upload"' in page.text, page.text[:3000]
    procedure = stored(
        site,
        "from procedures.models import Procedure; "
        "print(Procedure.objects.get(slug='smile-surgery').pk)",
    )
    photos = {
        "pairs-0-before_upload": (
            "before.png",
            "image/png",
            noise_png(tmp_path / "b.png", 2280, 1),
        ),
        "pairs-0-after_upload": ("after.png", "image/png", noise_png(tmp_path / "a.png", 2280, 2)),
    }
    sizes = [len(data) for _, _, data in photos.values()]
    assert all(UPLOAD_LIMIT * 0.98 < size <= UPLOAD_LIMIT for size in sizes), sizes
    fields = case_fields(
        procedure,
        csrfmiddlewaretoken=form_value(page.text, "csrfmiddlewaretoken"),
        title="Uploaded through the proxy",
        description="Two photos near the size limit.",
    )
    response = editor.post_multipart("/admin/gallery/case/add/", fields, photos)
    assert response.status == 302, response.text[:2000]
    case = stored(
        site,
        "import json; from gallery.models import Case, Rendition; "
        "c = Case.objects.get(title='Uploaded through the proxy'); "
        "print(json.dumps({'pairs': c.pairs.count(), 'renditions': "
        "Rendition.objects.filter(photo__pair_before__case=c).count() + "
        "Rendition.objects.filter(photo__pair_after__case=c).count(), "
        "'file': Rendition.objects.filter(photo__pair_before__case=c).first().file.name}))",
    )
    assert case["pairs"] == 1 and case["renditions"] >= 2

    # The media folder exists on disk now, but the proxy never serves it.
    assert (site.folder / "media" / case["file"]).is_file()
    assert editor.get(f"/media/{case['file']}").status == 404
    assert not [e for e in log_lines(site) if e.get("path", "").startswith("/media/")]

    # Over the limit: refused by Caddy from the headers, before gunicorn sees any of it.
    posts_before = sum(1 for e in log_lines(site) if e.get("method") == "POST")
    too_large = editor.request_expecting_continue(
        "POST",
        "/admin/gallery/case/add/",
        b"x" * (STAFF_BODY_LIMIT + 1024),
        {"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert too_large.status == 413
    public = visitor(caddy, "127.0.0.11").request_expecting_continue(
        "POST",
        "/consultation/",
        b"x" * (PUBLIC_BODY_LIMIT + 1),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert public.status == 413
    assert sum(1 for e in log_lines(site) if e.get("method") == "POST") == posts_before


def test_logs_are_json_lines_with_ids_and_never_a_submitted_value(proxied, editor_cookies):
    site, caddy, editor_id = proxied
    patient = visitor(caddy, "127.0.0.9")
    secret = "Ottoline had surgery on her left cheek"
    assert send_consultation(patient, 900, message=secret, first_name="Ottoline").status == 302
    editor = signed_in_editor(caddy, "127.0.0.10", editor_cookies)
    assert editor.get("/admin/").status == 200

    text = site.log_path.read_text()
    lines = log_lines(site)  # every line parses as JSON
    assert lines and all(set(line) >= {"time", "level", "logger", "message"} for line in lines)
    for value in ("Ottoline", "left cheek", "deploy-900"):
        assert value not in text
    requests = [line for line in lines if line["logger"] == "practice_site.requests"]
    assert all(
        {"request_id", "method", "path", "status", "duration_ms"} <= set(r) for r in requests
    )
    staff = [r for r in requests if r["path"] == "/admin/" and r["status"] == 200]
    assert staff and all(r["user_id"] == editor_id for r in staff)
    anonymous = [r for r in requests if r["path"] == "/consultation/"]
    assert anonymous and not any("user_id" in r for r in anonymous)
