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
