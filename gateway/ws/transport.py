"""graphql-transport-ws: Strawberry's handler, with each operation taking a token from the
user's bucket and subscriptions shared across the user's sockets."""

from __future__ import annotations

from typing import Any, cast

from strawberry.schema import BaseSchema
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from gateway.ws.frames import formatted
from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["TransportWSHandler"]


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = cast(BaseSchema, cast(SocketView, self.view).shared_schema)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # Each operation takes a token from the user's bucket, as an HTTP request does; not
        # when Strawberry closes the socket instead of starting it: before the ack (4401),
        # or for an id already running (4409; an `error` for that id would end the running
        # operation for the client while it went on here).
        if self.connection_acknowledged and message["id"] not in self.operations:
            refused = await cast(SocketView, self.view).take_operation(self.context.user_id)
            if refused is not None:
                # `error` ends this operation only; the socket and its others go on, and the
                # id is free to use again.
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [formatted(refused)]}
                )
                return
        await super().handle_subscribe(message)
