"""Broadcast over each backend (memory, and a real Redis): channels are separate,
subscribe() always unsubscribes, a slow subscriber is ended instead of buffered. And
Multicast, which shares one source among listeners of the same key."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
import redis.asyncio as aioredis

from gateway.pubsub import Broadcast, PubSubConfig, SubscriberOverflow, open_backend
from gateway.pubsub.multicast import Multicast
from gateway.pubsub.records import RecordChange, channel
from tests.gateway.connect.services import REDIS_URL, require_redis
from tests.subscriptions.harness import eventually


@pytest.fixture(params=["memory", "redis"])
async def broadcast(request: pytest.FixtureRequest) -> AsyncIterator[Broadcast]:
    url = "memory://"
    if request.param == "redis":
        await require_redis()
        url = REDIS_URL
    hub = Broadcast(
        open_backend(PubSubConfig(url=url), namespace=f"t{uuid.uuid4().hex[:12]}"),
        queue_size=3,
    )
    await hub.connect()
    yield hub
    await hub.disconnect()


async def test_each_subscriber_gets_its_channels_messages_only(broadcast: Broadcast) -> None:
    async with (
        broadcast.subscribe("a") as first,
        broadcast.subscribe("a") as second,
        broadcast.subscribe("b") as other,
    ):
        await broadcast.publish("a", b'{"n": 1.10}')
        await broadcast.publish("b", b'{"n": 2}')
        one, two = await anext(first), await anext(second)
        assert one.value == {"n": Decimal("1.10")}  # exact, not float
        assert one.value is two.value  # decoded once, shared
        assert (await anext(other)).value == {"n": 2}
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1):
                await anext(first)


async def test_leaving_always_unsubscribes(broadcast: Broadcast) -> None:
    with pytest.raises(RuntimeError):
        async with broadcast.subscribe("c"):
            raise RuntimeError("the subscriber's code failed")

    async def wait_forever() -> None:
        async with broadcast.subscribe("c") as subscriber:
            await anext(subscriber)

    task = asyncio.create_task(wait_forever())

    async def listening() -> bool:
        return broadcast.subscriber_count == 1

    await eventually(listening)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert broadcast.subscriber_count == 0
    if type(broadcast._backend).__name__ == "RedisBackend":
        client = aioredis.Redis.from_url(REDIS_URL)
        try:
            counts = await client.pubsub_numsub(*await client.pubsub_channels())
            assert not [name for name, n in counts if b":pubsub:c" in name and n]
        finally:
            await client.aclose()


async def test_a_subscriber_that_falls_behind_is_ended(broadcast: Broadcast) -> None:
    async with broadcast.subscribe("d") as slow, broadcast.subscribe("d") as fast:
        for n in range(5):
            await broadcast.publish("d", str(n).encode())
            assert (await anext(fast)).value == n
        # Three fitted in slow's queue; the fourth ended it, and what it held is dropped.
        with pytest.raises(SubscriberOverflow) as ended:
            await anext(slow)
        assert ended.value.to_extensions()["code"] == "RATE_LIMITED"
        await broadcast.publish("d", b"5")
        assert (await anext(fast)).value == 5  # the others carry on


def test_record_changes_round_trip_with_exact_numbers() -> None:
    from gateway.bc.codec import decode_json

    change = RecordChange(
        "vendors", "updated", "v1", "C0", "2026-01-01T00:00:00Z", {"balance": Decimal("0.10")}, 5.0
    )
    assert RecordChange.decode(decode_json(change.encode())) == change
    # Company first (fixed length): no user id can make two pairs share a channel.
    assert channel("a:b", "00000000-0000-0000-0000-00000000000C") != channel(
        "a", "b:00000000-0000-0000-0000-00000000000c"
    )


async def test_multicast_shares_one_source_and_stops_it_with_the_last_listener() -> None:
    opened: list[str] = []
    closed: list[str] = []
    feeds: dict[str, asyncio.Queue[int]] = {"k": asyncio.Queue(), "other": asyncio.Queue()}

    def opener(key: str) -> Any:
        async def source() -> AsyncIterator[int]:
            opened.append(key)
            try:
                while True:
                    yield await feeds[key].get()
            finally:
                closed.append(key)

        async def open_source() -> AsyncIterator[int]:
            return source()

        return open_source

    shared: Multicast[int] = Multicast(queue_size=2)
    async with shared.listen("k", opener("k")) as one, shared.listen("k", opener("k")) as two:
        async with shared.listen("other", opener("other")):
            await feeds["k"].put(1)
            assert [await anext(one), await anext(two)] == [1, 1]
            assert sorted(opened) == ["k", "other"]  # one source per key, not per listener
        assert closed == ["other"]  # its last listener left
        # `two` falls behind (its queue holds 2): it alone is ended; `one` carries on.
        for n in (2, 3, 4):
            await feeds["k"].put(n)
            assert await anext(one) == n
        with pytest.raises(SubscriberOverflow):
            await anext(two)
        assert shared.listeners == 1
    assert shared.sources == 0 and sorted(closed) == ["k", "other"]
