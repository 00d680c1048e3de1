"""`make audit`: Lighthouse (mobile) on the key pages of the site as deployed, with page weights.

    .venv/bin/python scripts/audit.py [PATH ...]

Starts gunicorn with production settings on demo content (bench/server.py, the same deployment the
benchmarks use), then runs Lighthouse 12 from npm (node_modules, installed by `make audit`) against
Debian's Chromium with its default mobile preset (simulated slow 4G and a 4x slower CPU) on: the
home page, a procedure, a provider, the gallery, a case, testimonials and the consultation form.
Paths come from tests/browser/pages.py PUBLIC_PAGES; a kind missing there is found by following
the first matching link on its listing page. For each page it prints the four category scores, the
bytes of HTML+CSS+JS, all bytes transferred, and every request to a host other than the site's own.

Bytes: CSS and JS are measured as transferred (WhiteNoise serves them brotli-compressed). gunicorn
does not compress HTML; the TLS proxy in front does (README, deployment step 7), so the HTML is
counted gzip-compressed (level 6, what nginx or Caddy send) and its uncompressed size is shown too.

Targets (issue 7): 100 in every category on every page, HTML+CSS+JS < 50 KB compressed, and no
third-party request. Exit status 1 if any is missed; the failing audits are listed. Full JSON
reports are kept in bench/out/lighthouse/.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.server import Site  # noqa: E402
from tests.browser.pages import PUBLIC_PAGES  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUT = ROOT / "bench" / "out" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
WEIGHT_TARGET = 50 * 1024
CODE_TYPES = {"Document", "Stylesheet", "Script"}

# (label, fixed path) or (label, (pattern of a path of that kind, listing page linking to one))
KINDS = [
    ("home", "/"),
    ("procedure", (r"^/procedures/[\w-]+/[\w-]+/$", "/procedures/")),
    ("provider", (r"^/about/[\w-]+/$", "/about/")),
    ("gallery", "/gallery/"),
    ("case", (r"^/gallery/patient-\d+/$", "/gallery/")),
    ("testimonials", "/testimonials/"),
    ("consultation form", "/consultation/"),
    ("contact", "/contact/"),
]


def choose_paths(site):
    """One path per kind: from PUBLIC_PAGES, else the first matching link on its listing page."""
    chosen = []
    for label, kind in KINDS:
        if isinstance(kind, str):
            chosen.append((label, kind))
            continue
        pattern, listing = kind
        path = next((p for p in PUBLIC_PAGES if re.match(pattern, p)), None)
        if path is None:
            status, _, body = site.get(listing)
            links = re.findall(r'href="(/[^"#?]*)"', body.decode()) if status == 200 else []
            path = next((link for link in links if re.match(pattern, link)), None)
        if path is None:
            print(f"  (no {label} page found on {listing}: not audited)")
            continue
        chosen.append((label, path))
    return chosen


def run_lighthouse(url, output):
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run",
        # The audit plays the TLS proxy, as the benchmarks do.
        '--extra-headers={"X-Forwarded-Proto": "https"}',
    ]
    for attempt in (1, 2):  # Lighthouse now and then loses a trace (NO_NAVSTART) on a busy machine
        output.unlink(missing_ok=True)
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROME},
            capture_output=True,
            text=True,
            timeout=240,
        )
        report = json.loads(output.read_text()) if output.exists() else None
        if result.returncode == 0 and report and not report.get("runtimeError"):
            return report
        print(
            f"  Lighthouse run {attempt} on {url} failed: "
            + ((report or {}).get("runtimeError", {}).get("code") or result.stderr[-500:])
        )
    raise RuntimeError(f"Lighthouse failed twice on {url}")


def summarise(report, site, path):
    own_host = urllib.parse.urlsplit(site.base_url).netloc
    requests = report["audits"]["network-requests"]["details"]["items"]
    third_party = sorted(
        {
            r["url"]
            for r in requests
            if r["url"].startswith(("http://", "https://"))
            and urllib.parse.urlsplit(r["url"]).netloc != own_host
        }
    )
    # The document as the proxy would send it: gzip of the exact bytes gunicorn served.
    _, headers, body = site.get(path)
    html_raw = len(body)
    html_sent = len(body) if headers.get("Content-Encoding") else len(gzip.compress(body, 6))
    css_js = sum(
        r.get("transferSize", 0)
        for r in requests
        if r.get("resourceType") in CODE_TYPES - {"Document"}
        and urllib.parse.urlsplit(r["url"]).netloc == own_host
    )
    everything = sum(r.get("transferSize", 0) for r in requests)
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.append(
                    f"{category}: {ref['id']} ({audit['title']}) "
                    f"{audit.get('displayValue', '')}".rstrip()
                )
    return {
        "scores": scores,
        "code_bytes": html_sent + css_js,
        "html_raw": html_raw,
        "html_sent": html_sent,
        "all_bytes": everything
        - next(
            (r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Document"), 0
        )
        + html_sent,
        "third_party": third_party,
        "failing": failing,
        "console": report["audits"]
        .get("errors-in-console", {})
        .get("details", {})
        .get("items", []),
    }


def main():
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is missing at {LIGHTHOUSE}: run `make audit`, which installs it.")
    if not Path(CHROME).exists():
        sys.exit(f"Chromium is missing at {CHROME}: run `make system-deps`.")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    missed = False
    # Lighthouse fetches robots.txt without the extra header that stands in for the TLS proxy;
    # with SECURE_SSL_REDIRECT that fetch would get a redirect (in production the proxy answers
    # plain HTTP itself). Every page request still carries X-Forwarded-Proto: https.
    with Site(workers=2, quiet=False, extra_env={"SECURE_SSL_REDIRECT": "false"}) as site:
        # A path given on the command line is its own label, made safe as a file name.
        paths = [(p.strip("/").replace("/", "-") or "home", p) for p in sys.argv[1:]]
        paths = paths or choose_paths(site)
        for _, path in paths:  # Fill the page cache first, as a visitor after the first would.
            site.get(path)
        print(f"\nLighthouse 12, mobile preset, Chromium {CHROME}; bytes in KB (1024 bytes)\n")
        header = (
            f"{'page':<18} {'path':<40} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} "
            f"{'HTML+CSS+JS':>11} {'(HTML raw)':>10} {'all':>6}  third-party"
        )
        print(header)
        print("-" * len(header))
        details = []
        for number, (label, path) in enumerate(paths):
            name = re.sub(r"[^\w-]+", "-", label).strip("-") or "home"
            report = run_lighthouse(site.url(path), OUT / f"{number}-{name}.json")
            s = summarise(report, site, path)
            scores = s["scores"]
            print(
                f"{label:<18} {path[:40]:<40} "
                + " ".join(f"{scores[c]:>4}" for c in CATEGORIES)
                + f" {s['code_bytes'] / 1024:>11.1f} {s['html_raw'] / 1024:>10.1f}"
                f" {s['all_bytes'] / 1024:>6.1f}  {len(s['third_party']) or 'none'}"
            )
            page_missed = (
                any(v < 100 for v in scores.values())
                or s["code_bytes"] >= WEIGHT_TARGET
                or s["third_party"]
            )
            missed |= bool(page_missed)
            details.append((label, path, s))
        for label, path, s in details:
            for url in s["third_party"]:
                print(f"  {label}: third-party request {url}")
            for line in s["failing"]:
                print(f"  {label} {path}: {line}")
            for item in s["console"]:
                print(f"  {label} {path}: console: {item.get('description', item)}")
    print(
        "\nTargets: 100/100/100/100, HTML+CSS+JS < 50 KB compressed, no third-party request: "
        + ("all met" if not missed else "MISSED (see above)")
        + f". Reports: {OUT.relative_to(ROOT)}/"
    )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
