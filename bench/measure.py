"""Server-side time of each page, measured in-process with Django's test client.

Run by bench/run.py with DATABASE_URL pointing at a seeded database; prints JSON.
Each scenario cycles through a pool of URLs (different meetings, people, words), with
a warm-up, then times at least --requests requests from the start of the request to
the last byte of the response inside Django (no network).

The pages are timed in turn, one request each per round in a shuffled order, not one
page after another: this machine's speed drifts by half within minutes, and a page
measured whole in a slow stretch would look slower than the rest. The cold searches
come last, since each of their requests clears the stored rankings that the other
searches read, and so does the naive search, which reads every meeting for each request.
"""

import argparse
import json
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


COLD = "cold"  # the stored rankings are cleared before each request
EDITED = "edited"  # another meeting is saved, untimed, before each request
APART = "apart"  # measured on its own, after the pages measured in turn


def scenarios(rng):
    from meetings.models import Column, Meeting, Organization, Person, Topic

    published = Meeting.objects.published()
    slugs = list(published.order_by("?").values_list("slug", flat=True)[:300])
    people = list(Person.objects.filter(attendances__isnull=False).distinct().order_by("?")[:100])
    organizations = list(
        Organization.objects.filter(assessment_results__isnull=False).distinct().order_by("?")[:100]
    )
    topics = list(Topic.objects.values_list("slug", flat=True))
    columns = list(Column.objects.values_list("slug", flat=True))
    names = [p.name for p in people]
    chinese_names = [p.alt_names for p in people if p.alt_names]
    last_page = max(1, min(500, published.count() // 20))
    pick = rng.choice
    return {
        "floor (minimal view)": [lambda: "/bench/floor"],
        "site's chrome (base template)": [lambda: "/bench/chrome"],
        "article": [lambda: f"/en/meetings/{pick(slugs)}/"],
        "list, newest first": [lambda: "/en/meetings/"],
        "list, topic": [lambda: f"/en/meetings/?topic={pick(topics)}"],
        "list, person": [lambda: f"/en/meetings/?person={pick(people).slug}"],
        "list, organization": [lambda: f"/en/meetings/?organization={pick(organizations).slug}"],
        "list, column": [lambda: f"/en/meetings/?column={pick(columns)}"],
        "list, date range": [lambda: "/en/meetings/?date_from=2021-03-01&date_to=2021-06-30"],
        "list, year": [lambda: f"/en/meetings/?year={pick(range(2018, 2027))}"],
        "list, combined filters": [
            lambda: f"/en/meetings/?topic={pick(topics)}&year={pick(range(2018, 2027))}&sort=oldest"
        ],
        "list, deep page": [lambda: f"/en/meetings/?page={rng.randint(last_page // 2, last_page)}"],
        "search, person name": [lambda: f"/en/meetings/?q={pick(names)}"],
        "search, rare words": [
            lambda: (
                "/en/meetings/?q="
                + pick(["harvest", "monthly patrol", "timetable rectification", "dongping"])
            )
        ],
        "search, common words": [
            lambda: "/en/meetings/?q=" + pick(["county", "meeting", "work", "assessment results"])
        ],
        "search, Chinese": [
            lambda: "/en/meetings/?q=" + pick(["安全生产", "考核", "会议", *chinese_names[:20]])
        ],
        "search, API, common words": [
            lambda: "/api/meetings/?q=" + pick(["county", "meeting", "work", "assessment results"])
        ],
        # The same searches with the stored rankings thrown away before every request:
        # what the first visitor after a change of content waits for.
        "search, common words, cold": [
            lambda: "/en/meetings/?q=" + pick(["county", "meeting", "work", "assessment results"]),
            COLD,
        ],
        "search, person name, cold": [lambda: f"/en/meetings/?q={pick(names)}", COLD],
        # The same searches, kept, each after an editor saves a meeting: what the first
        # visitor after that change waits for.
        "search, common words, after an edit": [
            lambda: "/en/meetings/?q=" + pick(["county", "meeting", "work", "assessment results"]),
            EDITED,
        ],
        "search, person name, after an edit": [lambda: f"/en/meetings/?q={pick(names)}", EDITED],
        "person page": [lambda: f"/en/people/{pick(people).slug}/"],
        "organization page": [lambda: f"/en/organizations/{pick(organizations).slug}/"],
        "topic page": [lambda: f"/en/topics/{pick(topics)}/"],
        "API meeting list": [lambda: f"/api/meetings/?topic={pick(topics)}"],
        "directives, newest first": [lambda: "/en/directives/"],
        "directives, topic, verb and year": [
            lambda: (
                f"/en/directives/?topic={pick(topics)}&year={pick(range(2018, 2027))}"
                f"&verb={pick(['pointed_out', 'required', 'stressed'])}"
            )
        ],
        "units' table, a year": [
            lambda: f"/en/organizations/?year={pick(range(2018, 2027))}&kind=town"
        ],
        "units' table, all years": [lambda: "/en/organizations/?year=all"],
        "naive search (icontains)": [
            lambda: (
                "/bench/naive-search?q="
                + pick(["county", "meeting", "harvest", "安全生产", pick(names)])
            ),
            APART,  # a second per request, reading every meeting: it would slow the rest
        ],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--cold-requests",
        type=int,
        default=50,
        help="Requests for the cold-search rows (each clears the cache first).",
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="Measure only the pages whose name has one of these."
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ROOT_URLCONF = "bench.urls"
    logging.getLogger("portal.requests").setLevel(
        logging.WARNING
    )  # one line per request is noise here
    settings.PAGE_CACHE = False
    settings.SEARCH_RATE_PER_MINUTE = 10**9
    from rest_framework.throttling import AnonRateThrottle

    AnonRateThrottle.THROTTLE_RATES = {"anon": None}
    rng = random.Random(42)
    client = Client(HTTP_HOST="127.0.0.1")
    from django.core.cache import cache
    from django.db import transaction

    from meetings.models import Meeting
    from portal.collector import settle

    pages = {
        name: (make_url, mode)
        for name, (make_url, *mode) in scenarios(rng).items()
        if not args.only or any(part in name for part in args.only)
    }
    settle()  # as portal/wsgi.py does once a server process has loaded the site
    cache.clear()  # nothing kept by an earlier run, on the other database
    in_turn = [name for name, (_, mode) in pages.items() if not mode]
    apart = [name for name, (_, mode) in pages.items() if mode]
    for name in in_turn:
        for _ in range(args.warmup):
            client.get(pages[name][0]())
    timings = {name: [] for name in pages}
    statuses = {name: {} for name in pages}

    edited = list(Meeting.objects.published().order_by("?").values_list("pk", flat=True)[:300])

    def timed(name, cold=False):
        url = pages[name][0]()
        if cold:
            cache.clear()
        if EDITED in pages[name][1]:
            with transaction.atomic():  # an editor's save, as the admin makes it
                Meeting.objects.get(pk=rng.choice(edited)).save()
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        timings[name].append((time.perf_counter() - started) * 1000)
        statuses[name][response.status_code] = statuses[name].get(response.status_code, 0) + 1

    for _ in range(args.requests):
        rng.shuffle(in_turn)  # no page always follows the same one
        for name in in_turn:
            timed(name)
    for name in apart:
        cold = COLD in pages[name][1]
        for _ in range(2 if cold else args.warmup):
            client.get(pages[name][0]())
        for _ in range(args.cold_requests if cold else args.requests):
            timed(name, cold=cold)
    results = {}
    for name in pages:
        results[name] = {
            "p50": round(statistics.median(timings[name]), 2),
            "p95": round(percentile(timings[name], 0.95), 2),
            "requests": len(timings[name]),
            "statuses": statuses[name],
        }
        print(
            f"  {name:32} p50 {results[name]['p50']:8.2f} ms  "
            f"p95 {results[name]['p95']:8.2f} ms  {statuses[name]}",
            file=sys.stderr,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
