"""Send the public site's reads to PostgreSQL read replicas.

With DATABASE_REPLICA_URLS set, settings add one database alias per replica. Reads go
to a replica only while ReplicaReadsMiddleware has marked the request as an anonymous
GET for a public page; everything else (the admin, writes, commands, tests of them)
uses the primary, so nobody reads their own change from a replica that lags behind.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_replica = ContextVar("replica", default=None)  # where this request reads, if anywhere


@contextmanager
def replica_reads():
    """Read from one replica, chosen at random, until the block ends. One for the whole
    request: replicas replay the primary's changes in order, each at its own pace, so
    what a page reads from one is never older than what it read before; from two, its
    rows could be older than the meeting row read first (see Meeting.article_stamp)."""
    replicas = settings.REPLICA_DATABASES
    token = _replica.set(random.choice(replicas) if replicas else None)  # noqa: S311  (spreading)
    try:
        yield
    finally:
        _replica.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if settings.REPLICA_DATABASES and _replica.get():
            return _replica.get()
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Let anonymous GET and HEAD requests read from the replicas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if settings.REPLICA_DATABASES and request.method in ("GET", "HEAD") and anonymous:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
