"""What the webhook side works with: topics, watches, and BC's notifications.

A *topic* is one connection's interest in one entity set of one company. A *watch* is
what keeps a topic's changes coming: a BC webhook subscription, or (for what BC cannot
webhook) a poll, as each entity declares (bcmodel's Watch). An entity whose changes are
derived from its parent (Watch.PARENT) has no topic of its own: BC notifies the parent,
so it rides on the parent's watch.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs

import bcmodel
from bcmodel import Entity, children_of, entity_by_set, parent_of

NOTIFIED = ("created", "updated", "deleted", "collection")

# `api/v2.0/companies({c})/{set}({id})` or `…/{set}?$filter=…`, with or without the
# leading `/api/v2.0/`.
_RESOURCE = re.compile(
    r"^/?(?:api/v2\.0/)?companies\((?P<company>[^()/?]+)\)/(?P<set>[A-Za-z][A-Za-z0-9]*)"
    r"(?:\((?P<id>[^()/?]+)\))?(?:\?(?P<query>.*))?$"
)
# A `collection` notification's filter; BC's docs also spell it lastDateTimeModified.
_SINCE = re.compile(r"^\s*(?:lastModifiedDateTime|lastDateTimeModified)\s+gt\s+(\S+)\s*$")


def watched_set(entity_set: str) -> str:
    """What must be watched for an entity set's events: its parent's set when they are
    derived from the parent."""
    entity = entity_by_set(entity_set)
    if entity is None or entity.watch is not bcmodel.Watch.PARENT:
        return entity_set
    under = parent_of(entity)
    return under[0].entity_set if under is not None else entity_set


def watchable(entity_set: str) -> Entity | None:
    """The entity if the gateway can deliver its events (webhook, poll or derived)."""
    entity = entity_by_set(entity_set)
    watched = entity_by_set(watched_set(entity_set))
    if entity is None or watched is None:
        return None
    return entity if watched.watch in (bcmodel.Watch.WEBHOOK, bcmodel.Watch.POLL) else None


@dataclass(frozen=True, order=True)
class Topic:
    user_id: str
    company_id: str  # canonical lower-case GUID
    entity_set: str  # a watched set: one whose entity is watched by webhook or poll

    @property
    def key(self) -> str:
        """A fixed-size name for stores: user ids may hold any character."""
        raw = f"{self.user_id}\x00{self.company_id}\x00{self.entity_set}".encode()
        return hashlib.sha256(raw).hexdigest()[:32]

    @property
    def polled(self) -> bool:
        entity = entity_by_set(self.entity_set)
        return entity is not None and entity.watch is bcmodel.Watch.POLL

    @property
    def children(self) -> tuple[Entity, ...]:
        """The entities whose changes are derived from this set's rows (Watch.PARENT)."""
        entity = entity_by_set(self.entity_set)
        return children_of(entity) if entity is not None else ()

    @property
    def resource(self) -> str:
        return f"/api/v2.0/companies({self.company_id})/{self.entity_set}"


@dataclass(frozen=True)
class Watch:
    """A topic's BC subscription (or poll), as the registry keeps it."""

    topic: Topic
    subscription_id: str = ""  # "" for a polled topic
    client_state: str = field(default="", repr=False)
    etag: str = ""
    notification_url: str = ""
    renewed_at: float = 0.0  # epoch seconds BC created or last renewed it
    expires_at: float = 0.0
    # BC's lastModifiedDateTime (epoch seconds) up to which changes reached the gateway:
    # where a catch-up starts when BC lost the subscription.
    watermark: float = 0.0
    # BC's lastModifiedDateTime (epoch seconds) up to which BC's records were compared with
    # what was published: where the next reconciliation starts.
    reconciled: float = 0.0
    next_reconcile_at: float = 0.0
    checked_at: float = 0.0  # last time BC confirmed it still exists
    next_poll_at: float = 0.0
    idle_since: float | None = None  # no subscriber anywhere since then

    @property
    def lifetime(self) -> float:
        return max(self.expires_at - self.renewed_at, 0.0)


@dataclass(frozen=True)
class Notification:
    """One item of a notification POST, checked against its watch."""

    watch: Watch
    change: str  # created | updated | deleted | collection
    record_id: str  # "" for collection
    since: datetime | None  # collection: changes after this
    at: float  # BC's lastModifiedDateTime of the change, epoch seconds (0 if absent)
    received_at: float


@dataclass(frozen=True)
class Resource:
    company_id: str
    entity_set: str
    record_id: str
    since: datetime | None


def parse_resource(resource: str) -> Resource | None:
    """The parts of a notification's resource, or None when it is not one BC sends."""
    m = _RESOURCE.match(resource)
    if m is None:
        return None
    company = _guid(m.group("company"))
    if company is None:
        return None
    record_id = ""
    if m.group("id") is not None:
        record_id = _guid(m.group("id")) or ""
        if not record_id:
            return None
    since = None
    if m.group("query") is not None:
        filters = parse_qs(m.group("query")).get("$filter", [])
        found = _SINCE.match(filters[0]) if len(filters) == 1 else None
        since = parse_time(found.group(1)) if found else None
        if since is None:
            return None
    return Resource(company, m.group("set"), record_id, since)


def parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def epoch(text: object) -> float:
    moment = parse_time(text) if isinstance(text, str) else None
    return moment.timestamp() if moment is not None else 0.0


def iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _guid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None
