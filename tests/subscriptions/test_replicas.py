"""Two gateway replicas sharing Redis (connections, pub/sub, webhook registry): a
webhook one replica receives reaches subscribers on the other, and when a replica stops,
subscribers on the other lose nothing. Maintenance runs in one replica at a time."""

from __future__ import annotations

import asyncio

from tests.subscriptions.harness import ALICE_ID, eventually, live

ANY = {"If-Match": "*"}


async def test_a_webhook_received_by_one_replica_reaches_a_subscriber_on_the_other() -> None:
    async with live(replicas=2, redis=True) as world, world.socket(replica=1) as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR", "TAX_GROUP"], replica=1)
        receivers = [world.webhooks(i).receiver for i in (0, 1)]
        before = [r.accepted for r in receivers]
        vendor = await bc.first("vendors")
        await bc.patch(f"vendors({vendor['id']})", json={"displayName": "Across"}, headers=ANY)
        await world.events(ws, {("VENDOR", "UPDATED", vendor["id"])})
        # BC's POST went to replica 0 (the "load balancer" sends it there), not to 1.
        assert receivers[0].accepted > before[0] and receivers[1].accepted == before[1]
        # Polling (tax groups) runs on whichever replica holds the lease, and reaches 1.
        group = (await bc.post("taxGroups", json={"code": "ACROSS"})).json()
        await world.events(ws, {("TAX_GROUP", "CREATED", group["id"])})


async def test_when_a_replica_stops_the_others_subscribers_lose_nothing() -> None:
    async with live(replicas=2, redis=True) as world, world.socket(replica=1) as ws:
        bc = world.bc[ALICE_ID]
        await world.subscribe(ws, entities=["VENDOR"], replica=1)
        vendors = (await bc.get("vendors?$top=6")).json()["value"]

        async def change(n: int) -> None:
            vendor = vendors[n]
            await bc.patch(f"vendors({vendor['id']})", json={"displayName": f"S{n}"}, headers=ANY)

        # Changes before, during and after replica 0 (the one BC posts to) shuts down.
        await change(0)
        await change(1)
        stopping = asyncio.create_task(world.stop(0))
        await change(2)
        await stopping
        for n in (3, 4, 5):
            await change(n)
        seen = await world.events(ws, {("VENDOR", "UPDATED", v["id"]) for v in vendors})
        names = {seen[("VENDOR", "UPDATED", v["id"])]["record"]["displayName"] for v in vendors}
        assert names == {f"S{n}" for n in range(6)}
        # The survivor now receives BC's posts itself.
        assert world.webhooks(1).receiver.accepted > 0


async def test_maintenance_runs_in_one_replica_at_a_time() -> None:
    async with live(replicas=2, redis=True) as world:
        passes = [world.webhooks(i).maintenance for i in (0, 1)]
        store = world.runtime(0).store
        # Someone else holds the lease (taken between the replicas' own passes): neither
        # replica runs a pass.
        await eventually(lambda: store.acquire_lease("webhooks:maintenance", "elsewhere", 30))
        assert await asyncio.gather(*(m.run_once() for m in passes)) == [False, False]
        await store.release_lease("webhooks:maintenance", "elsewhere")
        ran = []
        for _ in range(10):
            results = await asyncio.gather(*(m.run_once() for m in passes))
            assert sum(results) <= 1, "two replicas ran maintenance at once"
            ran.append(sum(results))
        assert sum(ran) >= 1
