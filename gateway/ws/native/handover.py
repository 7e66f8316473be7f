"""uvicorn's WebSocket protocol, able to hand an accepted socket over to another protocol.

The handshake goes through the ASGI app as any other: the middleware (request id, hosts,
the token on the upgrade request), the route, the origin check and the subprotocol. An
app that would rather hold the socket itself (gateway/ws/native/socket.py) then calls
the scope's HANDOVER extension instead of sending `websocket.accept`:

    await scope["extensions"][HANDOVER](subprotocol, make_protocol)

which (unless an extension was negotiated: then it returns False, and the app accepts
the ASGI way) answers 101 as `websocket.accept` would, and puts `make_protocol(transport,
connections, config)` (the server's set of connections and uvicorn's Config) on
the transport in place of uvicorn's; the app's coroutine then returns, and with it go
its frames, uvicorn's protocol and the ASGI scope. That is most of what an idle socket
held (issue 17, docs/performance.md).

`bcgraph serve` names this class as uvicorn's `ws` protocol; under any other server the
extension is missing and the app keeps the socket the ASGI way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

__all__ = ["HANDOVER", "Handover", "HandoverProtocol", "Held", "MakeProtocol"]

HANDOVER = "bcgraph.websocket.handover"


class Held(asyncio.Protocol):
    """What takes a handed-over socket: told of uvicorn's shutdown (`shutdown`) through
    the server's set of connections, where it stays until its connection is lost."""

    def shutdown(self) -> None: ...


MakeProtocol = Callable[[asyncio.Transport, set[Any], Any], Held]
Handover = Callable[[str, MakeProtocol], Awaitable[bool]]


class _Released:
    """Where uvicorn's protocol is left pointing once its transport is handed over: the
    end of the app's coroutine closes "its" transport, which is no longer its own."""

    def close(self) -> None:
        pass

    def is_closing(self) -> bool:
        return True


class HandoverProtocol(WebSocketsSansIOProtocol):
    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"][HANDOVER] = self._hand_over

    async def _hand_over(self, subprotocol: str, make: MakeProtocol) -> bool:
        if "Sec-WebSocket-Extensions" in self.response.headers:
            # permessage-deflate was negotiated (BCGRAPH_WS_COMPRESSION): the protocol
            # taking over speaks no extension, so the socket stays with the app.
            return False
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol})
        if self.disconnected:
            return True
        self.stop_keepalive()
        transport = self.transport
        held = make(transport, self.connections, self.config)
        self.connections.discard(self)
        self.transport = cast(asyncio.Transport, _Released())
        # No await since the 101 was written: nothing the client sent after it has been
        # read yet, so the new protocol gets every frame.
        transport.set_protocol(held)
        if self.read_paused:
            self.read_paused = False
            transport.resume_reading()
        return True
