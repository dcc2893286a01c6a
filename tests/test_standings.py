"""A researcher asks which towns got yellow cards twice, and which got red flags: the
table of units answers, in a year or in all years, and follows every change at once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import (
    AllYearsAwardTally,
    AwardTally,
    Meeting,
    MeetingTally,
    YearlyAwardTally,
)
from tests.factories import edit, make_meeting, make_organization, make_report, make_result

TABLE = reverse("meetings:standings")
YELLOW, RED, NONE = "yellow_card", "red_flag", "none"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def assess(held_on, awards, published=True):
    """A meeting held on `held_on` whose report gives each unit in `awards` its award."""
    meeting = make_meeting(f"Review of {held_on}", held_on=held_on, published=published)
    report = make_report(meeting)
    for unit, award in awards.items():
        make_result(report, organization=unit, award=award)
    return meeting


@pytest.fixture
def towns(db, on_commit):
    with on_commit():
        east = make_organization("East Town", slug="east-town", kind="town")
        west = make_organization("West Town", slug="west-town", kind="town")
        bureau = make_organization("Water Bureau", slug="water-bureau", kind="department")
        assess(datetime.date(2024, 3, 28), {east: YELLOW, west: RED, bureau: YELLOW})
        assess(datetime.date(2024, 6, 28), {east: YELLOW, west: NONE, bureau: RED})
        assess(datetime.date(2024, 9, 28), {east: RED, west: YELLOW})
        assess(datetime.date(2023, 12, 28), {west: YELLOW, east: NONE})
        assess(datetime.date(2024, 12, 1), {west: YELLOW}, published=False)  # a draft
    return east, west, bureau


def table(client, status=200, **params):
    response = client.get(TABLE, params)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def rows(response):
    """[(unit, assessed, red flags, yellow cards)] in the order shown."""
    return [
        (row["unit"].name, row["assessed"], row["red_flags"], row["yellow_cards"])
        for row in response.context["page_obj"]
    ]


def test_the_towns_with_most_yellow_cards_come_first_for_the_newest_year(client, towns):
    response = table(client, kind="town")
    assert rows(response) == [("East Town", 3, 1, 2), ("West Town", 3, 1, 1)]
    html = response.content.decode()
    assert 'href="/en/organizations/east-town/"' in html
    assert "2024: 2 units assessed" in html, "the newest year, unless another is asked"
    assert 'action="/en/organizations/#standings-caption"' in html, "shown, it opens at the table"
    assert "Water Bureau" not in html, "a department is not a town"


def test_all_years_and_other_orders(client, towns):
    assert rows(table(client, kind="town", year="all")) == [
        ("East Town", 4, 1, 2),  # alike in every count: by name
        ("West Town", 4, 1, 2),
    ]
    assert rows(table(client, year="2024", sort="red_flags")) == [  # one each: fewer yellow first
        ("Water Bureau", 2, 1, 1),
        ("West Town", 3, 1, 1),
        ("East Town", 3, 1, 2),
    ]
    assert [row[0] for row in rows(table(client, sort="name"))] == [
        "East Town",
        "Water Bureau",
        "West Town",
    ]
    assert rows(table(client, year="2023")) == [("West Town", 1, 0, 1), ("East Town", 1, 0, 0)]


def test_edits_publishing_and_withdrawing_change_the_table_at_once(client, towns, on_commit):
    east, west, _bureau = towns
    result = east.assessment_results.get(report__meeting__held_on=datetime.date(2024, 3, 28))
    with on_commit():
        edit(result, award=RED)  # the result corrected in the report's form
    assert ("East Town", 3, 2, 1) in rows(table(client, kind="town"))

    march = result.report.meeting
    with on_commit():
        edit(march, status=Meeting.Status.WITHDRAWN)
    assert rows(table(client, kind="town")) == [("West Town", 2, 0, 1), ("East Town", 2, 1, 1)]

    with on_commit():
        edit(march, status=Meeting.Status.PUBLISHED, held_on=datetime.date(2023, 3, 28))
    assert ("East Town", 2, 1, 0) in rows(table(client, year="2023", kind="town"))

    draft = Meeting.objects.get(status=Meeting.Status.DRAFT)
    with on_commit():
        edit(draft, status=Meeting.Status.PUBLISHED, published_at=timezone.now())
    assert ("West Town", 3, 0, 2) in rows(table(client, kind="town"))

    with on_commit():
        west.assessment_results.filter(report__meeting=draft).delete()
        make_result(draft.reports.get(), organization=east, award=YELLOW)
    assert rows(table(client, kind="town")) == [("East Town", 3, 1, 2), ("West Town", 2, 0, 1)]


def test_a_scheduled_meeting_counts_only_once_its_time_has_come(client, towns, on_commit):
    east, _west, _bureau = towns
    with on_commit():
        ahead = assess(datetime.date(2024, 10, 28), {east: YELLOW})
        edit(ahead, published_at=timezone.now() + datetime.timedelta(hours=1))
    assert ("East Town", 3, 1, 2) in rows(table(client, kind="town"))
    assert ("East Town", 4, 1, 2) in rows(table(client, kind="town", year="all"))
    Meeting.objects.filter(pk=ahead.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )  # the time passes: no write is needed for it to count
    assert ("East Town", 4, 1, 3) in rows(table(client, kind="town"))
    assert ("East Town", 5, 1, 3) in rows(table(client, kind="town", year="all"))


def test_a_unit_whose_results_are_all_taken_back_leaves_the_table(client, towns, on_commit):
    bureau = towns[2]
    assert "Water Bureau" in [row[0] for row in rows(table(client, year="all"))]
    with on_commit():
        bureau.assessment_results.all().delete()
    assert "Water Bureau" not in [row[0] for row in rows(table(client, year="all"))]
    assert "Water Bureau" not in [row[0] for row in rows(table(client))]
    assert not AllYearsAwardTally.objects.filter(organization=bureau).exists()


def test_a_year_of_meetings_published_for_later_alone_is_not_offered(client, towns, on_commit):
    """The table opens on the newest year with public results, and its menu does not
    give away that results are to be published for a later year."""
    east = towns[0]
    with on_commit():
        ahead = assess(datetime.date(2025, 12, 28), {east: YELLOW})
        edit(ahead, held_on=datetime.date(2026, 1, 5))
        edit(ahead, published_at=timezone.now() + datetime.timedelta(days=1))
    response = table(client)
    assert response.context["year"] == 2024
    assert "2026" not in [
        value for value, _label in response.context["form"].fields["year"].widget.choices
    ]
    table(client, status=400, year="2026")


def tallies_by_month_and_year():
    fields = ("organization_id", "assessed", "red_flags", "yellow_cards")
    return (
        set(AwardTally.objects.values_list("month", *fields)),
        set(YearlyAwardTally.objects.values_list("year", *fields)),
        set(AllYearsAwardTally.objects.values_list(*fields)),
    )


def test_the_tallies_match_a_count_from_the_results(towns):
    counted = tallies_by_month_and_year()
    assert counted[1], "the fixture's results are summed by year"
    assert counted[2], "and over all years"
    AwardTally.objects.rebuild()
    assert tallies_by_month_and_year() == counted


def test_a_change_in_one_month_is_summed_into_its_year(client, towns, on_commit):
    """The table reads each unit's counts by year: a yellow card given in March 2023 is
    counted with December's assessment of that year, and in all years."""
    with on_commit():
        assess(datetime.date(2023, 3, 9), {towns[0]: YELLOW})
    counts = {unit: counts for unit, *counts in rows(table(client, year="2023", kind="town"))}
    assert counts == {"East Town": [2, 0, 1], "West Town": [1, 0, 1]}
    assert ("East Town", 5, 1, 3) in rows(table(client, year="all", kind="town"))
    counted = tallies_by_month_and_year()
    AwardTally.objects.rebuild()
    assert tallies_by_month_and_year() == counted


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "1900"}, "There are no assessment results for “1900”."),
        ({"year": "twenty"}, "There are no assessment results for “twenty”."),
        ({"year": "²"}, "There are no assessment results for “²”."),  # a digit int() refuses
        ({"kind": "village"}, "There is no kind of unit “village”."),
        ({"sort": "worst"}, "The table cannot be sorted by “worst”."),
        ({"year": "9" * 5000}, "There are no assessment results for"),  # int() refuses it
    ],
)
def test_a_bad_choice_is_a_400_that_says_which(client, towns, params, message):
    html = table(client, status=400, **params).content.decode()
    assert "Some of the filters could not be used" in html
    assert message in html


def test_a_year_written_as_in_chinese_is_understood(client, towns):
    assert rows(table(client, year="2023年")) == [("West Town", 1, 0, 1), ("East Town", 1, 0, 0)]
    assert len(rows(table(client, year="ALL"))) == 3


def test_a_page_past_the_end_is_a_404(client, towns):
    table(client, status=404, page="9")


def test_the_table_reads_the_same_few_queries_however_many_units(client, towns, on_commit):
    table(client)  # the content generation read once
    with CaptureQueriesContext(connection) as few:
        table(client, year="all")
    with on_commit():
        units = [make_organization(kind="town") for _ in range(30)]
        assess(datetime.date(2024, 5, 1), dict.fromkeys(units, YELLOW))
    table(client)
    with CaptureQueriesContext(connection) as many:
        assert len(rows(table(client, year="all"))) == 33
    assert len(many) == len(few) <= 6


def test_the_table_in_chinese(client, towns):
    edit(towns[0], name_zh="东镇")
    with translation.override("zh-hans"):
        url = reverse("meetings:standings")
    html = client.get(url, {"kind": "town"}).content.decode()
    assert "各单位考核结果" in html and "东镇" in html
    assert "黄牌警告" in html and "流动红旗" in html


def test_a_recount_puts_right_what_a_failure_left_wrong(client, towns):
    """A recount that failed after a save is logged; `manage.py recount` redoes them all."""
    AwardTally.objects.update(yellow_cards=9)
    YearlyAwardTally.objects.update(yellow_cards=9)
    AllYearsAwardTally.objects.update(yellow_cards=9)
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert "Recounted:" in out.getvalue()
    assert rows(table(client, kind="town")) == [("East Town", 3, 1, 2), ("West Town", 3, 1, 1)]
    assert rows(table(client, kind="town", year="all")) == [
        ("East Town", 4, 1, 2),
        ("West Town", 4, 1, 2),
    ]


def test_a_recount_rewrites_only_the_counts_that_changed(client, towns, on_commit):
    """Every save recounts its month and year; rewriting each unit's row of them left a
    thousand dead rows per save at scale, which slowed the table until a vacuum."""

    def row_ids():
        return {
            "monthly": {
                (m, o): pk
                for m, o, pk in AwardTally.objects.values_list("month", "organization", "pk")
            },
            "yearly": {
                (y, o): pk
                for y, o, pk in YearlyAwardTally.objects.values_list("year", "organization", "pk")
            },
            "all years": dict(AllYearsAwardTally.objects.values_list("organization", "pk")),
            "meetings": set(MeetingTally.objects.values_list("pk", flat=True)),
        }

    east = towns[0]
    before = row_ids()
    AwardTally.objects.rebuild({datetime.date(2024, 3, 1), datetime.date(2023, 12, 1)})
    MeetingTally.objects.rebuild({datetime.date(2024, 3, 1)})
    assert row_ids() == before, "nothing changed: no row was written"

    with on_commit():
        assess(datetime.date(2024, 3, 30), {east: RED})  # March 2024: East's counts change
    after = row_ids()
    changed = {
        table: {key for key in before[table] if after[table].get(key) != before[table][key]}
        for table in ("monthly", "yearly", "all years")
    }
    assert changed == {
        "monthly": {(datetime.date(2024, 3, 1), east.pk)},
        "yearly": {(2024, east.pk)},
        "all years": {east.pk},
    }
    assert rows(table(client, kind="town")) == [("East Town", 4, 2, 2), ("West Town", 3, 1, 1)]


def test_a_meeting_moved_into_the_next_year_leaves_one_year_for_the_other(client, towns, on_commit):
    """West's yellow card of 28 December 2023, redated 2 January 2024: 2023 has no
    assessment of it left, and 2024 counts it."""
    december = Meeting.objects.get(held_on=datetime.date(2023, 12, 28))
    with on_commit():
        edit(december, held_on=datetime.date(2024, 1, 2))
    table(client, status=400, year="2023")  # no results left in 2023
    assert rows(table(client, year="2024", kind="town")) == [
        ("East Town", 4, 1, 2),  # alike in every count: by name
        ("West Town", 4, 1, 2),
    ]
    assert not YearlyAwardTally.objects.filter(year=2023).exists()
    counted = tallies_by_month_and_year()
    AwardTally.objects.rebuild()
    assert tallies_by_month_and_year() == counted


def test_the_years_offered_are_read_once_until_the_next_change(
    client, towns, on_commit, shared_generation
):
    table(client)
    with CaptureQueriesContext(connection) as again:
        table(client)
    assert not [q for q in again.captured_queries if "MIN(" in q["sql"]], "kept since the change"
    with on_commit():
        assess(datetime.date(2025, 2, 1), {towns[0]: RED})
    assert table(client).context["year"] == 2025, "a change offers its year at once"


def test_the_migration_sums_the_years_there_are_for_each_unit(towns):
    """Migration 0032 fills the all-years tallies from the yearly ones already counted."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("meetings.migrations.0032_all_years_award_tallies")
    counted = tallies_by_month_and_year()
    AllYearsAwardTally.objects.all().delete()
    migration.sum_existing_tallies(apps, None)
    assert tallies_by_month_and_year() == counted
    east = towns[0]
    assert AllYearsAwardTally.objects.get(organization=east).assessed == 4
