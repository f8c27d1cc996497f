"""Queuing a task once the change that asks for it commits, without ever failing that change.

A record (an email in the outbox, a report version) is written first, in the caller's
transaction, and a task is queued to act on it once that commits. When the broker cannot be
reached, the record simply waits: the app's periodic sweep sends it again later. So queuing
logs the failure and returns; it never raises into the request that made the change."""

import logging

import kombu.exceptions
import redis.exceptions
from django.db import transaction

# What queuing a task raises when the broker cannot be reached: Celery wraps most connection
# errors in kombu's OperationalError, but some reach us as the transport's own.
BROKER_UNREACHABLE = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError, OSError)


def task_send(task, *args, logger: logging.Logger, waiting: str) -> bool:
    """Queue `task(*args)` now. If the broker is unreachable, log `waiting` (what waits for the
    next sweep) as a warning and return False; True once queued."""
    try:
        task.delay(*args)
    except BROKER_UNREACHABLE as error:
        logger.warning("%s: the task queue is unreachable (%s)", waiting, error)
        return False
    return True


def task_send_on_commit(task, *args, logger: logging.Logger, waiting: str) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside one), as
    task_send does: a broker that is down leaves the record for the sweep."""
    transaction.on_commit(lambda: task_send(task, *args, logger=logger, waiting=waiting))
