"""Public reads go to a read replica; the admin and every write stay on the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
