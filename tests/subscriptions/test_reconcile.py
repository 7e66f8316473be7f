"""Reconciliation: a notification BC believes it delivered but that never arrived is found
by the gateway's periodic `lastModifiedDateTime` read, published once, and
never published a second time, whether its notification is lost, late or on time. It
asks BC nothing for a watch nobody subscribes to, at most once per interval for one that
somebody does, and only from the replica holding the maintenance lease."""

from __future__ import annotations

import asyncio

from gateway.webhooks.model import epoch
from sandbox.settings import WebhookSettings
from tests.subscriptions.harness import ALICE_ID, Live, eventually, fast_webhooks, live
from tests.subscriptions.wsclient import Socket

ANY = {"If-Match": "*"}
LEASE = "webhooks:maintenance"


def vendor_reads(world: Live) -> int:
    """GETs of vendors BC served: with every notification lost, only reconciliation's."""
    return sum(
        n
        for (method, entity_set, _status, _batch), n in world.sandbox.stats.requests.items()
        if method == "GET" and entity_set == "vendors"
    )


async def nothing_more(ws: Socket, seconds: float) -> None:
    extra = [m for m in await ws.quiet(seconds) if m.get("id") == "1"]
    assert extra == [], f"published again: {extra}"


async def reconciled_past(world: Live, modified: str) -> bool:
    [watch] = await world.webhooks().registry.all()
    return watch.reconciled >= epoch(modified)


async def test_a_lost_notification_is_published_once() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        created = (await bc.post("vendors", json={"displayName": "Lost once"})).json()
        vid = created["id"]
        # The watch's id set did not hold it: a creation (test_reconcile_ids.py).
        seen = await world.events(ws, {("VENDOR", "CREATED", vid)}, within=5.0)
        assert seen[("VENDOR", "CREATED", vid)]["record"]["displayName"] == "Lost once"
        # A later change of the same record is a change of its own.
        await bc.patch(f"vendors({vid})", json={"displayName": "Lost twice"}, headers=ANY)
        seen = await world.events(ws, {("VENDOR", "UPDATED", vid)}, within=5.0)
        assert seen[("VENDOR", "UPDATED", vid)]["record"]["displayName"] == "Lost twice"
        # Passes that follow (every 0.2 s) find nothing new to say.
        await nothing_more(ws, 1.0)
        assert world.sandbox.stats.webhooks["drop"] >= 2


async def test_a_notification_on_time_is_not_published_again_by_reconciliation() -> None:
    async with live() as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        created = (await bc.post("vendors", json={"displayName": "On time"})).json()
        await world.events(ws, {("VENDOR", "CREATED", created["id"])})
        # Reconciliation reads the window with this change in it (1 s later), and is quiet.
        await eventually(lambda: reconciled_past(world, created["lastModifiedDateTime"]))
        assert vendor_reads(world) > 0
        await nothing_more(ws, 0.3)


async def test_a_late_notification_is_not_published_again_after_reconciliation() -> None:
    # BC's notification comes 2 s after the change; reconciliation looks after 0.3 s.
    late = WebhookSettings(delay_seconds=2.0, retry_schedule=(0.05, 0.05, 0.05))
    fast = fast_webhooks(reconcile_lag_seconds=0.3)
    async with live(webhooks=fast, sandbox_webhooks=late) as world, world.socket() as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"])
        receiver = world.webhooks().receiver
        before = receiver.accepted
        vid = (await bc.post("vendors", json={"displayName": "Late"})).json()["id"]
        await world.events(ws, {("VENDOR", "CREATED", vid)}, within=1.8)
        assert receiver.accepted == before, "the notification was not late after all"

        async def arrived() -> bool:
            return receiver.accepted > before

        await eventually(arrived)
        # The notification was taken (and its record fetched), its change not told twice.
        await nothing_more(ws, 0.5)


async def test_nothing_is_asked_of_bc_without_a_watch_or_without_a_subscriber() -> None:
    async with live() as world:
        world.sandbox.stats.reset()
        # Five reconcile intervals, no watch at all: not one request.
        await asyncio.sleep(1.0)
        assert sum(world.sandbox.stats.requests.values()) == 0
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["VENDOR"])
            await ws.stop("1")
        webhooks = world.webhooks()
        [watch] = await webhooks.registry.all()

        async def nobody() -> bool:
            return not await webhooks.registry.interested(watch.topic)

        await eventually(nobody)
        world.sandbox.stats.reset()
        # The watch lives on (idle grace); its windows pass without a read of BC.
        await asyncio.sleep(1.6)
        assert vendor_reads(world) == 0
        [idle] = await webhooks.registry.all()
        assert idle.reconciled > watch.reconciled


async def test_reconciliation_reads_bc_at_most_once_per_interval() -> None:
    fast = fast_webhooks(reconcile_seconds=0.5, reconcile_lag_seconds=0.2)
    async with live(webhooks=fast) as world, world.socket() as ws:
        await world.subscribe(ws, entities=["VENDOR"])
        world.sandbox.stats.reset()
        await asyncio.sleep(2.1)
        # Each pass reads the window and counts the records (idsets.py): two reads.
        assert 1 <= vendor_reads(world) <= 10, world.sandbox.stats.requests


async def test_only_the_replica_holding_the_lease_reconciles_and_publishes_once() -> None:
    async with live(replicas=2, redis=True) as world, world.socket(replica=1) as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"], replica=1)
        world.sandbox.faults.update({"webhook_drop_rate": 1.0})
        store = world.runtime(0).store
        # Someone else holds the maintenance lease: neither replica reconciles.
        await eventually(lambda: store.acquire_lease(LEASE, "elsewhere", 30))
        world.sandbox.stats.reset()
        vid = (await bc.post("vendors", json={"displayName": "Leased"})).json()["id"]
        await nothing_more(ws, 1.8)  # the 1 s lag and several intervals
        assert vendor_reads(world) == 0
        await store.release_lease(LEASE, "elsewhere")
        # Both replicas run passes again, one at a time: the change comes once.
        await world.events(ws, {("VENDOR", "CREATED", vid)}, within=5.0, op_id="1")
        await nothing_more(ws, 1.0)
