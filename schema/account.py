"""`me`: who is asking, and their Business Central connection (no BC call needed)."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.scalars import UUID


@strawberry.enum(description="Which kind of Business Central connection a request acts through.")
class ConnectionKind(Enum):
    USER = strawberry.enum_value(
        "user", description="The user's own: they signed in to Microsoft (delegated)."
    )
    ORGANISATION = strawberry.enum_value(
        "organisation",
        description="Their organisation's service-to-service connection, made by an admin's "
        "consent: the app's own permissions in BC, shared by the organisation's users.",
    )


@strawberry.type(
    description="The user the request acts for, and the BC connection it uses: their own, or "
    "their organisation's."
)
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
    organisation: str | None = strawberry.field(
        description="The organisation whose connection the request uses (the user token's "
        "organisation claim); null over the user's own connection or none."
    )

    @strawberry.field(
        description="Which connection the request uses: the user's own, or their "
        "organisation's; null when there is none."
    )
    def connection_kind(self) -> ConnectionKind | None:
        # The root is resolvers.context.AccountStatus, whose `kind` is the enum's value.
        kind = getattr(self, "kind", None)
        return ConnectionKind(kind) if kind else None


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
