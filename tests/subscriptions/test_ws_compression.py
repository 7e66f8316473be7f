"""WebSocket compression (permessage-deflate) as `bcgraph serve` runs it, over a real socket
with a client that offers it, as browsers do: declined by default (each compressing
socket holds about 46 KB of zlib state), taken when BCGRAPH_WS_COMPRESSION allows it, and
the protocol works either way."""

from __future__ import annotations

import json

import pytest
import websockets

from gateway.dev import dev_server
from gateway.limits import ServerLimits
from gateway.settings import Settings
from tests.servers import free_port, serve


@pytest.mark.parametrize("allowed", [False, True])
async def test_compression_is_offered_by_the_client_and_taken_only_when_allowed(
    allowed: bool,
) -> None:
    port = free_port()
    limits = ServerLimits(ws_compression=allowed)
    server = dev_server("127.0.0.1", port, server_limits=limits)
    with serve(server.app, port, limits=limits) as url:
        async with websockets.connect(
            url.replace("http", "ws") + "/graphql",
            subprotocols=["graphql-transport-ws"],
            compression="deflate",
        ) as ws:
            assert ws.request is not None and ws.response is not None
            assert "permessage-deflate" in ws.request.headers["Sec-WebSocket-Extensions"]
            taken = ws.response.headers.get("Sec-WebSocket-Extensions", "")
            assert ("permessage-deflate" in taken) is allowed
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"type": "ping"}))
            assert json.loads(await ws.recv())["type"] == "pong"


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).server.ws_compression is False
    on = Settings.from_env({"BCGRAPH_WS_COMPRESSION": "true"})
    assert on.server.ws_compression is True
