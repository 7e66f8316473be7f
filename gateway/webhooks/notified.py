"""One job's notifications per record, as the processor turns them into events.

BC merges only repeated `updated` notifications of a record
(`APIWebhookNotificationSend.Codeunit.al`, MergeIntoExistingUpdatedAggregateNotification;
sandbox/webhooks/pending.py follows it): created+updated, created+deleted and
updated+deleted of one record arrive as separate items, often in one POST, and each
becomes its own event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange
from gateway.webhooks.children import ParentChange
from gateway.webhooks.model import Notification


@dataclasses.dataclass
class Notified:
    """One record's notifications in one job: its change types in BC's order."""

    changes: list[str]
    at: float  # the latest notification's lastModifiedDateTime, epoch seconds


def merge(latest: dict[str, Notified], item: Notification) -> None:
    """Several notifications for one record in one job (a POST, or BC's repeats): kept
    in order, repeated updates as one, as BC merges them."""
    current = latest.get(item.record_id)
    if current is None:
        latest[item.record_id] = Notified([item.change], item.at)
        return
    if not (item.change == UPDATED and current.changes[-1] == UPDATED):
        current.changes.append(item.change)
    current.at = max(current.at, item.at)


def kept(changes: Sequence[str]) -> list[str]:
    """The events for a record BC still has: a `deleted` is an update (the same id was
    written again, or the notification was forged), and an update follows no update."""
    out: list[str] = []
    for change in changes:
        change = UPDATED if change == DELETED else change
        if not (change == UPDATED and out and out[-1] == UPDATED):
            out.append(change)
    return out


def parents_of(changes: Sequence[RecordChange]) -> list[ParentChange]:
    """Each parent once (a CREATED and its UPDATED carry the same record), created if
    any of its events says so."""
    by_id: dict[str, ParentChange] = {}
    for c in changes:
        created = c.change == CREATED or (c.id in by_id and by_id[c.id][2])
        by_id[c.id] = (c.id, c.record, created, c.occurred_at)
    return list(by_id.values())
