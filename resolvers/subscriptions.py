"""Subscription resolvers: a connection's record changes in one company, as RecordEvents.

The feed (the webhook side, injected by the web layer as `Context.extra["feed"]`)
delivers RecordChanges; this module filters them by entity and change type and turns
each record into the row GraphQL serves. Events of one socket share its Context, so
each event gets fresh DataLoaders (and batch session): a relation read for one event
never serves another (a loader's cache would otherwise grow, and go stale, for as long
as the socket lives).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol, cast

from bcmodel import Registry
from gateway.bc import urls
from gateway.errors import NotConnected
from gateway.pubsub.records import CHANGES, ENDED, RecordChange
from resolvers import ids
from resolvers.context import Context, context_of, registry_of, resolve_existing
from resolvers.rows import Row, to_row

FEED = "feed"
# Set on the context of a subscription whose events the gateway renders from a plan
# (gateway/ws/fanout.py): the resolver then checks and resolves what to follow, reports it
# here, and ends; the gateway follows it once for every such subscriber.
PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class Followed:
    """What a subscription follows: one company's changes of some entities and kinds."""

    company_id: str
    entity_sets: frozenset[str]
    change_types: frozenset[str]

    def wants(self, change: RecordChange) -> bool:
        return change.entity_set in self.entity_sets and change.change in self.change_types


class RecordFeed(Protocol):
    def watch(
        self, user_id: str, company_id: str, entity_sets: Iterable[str]
    ) -> AbstractAsyncContextManager[AsyncIterator[RecordChange]]: ...


@dataclass(frozen=True, slots=True)
class RecordEvent:
    entity: str  # the entity's ref (EntityKind's values): its set on the standard API
    change_type: str  # created | updated | deleted (ChangeType's values)
    id: str  # the event's own (resolvers/ids.py)
    record_id: str
    company_id: str
    occurred_at: str
    record: Row | None


def followed(registry: Registry) -> tuple[str, ...]:
    """The entities (refs) a subscription can follow: those with an EntityKind."""
    return tuple(e.ref for e in registry.entities if e.api is not None and e.api.kind is not None)


def feed_of(ctx: Context) -> RecordFeed:
    feed = ctx.extra.get(FEED)
    if feed is None:  # pragma: no cover - wiring error
        raise TypeError("the GraphQL context carries no record feed")
    return feed  # type: ignore[no-any-return]


async def record_events(
    info: Any,
    entity_sets: Iterable[str] | None,
    change_types: Iterable[str] | None,
    company_id: str | None,
) -> AsyncIterator[RecordEvent]:
    ctx = context_of(info)
    registry = registry_of(info)
    wanted = frozenset(entity_sets or followed(registry))
    kinds = frozenset(change_types or CHANGES)
    # NOT_CONNECTED or NOT_FOUND here, before anything is registered with BC.
    _, company = await resolve_existing(info, company_id)
    company = urls.guid(company)
    planned = ctx.extra.get(PLANNED)
    if planned is not None:
        planned(Followed(company, wanted, kinds))
        return
    async with feed_of(ctx).watch(ctx.user_id, company, wanted) as changes:
        async for change in changes:
            if change.change == ENDED:
                raise disconnected()
            if change.entity_set not in wanted or change.change not in kinds:
                continue
            ctx.loaders = {}
            ctx.forget_upstream()  # and a fresh batch session, looked up only if needed
            yield event(change, registry)


def disconnected() -> NotConnected:
    return NotConnected(
        "The user disconnected Business Central; live events have ended.",
        reason="disconnected",
    )


def event(change: RecordChange, registry: Registry) -> RecordEvent:
    entity = registry.by_ref(change.entity_set)
    record = None
    if change.record is not None and entity is not None:
        # to_row only reads the record (shared by every subscriber of the message).
        record = to_row(cast(dict[str, Any], change.record), entity, change.company_id, registry)
    return RecordEvent(
        entity=change.entity_set,
        change_type=change.change,
        id=ids.record_event(
            change.company_id, change.entity_set, change.id, change.change, change.occurred_at
        ),
        record_id=change.id,
        company_id=change.company_id,
        occurred_at=change.occurred_at,
        record=record,
    )
