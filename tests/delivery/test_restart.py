"""One machine's gateway (SQLite store, pub/sub in the process) stopped, BC changed while
none runs, and a new gateway started on the same file: its webhook registry is in the
file, so the BC subscription outlives the stop, and the new gateway reads what changed
meanwhile from the kept watermark, tells each change as the kept id set says, and queues
it for the backend's webhook."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.connections import ConnectionStoreConfig, generate_key
from tests.delivery.receiver import Receiver, new_secret, receiving
from tests.delivery.world import ANY, bc, fast_events, gateway
from tests.servers import free_port
from tests.subscriptions.harness import ALICE_ID, eventually
from tests.subscriptions.test_lifecycle import bc_subscriptions

Change = tuple[str, str]  # changeType, record id


@pytest.mark.parametrize("bc_keeps", [True, False], ids=["kept", "deleted-by-bc-meanwhile"])
async def test_changes_made_while_no_gateway_ran_reach_the_webhook(
    tmp_path: Path, bc_keeps: bool
) -> None:
    receiver = Receiver(new_secret())
    port = free_port()
    store = ConnectionStoreConfig(
        url=f"sqlite:///{tmp_path}/store.db", encryption_keys=(generate_key(),)
    )
    events = fast_events(url=f"http://127.0.0.1:{port}/hook", secret=receiver.secret)

    def got() -> set[Change]:
        return {(str(r.data["change"]), str(r.data["id"])) for r in receiver.got}

    async def received(wanted: set[Change]) -> None:
        async def arrived() -> bool:
            return wanted <= got()

        await eventually(arrived, within=20)

    # Kept: BC retries its failed notifications later than the new gateway starts.
    # Deleted: BC gives up on them while no gateway runs, and deletes the subscription.
    schedule = (60.0,) * 3 if bc_keeps else (0.05,) * 3
    with receiving(receiver, port):
        async with bc(retry_schedule=schedule) as world:
            client = world.bc[ALICE_ID]

            async def create(name: str) -> str:
                answer = await client.post("vendors", json={"displayName": name})
                assert answer.status_code == 201, answer.text
                return str(answer.json()["id"])

            async with gateway(world, store, events):
                async with world.socket() as ws:
                    await world.subscribe(ws, entities=["VENDOR"])
                    a, b = await create("A1"), await create("B1")
                    await received({("CREATED", a), ("CREATED", b)})
                before = await bc_subscriptions(client)
                assert len(before) == 1
            # Gateway A stopped gracefully: BC still has its subscription.
            assert await bc_subscriptions(client) == before
            # While no gateway runs: a creation, an update, a deletion.
            c = await create("C1")
            patched = await client.patch(f"vendors({a})", json={"displayName": "A2"}, headers=ANY)
            assert patched.status_code == 200, patched.text
            deleted = await client.delete(f"vendors({b})", headers=ANY)
            assert deleted.status_code == 204, deleted.text
            downtime = {("CREATED", c), ("UPDATED", a), ("DELETED", b)}
            if not bc_keeps:

                async def given_up() -> bool:
                    return not await bc_subscriptions(client)

                await eventually(given_up)
            async with gateway(world, store, events):
                await received(downtime)
                after = await bc_subscriptions(client)
                assert len(after) == 1
                same = after[0]["subscriptionId"] == before[0]["subscriptionId"]
                assert same == bc_keeps
                # A subscriber back on the new gateway: its changes are told as the id set
                # the catch-up kept says (C is known, so its change is an update).
                async with world.socket() as ws:
                    await world.subscribe(ws, entities=["VENDOR"])
                    patched = await client.patch(
                        f"vendors({c})", json={"displayName": "C2"}, headers=ANY
                    )
                    assert patched.status_code == 200, patched.text
                    d = await create("D1")
                    gone = await client.delete(f"vendors({a})", headers=ANY)
                    assert gone.status_code == 204, gone.text
                    wanted = {("VENDOR", "UPDATED", c), ("VENDOR", "CREATED", d)}
                    wanted.add(("VENDOR", "DELETED", a))
                    seen = await world.events(ws, wanted, within=10)
                    assert ("VENDOR", "CREATED", c) not in seen
                await received({("UPDATED", c), ("CREATED", d), ("DELETED", a)})
    # Nothing told under two kinds (C was created once), and every repeat (the old
    # gateway's changes read again from the watermark) under the id it had the first time.
    assert got() == {("CREATED", a), ("CREATED", b), *downtime, ("UPDATED", c)} | {
        ("CREATED", d),
        ("DELETED", a),
    }
    bodies: dict[str, set[bytes]] = {}
    for item in receiver.got:
        bodies.setdefault(item.webhook_id, set()).add(item.body)
    assert all(len(same) == 1 for same in bodies.values())
    assert receiver.refused == 0


async def test_a_gateway_whose_registry_goes_with_it_deletes_its_subscriptions() -> None:
    """memory:// store and pub/sub: nothing is kept, so nobody could verify what BC would
    send to the old subscription; it goes at the stop."""
    store = ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),))
    async with bc() as world:
        async with gateway(world, store, fast_events()):
            assert not world.webhooks().registry.durable
            async with world.socket() as ws:
                await world.subscribe(ws, entities=["VENDOR"])
            assert len(await bc_subscriptions(world.bc[ALICE_ID])) == 1
        assert await bc_subscriptions(world.bc[ALICE_ID]) == []
