"""Real servers for tests that need a socket: uvicorn on 127.0.0.1, in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.config import LOGGING_CONFIG

from gateway.limits import ServerLimits
from gateway.limits.http_protocol import http_protocol
from gateway.server import DrainingServer, drain_of
from gateway.ws.native.handover import HandoverProtocol


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(
    app: ASGIApp,
    port: int | None = None,
    *,
    keep_alive: float = 5,
    limits: ServerLimits | None = None,
    log_config: dict[str, Any] | None = LOGGING_CONFIG,
    log_level: str = "warning",
    handover: bool = True,
) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL. `keep_alive`: seconds an idle
    connection stays open (uvicorn's default, 5). `limits`: serve with the HTTP protocol
    `bcgraph serve` and `bcgraph dev` run, holding clients to these limits (else uvicorn's
    own). `log_config=None` leaves logging alone (records reach the root logger), from `log_level` up.
    `handover=False`: uvicorn's own WebSocket protocol, so graphql-transport-ws stays on the
    ASGI path (Strawberry's handler) instead of the gateway's protocol."""
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level=log_level,
        log_config=log_config,
        lifespan="on",
        timeout_keep_alive=keep_alive,
        http="auto" if limits is None else http_protocol(limits),
        # As `bcgraph serve` runs WebSockets: compressed only where the limits allow it,
        # graphql-transport-ws handed over to the gateway's own protocol.
        ws=HandoverProtocol if handover else "auto",
        ws_per_message_deflate=limits is not None and limits.ws_compression,
    )
    # As `bcgraph serve` runs it: event streams are drained before uvicorn waits on them.
    server = DrainingServer(config, drain_of(app))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.asynccontextmanager
async def serving(
    app: ASGIApp, *, keep_alive: float = 5, port: int | None = None, handover: bool = True
) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1 from this event loop, without running its lifespan (the
    caller's, already running: an in-process world whose parts share this loop). Yields
    its base URL; on the way out the server stops as `bcgraph serve` does, draining.
    `handover`: as in `serve`."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port or free_port(),
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=keep_alive,
        ws=HandoverProtocol if handover else "auto",
        ws_per_message_deflate=False,
    )
    server = DrainingServer(config, drain_of(app))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn did not start")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)
