"""Work done once after a transaction commits, however many changes asked for it."""

import threading

from django.db import transaction

_pending = threading.local()


def once_after_commit(func):
    """Run `func` once when the current transaction commits (at once outside a transaction).

    Saving a meeting with sixty rows asks sixty times; the first callback to run does
    the work and the rest find nothing pending. A rolled-back transaction drops its
    callbacks, and the next request schedules the work again.
    """
    pending = _pending.__dict__.setdefault("funcs", set())
    pending.add(func)
    transaction.on_commit(lambda: _run_if_pending(func))


def _run_if_pending(func):
    pending = _pending.__dict__.setdefault("funcs", set())
    if func in pending:
        pending.discard(func)
        func()
