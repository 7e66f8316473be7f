"""`bcgraph dev` in its own process runs the HTTP protocol that holds clients to the server
limits, at their defaults (tests/gateway/test_slow_clients.py tests each limit)."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit

from tests.e2e.conftest import DevGateway


async def test_bcgraph_dev_answers_64_kib_of_headers_with_431(dev_gateway: DevGateway) -> None:
    address = urlsplit(dev_gateway.url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        pad = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(64))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n" + pad + b"\r\n")
        async with asyncio.timeout(15):
            answer = await reader.read()  # until the server closes
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431 ")
    assert json.loads(body)["errors"][0]["extensions"]["maxBytes"] == 32768
