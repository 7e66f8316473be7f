"""Webhook delivery faults: BC's notifications to the gateway fail or are lost on the way,
and every change still reaches the GraphQL subscriber exactly as an event.

Reuses the live-events harness of tests/subscriptions (the sandbox delivers its webhooks
into the gateway in-process; subscriptions run over a WebSocket). The sandbox's faults:
`webhook_fail_rate` answers a delivery as if the gateway had failed (503: BC retries on its
schedule, then deletes the subscription, which the gateway notices, re-creates and catches up
from its watermark); `webhook_drop_rate` loses a delivery silently (BC believes it arrived),
and only the gateway's periodic reconciliation finds those changes.
"""

from __future__ import annotations

import asyncio

from tests.subscriptions.harness import ALICE_ID, Live, live

CHANGES = 20


async def create_vendors_and_expect_events(world: Live, within: float) -> dict[str, set[str]]:
    """Creates vendors one by one; returns, per vendor id, the change types its events had.

    Any change type counts as "not lost" here; the tests say which they expect. No vendor
    may have two events: each creation is published once."""
    bc = world.bc[ALICE_ID]
    seen: dict[str, set[str]] = {}
    async with world.socket() as ws:
        await world.subscribe(ws, entities=["VENDOR"])
        await world.stack.idp.delete("/_sandbox/stats")
        ids = set()
        for i in range(CHANGES):
            created = await bc.post("vendors", json={"displayName": f"webhook fault {i}"})
            assert created.status_code == 201, created.text
            ids.add(created.json()["id"])
            # Apart, so that changes go in several deliveries (BC sends the changes that
            # wait together in one POST) and meet faults of their own.
            await asyncio.sleep(0.03)
        deadline = asyncio.get_running_loop().time() + within
        while not ids <= seen.keys():
            left = deadline - asyncio.get_running_loop().time()
            try:
                message = await ws.receive(max(left, 0.0))
            except TimeoutError:  # the socket went quiet with events still missing
                break
            assert message["type"] == "next", message
            payload = message["payload"]
            assert "errors" not in payload, payload
            event = payload["data"]["recordChanged"]
            assert event["recordId"] not in seen, f"published twice: {event}"
            seen.setdefault(event["recordId"], set()).add(event["changeType"])
    missing = ids - seen.keys()
    assert not missing, f"{len(missing)} of {CHANGES} changes never reached the subscriber"
    return seen


async def test_failing_deliveries_lose_no_event() -> None:
    async with live() as world:
        await world.stack.idp.put("/_sandbox/faults", json={"webhook_fail_rate": 0.5})
        await create_vendors_and_expect_events(world, within=10.0)
        deliveries = (await world.stack.idp.get("/_sandbox/stats")).json()["webhookDeliveries"]
    # The faults were real: deliveries were answered 503 and BC sent them again.
    assert deliveries.get("503", 0) > 0 and deliveries.get("202", 0) > 0, deliveries


async def test_dropped_deliveries_lose_no_event() -> None:
    # The harness reconciles every 0.2 s, 1 s behind: a lost change comes within ~1.3 s.
    async with live() as world:
        await world.stack.idp.put("/_sandbox/faults", json={"webhook_drop_rate": 0.3})
        seen = await create_vendors_and_expect_events(world, within=5.0)
        deliveries = (await world.stack.idp.get("/_sandbox/stats")).json()["webhookDeliveries"]
    # The faults were real: deliveries were lost, and their changes came all the same, as
    # creations: the watch's id set did not hold them (gateway/webhooks/idsets.py).
    assert deliveries.get("drop", 0) > 0 and deliveries.get("202", 0) > 0, deliveries
    assert all(types == {"CREATED"} for types in seen.values()), seen
