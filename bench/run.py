#!/usr/bin/env python
"""The benchmark: `make bench` (or `python bench/run.py`).

For SQLite and PostgreSQL in turn it builds a database with
`seed_demo --meetings 100000` (timing it and its peak memory), measures the
server-side time of every kind of page (bench/measure.py), then serves the site with
gunicorn (2 sync workers) and loads the article and list pages with wrk over
loopback, with the page cache off and on (Redis), and, for reference, the minimal
view and a page of the site's chrome alone, recording requests per second,
errors and the workers' peak memory; with the cache on, it also loads 200 cached
articles while another process edits content (bench/edit_elsewhere.py). It prints a
table and writes bench/RESULTS.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
SQLITE_PATH = ROOT / "bench" / "bench.sqlite3"
PORT = 8765
# What the README recommends for a database on SSD or in memory: PostgreSQL's default
# cost of a random read (4) is for spinning disks, and made it scan every meeting to
# rank a name's 10,000 matches rather than look each one up.
POSTGRES_SETTING = "random_page_cost = 1.1"
TARGETS = {  # p95 in ms on PostgreSQL; SQLite may take twice as long (search three times)
    "article": 10,
    "person page": 10,
    "organization page": 10,
    "topic page": 10,
    "list": 20,
    "search": 50,
}
ARTICLES_UNDER_EDITS = 200
EDITS = [  # (what bench/edit_elsewhere.py touches, the row's name)
    ("nothing", "200 articles, cached, no edits"),
    ("meeting", "200 articles, cached, while another meeting is edited"),
    ("names", "200 articles, cached, while a column every article names is renamed"),
]
# Loaded first, with the page cache off: the minimal view (bench/urls.py) through the
# whole middleware, and a page of the site's chrome alone, the least any page renders.
LOAD_REFERENCES = [
    ("floor (minimal view)", "/bench/floor"),
    ("site's chrome (base template)", "/bench/chrome"),
]
BASE_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "SEARCH_RATE_PER_MINUTE": "1000000000",
    "API_ANON_RATE": "1000000000/minute",
}


# Pages rendered for every request, as a production server with Redis renders a page the
# page cache does not have: the content generation and the search rankings are in Redis,
# and each process keeps the lists that every list page shows per generation, as there.
UNCACHED = {"PAGE_CACHE": "0", "REDIS_URL": "redis://127.0.0.1:6379/13"}


def env_for(database_url, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))
    }
    return {**env, **BASE_ENV, "DATABASE_URL": database_url, **extra}


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def fresh_database(kind):
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    for statement in (
        "DROP DATABASE IF EXISTS portal_bench",
        "CREATE DATABASE portal_bench",
        f"ALTER DATABASE portal_bench SET {POSTGRES_SETTING}",
    ):
        run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", statement], os.environ)
    return PG_URL


def seed(url, meetings):
    """Migrate, then seed; return (seconds, peak MiB) of seed_demo alone."""
    env = env_for(url)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "seed_demo", "--meetings", str(meetings)], cwd=ROOT, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit("seed_demo failed")
    if url.startswith("postgres"):
        run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "portal_bench",
                "-q",
                "-c",
                "VACUUM ANALYZE",
            ],
            os.environ,
        )
    return round(time.monotonic() - started, 1), round(usage.ru_maxrss / 1024, 1)


def measure(url, requests):
    output = run(
        [PYTHON, "bench/measure.py", "--requests", str(requests)],
        env_for(url, **UNCACHED),
        capture_output=True,
        text=True,
    )
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def worker_peak_mib(master_pid):
    peaks = []
    for child in subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split():
        status = Path(f"/proc/{child}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return round(max(peaks), 1) if peaks else None


def wrk(path, seconds, connections, script=None):
    """(requests per second, errors) for `path`, or for the paths `script` requests."""
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            *(["--script", script] if script else []),
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    text = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )
    return round(rps), errors


# wrk asks for each of these paths in turn (a Lua script, one state per wrk thread).
ROUND_ROBIN_LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def while_editing(url, paths, touch, seconds, connections):
    """Cached articles under load while another process saves an edit every half second
    (to another meeting, or to a name they print), or none (bench/edit_elsewhere.py)."""
    for path in paths:  # every article cached before the edits start
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()
        except OSError as error:  # it shows in wrk's errors too
            print(f"  {path}: {error}", file=sys.stderr)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(ROUND_ROBIN_LUA % ", ".join(json.dumps(p) for p in paths))
        script.flush()
        slugs = [path.rstrip("/").rsplit("/", 1)[-1] for path in paths]
        editor = subprocess.Popen(
            [
                *(PYTHON, "bench/edit_elsewhere.py", "--touch", touch),
                *("--seconds", str(seconds), "--exclude", *slugs),
            ],
            cwd=ROOT,
            env=env_for(url, PAGE_CACHE="1", REDIS_URL="redis://127.0.0.1:6379/14"),
            stdout=subprocess.PIPE,
            text=True,
        )
        editor.stdout.readline()  # "ready": Django is loaded, the edits start now
        rps, errors = wrk(paths[0], seconds, connections, script=script.name)
        printed = editor.stdout.read().split()  # what it printed after "ready"
        if editor.wait(timeout=60) != 0 or not printed:
            raise SystemExit("bench/edit_elsewhere.py failed")
        edits = int(printed[-1])
    return {"rps": rps, "errors": errors, "edits": edits}


def load(url, article_paths, seconds, connections):
    """Requests per second and errors under load, with the page cache off and on."""
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    results = {}
    for cached in (False, True):
        extra = (
            {"PAGE_CACHE": "1", "REDIS_URL": "redis://127.0.0.1:6379/14"} if cached else UNCACHED
        )
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "bench.wsgi:application",  # the portal's, with the references' URLs
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=env_for(url, **extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            database = "14" if cached else "13"  # nothing kept by the other database's run
            subprocess.run(["redis-cli", "-n", database, "flushdb"], capture_output=True)
            label = "cached" if cached else "uncached"
            pages = [(f"article, {label}", article_paths[0]), (f"list, {label}", "/en/meetings/")]
            if not cached:  # what any page served by Django costs, under the same load
                pages = LOAD_REFERENCES + pages
            for name, path in pages:
                try:  # warm the page (and the cache); a failure shows in wrk's errors
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()
                except OSError as error:
                    print(f"  {name}: {error}", file=sys.stderr)
                rps, errors = wrk(path, seconds, connections)
                results[name] = {"rps": rps, "errors": errors}
                print(f"  {name:30} {rps:7} req/s, {errors} errors", file=sys.stderr)
            if cached:
                for touch, name in EDITS:
                    row = while_editing(url, article_paths, touch, seconds, connections)
                    results[name] = row
                    print(
                        f"  {name}: {row['rps']} req/s, {row['errors']} errors, "
                        f"{row['edits']} edits",
                        file=sys.stderr,
                    )
            results[f"worker peak MiB, {label}"] = worker_peak_mib(server.pid)
            print(f"  worker peak {results[f'worker peak MiB, {label}']} MiB", file=sys.stderr)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return results


def article_paths(url, count=ARTICLES_UNDER_EDITS):
    """The newest `count` articles' paths."""
    code = (
        "import django;django.setup();from meetings.models import Meeting;"
        f"[print(m.get_absolute_url()) for m in "
        f"Meeting.objects.published().order_by('-held_on', '-pk')[:{count}]]"
    )
    output = run(
        [PYTHON, "-c", code],
        {**env_for(url), "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    )
    return output.stdout.strip().splitlines()[-count:]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--databases", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"]
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Measure the databases already seeded."
    )
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    report = {
        "requests": args.requests,
        "meetings": args.meetings,
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "date": datetime.date.today().isoformat(),
        "databases": {},
    }
    if "postgresql" in args.databases:
        report["postgresql_settings"] = POSTGRES_SETTING
    for kind in args.databases:
        print(f"== {kind}", file=sys.stderr)
        if args.reuse:
            url = PG_URL if kind == "postgresql" else f"sqlite:///{SQLITE_PATH}"
            seeded = (None, None)
        else:
            url = fresh_database(kind)
            seeded = seed(url, args.meetings)
            print(f"  seed_demo: {seeded[0]} s, peak {seeded[1]} MiB", file=sys.stderr)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env_for(url))
        pages = measure(url, args.requests)
        report["databases"][kind] = {
            "seed_seconds": seeded[0],
            "seed_peak_mib": seeded[1],
            "pages": pages,
            "load": load(url, article_paths(url), args.load_seconds, args.connections),
        }
        text = save(report)  # after each database, so a stopped run keeps what it measured
    print(text)


def save(report):
    from report import write_markdown

    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return write_markdown(report, ROOT / "bench" / "RESULTS.md")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
