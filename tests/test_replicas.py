"""Public reads go to a read replica; the admin and every write stay on the primary."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.search.engines import engine
from portal.routers import PrimaryReplicaRouter, replica_reads
from tests.factories import make_meeting

# Committed data (transaction=True): the replica is another connection, as in production.
pytestmark = pytest.mark.django_db(
    databases=["default", "replica_0"], transaction=True, serialized_rollback=True
)


@pytest.fixture
def with_replica(settings):
    settings.REPLICA_DATABASES = ["replica_0"]


def test_the_router_reads_from_a_replica_only_when_allowed(with_replica):
    router = PrimaryReplicaRouter()
    from meetings.models import Meeting

    assert router.db_for_read(Meeting) == "default"
    with replica_reads():
        assert router.db_for_read(Meeting) == "replica_0"
        assert router.db_for_write(Meeting) == "default"
    assert router.allow_migrate("replica_0", "meetings") is False


def test_a_page_reads_everything_from_the_same_replica(settings):
    """Replicas lag by different amounts: a page read from two could be older in its
    rows than in the meeting row it read first, and be kept as if it were current."""
    from meetings.models import Meeting

    settings.REPLICA_DATABASES = ["replica_0", "replica_1"]
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert len({router.db_for_read(Meeting) for _ in range(50)}) == 1


def test_an_anonymous_page_view_reads_from_the_replica(client, with_replica):
    meeting = make_meeting("Replicated meeting")
    with (
        CaptureQueriesContext(connections["replica_0"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Replicated meeting" in response.content.decode()
    assert len(replica.captured_queries) > 0
    assert len(primary.captured_queries) == 0


def test_staff_read_from_the_primary(admin_client, with_replica):
    meeting = make_meeting("Primary meeting", published=False)
    with CaptureQueriesContext(connections["replica_0"]) as replica:
        response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    assert len(replica.captured_queries) == 0


def test_without_replicas_everything_uses_the_primary(client, settings):
    settings.REPLICA_DATABASES = []
    meeting = make_meeting()
    with CaptureQueriesContext(connections["replica_0"]) as replica:
        client.get(meeting.get_absolute_url())
    assert len(replica.captured_queries) == 0


def test_a_kept_search_reads_the_meetings_changed_since_from_the_primary(
    client, with_replica, settings, shared_generation
):
    """A replica may not have a change yet, and a kept ranking is only ever brought up
    to date with the meetings changed since: those are read where the change is."""
    settings.REPLICA_LAG_SECONDS = 0
    meetings = [make_meeting(f"Harbour survey {n}") for n in range(3)]
    search = {"q": "harbour"}
    client.get(reverse("meetings:meeting_list"), search)
    with transaction.atomic():  # as the admin saves
        meetings[0].title = "Harbour survey, revised"
        meetings[0].save()
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("meetings:meeting_list"), search)
    assert "Harbour survey, revised" in response.content.decode()
    searches = [q["sql"] for q in primary.captured_queries if " @@ " in q["sql"]]
    searches += [q["sql"] for q in primary.captured_queries if " MATCH " in q["sql"]]
    if engine().ranks_alone:
        assert searches, "the changed meeting was matched on the primary"
    else:  # SQLite ranks the search again in full after any change, on the replica
        assert not searches
