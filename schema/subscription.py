"""The contract's live events: RecordEvent, its enums, the AnyRecord union and the
Subscription root, as thin adapters over resolvers/subscriptions.py."""

# No `from __future__ import annotations` here: the types are made per schema, in a
# function, and Strawberry reads the annotations as objects.
import enum
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Annotated, Any, Union

import strawberry

from resolvers import subscriptions
from schema import wording
from schema.arguments import CompanyId, described
from schema.build import Build
from schema.scalars import UUID, DateTime

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

Events = AsyncGenerator[Any, None]
ONE_KIND = "An event each time a record of this kind is {}."


def _values(items: list[Any] | None) -> list[str] | None:
    return [item.value for item in items] if items else None


def build_subscription(build: Build) -> Any:
    """RecordEvent, EntityKind and AnyRecord over the build's watched entities, and the
    Subscription root."""
    # The entities whose changes are watched (they have an EntityKind member), in the
    # registry's order.
    watched = tuple(
        e for e in build.registry.entities if e.api is not None and e.api.kind is not None
    )
    # Member values are what the resolvers use (the entities' refs: BC's entity set names
    # for the standard API, the change kinds), so events serialize without a lookup.
    entity_kind = strawberry.enum(
        enum.Enum(  # type: ignore[misc]
            "EntityKind",
            {
                e.api.kind: strawberry.enum_value(e.ref, description=wording.kind(e))
                for e in watched
                if e.api is not None and e.api.kind is not None
            },
        ),
        description="The kind of record an event is about.",
    )
    # Members are told apart by the entity tag resolvers put on every row (resolvers/rows.py).
    any_record = Annotated[
        Union[tuple(build.record(e) for e in watched)],  # noqa: UP007 - made from a tuple
        strawberry.union("AnyRecord", description="Any record a RecordEvent can carry."),
    ]
    record_event = _record_event(entity_kind, any_record)
    return _subscription(entity_kind, record_event)


def _record_event(entity_kind: Any, any_record: Any) -> Any:
    @strawberry.type(description="A record created, updated or deleted in Business Central.")
    class RecordEvent:
        entity: entity_kind = strawberry.field(description="The kind of record that changed.")
        change_type: ChangeType = strawberry.field(description="How the record changed.")
        id: UUID = strawberry.field(
            description="This event's own id (not the record's: that is recordId). Derived "
            "from the company, entity, recordId, changeType and occurredAt, so every change "
            "has its own and the same change delivered again keeps it; normalised caches keep "
            "each event apart."
        )
        record_id: UUID = strawberry.field(description="The id of the record that changed.")
        company_id: UUID = strawberry.field(description="The company the record belongs to.")
        occurred_at: DateTime = strawberry.field(
            description="BC's lastModifiedDateTime of the change."
        )
        record: any_record | None = strawberry.field(
            description="The record as it is now; null for DELETED."
        )

    return RecordEvent


# Each field wraps the resolvers' generator in aclosing: however the subscription ends
# (complete, stop, socket closed), the inner generator is closed at once and its
# `finally` unsubscribes, rather than whenever the garbage collector gets to it.


def _subscription(entity_kind: Any, record_event: Any) -> Any:
    kind = described(entity_kind, "The kind of record to watch.")
    kinds = described(
        list[entity_kind] | None,
        "The kinds of record to watch; left out, null or []: all of them.",
    )
    changes = described(
        list[ChangeType] | None,
        "The changes to report; left out, null or []: all of them.",
    )

    @strawberry.type(
        description="Live record events, over a WebSocket. Backed by BC "
        "webhooks, registered on demand per connection, company and entity; BC notifies about "
        "30 seconds after a change."
    )
    class Subscription:
        @strawberry.subscription(graphql_type=record_event, description=ONE_KIND.format("created"))
        async def record_created(
            self, info: strawberry.Info, entity: kind, company_id: CompanyId = None
        ) -> Events:
            async with aclosing(
                subscriptions.record_events(info, [entity.value], ["created"], company_id)
            ) as events:
                async for e in events:
                    yield e

        @strawberry.subscription(graphql_type=record_event, description=ONE_KIND.format("updated"))
        async def record_updated(
            self, info: strawberry.Info, entity: kind, company_id: CompanyId = None
        ) -> Events:
            async with aclosing(
                subscriptions.record_events(info, [entity.value], ["updated"], company_id)
            ) as events:
                async for e in events:
                    yield e

        @strawberry.subscription(graphql_type=record_event, description=ONE_KIND.format("deleted"))
        async def record_deleted(
            self, info: strawberry.Info, entity: kind, company_id: CompanyId = None
        ) -> Events:
            async with aclosing(
                subscriptions.record_events(info, [entity.value], ["deleted"], company_id)
            ) as events:
                async for e in events:
                    yield e

        @strawberry.subscription(
            graphql_type=record_event,
            description="An event each time a record of the kinds given changes in the way given.",
        )
        async def record_changed(
            self,
            info: strawberry.Info,
            entities: kinds = None,
            change_types: changes = None,
            company_id: CompanyId = None,
        ) -> Events:
            async with aclosing(
                subscriptions.record_events(
                    info, _values(entities), _values(change_types), company_id
                )
            ) as events:
                async for e in events:
                    yield e

    return Subscription
