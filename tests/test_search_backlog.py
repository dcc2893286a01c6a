"""A rename rewrites the search documents of thousands of meetings: what the saving
request has no time for waits in the search backlog, and `manage.py reindex` finishes
it, however the request ended."""

import importlib
import io
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from meetings import search, signals
from meetings.models import Meeting, SearchBacklogEntry
from meetings.search import reindex_backlog
from meetings.search.engines import engine
from tests.browse_data import build_browse_data
from tests.factories import edit, make_meeting
from tests.test_search import found

LIST = reverse("meetings:meeting_list")
ECOLOGY_MEETINGS = {"Ecological protection review", "县安全生产专题会议"}


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def test_a_rename_the_request_has_no_time_for_is_finished_by_the_command(
    client, data, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The request rewrites one batch (of one meeting here) and has no time for more."""
    settings.SEARCH_REINDEX_SECONDS = 0
    monkeypatch.setattr(search, "BATCH", 1)
    with django_capture_on_commit_callbacks(execute=True):
        edit(data.ecology, name="Wetlands")
    assert len(found(client, "wetlands")) == 1, "one document rewritten yet"
    assert SearchBacklogEntry.objects.count() == 1

    call_command("reindex", stdout=(out := io.StringIO()))

    assert found(client, "wetlands") == ECOLOGY_MEETINGS
    assert not SearchBacklogEntry.objects.exists()
    assert "Search documents rewritten: 1." in out.getvalue()


def test_a_rewrite_cut_short_is_finished_by_the_command(
    client, data, django_capture_on_commit_callbacks, caplog
):
    """Rewriting fails after the rename is saved: the rename stands, the failure is
    logged, and the documents wait in the backlog."""
    broken = mock.patch.object(type(engine()), "write", side_effect=DatabaseError("disk full"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        edit(data.ecology, name="Wetlands")
    assert "reindex_scheduled failed" in caplog.text
    assert found(client, "wetlands") == set()

    call_command("reindex", stdout=io.StringIO())

    assert found(client, "wetlands") == ECOLOGY_MEETINGS


def test_a_change_after_a_rename_that_was_undone_is_still_rewritten(
    client, data, django_capture_on_commit_callbacks
):
    """The rename fails and is rolled back; then an editor retitles one of its meetings,
    and the process stops before rewriting it: the command still finds it to do."""
    meeting = Meeting.objects.get(title="Ecological protection review")
    with pytest.raises(DatabaseError), transaction.atomic():
        edit(data.ecology, name="Marshes")
        raise DatabaseError("the rename failed")
    stopped = mock.patch.object(signals, "reindex_scheduled", return_value=False)
    with stopped, django_capture_on_commit_callbacks(execute=True):
        edit(meeting, title="Wetland restoration review")

    call_command("reindex", stdout=io.StringIO())

    assert found(client, "restoration") == {"Wetland restoration review"}
    assert found(client, "marshes") == set(), "the rename never happened"


def test_a_change_made_while_a_document_is_rewritten_keeps_its_place_in_the_backlog(client, data):
    """A worker has read the meeting when an editor saves a new title: the worker's
    rewrite has the old title, so the editor's entry must outlive the worker's."""
    meeting = Meeting.objects.get(title="Ecological protection review")
    SearchBacklogEntry.objects.add([meeting.pk])
    rewrite = search.reindex
    edits = []

    def edited_meanwhile(pks):
        rewrite(pks)
        if not edits:
            edits.append(edit(meeting, title="Wetland restoration review"))

    with mock.patch.object(search, "reindex", edited_meanwhile):
        assert list(reindex_backlog()) == [1, 1]
    assert found(client, "restoration") == {"Wetland restoration review"}


def test_a_meeting_queued_twice_is_rewritten_once(data, monkeypatch):
    first, second = Meeting.objects.order_by("pk")[:2]
    SearchBacklogEntry.objects.add([first.pk, second.pk])
    SearchBacklogEntry.objects.add([first.pk])
    rewritten = []
    monkeypatch.setattr(search, "reindex", lambda pks: rewritten.extend(pks))
    assert list(reindex_backlog(batch_size=1)) == [1, 1], "both of the first's entries at once"
    assert sorted(rewritten) == sorted([first.pk, second.pk])
    assert not SearchBacklogEntry.objects.exists()


def test_the_whole_index_is_rebuilt_on_request(client, data):
    """After a database is restored without its search index, say."""
    Meeting.objects.update(title="Untitled")  # no signal: the documents keep the titles
    assert found(client, "untitled") == set(), "the documents still have the old titles"

    call_command("reindex", "--all", stdout=(out := io.StringIO()))

    listed = client.get(LIST, {"q": "untitled"}).context["page_obj"].paginator.count
    assert listed == Meeting.objects.published().count() == 4
    assert f"Queued every meeting: {Meeting.objects.count()}." in out.getvalue()


@pytest.mark.parametrize("interval", ["0", "-1", "soon", "nan", "7200"])
def test_a_worker_needs_a_sensible_interval(db, interval):
    with pytest.raises(CommandError, match="is not a number of seconds"):
        call_command("reindex", "--follow", "--interval", interval)


def test_staff_are_told_what_search_has_not_caught_up_with(
    admin_client, data, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A backlog that stays means no worker runs `manage.py reindex`: the admin says so."""
    front_page = reverse("admin:index")
    assert "Search has not yet caught up" not in admin_client.get(front_page).content.decode()
    settings.SEARCH_REINDEX_SECONDS = 0
    monkeypatch.setattr(search, "BATCH", 1)
    with django_capture_on_commit_callbacks(execute=True):
        edit(data.ecology, name="Wetlands")
    notice = admin_client.get(front_page).content.decode()
    assert "Search has not yet caught up with a change to 1 meeting" in notice
    assert "<code>manage.py reindex</code>" in notice

    call_command("reindex", stdout=io.StringIO())

    assert "Search has not yet caught up" not in admin_client.get(front_page).content.decode()


def test_a_deleted_meeting_leaves_the_backlog(data):
    meeting = Meeting.objects.get(title="Ecological protection review")
    pk = meeting.pk
    SearchBacklogEntry.objects.add([pk])
    Meeting.objects.filter(pk=pk).delete()  # no signal: its document is still there
    assert list(reindex_backlog()) == [1]
    assert not SearchBacklogEntry.objects.exists()


def test_a_meeting_another_transaction_holds_is_passed_over_not_waited_for(data, monkeypatch):
    """An import holds one meeting for minutes: the worker rewrites the others."""
    held, free = Meeting.objects.order_by("pk")[:2]
    SearchBacklogEntry.objects.add([held.pk, free.pk])
    lock = search.lock_free_meetings
    monkeypatch.setattr(search, "lock_free_meetings", lambda pks: lock(pks) - {held.pk})
    assert list(reindex_backlog(batch_size=1)) == [1]
    assert list(SearchBacklogEntry.objects.values_list("meeting_id", flat=True)) == [held.pk]
    monkeypatch.setattr(search, "lock_free_meetings", lock)
    assert list(reindex_backlog()) == [1]


def test_an_edit_to_a_meeting_being_rewritten_is_rewritten_after_it(
    client, data, monkeypatch, django_capture_on_commit_callbacks
):
    """A worker holds the meeting, rewriting it from the records before the edit: the
    editor's request tries again once the worker lets go, instead of leaving it."""
    meeting = Meeting.objects.get(title="Ecological protection review")
    lock, tries = search.lock_free_meetings, []

    def held_once(pks):
        tries.append(pks)
        return lock(pks) - ({meeting.pk} if len(tries) == 1 else set())

    monkeypatch.setattr(search, "lock_free_meetings", held_once)
    with django_capture_on_commit_callbacks(execute=True):
        edit(meeting, title="Wetland restoration review")
    assert len(tries) == 2
    assert found(client, "restoration") == {"Wetland restoration review"}
    assert not SearchBacklogEntry.objects.exists()


def test_documents_written_by_an_earlier_release_are_rewritten_after_the_upgrade(
    client, db, django_capture_on_commit_callbacks
):
    """A meeting indexed before full-width letters were read as plain ones is found by
    them once the operator has migrated and `manage.py reindex` has run."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting("Ｆｉｒｅ ｄｒｉｌｌ")
    engine().write([(meeting.pk, "Ｆｉｒｅ ｄｒｉｌｌ", "", "", "")])  # as it was indexed
    assert found(client, "fire drill") == set()

    rewrite = importlib.import_module("meetings.migrations.0014_rewrite_search_documents")
    rewrite.queue_every_meeting(apps, SimpleNamespace(connection=connection))  # as migrate
    call_command("reindex", stdout=io.StringIO())

    assert found(client, "fire drill") == {"Ｆｉｒｅ ｄｒｉｌｌ"}
