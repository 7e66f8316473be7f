"""A record change as the backend receives it, with an id that is the same wherever it is made.

The processor claims each record change once across replicas under (topic, record id,
lastModifiedDateTime) before publishing it (gateway/webhooks/processor.py). The event id
is made of the same parts: should the same change be published twice (a claim that
expired, a replayed notification), both carry one `webhook-id` and the receiver drops
the second. The change type is not part of it, as it is not part of the claim: a
CREATED found again by reconciliation (as UPDATED) is the same change. A deletion
carries no record, so its id is made of the deletion's time as BC notified it; a record
without a lastModifiedDateTime, of its contents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from gateway.bc.codec import encode_json
from gateway.pubsub.records import CHANGES, DELETED, RecordChange
from gateway.webhooks.model import epoch


@dataclass(frozen=True)
class Event:
    id: str
    user_id: str
    # Events of one record are delivered in order: the queue keeps them under this key.
    record_key: str
    body: bytes


def event_of(user_id: str, change: RecordChange) -> Event | None:
    """The event to deliver for a published change; None for what is not a record change
    (the end of a connection's channel)."""
    if change.change not in CHANGES:
        return None
    record = _key(user_id, change.company_id, change.entity_set, change.id)
    version = _version(change)
    event_id = "evt_" + _digest("event", record, version)[:32]
    body: dict[str, Any] = {
        "type": f"record.{change.change}",
        "timestamp": change.occurred_at,
        "data": {
            "eventId": event_id,
            "entity": change.entity_set,
            "change": change.change.upper(),
            "id": change.id,
            "companyId": change.company_id,
            "userId": user_id,
            "occurredAt": change.occurred_at,
            "record": change.record,
        },
    }
    return Event(event_id, user_id, record, encode_json(body))


def _version(change: RecordChange) -> str:
    if change.change == DELETED or change.record is None:
        return f"deleted:{epoch(change.occurred_at):.6f}"
    modified = epoch(change.record.get("lastModifiedDateTime"))
    if modified:
        return f"{modified:.6f}"
    # Nothing dates the record (a polled table without lastModifiedDateTime): the same
    # state found twice is one event, a different state another.
    return "state:" + hashlib.sha256(encode_json(change.record)).hexdigest()


def _key(user_id: str, company_id: str, entity_set: str, record_id: str) -> str:
    return _digest("record", user_id, company_id.lower(), entity_set, record_id.lower())[:32]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()
