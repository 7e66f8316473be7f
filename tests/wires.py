"""The two wires the BC client can run over a real socket, for tests that check both, and a
wire wrapper that records what was sent."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from gateway.bc.config import BCClientConfig
from gateway.bc.wire import (
    AiohttpWire,
    HttpxWire,
    Wire,
    WireRequest,
    WireResponse,
    create_http_client,
)

# aiohttp is what the gateway uses on the network; httpx is what it uses over a transport
# of the caller's (and was the only wire before): both must fail the same way.
NETWORK_WIRES = pytest.mark.parametrize("wire_kind", ["aiohttp", "httpx"])


def network_wire(kind: str, config: BCClientConfig) -> Wire:
    if kind == "aiohttp":
        return AiohttpWire(config)
    return HttpxWire(create_http_client(config))


@dataclass
class Recording:
    """Passes every request on to `inner`, noting the method of those to BC's API."""

    inner: Wire
    sent: list[str] = field(default_factory=list)

    async def send(self, request: WireRequest) -> WireResponse:
        if "/api/v2.0/" in request.url:
            self.sent.append(request.method)
        return await self.inner.send(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
