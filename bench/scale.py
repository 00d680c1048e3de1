"""What each page costs when the practice has ten and a hundred times the demo's content.

    .venv/bin/python bench/scale.py [--factors 1,10,100] [--repeat 7] [--rounds 3] [--keep]

Loads the demo practice once into a throwaway deployment (/tmp/scale-*: SQLite, media, static
files, production settings as bench/server.py sets them), copies its database once per factor
and grows each copy to that many times the demo's content (bench/scale_content.py: every
procedure, condition, gallery case and testimonial copied; 1,000 consultation requests per
factor, 100,000 at 100x).

Then it measures, uncached (a cookie keeps the page cache out, as in bench/pages.py), in-process
through Django's test client, one page of every public page type (one address per URL name of
tests/browser/pages.py PUBLIC_PAGES, so new pages are measured without editing this script), the
last page of every paginated list, the sitemap (and the heaviest of its sections) and the admin
list of consultation requests: plain, searched and filtered, signed in as verified front-desk
staff. Each factor's pages are measured in a separate Django process, factors alternating over
`--rounds`, so that the machine's load falls on all of them alike. Times are CPU milliseconds
(the process's own time, database included: SQLite runs in-process), medians of every round's
`--repeat` requests; the queries and bytes are those of one request.

Targets (issue 15): at 100x every public page within 2x of its 1x time and 2x of its 1x size,
the admin list searched or filtered under 100 ms. Exit status 1 if one is missed.

The sitemap is judged per item it lists: a file shows addresses, the index shows files, and
the protocol has a search engine read them all. A list page is bounded by its page size and a
sitemap file by SITEMAP_LIMIT, but at 1x no file is full, so the ratio of one request's cost
would measure how empty the demo's file is. Per address (per file for the index) it measures
whether what is shown costs more as the practice grows; the largest file must also cost no more
time than the heaviest public page of the same run.
"""

import argparse
import json
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scale_content import STAFF_USERNAME, counts, grow, prepare_staff  # noqa: E402
from bench.server import ROOT, child_json, production_env, python  # noqa: E402

TIME_TARGET = 2.0
SIZE_TARGET = 2.0
ADMIN_TARGET_MS = 100
BYPASS_COOKIE = ("bench", "uncached")  # any cookie but CSRF's keeps the page cache out
HEADERS = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}


# --- measuring -----------------------------------------------------------------------------------


def public_pages():
    """(label, path): the first address of each URL name in PUBLIC_PAGES, and the sitemap."""
    from django.urls import Resolver404, resolve

    from tests.browser.pages import PUBLIC_PAGES

    pages, seen = [], set()
    for path in PUBLIC_PAGES:
        plain, _, query = path.partition("?")
        try:
            match = resolve(plain)
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}" + (" filtered" if query else "")
        if name not in seen:
            seen.add(name)
            pages.append((path, path))
    pages.append(("/sitemap.xml", "/sitemap.xml"))
    return pages


def admin_pages():

    from django.urls import reverse

    from procedures.models import Procedure

    url = reverse("admin:consultations_consultationrequest_changelist")
    procedure = Procedure.objects.published().order_by("pk").first()
    return [
        ("admin: requests", url),
        ("admin: requests searched", url + "?q=Nguyen"),
        ("admin: requests by status", url + "?status__exact=contacted"),
        ("admin: requests by procedure", url + f"?procedure__id__exact={procedure.pk}"),
        ("admin: requests by procedure name", url + "?procedure=nerve"),
        ("admin: requests this week", url + "?received=week"),
        ("admin: requests not spam, new", url + "?is_spam__exact=0&status__exact=new"),
    ]


LAST_PAGE = re.compile(r'href="([^"]*[?&](?:amp;)?page=(\d+))"')


def last_page(path, html):
    """The address of the highest-numbered page linked from `html`, if above 1."""
    found = [(int(n), href.replace("&amp;", "&")) for href, n in LAST_PAGE.findall(html)]
    if not found or max(found)[0] < 2:
        return None
    href = max(found)[1]
    if href.startswith("?"):
        return path.partition("?")[0] + href
    return href


SITEMAP_LOC = re.compile(r"<loc>https?://[^/<]+(/[^<]*sitemap[^<]*)</loc>")


def measure(repeat):
    """{label: {"cpu": [ms...], "wall": [ms...], "queries": n, "bytes": n, "status": code}}."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.staff import sign_in_verified

    visitor = Client(**HEADERS)
    visitor.cookies[BYPASS_COOKIE[0]] = BYPASS_COOKIE[1]
    staff = sign_in_verified(
        Client(**HEADERS), get_user_model().objects.get(username=STAFF_USERNAME)
    )

    results = {}

    def run(label, path, client):
        response = client.get(path)  # warms per-process caches; untimed
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        count = len(queries)  # now: the next request's request_started empties the log
        cpu, wall = [], []
        for _ in range(repeat):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            client.get(path)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
        results[label] = {
            "path": path,
            "status": response.status_code,
            "queries": count,
            "bytes": len(response.content),
            # What a sitemap lists: addresses in a file, files in the index (see the docstring).
            "items": response.content.count(b"<url>") + response.content.count(b"<sitemap>"),
            "cpu": cpu,
            "wall": wall,
        }
        return response

    for label, path in public_pages():
        response = run(label, path, visitor)
        html = response.content.decode()
        more = last_page(path, html)
        if more:
            run(f"{label} (last page)", more, visitor)
        if label == "/sitemap.xml":
            # An index: measure its heaviest section too.
            sections = SITEMAP_LOC.findall(html)
            if sections:
                sizes = {s: len(visitor.get(s).content) for s in sections}
                heaviest = max(sections, key=sizes.get)
                run("/sitemap.xml (largest section)", heaviest, visitor)
    for label, path in admin_pages():
        run(label, path, staff)
    print(json.dumps(results))


# --- the run -------------------------------------------------------------------------------------


def manage(env, *args):
    result = subprocess.run(
        [python(), str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def this(env, *args):
    """Runs this script again in `env` (a Django process on one factor's database)."""
    try:
        return child_json(Path(__file__).resolve(), *args, env=env)
    except RuntimeError as error:
        sys.exit(str(error))


def child(command, argv):
    import django

    if command == "measure":
        measure(int(argv[0]))
        return
    django.setup()
    if command == "grow":
        grow(int(argv[0]))
    elif command == "staff":
        prepare_staff()
    print(json.dumps(counts()))


def copy_database(source, target):
    """A consistent copy through SQLite's backup API (the WAL included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def fmt_ratio(value):
    return f"{value:.2f}x" if value is not None else "-"


def report(factors, results):
    base, top = factors[0], factors[-1]
    labels = list(dict.fromkeys(label for f in factors for label in results[f]))
    cells = "".join(f" {f'{f}x ms':>9} {'q':>3} {'KB':>7}" for f in factors)
    header = f"{'page':<44}{cells} {'time':>7} {'size':>7}"
    print(header)
    print("-" * len(header))
    missed = []
    for label in labels:
        line = f"{label[:44]:<44}"
        row = {}
        for f in factors:
            r = results[f].get(label)
            if r is None:
                line += f" {'-':>9} {'-':>3} {'-':>7}"
                continue
            row[f] = r
            bad = "" if r["status"] == 200 else "!"
            line += f" {r['ms']:>8.2f}{bad:1} {r['queries']:>3} {r['bytes'] / 1024:>7.1f}"
        # A last page exists only once the list grows: it is compared with the list's first page.
        first = results[base].get(label) or results[base].get(label.split(" (")[0])
        time_ratio = size_ratio = None
        if first and top in row and top != base:
            # Per item listed for a sitemap, per request for a page (items is 0 for a page).
            shown, shown_first = row[top].get("items") or 1, first.get("items") or 1
            time_ratio = (row[top]["ms"] / shown) / (first["ms"] / shown_first)
            size_ratio = (row[top]["bytes"] / shown) / (first["bytes"] / shown_first)
        line += f" {fmt_ratio(time_ratio):>7} {fmt_ratio(size_ratio):>7}"
        if row.get(top, {}).get("items"):
            listed = [str(row[f]["items"]) for f in factors if f in row]
            line += f"   per item listed ({' / '.join(listed)})"
        if label.startswith("admin:"):
            if top in row and row[top]["ms"] > ADMIN_TARGET_MS and label != "admin: requests":
                missed.append(f"{label} {row[top]['ms']:.0f} ms")
        elif time_ratio is not None and (time_ratio > TIME_TARGET or size_ratio > SIZE_TARGET):
            missed.append(f"{label} {time_ratio:.2f}x time, {size_ratio:.2f}x size")
        print(line)
    sitemap_file = results[top].get("/sitemap.xml (largest section)")
    pages = [
        r["ms"]
        for label, r in results[top].items()
        if not label.startswith(("admin:", "/sitemap.xml"))
    ]
    if sitemap_file and pages and sitemap_file["ms"] > max(pages):
        missed.append(
            f"the largest sitemap file {sitemap_file['ms']:.0f} ms, above every page at {top}x"
        )
    return missed


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("grow", "staff", "measure"):
        child(sys.argv[1], sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10,100", help="comma-separated, e.g. 1,10,100")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="measuring rounds per factor")
    parser.add_argument("--keep", action="store_true", help="keep the databases in /tmp")
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="a folder an earlier --keep run left: its demo and grown copies are used again",
    )
    args = parser.parse_args()
    factors = sorted({int(f) for f in args.factors.split(",")} | {1})

    tmp = Path(args.reuse or tempfile.mkdtemp(prefix="scale-", dir="/tmp"))
    args.keep = args.keep or bool(args.reuse)
    try:

        def env_for(factor):
            env = production_env(tmp / f"x{factor}")
            env.update(MEDIA_ROOT=str(tmp / "media"), STATIC_ROOT=str(tmp / "static"))
            return env

        started = time.perf_counter()
        env = env_for(1)
        if not args.reuse:
            (tmp / "x1").mkdir()
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "load_demo_content")
            manage(env, "collectstatic", "--noinput", "-v0")
        demo = this(env, "staff")
        print(f"Demo practice loaded in {time.perf_counter() - started:.0f} s ({tmp}).")
        sizes = {1: demo}
        for factor in factors[1:]:
            started = time.perf_counter()
            grown = tmp / f"x{factor}" / "db.sqlite3"
            if args.reuse and grown.exists():
                sizes[factor] = this(env_for(factor), "staff")
                print(f"{factor}x: the copy grown by an earlier run.")
                continue
            copy_database(tmp / "x1" / "db.sqlite3", grown)
            sizes[factor] = this(env_for(factor), "grow", str(factor))
            print(f"Grown to {factor}x in {time.perf_counter() - started:.1f} s.")
        print()
        names = list(demo)
        print(f"{'content':<24}" + "".join(f"{f'{f}x':>10}" for f in factors))
        for name in names:
            print(f"{name:<24}" + "".join(f"{sizes[f][name]:>10,}" for f in factors))

        samples = {f: {} for f in factors}
        for number in range(args.rounds):
            # Alternate the order, so no factor always runs while the machine is busiest.
            order = factors if number % 2 == 0 else factors[::-1]
            for factor in order:
                for label, r in this(env_for(factor), "measure", str(args.repeat)).items():
                    kept = samples[factor].setdefault(label, {**r, "cpu": [], "wall": []})
                    kept["cpu"] += r["cpu"]
                    kept["wall"] += r["wall"]
        for factor in factors:
            for r in samples[factor].values():
                r["ms"] = statistics.median(r["cpu"])
                r["wall_ms"] = statistics.median(r["wall"])
        print(
            f"\nUncached, in-process, CPU ms (median of {args.rounds} rounds x {args.repeat} "
            "requests), queries and KB of one request; time and size: last factor / 1x.\n"
        )
        missed = report(factors, samples)
        print(
            f"\nTargets: public pages within {TIME_TARGET}x time and {SIZE_TARGET}x size of 1x; "
            f"admin list searched or filtered under {ADMIN_TARGET_MS} ms: "
            + ("met" if not missed else "MISSED by " + "; ".join(missed))
        )
        if args.keep:
            print(f"Databases kept in {tmp}")
        sys.exit(1 if missed else 0)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
