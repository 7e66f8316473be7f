"""graphql-ws (subscriptions-transport-ws): Strawberry's handler, with each operation taking
a token from the user's bucket, subscriptions shared across the user's sockets, and the
connection_init deadline graphql-transport-ws has.

Strawberry closes a graphql-transport-ws socket that sends no connection_init within the
view's `connection_init_wait_timeout` (close code 4408); its graphql-ws handler has no such
timer, so a socket that never sent connection_init was held for as long as its client
liked. This one closes it after the same wait, with the same code and reason (the legacy
protocol defines none of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, cast

from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema import BaseSchema
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import ConnectionInitMessage, StartMessage

from gateway.ws.frames import formatted
from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["INIT_TIMEOUT_CLOSE", "LegacyWSHandler"]

INIT_TIMEOUT_CLOSE = 4408


class LegacyWSHandler(BaseGraphQLWSHandler[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_received = False
        self.schema = cast(BaseSchema, cast(SocketView, self.view).shared_schema)

    async def handle(self) -> None:
        timer = asyncio.create_task(self._close_without_init())
        try:
            await super().handle()
        finally:
            timer.cancel()

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        self._init_received = True
        await super().handle_connection_init(message)

    async def handle_start(self, message: StartMessage) -> None:
        # Each operation takes a token from the user's bucket, as an HTTP request does (not
        # before the ack: Strawberry closes the socket then).
        if self.connection_acknowledged:
            operation_id = message["id"]
            refused = await cast(SocketView, self.view).take_operation(self.context.user_id)
            if refused is not None:
                # A start replaces the operation of the same id (Strawberry ends it first,
                # also when it then refuses the start for its own subscription limit).
                if operation_id in self.tasks:
                    await self.cleanup_operation(operation_id)
                await self.send_message(
                    {"type": "error", "id": operation_id, "payload": formatted(refused)}
                )
                return
        await super().handle_start(message)

    async def _close_without_init(self) -> None:
        await asyncio.sleep(self.view.connection_init_wait_timeout.total_seconds())
        if not self._init_received:
            # The client may be leaving at this very moment: then there is nothing to close.
            with contextlib.suppress(WebSocketDisconnected, RuntimeError):
                await self.websocket.close(
                    code=INIT_TIMEOUT_CLOSE, reason="Connection initialisation timeout"
                )
