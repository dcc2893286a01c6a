"""Turn the benchmark's results into bench/RESULTS.md."""

from pathlib import Path

TARGET_P95 = [  # (scenario prefix, PostgreSQL p95 target in ms, SQLite factor)
    ("article", 10, 2),
    ("person page", 10, 2),
    ("organization page", 10, 2),
    ("topic page", 10, 2),
    ("list", 20, 2),
    ("search", 50, 3),
    ("API", 20, 2),
    ("directives", 20, 2),  # lists, as the meeting list
    ("units' table", 20, 2),
]
SEARCHES = ["search, person name", "search, rare words", "search, common words", "search, Chinese"]


def target(name, kind):
    for prefix, ms, factor in TARGET_P95:
        if name.startswith(prefix):
            return ms * (factor if kind == "sqlite" else 1)
    return None


def page_table(kind, pages):
    floor = pages["floor (minimal view)"]["p50"] or 0.001
    naive = pages["naive search (icontains)"]["p50"]
    lines = [
        "| page | p50 ms | p95 ms | × floor (p50) | × faster than naive search "
        "| p95 target ms | met |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for name, row in pages.items():
        goal = target(name, kind)
        faster = f"{naive / row['p50']:.0f}×" if name.startswith("search") else ""
        met = "" if goal is None else ("yes" if row["p95"] <= goal else "**no**")
        lines.append(
            f"| {name} | {row['p50']:.2f} | {row['p95']:.2f} | {row['p50'] / floor:.1f} "
            f"| {faster} | {goal or ''} | {met} |"
        )
    mix = [pages[name]["p95"] for name in SEARCHES]
    lines.append("")
    lines.append(f"Search p95 over the whole query mix (worst of the four): {max(mix):.2f} ms.")
    return "\n".join(lines)


def load_table(load):
    if "skipped" in load:
        return load["skipped"]
    lines = [
        "| load (gunicorn, 2 sync workers, wrk, 64 connections) | requests/s | errors |",
        "|---|---:|---:|",
    ]
    for name, row in load.items():
        if isinstance(row, dict):
            edits = f" ({row['edits']} edits)" if "edits" in row else ""
            lines.append(f"| {name}{edits} | {row['rps']} | {row['errors']} |")
    lines.append("")
    for name, value in load.items():
        if not isinstance(value, dict):
            lines.append(f"- {name}: {value}")
    return "\n".join(lines)


def write_markdown(report, path):
    parts = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (bench/run.py) on {report['date']}: "
        f"{report['meetings']:,} generated meetings, a machine with {report['cpus']} CPUs "
        f"({report['machine']}). Server-side time is measured inside Django (test client, "
        f"no network), {report.get('requests', 200)} requests per page after a warm-up, "
        "each request to a different meeting, person or word from a pool; the page cache is "
        "off, and the cache is Redis, as in production: the content generation and the "
        "search rankings are read from it, and each process keeps the lists that every list "
        "page and the home page show once per generation (meetings/generation_memo.py). "
        "The pages are timed in turn, one request each per round in a shuffled order, so that "
        "the machine's drift in speed falls on all of them alike; the cold searches and the "
        "naive search are timed after them, each on its own. "
        "Searches are ranked once and kept (meetings/search/results.py): the rows marked *cold* "
        "clear what was kept before every request (fewer requests, since each one ranks every "
        "match), which is what the first visitor to a search waits for; the rows marked *after "
        "an edit* save a meeting, untimed, before every request, which starts a new generation "
        "of content: what the first visitor after an editor's change waits for, while the kept "
        "ranking is brought up to date. "
        "The *site's chrome* is a page of the base template alone (header, menus, "
        "language switch, footer) with no query of its own: the least any page of the site "
        "renders. Under load, the *floor* and the *site's chrome* rows are the same two "
        "references, served by the same gunicorn workers as the pages, through the whole "
        "middleware, with the page cache off. "
        "Under load, the *200 articles* rows ask for the newest 200 articles in turn, all cached "
        "beforehand, with no edits, or while bench/edit_elsewhere.py saves an edit every half "
        "second (or as fast as a save allows), to a meeting that is not among them or to the "
        "name of a column, which every article's breadcrumb prints. Each edit starts a new "
        "generation of cached pages: after a meeting's edit an article is checked with one "
        "query and served again, after a column's every article is rendered again.",
    ]
    if report.get("postgresql_settings"):
        parts[-1] += (
            f" PostgreSQL runs with its defaults except `{report['postgresql_settings']}`, "
            "as the README recommends for storage with fast random reads."
        )
    for kind, data in report["databases"].items():
        parts += ["", f"## {'PostgreSQL' if kind == 'postgresql' else 'SQLite'}", ""]
        if data["seed_seconds"] is not None:
            parts.append(
                f"`seed_demo --meetings {report['meetings']}`: {data['seed_seconds']} s, "
                f"peak memory {data['seed_peak_mib']} MiB."
            )
            parts.append("")
        parts += [page_table(kind, data["pages"]), "", load_table(data["load"])]
    analysis = Path(path).with_name("ANALYSIS.md")
    if analysis.exists():
        parts += ["", analysis.read_text(encoding="utf-8").strip()]
    text = "\n".join(parts) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    return text
