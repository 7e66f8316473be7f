"""The per-user rate limit over WebSockets: each operation a client starts takes a token
from the user's bucket (the one HTTP requests take from), and an empty bucket refuses that
operation in the protocol's own way while the socket, and the user's other operations on
it, go on."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from gateway.limits import LimitsConfig
from tests.conftest import ALICE
from tests.gateway.stack import Stack, running_stack
from tests.subscriptions.harness import ALICE_ID, EVENTS, live
from tests.subscriptions.wsclient import LEGACY_WS, socket

COMPANIES = "{ companies { id } }"
# Two a second: an empty bucket has a token again within 0.5 s, so a test waits little.
FAST = LimitsConfig(rate_per_second=2.0, rate_burst=2)
REFUSAL = {
    "message": "Too many requests for this user; try again in 1 s.",
    "extensions": {"code": "RATE_LIMITED", "retryAfter": 1},
}
REFILLED = 0.6


async def refusals(stack: Stack) -> float:
    metrics = (await stack.http.get("/metrics")).text
    found = re.search(r"^bcgraph_rate_limited_total (\S+)$", metrics, re.MULTILINE)
    assert found is not None
    return float(found.group(1))


async def exhaust(stack: Stack, user_id: str) -> None:
    """Spends the user's bucket over HTTP, until a request is refused."""
    for _ in range(10):
        if (await stack.graphql(user_id, COMPANIES)).status_code == 429:
            return
    raise AssertionError("never rate limited")


async def ran(ws: Any, op_id: str) -> dict[str, Any]:
    """A query's one result, then its completion."""
    result = await ws.next_for(op_id)
    assert result["type"] == "next" and "errors" not in result["payload"], result
    assert (await ws.next_for(op_id))["type"] == "complete"
    data: dict[str, Any] = result["payload"]["data"]
    return data


async def test_graphql_transport_ws_refuses_an_operation_with_an_error_message() -> None:
    async with running_stack(limits=FAST) as stack:
        for user_id in ("user-a", "user-b"):
            assert (await stack.connect(user_id, ALICE)).status_code == 200
        async with socket(stack.gateway) as ws, socket(stack.gateway) as other:
            for user_id, each in (("user-a", ws), ("user-b", other)):
                ack = await each.init({"authorization": f"Bearer {stack.token(user_id)}"})
                assert ack["type"] == "connection_ack"
            # Three operations at once on a bucket of two: the third is refused alone.
            for op_id in ("1", "2", "3"):
                await ws.subscribe(op_id, COMPANIES)
            assert await ws.next_for("3") == {"id": "3", "type": "error", "payload": [REFUSAL]}
            assert (await ran(ws, "1"))["companies"]
            assert (await ran(ws, "2"))["companies"]
            assert await refusals(stack) == 1
            # Another user's bucket is their own.
            await other.subscribe("1", COMPANIES)
            assert (await ran(other, "1"))["companies"]
            # The socket is still open; once the bucket has a token again, the refused
            # id runs like any other.
            await asyncio.sleep(REFILLED)
            await ws.subscribe("3", COMPANIES)
            assert (await ran(ws, "3"))["companies"]
            assert ws.closed is None


async def test_graphql_ws_refuses_a_start_with_an_error_message() -> None:
    limits = LimitsConfig(rate_per_second=2.0, rate_burst=1)
    async with live(limits=limits) as world, world.socket(protocol=LEGACY_WS) as ws:
        bc = world.bc[ALICE_ID]
        variables = {"entities": ["VENDOR"], "company": bc.company_id}
        await world.subscribe(ws, "1", entities=["VENDOR"])
        await exhaust(world.stack, ALICE_ID)
        before = await refusals(world.stack)
        await ws.subscribe("2", EVENTS, variables)
        assert await ws.next_for("2") == {"type": "error", "id": "2", "payload": REFUSAL}
        assert await refusals(world.stack) == before + 1
        # A start for a running id replaces that operation (Strawberry ends the old one
        # first); refused, nothing runs under the id any more.
        await exhaust(world.stack, ALICE_ID)
        await ws.subscribe("1", EVENTS, variables)
        assert await ws.next_for("1") == {"type": "complete", "id": "1"}
        assert await ws.next_for("1") == {"type": "error", "id": "1", "payload": REFUSAL}
        # The socket is still open: once the bucket has a token again, a subscription on
        # it receives BC's changes.
        await asyncio.sleep(REFILLED)
        await world.subscribe(ws, "3", entities=["VENDOR"])
        vendor = await bc.first("vendors")
        changed = await bc.patch(
            f"vendors({vendor['id']})", json={"displayName": "After"}, headers={"If-Match": "*"}
        )
        assert changed.status_code == 200, changed.text
        await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])}, op_id="3")
        assert [m for m in await ws.quiet(0.2) if m.get("id") in ("1", "2")] == []
