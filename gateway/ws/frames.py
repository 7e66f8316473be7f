"""What goes over either protocol's socket: text frames, the close reason of a refused
connection_init, and errors as both protocols carry them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLFormattedError
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected

from gateway.errors import GatewayError

__all__ = ["FORBIDDEN_CLOSE", "REFUSAL", "TextFrames", "formatted", "next_message"]

# graphql-transport-ws closes a refused connection_init with 4403 (PROTOCOL.md: Forbidden);
# the close reason is why: the `reason` of the Unauthenticated error, as HTTP's body has it.
FORBIDDEN_CLOSE = 4403
REFUSAL = "refusal"  # where GraphQLApp.on_ws_connect leaves that reason, in the socket's state


class TextFrames(ASGIWebSocketAdapter):
    """Both GraphQL WebSocket protocols speak in text frames; `encode_json` makes bytes
    (orjson), which Strawberry would send as binary frames that clients refuse."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc

    async def close(self, code: int, reason: str) -> None:
        if code == FORBIDDEN_CLOSE:
            # Strawberry closes a refused connection_init with the reason "Forbidden"; the
            # gateway's own (token_expired, ...) is one a client can act on.
            reason = getattr(self.ws.state, REFUSAL, reason)
        await super().close(code, reason)


def formatted(error: GatewayError) -> GraphQLFormattedError:
    """A GraphQL error as both protocols carry it: message and extensions, no path."""
    return GraphQLError(error.message, extensions=error.to_extensions()).formatted


def next_message(operation_id: str, result: Any) -> dict[str, Any]:
    """graphql-transport-ws's `next` for one result, as Strawberry's handler makes it."""
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    if result.extensions:
        payload["extensions"] = result.extensions
    return {"id": operation_id, "type": "next", "payload": payload}
