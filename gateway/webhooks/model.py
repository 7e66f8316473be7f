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
from bcmodel import Entity, Route
from gateway.bc import urls

NOTIFIED = ("created", "updated", "deleted", "collection")

# `api/v2.0/companies({c})/{set}({id})` or `…/{set}?$filter=…`, with or without the
# leading `/api/v2.0/`; an extension's API (custom API) is
# `api/{publisher}/{group}/{version}/companies({c})/{set}…`.
_RESOURCE = re.compile(
    r"^/?(?:api/(?:v2\.0|(?P<route>[^/()?]+/[^/()?]+/[^/()?]+))/)?"
    r"companies\((?P<company>[^()/?]+)\)/(?P<set>[A-Za-z][A-Za-z0-9]*)"
    r"(?:\((?P<id>[^()/?]+)\))?(?:\?(?P<query>.*))?$"
)
# A `collection` notification's filter; BC's docs also spell it lastDateTimeModified.
_SINCE = re.compile(r"^\s*(?:lastModifiedDateTime|lastDateTimeModified)\s+gt\s+(\S+)\s*$")


def watched_set(entities: bcmodel.Registry, ref: str) -> str:
    """What must be watched for an entity's events (by `Entity.ref`): its parent's when
    they are derived from the parent."""
    entity = entities.by_ref(ref)
    if entity is None or entity.watch is not bcmodel.Watch.PARENT:
        return ref
    under = entities.parent_of(entity)
    return under[0].ref if under is not None else ref


def watchable(entities: bcmodel.Registry, ref: str) -> Entity | None:
    """The entity if the gateway can deliver its events (webhook, poll or derived)."""
    entity = entities.by_ref(ref)
    watched = entities.by_ref(watched_set(entities, ref))
    if entity is None or watched is None:
        return None
    return entity if watched.watch in (bcmodel.Watch.WEBHOOK, bcmodel.Watch.POLL) else None


@dataclass(frozen=True, order=True)
class Topic:
    user_id: str
    company_id: str  # canonical lower-case GUID
    # A watched entity's ref (its entity set on the standard API): one watched by
    # webhook or poll.
    entity_set: str

    @property
    def key(self) -> str:
        """A fixed-size name for stores: user ids may hold any character."""
        raw = f"{self.user_id}\x00{self.company_id}\x00{self.entity_set}".encode()
        return hashlib.sha256(raw).hexdigest()[:32]

    def polled(self, entities: bcmodel.Registry) -> bool:
        entity = entities.by_ref(self.entity_set)
        return entity is not None and entity.watch is bcmodel.Watch.POLL

    def children(self, entities: bcmodel.Registry) -> tuple[Entity, ...]:
        """The entities whose changes are derived from this set's rows (Watch.PARENT)."""
        entity = entities.by_ref(self.entity_set)
        return entities.children_of(entity) if entity is not None else ()

    @property
    def path(self) -> urls.ResourcePath:
        """The watched set, relative to the API root (in its own API's route)."""
        route, entity_set = Route.of_ref(self.entity_set)
        return urls.company(self.company_id, route).child(entity_set)

    @property
    def resource(self) -> str:
        """The set as BC's webhook subscriptions name it."""
        route, entity_set = Route.of_ref(self.entity_set)
        return f"/api/{route.path}/companies({self.company_id})/{entity_set}"


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
    entity_set: str  # the entity's ref
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
    route = Route(*m.group("route").split("/")) if m.group("route") else bcmodel.STANDARD_ROUTE
    return Resource(company, route.ref(m.group("set")), record_id, since)


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
