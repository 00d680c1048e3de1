"""Soak test: a minute of mixed load on every public page plus consultation requests.

    .venv/bin/python bench/soak.py [--duration 60] [--connections 16] [--posters 8] [--workers N]

Starts gunicorn as the README deploys it (bench/server.py: production settings, demo content, an
on-disk SQLite file, or PostgreSQL when DATABASE_URL is set). For `--duration` seconds:

- wrk cycles through every public page: the sitemap's URLs plus tests/browser/pages.py
  PUBLIC_PAGES (which includes a deliberate 404), counting answers by status class;
- `--posters` simulated patients each load the consultation form like a browser (keeping its
  CSRF cookie, reading its hidden fields: the CSRF token and the signed timing token), wait past
  CONSULTATION_MIN_FILL_SECONDS as a person would, fill in the visible fields (leaving the
  honeypot empty), post it, and follow the redirect to the thank-you page. Each simulated patient
  comes from its own address, passed the way our TLS proxy would (X-Forwarded-For, with
  AXES_PROXY_COUNT=1), so the per-client rate limit is exercised but never reached.

Prints requests served, responses >= 500 (target 0), and rows stored versus posts accepted
(target equal: no request lost, none stored twice). Exit status 1 if a target is missed.
"""

import argparse
import http.client
import itertools
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import PROXY_HEADERS, Site  # noqa: E402
from tests.browser.pages import PUBLIC_PAGES  # noqa: E402

FORM_PATH = "/consultation/"
THANKS_PATH = "/consultation/thanks/"
MIN_FILL_SECONDS = 3  # CONSULTATION_MIN_FILL_SECONDS in the server's environment
COUNT_ROWS = (
    "from consultations.models import ConsultationRequest as R; "
    "print(R.objects.count(), R.objects.filter(is_spam=True).count())"
)

WRK_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  paths = {%(paths)s}
  n = math.random(#paths)
  s2, s3, s4, s5 = 0, 0, 0, 0
end
function request()
  n = n %% #paths + 1
  return wrk.format(nil, paths[n])
end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end
function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("s2"); t3 = t3 + t:get("s3"); t4 = t4 + t:get("s4"); t5 = t5 + t:get("s5")
  end
  io.write(string.format("STATUS %%d %%d %%d %%d\\n", t2, t3, t4, t5))
  io.write(string.format("P99 %%.2f\\n", latency:percentile(99) / 1000))
end
"""


class FormReader(HTMLParser):
    """The fields of the consultation form as a browser would submit them by default."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.action = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.action = a.get("action") or FORM_PATH
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "image", "file"):
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            if self._select not in self.fields or "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields.setdefault(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Poster(threading.Thread):
    """One simulated patient after another: load the form, wait, fill it in, send it."""

    addresses = itertools.count(1)

    def __init__(self, site, stop_at, results, lock):
        super().__init__(daemon=True)
        self.site, self.stop_at, self.results, self.lock = site, stop_at, results, lock
        self.netloc = urllib.parse.urlsplit(site.base_url).netloc

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.netloc, timeout=60)
        try:
            connection.request(method, path, body=body, headers={**PROXY_HEADERS, **headers})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def count(self, key):
        with self.lock:
            self.results[key] += 1

    def run(self):
        while time.monotonic() < self.stop_at:
            try:
                self.one_patient()
            except OSError as error:
                self.count(f"connection error: {type(error).__name__}")

    def one_patient(self):
        number = next(self.addresses)
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        headers = {"X-Forwarded-For": address}
        status, response_headers, body = self.request("GET", FORM_PATH, headers=headers)
        self.count(f"form GET {status}")
        if status != 200:
            return
        cookies = [
            value.split(";", 1)[0]
            for name, value in response_headers
            if name.lower() == "set-cookie"
        ]
        form = FormReader()
        form.feed(body.decode())
        fields = dict(form.fields)
        fields.update(
            {
                "first_name": "Soak",
                "last_name": "Tester",
                "email": f"soak-{number}@example.test",
                "phone": "(626) 555-0142",
                "message": f"Load test request {number}: please ignore. I would like to ask about "
                "smile reanimation after Bell's palsy.",
                "consent": "on",
            }
        )
        fields["website"] = ""  # the honeypot: a person never fills it in
        time.sleep(MIN_FILL_SECONDS + 0.5)  # a person takes longer than this to fill it in
        status, response_headers, _ = self.request(
            "POST",
            form.action or FORM_PATH,
            body=urllib.parse.urlencode(fields),
            headers={
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(cookies),
                "Origin": "https://" + self.netloc,
                "Referer": "https://" + self.netloc + FORM_PATH,
            },
        )
        location = dict((k.lower(), v) for k, v in response_headers).get("location", "")
        if status == 302 and location.endswith(THANKS_PATH):
            self.count("accepted")
            status, _, _ = self.request("GET", THANKS_PATH, headers=headers)
            self.count(f"thanks GET {status}")
        else:
            self.count(f"post refused {status}")


def all_public_paths(site):
    status, _, body = site.get("/sitemap.xml")
    paths = set(PUBLIC_PAGES)
    if status == 200:
        for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
            parts = urllib.parse.urlsplit(loc)
            paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return sorted(paths)


def rows(site):
    # The last line: `shell` may print other things first (e.g. imported-model notices).
    total, spam = site.manage("shell", "-c", COUNT_ROWS).strip().splitlines()[-1].split()
    return int(total), int(spam)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--posters", type=int, default=8, help="simulated patients at a time")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the README's)")
    args = parser.parse_args()

    env = {"AXES_PROXY_COUNT": "1", "CONSULTATION_MIN_FILL_SECONDS": str(MIN_FILL_SECONDS)}
    with Site(workers=args.workers, extra_env=env, quiet=False) as site:
        paths = all_public_paths(site)
        rows_before, spam_before = rows(site)
        script = Path(tempfile.mkdtemp(prefix="perf-soak-")) / "mix.lua"
        script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for p in paths)})

        results, lock = Counter(), threading.Lock()
        stop_at = time.monotonic() + args.duration
        posters = [Poster(site, stop_at, results, lock) for _ in range(args.posters)]
        print(
            f"Soak: {args.duration} s, {site.worker_count()} gunicorn workers, wrk -c"
            f"{args.connections} over {len(paths)} public URLs, {args.posters} patients "
            "posting the consultation form ...",
            flush=True,
        )
        for poster in posters:
            poster.start()
        wrk = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "-s",
                str(script),
                "-H",
                "X-Forwarded-Proto: https",
                site.base_url + "/",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for poster in posters:
            poster.join(timeout=120)
        rows_after, spam_after = rows(site)
        server_errors = site.log_path.read_text().count("Internal Server Error")
        script.unlink()
        script.parent.rmdir()

    s2, s3, s4, s5 = map(int, re.search(r"STATUS (\d+) (\d+) (\d+) (\d+)", wrk).groups())
    p99 = float(re.search(r"P99 ([\d.]+)", wrk).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
    socket_errors = re.search(r"Socket errors: (.*)", wrk)
    form_requests = sum(v for k, v in results.items() if k.startswith(("form GET", "thanks GET")))
    posts = results["accepted"] + sum(v for k, v in results.items() if k.startswith("post "))
    post_5xx = sum(v for k, v in results.items() if re.match(r".* 5\d\d$", k))
    stored, spam = rows_after - rows_before, spam_after - spam_before
    served = s2 + s3 + s4 + s5 + form_requests + posts

    print(f"\nRequests served: {served:,} in {args.duration} s")
    print(
        f"  page mix (wrk): {s2 + s3 + s4 + s5:,} ({rps:.0f} req/s, p99 {p99:.1f} ms): "
        f"{s2:,} 2xx, {s3:,} 3xx, {s4:,} 4xx (the sweep's deliberate 404 page), {s5:,} >= 500"
        + (f"; socket errors: {socket_errors.group(1)}" if socket_errors else "")
    )
    print(f"  consultation: {form_requests:,} form and thank-you pages, {posts:,} posts")
    for key, value in sorted(results.items()):
        print(f"    {key}: {value:,}")
    total_5xx = s5 + post_5xx
    print(
        f"Responses >= 500: {total_5xx} (target 0); 'Internal Server Error' in the server log: "
        f"{server_errors}"
    )
    print(
        f"Posts accepted: {results['accepted']:,}; rows stored: {stored:,} "
        f"(of which flagged as spam: {spam}) -> "
        + ("equal" if stored == results["accepted"] else "MISMATCH")
    )
    ok = total_5xx == 0 and server_errors == 0 and stored == results["accepted"] and spam == 0
    ok = ok and results["accepted"] > 0
    print("Targets: " + ("met" if ok else "MISSED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
