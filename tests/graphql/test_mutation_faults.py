"""A create that fails in flight is reported, never sent twice: BC may have applied it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from gateway.bc.client import BCClient
from gateway.bc.config import BCClientConfig
from gateway.bc.types import BCTarget
from gateway.bc.urls import api_root
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.seed import CRONUS_US_ID
from tests.conftest import ALICE, sandbox_settings
from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of
from tests.servers import serve
from tests.wires import NETWORK_WIRES, Recording, network_wire

CREATE = 'mutation { createVendor(input: {displayName: "Timed out"}) { id } }'


def posts(stats: dict[str, Any]) -> list[tuple[str, int]]:
    return [
        (row["entitySet"], row["status"])
        for row in stats["requests"]
        for _ in range(row["count"])
        if row["method"] == "POST"
    ]


async def test_a_504_on_create_is_unavailable_and_not_retried(gw: Gateway) -> None:
    await gw.reset_stats()
    await gw.http.put("/_sandbox/faults", json={"rate_504": 1.0})
    try:
        error = error_of(await gw.execute(CREATE))
    finally:
        await gw.http.delete("/_sandbox/faults")
    assert error["code"] == "UPSTREAM_UNAVAILABLE"
    assert posts(await gw.stats()) == [("vendors", 504)]


async def test_a_batch_of_creates_that_fails_is_sent_once(gw: Gateway) -> None:
    await gw.reset_stats()
    await gw.http.put("/_sandbox/faults", json={"rate_504": 1.0})
    try:
        result = await gw.execute(
            'mutation { a: createVendor(input: {displayName: "A"}) { id } '
            'b: createVendor(input: {displayName: "B"}) { id } }'
        )
    finally:
        await gw.http.delete("/_sandbox/faults")
    assert error_of(result)["code"] == "UPSTREAM_UNAVAILABLE"
    assert posts(await gw.stats()) == [("$batch", 504)]


@NETWORK_WIRES
async def test_a_create_that_timed_out_is_never_sent_twice(wire_kind: str) -> None:
    """Over a real socket: BC answers later than the gateway's read timeout. The gateway
    cannot know whether BC created the vendor, says so, and does not send it again."""
    app = create_sandbox(sandbox_settings())
    token = app.state.sandbox.identity.issue_access_token(user=ALICE)
    with serve(app) as base:
        config = BCClientConfig(read_timeout=0.2)
        wire = Recording(network_wire(wire_kind, config))
        sent = wire.sent
        client = BCClient(wire, config)
        admin = httpx.AsyncClient(base_url=base)

        async def access_token() -> str:
            return str(token)

        root = api_root(base, CONTOSO_TENANT, "production")
        target = BCTarget(key=ALICE, api_root=root, access_token=access_token)
        gw = Gateway(ALICE, client, target, CRONUS_US_ID, admin)
        try:
            await admin.put("/_sandbox/faults", json={"latency_ms": 500})
            error = error_of(await gw.execute(CREATE))
            assert error["code"] == "UPSTREAM_UNAVAILABLE" and error["outcomeUnknown"] is True
            assert "unknown" in error["message"]
            await asyncio.sleep(0.6)  # past BC's answer: a late retry would show up now
            assert sent == ["POST"]
        finally:
            await admin.delete("/_sandbox/faults")
            await client.aclose()
            await wire.aclose()
            await admin.aclose()
