"""A GraphQL WebSocket client for an ASGI app in this event loop, speaking either protocol.

In-process, so a test can change the sandbox's store directly between messages; the
real-socket test (test_real_socket.py) covers the same protocol over uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Scope

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"


def websocket_scope(protocol: str, headers: Mapping[str, str]) -> Scope:
    """The ASGI scope of a handshake to the gateway's /graphql offering `protocol`, with
    `headers` besides Host and Sec-WebSocket-Protocol."""
    raw = [(b"host", b"gateway.test"), (b"sec-websocket-protocol", protocol.encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": raw,
        "subprotocols": [protocol],
        "server": ("gateway.test", 80),
        "client": ("127.0.0.1", 50000),
    }


class Socket:
    def __init__(self, app: ASGIApp, protocol: str, headers: dict[str, str] | None = None) -> None:
        self.protocol = protocol
        self._app = app
        self._headers = headers or {}
        self._inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._outbox: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.accepted_protocol: str | None = None
        self.closed: Message | None = None
        # Messages of other operations, read while waiting for one operation's.
        self._held: list[dict[str, Any]] = []

    async def open(self) -> None:
        scope = websocket_scope(self.protocol, self._headers)
        self._task = asyncio.create_task(self._app(scope, self._inbox.get, self._outbox.put))
        await self._inbox.put({"type": "websocket.connect"})
        accepted = await self._raw()
        assert accepted["type"] == "websocket.accept", accepted
        self.accepted_protocol = accepted.get("subprotocol")

    async def close(self) -> None:
        await self._inbox.put({"type": "websocket.disconnect", "code": 1000})
        if self._task is not None:
            await asyncio.wait_for(self._task, 5)

    async def send(self, message: dict[str, Any]) -> None:
        await self._inbox.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def _raw(self, within: float = 5.0) -> Message:
        return await asyncio.wait_for(self._outbox.get(), within)

    async def receive(self, within: float = 5.0) -> dict[str, Any]:
        """The next protocol message; keep-alives are skipped. Raises on a close."""
        while True:
            message = await self._raw(within)
            if message["type"] == "websocket.close":
                self.closed = message
                raise ConnectionError(f"closed: {message.get('code')} {message.get('reason')}")
            assert message["type"] == "websocket.send", message
            assert "text" in message and message.get("bytes") is None, "a binary frame"
            parsed: dict[str, Any] = json.loads(message["text"])
            if parsed.get("type") != "ka":
                return parsed

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(
        self, op_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": op_id, "type": kind, "payload": payload})

    async def stop(self, op_id: str) -> None:
        kind = "complete" if self.protocol == TRANSPORT_WS else "stop"
        await self.send({"id": op_id, "type": kind})

    async def result(self, within: float = 5.0) -> dict[str, Any]:
        """The payload of the next result message (next / data), whatever its operation."""
        message = await self.receive(within)
        assert message["type"] in ("next", "data"), message
        payload: dict[str, Any] = message["payload"]
        return payload

    async def next_for(self, op_id: str, within: float = 5.0) -> dict[str, Any]:
        """The next message of operation `op_id`; others' are kept for later."""
        for index, message in enumerate(self._held):
            if message.get("id") == op_id:
                return self._held.pop(index)
        deadline = asyncio.get_running_loop().time() + within
        while True:
            message = await self.receive(max(deadline - asyncio.get_running_loop().time(), 0))
            if message.get("id") == op_id:
                return message
            self._held.append(message)

    async def quiet(self, seconds: float) -> list[dict[str, Any]]:
        """What was kept, and whatever arrives within `seconds` (for tests that expect
        nothing more)."""
        seen, self._held = self._held, []
        with contextlib.suppress(TimeoutError):
            while True:
                seen.append(await self.receive(seconds))
        return seen


@contextlib.asynccontextmanager
async def socket(
    app: ASGIApp, protocol: str = TRANSPORT_WS, headers: dict[str, str] | None = None
) -> AsyncIterator[Socket]:
    ws = Socket(app, protocol, headers)
    await ws.open()
    try:
        yield ws
    finally:
        await ws.close()
