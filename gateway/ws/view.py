"""What the WebSocket handlers need of the GraphQL app: a Protocol, so that the handlers,
which the app (gateway/graphql.py) names as its handler classes, need not import it."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from typing import TYPE_CHECKING, Any, Protocol

from gateway.errors import RateLimited
from resolvers.context import Context

if TYPE_CHECKING:
    from gateway.ws.fanout import SubscriptionPlans

__all__ = ["SocketView"]


class SocketView(Protocol):
    # The event plans of subscription documents (gateway/ws/fanout.py), per schema.
    subscription_plans: SubscriptionPlans
    # The schema as every subscriber calls it: shared subscriptions (gateway/ws/shared.py).
    shared_schema: Any

    async def take_operation(self, user_id: str) -> RateLimited | None:
        """None when one more operation of the user may run, else the refusal."""
        ...

    def user_context(self, user_id: str) -> Context:
        """The context of a subscription shared by a user's sockets."""
        ...

    def shared(
        self, key: Hashable, open_source: Callable[[], Awaitable[Any]]
    ) -> AsyncGenerator[Any, None]:
        """One socket's view of the shared subscription `key`."""
        ...
