"""`me`: who is asking, and their Business Central connection (no BC call needed)."""

from __future__ import annotations

import strawberry

from schema.scalars import UUID


@strawberry.type(description="The user the request acts for, and their BC connection.")
class Me:
    user_id: str = strawberry.field(description="The `sub` of the user token.")
    connected: bool = strawberry.field(
        description="Whether the user has a usable connection (false after a refused refresh)."
    )
    tenant_id: str | None = strawberry.field(description="The connection's Entra tenant.")
    environment: str | None = strawberry.field(description="The BC environment, e.g. production.")
    default_company_id: UUID | None = strawberry.field(
        description="The company used when a field is given no companyId."
    )


@strawberry.type(
    description="Where the connection's record events are posted as signed webhooks "
    "(docs/events-webhooks.md). The secret is never shown."
)
class EventsWebhook:
    url: str | None = strawberry.field(
        description="The URL events are posted to; null: none (they are not posted)."
    )
    own: bool = strawberry.field(
        description="True: the connection's own webhook (`setEventsWebhook`); false: the "
        "gateway's (BCGRAPH_EVENTS_WEBHOOK_URL), or none."
    )
