"""The contract's live events: RecordEvent, its enums, the AnyRecord union and the
Subscription root, as thin adapters over resolvers/subscriptions.py."""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Annotated, Any, Union

import strawberry

from bcmodel import ENTITIES
from resolvers import subscriptions
from schema import types, wording
from schema.arguments import CompanyId, described
from schema.scalars import UUID, DateTime

# The entities whose changes are watched (they have an EntityKind member), in the
# registry's order.
_WATCHED = tuple(e for e in ENTITIES if e.api is not None and e.api.kind is not None)

# Member values are what the resolvers use (BC's entity set names, the change kinds), so
# events serialize without a lookup.
EntityKind = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "EntityKind",
        {
            e.api.kind: strawberry.enum_value(e.entity_set, description=wording.kind(e))
            for e in _WATCHED
            if e.api is not None and e.api.kind is not None
        },
    ),
    description="The kind of record an event is about.",
)
ChangeType = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "ChangeType",
        {
            "CREATED": strawberry.enum_value("created", description="The record was created."),
            "UPDATED": strawberry.enum_value(
                "updated",
                description="The record changed (or was created, when BC's notification "
                "was lost and the change was found by reading what changed).",
            ),
            "DELETED": strawberry.enum_value("deleted", description="The record was deleted."),
        },
    ),
    description="How a record changed.",
)

# Members are told apart by the entity tag resolvers put on every row (resolvers/rows.py).
AnyRecord = Annotated[
    Union[tuple(types.record(e) for e in _WATCHED)],  # noqa: UP007 - made from a tuple
    strawberry.union("AnyRecord", description="Any record a RecordEvent can carry."),
]


@strawberry.type(description="A record created, updated or deleted in Business Central.")
class RecordEvent:
    entity: EntityKind = strawberry.field(description="The kind of record that changed.")
    change_type: ChangeType = strawberry.field(description="How the record changed.")
    id: UUID = strawberry.field(
        description="This event's own id (not the record's: that is recordId). Derived from "
        "the company, entity, recordId, changeType and occurredAt, so every change has its "
        "own and the same change delivered again keeps it; normalised caches keep each "
        "event apart."
    )
    record_id: UUID = strawberry.field(description="The id of the record that changed.")
    company_id: UUID = strawberry.field(description="The company the record belongs to.")
    occurred_at: DateTime = strawberry.field(description="BC's lastModifiedDateTime of the change.")
    record: AnyRecord | None = strawberry.field(
        description="The record as it is now; null for DELETED."
    )


Events = AsyncGenerator[Any, None]


# Each field wraps the resolvers' generator in aclosing: however the subscription ends
# (complete, stop, socket closed), the inner generator is closed at once and its
# `finally` unsubscribes, rather than whenever the garbage collector gets to it.


Entity = described(EntityKind, "The kind of record to watch.")
ONE_KIND = "An event each time a record of this kind is {}."


def _values(items: list[Any] | None) -> list[str] | None:
    return [item.value for item in items] if items else None


@strawberry.type(
    description="Live record events, over a WebSocket. Backed by BC "
    "webhooks, registered on demand per connection, company and entity; BC notifies about "
    "30 seconds after a change."
)
class Subscription:
    @strawberry.subscription(graphql_type=RecordEvent, description=ONE_KIND.format("created"))
    async def record_created(
        self, info: strawberry.Info, entity: Entity, company_id: CompanyId = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["created"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(graphql_type=RecordEvent, description=ONE_KIND.format("updated"))
    async def record_updated(
        self, info: strawberry.Info, entity: Entity, company_id: CompanyId = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["updated"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(graphql_type=RecordEvent, description=ONE_KIND.format("deleted"))
    async def record_deleted(
        self, info: strawberry.Info, entity: Entity, company_id: CompanyId = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["deleted"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(
        graphql_type=RecordEvent,
        description="An event each time a record of the kinds given changes in the way given.",
    )
    async def record_changed(
        self,
        info: strawberry.Info,
        entities: described(
            list[EntityKind] | None,
            "The kinds of record to watch; left out, null or []: all of them.",
        ) = None,
        change_types: described(
            list[ChangeType] | None,
            "The changes to report; left out, null or []: all of them.",
        ) = None,
        company_id: CompanyId = None,
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, _values(entities), _values(change_types), company_id)
        ) as events:
            async for e in events:
                yield e
