"""Throughput of the cached public pages against a WhiteNoise static file of similar size.

    .venv/bin/python bench/pages.py [--duration 5] [--connections 16] [--workers N] [--uncached]
                                    [PATH ...]

Starts gunicorn as the README deploys it (bench/server.py: gunicorn.conf.py, production settings,
demo content, collectstatic), then drives each page with wrk, one after the other in one run,
sending `X-Forwarded-Proto: https` as the TLS proxy would. The load generator shares the machine's
cores with the server, so absolute numbers mean little: each page is compared with the static file
measured in the same run. Pages default to every public page of the browser sweep
(tests/browser/pages.py PUBLIC_PAGES), so new pages are measured without editing this script.
The server listens on a free port (or PERF_PORT), never on 8000.

--uncached also measures every page rendered by its view: wrk then sends a cookie, and the page
cache neither serves nor stores a request that carries one. The last column is then what the
page cache gains on that page (cached / uncached requests per second, same run). Throughput on a
shared machine swings with its load, so the CPU time of one request, cached and uncached, is also
measured in a separate Django process (same settings and database; median of CPU_REPEAT).

Targets (issue 7): every cached page >= 0.5x the static file's requests per second, and at most
one query per cached request (counted in a separate Django process with the same settings).
Exit status 1 if a target is missed.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import ROOT, Site, python  # noqa: E402
from tests.browser.pages import PUBLIC_PAGES  # noqa: E402

RATIO_TARGET = 0.5
STATIC_EVERY = 7  # pages between two measurements of the static file
QUERY_TARGET = 1
CPU_REPEAT = 21
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def default_pages():
    return [path for path in PUBLIC_PAGES if "does-not-exist" not in path]


# Any cookie but the CSRF one keeps a request out of the page cache (practice_site/cache.py).
BYPASS_COOKIE = "Cookie: bench=uncached"


def wrk(url, duration, connections, threads=2, headers=()):
    """Runs wrk; returns (requests per second, p99 latency in ms, non-2xx/3xx responses)."""
    extra = [arg for header in headers for arg in ("-H", header)]
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "X-Forwarded-Proto: https",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p99_ms": float(value) * UNITS[unit],
        "bad": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def closest_static_file(site, size):
    """The collected static file (not a .gz/.br variant) whose size is closest to `size`."""
    candidates = [
        (abs(site.static_file_size(url) - size), url)
        for name, url in site.static_files().items()
        if name.endswith((".css", ".js", ".svg", ".txt", ".html"))
    ]
    return min(candidates)[1]


def cpu_times(site, paths):
    """{path: (uncached, cached) CPU ms of one request}, measured by `_cpu_times_here`."""
    result = subprocess.run(
        [python(), str(Path(__file__).resolve()), "cpu-times", *paths],
        env=site.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _cpu_times_here(paths):
    import django

    django.setup()
    from django.test import Client

    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    times = {}
    for path in paths:
        cached, uncached = Client(**headers), Client(**headers)
        uncached.cookies["bench"] = "uncached"
        medians = []
        for client in (uncached, cached):
            client.get(path)  # fills the page cache and per-process caches, untimed
            spent = []
            for _ in range(CPU_REPEAT):
                start = time.process_time()
                client.get(path)
                spent.append(time.process_time() - start)
            medians.append(statistics.median(spent) * 1000)
        times[path] = medians
    print(json.dumps(times))


def main():
    if sys.argv[1:2] == ["cpu-times"]:
        _cpu_times_here(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="pages to measure (default: PUBLIC_PAGES)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the README's)")
    parser.add_argument(
        "--uncached", action="store_true", help="also measure every page without the page cache"
    )
    args = parser.parse_args()
    paths = args.paths or default_pages()

    with Site(workers=args.workers, quiet=False) as site:
        sizes = {}
        for path in paths:
            status, _, body = site.get(path)
            if status != 200:
                sys.exit(f"{path} answered {status}: not measured")
            sizes[path] = len(body)
        static_url = closest_static_file(site, statistics.median(sizes.values()))
        static_size = site.static_file_size(static_url)

        # Warm every worker's page cache (each gunicorn worker keeps its own), untimed.
        for path in paths:
            wrk(site.url(path), 1, args.connections)

        print(
            f"\nwrk -t2 -c{args.connections} -d{args.duration}s, {site.worker_count()} "
            f"gunicorn sync workers, production settings, X-Forwarded-Proto: https\n"
        )
        header = f"{'URL':<48} {'bytes':>7} {'req/s':>8} {'p99 ms':>8} {'vs static':>9}"
        if args.uncached:
            header += f" {'uncached':>8} {'p99 ms':>8} {'cache gain':>10}"
        print(header)
        print("-" * len(header))
        # Other processes on the machine shift every figure; the static file is measured again
        # every few pages and each page is compared with the mean of those runs.
        statics = [wrk(site.url(static_url), args.duration, args.connections)]
        results, uncached = {}, {}
        for number, path in enumerate(paths, start=1):
            results[path] = wrk(site.url(path), args.duration, args.connections)
            if args.uncached:
                uncached[path] = wrk(
                    site.url(path), args.duration, args.connections, headers=[BYPASS_COOKIE]
                )
            if number % STATIC_EVERY == 0 or number == len(paths):
                statics.append(wrk(site.url(static_url), args.duration, args.connections))
        static_rps = statistics.mean(s["rps"] for s in statics)
        static_p99 = statistics.mean(s["p99_ms"] for s in statics)
        print(
            f"{static_url[:48]:<48} {static_size:>7} {static_rps:>8.0f} {static_p99:>8.2f} "
            f"{'1.00x':>9}   (WhiteNoise static file: mean of {len(statics)} runs, "
            f"{min(s['rps'] for s in statics):.0f}-{max(s['rps'] for s in statics):.0f} req/s)"
        )
        for path, result in results.items():
            result["ratio"] = result["rps"] / static_rps
            bad = result["bad"] + (uncached[path]["bad"] if path in uncached else 0)
            note = f"   {bad} non-2xx/3xx!" if bad else ""
            line = (
                f"{path[:48]:<48} {sizes[path]:>7} {result['rps']:>8.0f} "
                f"{result['p99_ms']:>8.2f} {result['ratio']:>8.2f}x"
            )
            if path in uncached:
                plain = uncached[path]
                # No gain when either run completed no request (wrk's timeouts on a busy machine).
                both = result["rps"] and plain["rps"]
                plain["gain"] = result["rps"] / plain["rps"] if both else 0
                line += f" {plain['rps']:>8.0f} {plain['p99_ms']:>8.2f} {plain['gain']:>9.2f}x"
            print(line + note)

        counts = site.count_queries(paths)
        if args.uncached:
            cpu = cpu_times(site, paths)
            print(f"\nCPU ms of one request (separate Django process, median of {CPU_REPEAT}):")
            print(f"  {'URL':<48} {'uncached':>8} {'cached':>8} {'ratio':>7}")
            for path, (plain, hit) in cpu.items():
                print(f"  {path[:48]:<48} {plain:>8.2f} {hit:>8.2f} {plain / hit:>6.1f}x")
        print("\nQueries per request served from the page cache (separate Django process, same")
        print("settings and database; pages the cache never stores, such as forms, are marked):")
        for path, count in counts.items():
            if not count["cached"]:
                print(f"  {path:<48} {count['queries']}  (not cached by design)")
                continue
            same = "" if count["same_body"] else "  (body differed from the first response!)"
            print(f"  {path:<48} {count['queries']}{same}")

    cached = [p for p in paths if counts[p]["cached"]]
    slow = [p for p in cached if results[p]["ratio"] < RATIO_TARGET]
    chatty = [
        p for p in cached if counts[p]["queries"] > QUERY_TARGET or not counts[p]["same_body"]
    ]
    failed = [p for p in paths if results[p]["bad"] or uncached.get(p, {}).get("bad")]
    failed += [p for p in paths if not results[p]["rps"] or uncached.get(p, {}).get("rps") == 0]
    if uncached:
        gains = [uncached[p]["gain"] for p in cached if uncached[p]["gain"]]
        print(
            f"\nPage cache gain (cached / uncached req/s) over {len(gains)} cached pages: "
            f"median {statistics.median(gains):.2f}x, geometric mean "
            f"{statistics.geometric_mean(gains):.2f}x, lowest {min(gains):.2f}x; uncached "
            f"median {statistics.median(uncached[p]['rps'] for p in cached):.0f} req/s"
        )
        ratios = [cpu[p][0] / cpu[p][1] for p in cached]
        print(
            f"CPU per request over the same pages: uncached median "
            f"{statistics.median(cpu[p][0] for p in cached):.2f} ms, cached median "
            f"{statistics.median(cpu[p][1] for p in cached):.2f} ms; uncached / cached median "
            f"{statistics.median(ratios):.1f}x, lowest {min(ratios):.1f}x"
        )
    worst = min(results[p]["ratio"] for p in cached)
    print(
        f"\nLowest ratio of a cached page to the static file: {worst:.2f}x "
        f"(target >= {RATIO_TARGET}x): " + ("met" if not slow else "MISSED by " + ", ".join(slow))
    )
    print(
        f"Most queries per cached request: {max(counts[p]['queries'] for p in cached)} "
        f"(target <= {QUERY_TARGET}): "
        + ("met" if not chatty else "MISSED by " + ", ".join(chatty))
    )
    if failed:
        print("Errors or no completed request under load on: " + ", ".join(failed))
    sys.exit(1 if slow or chatty or failed else 0)


if __name__ == "__main__":
    main()
