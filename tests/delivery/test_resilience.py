"""The required one: the receiver dies mid-stream, then the gateway dies holding an event
in flight; both come back, and every event arrives, duplicates only under one webhook-id.

The gateway's death is its delivery worker's task cancelled as a crash ends it (nothing
acknowledged or handed back), then the rest of the app shut down; the new gateway is
another app over the same stores. The queue is each shared store in turn.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.connections import ConnectionStoreConfig, generate_key
from tests.delivery.queues import namespace_of, queue_url
from tests.delivery.receiver import Receiver, new_secret, receiving
from tests.delivery.world import ANY, bc, crash_delivery_worker, fast_events, gateway
from tests.servers import free_port
from tests.subscriptions.harness import ALICE_ID, Live, eventually
from tests.subscriptions.wsclient import Socket

Change = tuple[str, str, str]  # changeType, record id, occurredAt


@contextlib.asynccontextmanager
async def black_hole(port: int) -> AsyncIterator[list[int]]:
    """Accepts connections on `port` and never answers: a receiver hung mid-request."""
    held: list[asyncio.StreamWriter] = []
    count: list[int] = []

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        count.append(1)

    server = await asyncio.start_server(hang, "127.0.0.1", port, reuse_address=True)
    try:
        yield count
    finally:
        server.close()
        await server.wait_closed()
        # A connection accepted as the server closed gets its handler now, and is held.
        await asyncio.sleep(0.05)
        for writer in held:
            writer.close()
        for writer in held:
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


async def write(world: Live, ws: Socket, expected: list[Change], n: int, vid: str | None) -> str:
    """One change to BC (a new vendor, or vendor `vid` renamed), seen published."""
    client = world.bc[ALICE_ID]
    if vid is None:
        vid = (await client.post("vendors", json={"displayName": f"R{n}"})).json()["id"]
        kind = "CREATED"
    else:
        await client.patch(f"vendors({vid})", json={"displayName": f"R{n}"}, headers=ANY)
        kind = "UPDATED"
    seen = await world.events(ws, {("VENDOR", kind, vid)}, within=10)
    expected.append((kind, vid, seen[("VENDOR", kind, vid)]["occurredAt"]))
    return vid


@pytest.mark.parametrize("backend", ["sqlite", "redis", "postgres"])
async def test_receiver_then_gateway_killed_mid_stream(tmp_path: Path, backend: str) -> None:
    receiver = Receiver(new_secret())
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    store = ConnectionStoreConfig(
        url=f"sqlite:///{tmp_path}/store.db", encryption_keys=(generate_key(),)
    )
    expected: list[Change] = []
    async with namespace_of(backend) as namespace, bc() as world:
        events = fast_events(
            url=url, secret=receiver.secret, queue_url=queue_url(backend, tmp_path)
        )
        store = ConnectionStoreConfig(
            url=store.url, encryption_keys=store.encryption_keys, namespace=namespace
        )
        async with gateway(world, store, events):
            async with world.socket() as ws:
                await world.subscribe(ws, entities=["VENDOR"])
                with receiving(receiver, port):
                    a = await write(world, ws, expected, 1, None)
                    b = await write(world, ws, expected, 2, None)
                    await write(world, ws, expected, 3, a)

                    async def first_ones() -> bool:
                        return len(receiver.got) >= 2

                    await eventually(first_ones, within=10)
                # The receiver is gone: these wait in the queue, retried.
                await write(world, ws, expected, 4, b)
                await write(world, ws, expected, 5, a)
                c = await write(world, ws, expected, 6, None)
                await write(world, ws, expected, 7, c)
                async with black_hole(port) as hung:

                    async def in_flight() -> bool:
                        return bool(hung)

                    await eventually(in_flight, within=10)
                    crash_delivery_worker()
        # Both come back: the receiver, and a new gateway over the same stores.
        with receiving(receiver, port):
            async with gateway(world, store, events):

                async def everything() -> bool:
                    return {_change(r.data) for r in receiver.got} >= set(expected)

                await eventually(everything, within=30)
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for got in receiver.got:
        bodies[got.webhook_id].add(got.body)
    # Each change has one id, and a duplicate is the same body under the same id.
    assert len(bodies) == len(expected) == len(set(expected))
    assert all(len(same) == 1 for same in bodies.values())
    assert {_change(r.data) for r in receiver.got} == set(expected)
    # Each record's changes were first delivered in the order they were made.
    first_seen: list[Change] = []
    for got in receiver.got:
        if _change(got.data) not in first_seen:
            first_seen.append(_change(got.data))
    for vid in {v for _, v, _ in expected}:
        assert [c for c in first_seen if c[1] == vid] == [c for c in expected if c[1] == vid]
    assert receiver.refused == 0


def _change(data: dict[str, object]) -> Change:
    return (str(data["change"]), str(data["id"]), str(data["occurredAt"]))
