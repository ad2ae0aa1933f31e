#!/usr/bin/env python3
"""Print the numbers that matter, measured in one run against plain Pelican on the same posts.

    make bench                 (sites of 100 and 1,000 posts, and 1,000 with 50 photos)
    make bench N=5000          (one site of N posts: peak memory at scale)

For each generated site (scripts/gensite.py): a cold publish build, a warm one with
nothing changed, the median time from saving a post to the preview's reload,
peak memory and output size; and the same build by vanilla Pelican (its default
theme and settings, reading the same folders), with the ratios. Build times are
the median of REPEAT builds of each kind, run alternately. Then the demo's
page weights. Benchmarks, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EPOCH = "1795000000"
SITEURL = "https://police.example.gov"
VANILLA = '''SITENAME = "Vanilla"
SITEURL = "https://police.example.gov"
TIMEZONE = "America/Chicago"
ARTICLE_PATHS = ["policies", "qa", "stories", "alerts", "news", "appeals", "events", "data"]
PAGE_PATHS = ["pages", "officers"]
STATIC_PATHS = ["images"]
'''
REPEAT = 5  # builds of each kind per site; the median is shown (3 moved the photo ratio by 0.15 between runs)
# Runs a command and prints the peak resident memory of the largest process it started (its own and
# its children's, as the kernel counts them), then that of its Python processes and that of Pagefind's
# indexer (each process's VmHWM, read from /proc every 20 ms while it runs; 0 where there is no /proc).
MEASURE = '''import os, resource, subprocess, sys, threading, time
peaks = {"python": 0, "pagefind": 0}
def tree(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                for child in handle.read().split():
                    found += tree(int(child))
    except OSError:
        pass
    return found
def sample(pid):
    while process.poll() is None:
        for each in tree(pid):
            try:
                with open(f"/proc/{each}/status") as handle:
                    status = dict(line.split(":", 1) for line in handle if ":" in line)
                kind = "pagefind" if status["Name"].strip().startswith("pagefind") else "python"
                peaks[kind] = max(peaks[kind], int(status["VmHWM"].split()[0]))
            except (OSError, KeyError, ValueError):
                pass
        time.sleep(0.02)
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sampler = threading.Thread(target=sample, args=(process.pid,))
sampler.start()
code = process.wait()
sampler.join()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peaks["python"], peaks["pagefind"], code)
'''


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest process
    python_mb: float  # the largest Python process (the build and its workers)
    indexer_mb: float  # Pagefind's indexer
    ok: bool


def timed(command: list[str], env: dict[str, str]) -> Run:
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    peak, python, indexer, code = result.stdout.split()
    return Run(seconds, int(peak) / 1024, int(python) / 1024, int(indexer) / 1024, code == "0")


def median_run(runs: list[Run]) -> Run:
    """The median time of runs, the highest peak memory of any, and whether all succeeded."""
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs),
               max(r.python_mb for r in runs), max(r.indexer_mb for r in runs), all(r.ok for r in runs))


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def build(content: Path, out: Path, cache: Path, env: dict[str, str]) -> Run:
    return timed([str(ROOT / ".venv/bin/pelican"), str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(out),
                  "-e", f'CACHE_PATH="{cache}"'], env)


def vanilla(content: Path, out: Path, work: Path, env: dict[str, str]) -> Run:
    settings = work / "vanilla.py"
    settings.write_text(VANILLA)
    return timed([str(ROOT / ".venv/bin/pelican"), str(content), "-s", str(settings), "-o", str(out)], env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def preview_median(content: Path, out: Path, env: dict[str, str], edits: int = 7) -> float | None:
    """Median seconds from saving a story to the preview's reload event (and the new text served)."""
    port = free_port()
    server = subprocess.Popen([PYTHON, str(ROOT / "scripts/serve.py"), str(content), "-o", str(out),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env)
    try:
        for line in server.stdout:
            if "Preview on" in line:
                break
        else:
            return None
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/__openbeat/events")
        events = connection.getresponse()
        stories = sorted(p for p in (content / "stories").glob("stories-*.md") if ".es." not in p.name)[:edits]
        times = []
        for number, story in enumerate(stories):
            marker = f"Edited for the benchmark {number}."
            text = story.read_text()
            start = time.perf_counter()
            story.write_text(text.replace("\n\n", f"\n\n{marker}\n\n", 1))
            while b"event: reload" not in events.readline():
                pass
            times.append(time.perf_counter() - start)
            page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            page.request("GET", f"/stories/{story.stem}/")
            assert marker in page.getresponse().read().decode(), "the preview did not show the edit"
            page.close()
            time.sleep(0.2)
        connection.close()
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_site(label: str, posts: int, photos: int, work: Path, env: dict[str, str], preview: bool) -> None:
    site = work / label
    subprocess.run([PYTHON, str(ROOT / "scripts/gensite.py"), str(site), "--posts", str(posts),
                    "--photos", str(photos)], check=True, capture_output=True)
    content = site / "content"
    # Each build REPEAT times, alternating, into folders of its own (none deleted before the end: a file
    # system may be slower to create files just after many were deleted); the median of each is shown.
    colds, warms, plains = [], [], []
    for n in range(REPEAT):
        colds.append(build(content, site / f"out-{n}", site / f"cache-{n}", env))
        warms.append(build(content, site / f"out-{n}", site / f"cache-{n}", env))
        plains.append(vanilla(content, site / f"vanilla-out-{n}", site, env))
    cold, warm, plain = median_run(colds), median_run(warms), median_run(plains)
    print(f"\n{label}: {sum(1 for _ in content.rglob('*.md'))} posts, {photos} photos")
    print(f"  {'':28} {'Open Beat':>12} {'vanilla Pelican':>16} {'ratio':>7}")
    print(f"  {'cold build':28} {cold.seconds:>10.2f} s {plain.seconds:>14.2f} s {cold.seconds / plain.seconds:>6.2f}x")
    print(f"  {'warm build, nothing changed':28} {warm.seconds:>10.2f} s {'':>16} {warm.seconds / cold.seconds:>6.2f}x of cold")
    peak, python = max(cold.peak_mb, warm.peak_mb), max(cold.python_mb, warm.python_mb)
    print(f"  {'peak memory':28} {peak:>9.0f} MB {plain.peak_mb:>13.0f} MB {peak / plain.peak_mb:>6.2f}x")
    if python and cold.indexer_mb:  # which process that was: Open Beat's Python or Pagefind's indexer
        print(f"  {'  Python processes':28} {python:>9.0f} MB {'':>16} {python / plain.peak_mb:>6.2f}x")
        print(f"  {'  Pagefind indexer':28} {cold.indexer_mb:>9.0f} MB {'':>16} {cold.indexer_mb / plain.peak_mb:>6.2f}x")
    print(f"  {'output':28} {size_mb(site / 'out-0'):>9.1f} MB {size_mb(site / 'vanilla-out-0'):>13.1f} MB")
    if not (cold.ok and warm.ok and plain.ok):
        print("  (a build failed: run it by hand to see why)")
    if preview:
        median = preview_median(content, site / "preview-out", env)
        print(f"  {'edit to preview, median':28} {median:>10.2f} s" if median is not None else "  preview: did not start")


def demo_weights(work: Path, env: dict[str, str]) -> None:
    out = work / "demo"
    build(ROOT / "content", out, work / "demo-cache", env)
    css = next((out / "theme/css").glob("site.*.css"))
    weights = {p.relative_to(out).as_posix(): len(gzip.compress(p.read_bytes())) + len(gzip.compress(css.read_bytes()))
               for p in out.rglob("*.html") if "admin" not in p.parts}
    heaviest = max(weights, key=weights.get)
    print(f"\nDemo site: {len(weights)} pages; gzipped HTML+CSS median {statistics.median(weights.values()) / 1024:.1f} KB, "
          f"heaviest {weights[heaviest] / 1024:.1f} KB ({heaviest}); output {size_mb(out):.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, help="one site of this many posts (peak memory at scale)")
    args = parser.parse_args(argv)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SITEURL": SITEURL}
    work = Path(tempfile.mkdtemp(prefix="ob-bench-"))
    print(f"Open Beat bench on {os.cpu_count()} cores; each row measured in this one run (build times: the median of "
          f"{REPEAT})")
    try:
        if args.posts:
            bench_site(f"{args.posts} posts", args.posts, 0, work, env, preview=False)
        else:
            bench_site("100 posts", 100, 0, work, env, preview=True)
            bench_site("1000 posts", 1000, 0, work, env, preview=True)
            bench_site("1000 posts with photos", 1000, 50, work, env, preview=False)
            demo_weights(work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
