"""Lossless export and import: across databases, idempotent, and all-or-nothing."""

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from meetings.models import (
    AssessmentResult,
    Attendance,
    Column,
    Meeting,
    Person,
    PersonRedirect,
    Topic,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def export_text():
    out = io.StringIO()
    call_command("export_meetings", stdout=out)
    return out.getvalue()


def import_file(path):
    out = io.StringIO()
    call_command("import_meetings", str(path), stdout=out)
    return out.getvalue()


def totals():
    return [m.objects.count() for m in (Meeting, Person, Attendance, AssessmentResult)]


@pytest.fixture(scope="module")
def sqlite_export(tmp_path_factory):
    """An export written by a separate process from a fresh SQLite database."""
    folder = tmp_path_factory.mktemp("sqlite")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'source.sqlite3'}",
        "DJANGO_DEBUG": "1",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["seed_demo", "--meetings", "40", "--seed", "5"]):
        subprocess.run(
            manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )
    target = folder / "export.json"
    subprocess.run(
        [*manage, "export_meetings", "--output", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def test_an_sqlite_export_imported_here_exports_identically(
    sqlite_export, django_capture_on_commit_callbacks
):
    """On the PostgreSQL run of the suite, this is SQLite → PostgreSQL → the same file."""
    with django_capture_on_commit_callbacks(execute=True):
        import_file(sqlite_export)
    assert export_text() == sqlite_export.read_text(encoding="utf-8")
    assert Meeting.objects.count() == 41
    assert Meeting.objects.published().search("key work").exists(), (
        "imported meetings are searchable"
    )


def test_importing_the_same_file_twice_changes_nothing(sqlite_export):
    import_file(sqlite_export)
    versions = dict(Meeting.objects.values_list("slug", "version"))
    before = totals()
    output = import_file(sqlite_export)
    assert "created or changed 0 columns, 0 topics, 0 organizations, 0 people" in output
    assert "0 meetings" in output
    assert totals() == before
    assert dict(Meeting.objects.values_list("slug", "version")) == versions


def test_an_export_holds_everything_keyed_by_slugs(sample_meeting):
    document = json.loads(export_text())
    assert [m["slug"] for m in document["meetings"]] == [sample_meeting.slug]
    meeting = document["meetings"][0]
    assert meeting["column"] == "key-projects"
    assert meeting["attendance"][0] == {
        "person": "feng-jie",
        "role": "speech",
        "title": "secretary of the county party committee",
        "organization": "county-party-committee",
        "order": 0,
    }
    assert meeting["reports"][0]["results"][0]["units_described"] == "two excellent departments"
    assert [d["verb"] for d in meeting["directives"]] == ["pointed_out", "required", "stressed"]


def write(tmp_path, document):
    path = tmp_path / "import.json"
    path.write_text(
        json.dumps(document) if not isinstance(document, str) else document, encoding="utf-8"
    )
    return path


@pytest.fixture
def good_document(sample_meeting):
    document = json.loads(export_text())
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    return document


def rejected(tmp_path, document):
    before = totals()
    with pytest.raises(CommandError) as error:
        import_file(write(tmp_path, document))
    assert totals() == before, "nothing was written"
    return str(error.value)


def test_bad_json_is_rejected_with_its_position(tmp_path, good_document):
    message = rejected(tmp_path, '{"format": "meeting-records-portal", "meetings": [}')
    assert "is not valid JSON" in message and "line 1, column 51" in message


def test_a_missing_field_is_reported_with_its_position(tmp_path, good_document):
    del good_document["meetings"][0]["attendance"][2]["person"]
    message = rejected(tmp_path, good_document)
    assert (
        "meetings[0] “county-key-work-promotion-meeting-2022-09-30”.attendance[2].person: missing"
        in message
    )


def test_an_unknown_slug_is_reported(tmp_path, good_document):
    good_document["meetings"][0]["directives"][1]["issued_by"] = "nobody-at-all"
    good_document["meetings"][0]["topics"].append("no-such-topic")
    message = rejected(tmp_path, good_document)
    assert ".directives[1].issued_by: unknown person “nobody-at-all”" in message
    assert ".topics: unknown topic “no-such-topic”" in message


def test_duplicates_are_reported(tmp_path, good_document):
    good_document["people"].append(dict(good_document["people"][0]))
    good_document["meetings"].append(dict(good_document["meetings"][0]))
    attendance = good_document["meetings"][0]["attendance"]
    attendance.append(dict(attendance[0]))
    message = rejected(tmp_path, good_document)
    assert "people[18].slug: “an-lu” appears more than once" in message
    assert "meetings[1]: duplicate: slug “county-key-work-promotion-meeting-2022-09-30”" in message
    assert "attendance[18]: duplicate: person “feng-jie”, role “speech”" in message


@pytest.mark.parametrize("day", ["9999-12-31", "1800-01-01"])
def test_a_day_the_admin_would_refuse_is_refused(tmp_path, good_document, day):
    """As in the admin: a meeting on 9999-12-31 made every calendar listing it fail."""
    good_document["meetings"][0]["held_on"] = day
    message = rejected(tmp_path, good_document)
    assert ".held_on: A meeting is held between Oct. 1, 1949 and a year from today" in message


def test_records_the_site_would_never_make_are_refused(tmp_path, good_document):
    """Each of these imported silently: a published meeting seen by nobody, a column
    below itself (listing every meeting as its own), a redirect that leads nowhere."""
    meeting = good_document["meetings"][0]
    meeting["status"], meeting["published_at"] = "published", None
    columns = {column["slug"]: column for column in good_document["columns"]}
    parent, child = "government-affairs-openness", "key-projects"
    columns[parent]["parent"] = child
    good_document["person_redirects"].append(
        {"old_slug": "feng-jie", "person": good_document["people"][1]["slug"]}
    )
    message = rejected(tmp_path, good_document)
    assert ".published_at: missing for a published meeting, which would be seen by nobody" in (
        message
    )
    assert "parent: makes “government-affairs-openness” a parent of itself" in message
    assert "old_slug: “feng-jie” is a person's address, so it can lead to no one else" in message


def test_every_bad_record_is_reported_at_once(tmp_path, good_document):
    meeting = good_document["meetings"][0]
    meeting["held_on"] = "2022-02-30"
    meeting["status"] = "secret"
    meeting["reports"][0]["results"][0]["award"] = "gold medal"
    message = rejected(tmp_path, good_document)
    assert "3 problem(s)" in message
    assert ".held_on:" in message and ".status:" in message and ".results[0].award:" in message


def test_a_file_that_is_not_an_export_is_rejected(tmp_path, db):
    message = rejected(tmp_path, {"hello": "world"})
    assert "format: must be “meeting-records-portal”" in message


def test_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        import_file(tmp_path / "nothing.json")


def test_rows_and_slugs_of_the_wrong_kind_are_reported(tmp_path, good_document):
    meeting = good_document["meetings"][0]
    del meeting["attendance"]
    meeting["topics"] = [["safety-production"]]
    meeting["column"] = {"slug": "key-work"}
    message = rejected(tmp_path, good_document)
    assert ".attendance: missing, or not a list" in message
    assert ".topics: must be a list of slugs" in message
    assert ".column: must be the slug of a column" in message
    good_document["topics"][0]["slug"] = ["safety"]
    good_document["topics"][1]["name"] = ["Safety"]
    message = rejected(tmp_path, good_document)
    assert ".slug: must be text" in message
    assert ".name: must be text" in message


def test_a_new_topic_with_the_name_of_another_is_reported(tmp_path, good_document):
    taken = good_document["topics"][0]
    good_document["topics"].append(
        {"slug": "another-slug", "name": taken["name"], "description": ""}
    )
    message = rejected(tmp_path, good_document)
    assert f"“{taken['name']}” is already the name of the topic “{taken['slug']}”" in message


def test_names_in_chinese_make_the_round_trip_and_older_files_keep_them(tmp_path, sample_meeting):
    document = json.loads(export_text())
    topic = next(t for t in document["topics"] if t["slug"] == "safety-production")
    assert topic["name_zh"] == "安全生产"
    topic["name_zh"] = "安全生产工作"
    import_file(write(tmp_path, document))
    assert Topic.objects.get(slug="safety-production").name_zh == "安全生产工作"
    for section in ("columns", "topics", "organizations"):  # a file from before Chinese names
        for record in document[section]:
            del record["name_zh"]
    import_file(write(tmp_path, document))
    assert Topic.objects.get(slug="safety-production").name_zh == "安全生产工作"
    assert Column.objects.get(slug="key-projects").name_zh == "重点项目"


def test_a_topics_description_in_chinese_makes_the_round_trip_and_older_files_keep_it(
    tmp_path, sample_meeting
):
    document = json.loads(export_text())
    topic = next(t for t in document["topics"] if t["slug"] == "safety-production")
    assert topic["description_zh"] == "安全生产、消防、道路交通、地质灾害。"
    topic["description_zh"] = "安全生产与消防。"
    import_file(write(tmp_path, document))
    assert Topic.objects.get(slug="safety-production").description_zh == "安全生产与消防。"
    for record in document["topics"]:  # a file from before descriptions in Chinese
        del record["description_zh"]
    import_file(write(tmp_path, document))
    assert Topic.objects.get(slug="safety-production").description_zh == "安全生产与消防。"


def test_a_topic_with_the_chinese_name_of_another_is_reported(tmp_path, good_document):
    taken = next(t for t in good_document["topics"] if t["slug"] == "safety-production")
    good_document["topics"].append(
        {"slug": "another-slug", "name": "Work safety", "name_zh": "安全生产", "description": ""}
    )
    message = rejected(tmp_path, good_document)
    assert "“安全生产” is already the name in Chinese of the topic “safety-production”" in message
    del taken["name_zh"]  # a file from before Chinese names: the topic keeps its own
    message = rejected(tmp_path, good_document)
    assert "“安全生产” is already the name in Chinese of the topic “safety-production”" in message
    good_document["topics"][-1]["name_zh"] = 7
    assert "another-slug”.name_zh: must be text" in rejected(tmp_path, good_document)


def test_rows_that_would_be_written_as_one_are_reported(tmp_path, good_document):
    meeting = good_document["meetings"][0]
    meeting["directives"].append(dict(meeting["directives"][0]))
    meeting["reports"].append(dict(meeting["reports"][0]))
    message = rejected(tmp_path, good_document)
    assert ".directives[3]: duplicate: order “0”, issued_by" in message
    assert ".reports[" in message and "duplicate: order" in message


def test_a_backup_taken_after_people_were_merged_restores(tmp_path, sample_meeting):
    """Two entries for one person were merged, then the portal was backed up: the backup
    (which holds the merged person's old address) loads into an empty database, and the
    old address still leads to the person kept."""
    kept = Person.objects.get(slug="feng-jie")
    twin = Person.objects.create(name="Feng Jie (2)", slug="feng-jie-2")
    Attendance.objects.filter(meeting=sample_meeting, person__slug="an-lu").update(person=twin)
    kept.merge([twin])
    backup = write(tmp_path, export_text())
    assert json.loads(backup.read_text(encoding="utf-8"))["person_redirects"] == [
        {"old_slug": "feng-jie-2", "person": "feng-jie"}
    ]
    Meeting.objects.all().delete()
    Person.objects.all().delete()  # and their redirects

    assert "1 person_redirects" in import_file(backup)
    assert export_text() == backup.read_text(encoding="utf-8")
    assert PersonRedirect.objects.get(old_slug="feng-jie-2").person.slug == "feng-jie"


def test_a_meeting_restored_from_a_backup_reads_as_before(tmp_path, client, sample_meeting):
    """The sample's results are unranked and its rows share no order: after a backup is
    restored into an empty database, the article lists everyone and everything in the
    order it did, and the restored portal exports the very same file."""
    url = sample_meeting.get_absolute_url()
    page_before = client.get(url).content.decode()
    backup = write(tmp_path, export_text())
    Meeting.objects.all().delete()
    Person.objects.all().delete()

    import_file(backup)
    assert client.get(url).content.decode() == page_before
    assert export_text() == backup.read_text(encoding="utf-8")


def test_rows_listed_in_another_order_are_shown_in_the_files_order(tmp_path, sample_meeting):
    """Rows of one order (and unranked results) are shown as the file lists them, also
    when the portal already holds them in another order; loading that file again then
    changes nothing."""
    document = json.loads(export_text())
    results = document["meetings"][0]["reports"][0]["results"]
    results.reverse()
    attendance = document["meetings"][0]["attendance"]
    attendance[0]["order"] = attendance[1]["order"] = 1
    attendance[0], attendance[1] = attendance[1], attendance[0]
    path = write(tmp_path, document)

    assert "1 meetings" in import_file(path)
    report = sample_meeting.reports.first()
    assert [r.units_described for r in report.results.all()] == [
        r["units_described"] for r in results
    ]
    shown = [a.person.slug for a in sample_meeting.attendances.all()]
    assert shown == [a["person"] for a in attendance]
    assert "0 meetings" in import_file(path)
    assert json.loads(export_text()) == document


def test_a_file_nested_too_deeply_is_rejected_plainly(tmp_path, db):
    message = rejected(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in message and "Nothing was imported" in message


def test_a_nul_character_is_reported_at_its_place(tmp_path, good_document):
    """PostgreSQL cannot store a NUL character (SQLite can): both report it, and write
    nothing."""
    good_document["meetings"][0]["title"] = "Key work\x00meeting"
    good_document["people"][0]["alt_names"] = ["An\x00Lu"]
    message = rejected(tmp_path, good_document)
    slug = "county-key-work-promotion-meeting-2022-09-30"
    assert f"meetings[0] “{slug}”.title: must not contain a NUL character" in message
    assert "people[0] “an-lu”.alt_names[0]: must not contain a NUL character" in message


def test_a_file_saved_with_a_byte_order_mark_is_imported(tmp_path, sample_meeting):
    """Windows Notepad saves UTF-8 with a byte order mark."""
    path = tmp_path / "with-bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + export_text().encode("utf-8"))
    assert "0 meetings" in import_file(path)


def test_numbers_written_as_text_are_stored_as_numbers(tmp_path, good_document):
    """A hand-edited file says "order": "3": it is stored as the number 3, and loading the
    file again changes nothing."""
    meeting = good_document["meetings"][0]
    meeting["attendance"][-1]["order"] = "30"
    meeting["reports"][0]["results"][0]["rank"] = "1"
    meeting["reports"][0]["results"][0]["score"] = 98.5
    good_document["columns"][0]["order"] = "2"
    path = write(tmp_path, good_document)
    import_file(path)
    assert Attendance.objects.get(person__slug=meeting["attendance"][-1]["person"]).order == 30
    assert AssessmentResult.objects.get(rank=1).score == Decimal("98.5")
    assert "created or changed 0 columns" in import_file(path)
    assert "0 meetings" in import_file(path)


def test_numbers_and_times_that_would_be_guessed_at_are_reported(tmp_path, good_document):
    meeting = good_document["meetings"][0]
    meeting["attendance"][0]["order"] = 1.5
    meeting["directives"][0]["order"] = True
    meeting["published_at"] = "2022-09-30T18:00:00"
    meeting["held_on"] = 20220930
    message = rejected(tmp_path, good_document)
    assert ".attendance[0].order: must be a whole number" in message
    assert ".directives[0].order: must be a whole number" in message
    assert ".published_at: must say its time zone" in message
    assert ".held_on: must be written as text" in message


def test_an_export_to_a_console_that_cannot_show_chinese_is_still_utf8(sample_meeting):
    """export_meetings > backup.json from a console whose encoding is not UTF-8 (LANG=C,
    a Windows code page) writes the whole file, in UTF-8."""
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="ascii")
    call_command("export_meetings", stdout=console)
    console.flush()
    assert raw.getvalue().decode("utf-8") == export_text()


def test_an_export_that_fails_leaves_the_earlier_backup_whole(tmp_path, sample_meeting):
    backup = tmp_path / "backup.json"
    call_command("export_meetings", output=str(backup), stderr=io.StringIO())
    earlier = backup.read_bytes()
    with (
        mock.patch(
            "meetings.interchange.export.meeting_record",
            side_effect=OSError(28, "No space left on device"),
        ),
        pytest.raises(CommandError, match="No space left on device"),
    ):
        call_command("export_meetings", output=str(backup), stderr=io.StringIO())
    assert backup.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_a_record_without_a_slug_is_reported(tmp_path, good_document):
    """A file names its records by slug: one left empty could be neither found again
    nor named by another record (a form may leave it empty, a file may not)."""
    good_document["meetings"][0]["slug"] = ""
    assert "must not be empty: a file names its records by slug" in rejected(
        tmp_path, good_document
    )
