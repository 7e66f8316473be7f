"""The contract's live events: RecordEvent, its enums, the AnyRecord union and the
Subscription root, as thin adapters over resolvers/subscriptions.py."""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Annotated, Any

import strawberry

from resolvers import subscriptions
from schema.scalars import UUID, DateTime
from schema.types import (
    Account,
    PaymentTerm,
    PurchaseInvoice,
    PurchaseInvoiceLine,
    TaxGroup,
    Vendor,
)

# Member values are what the resolvers use (BC's entity set names, the change kinds), so
# events serialize without a lookup.
EntityKind = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "EntityKind",
        {
            "VENDOR": "vendors",
            "PURCHASE_INVOICE": "purchaseInvoices",
            "PURCHASE_INVOICE_LINE": "purchaseInvoiceLines",
            "ACCOUNT": "accounts",
            "TAX_GROUP": "taxGroups",
            "PAYMENT_TERM": "paymentTerms",
        },
    ),
    description="What a record event is about.",
)
ChangeType = strawberry.enum(
    enum.Enum("ChangeType", {"CREATED": "created", "UPDATED": "updated", "DELETED": "deleted"}),  # type: ignore[misc]
)

# Members are told apart by the entity tag resolvers put on every row (resolvers/rows.py).
AnyRecord = Annotated[
    Vendor | PurchaseInvoice | PurchaseInvoiceLine | Account | TaxGroup | PaymentTerm,
    strawberry.union("AnyRecord", description="Any record a RecordEvent can carry."),
]


@strawberry.type(description="A record created, updated or deleted in Business Central.")
class RecordEvent:
    entity: EntityKind
    change_type: ChangeType
    id: UUID = strawberry.field(
        description="This event's own id (not the record's: that is recordId). Derived from "
        "the company, entity, recordId, changeType and occurredAt, so every change has its "
        "own and the same change delivered again keeps it; normalised caches keep each "
        "event apart."
    )
    record_id: UUID = strawberry.field(description="The id of the record that changed.")
    company_id: UUID
    occurred_at: DateTime = strawberry.field(description="BC's lastModifiedDateTime of the change.")
    record: AnyRecord | None = strawberry.field(
        description="The record as it is now; null for DELETED."
    )


Events = AsyncGenerator[Any, None]


# Each field wraps the resolvers' generator in aclosing: however the subscription ends
# (complete, stop, socket closed), the inner generator is closed at once and its
# `finally` unsubscribes, rather than whenever the garbage collector gets to it.


def _values(items: list[Any] | None) -> list[str] | None:
    return [item.value for item in items] if items else None


@strawberry.type(
    description="Backed by BC webhooks, registered on demand per connection, company and entity."
)
class Subscription:
    @strawberry.subscription(graphql_type=RecordEvent)
    async def record_created(
        self, info: strawberry.Info, entity: EntityKind, company_id: UUID | None = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["created"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(graphql_type=RecordEvent)
    async def record_updated(
        self, info: strawberry.Info, entity: EntityKind, company_id: UUID | None = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["updated"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(graphql_type=RecordEvent)
    async def record_deleted(
        self, info: strawberry.Info, entity: EntityKind, company_id: UUID | None = None
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, [entity.value], ["deleted"], company_id)
        ) as events:
            async for e in events:
                yield e

    @strawberry.subscription(graphql_type=RecordEvent)
    async def record_changed(
        self,
        info: strawberry.Info,
        entities: list[EntityKind] | None = None,
        change_types: list[ChangeType] | None = None,
        company_id: UUID | None = None,
    ) -> Events:
        async with aclosing(
            subscriptions.record_events(info, _values(entities), _values(change_types), company_id)
        ) as events:
            async for e in events:
                yield e
