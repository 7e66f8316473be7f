"""The queue's contract (gateway/delivery/queue.py) on every backend: real SQLite, Redis
and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.delivery.queue import DeliveryQueue, Item, StoredTarget
from tests.delivery.queues import BACKENDS, namespace_of, opened, queue_url

T0 = 1_800_000_000.0


def item(event_id: str, record: str = "r1", at: float = T0) -> Item:
    return Item(event_id, "u-alice", record, f'{{"id":"{event_id}"}}'.encode(), at)


@pytest.fixture(params=BACKENDS)
async def spec(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    async with namespace_of(request.param) as namespace:
        yield queue_url(request.param, tmp_path), namespace


# memory:// is gone with its process and has one taker: the durable queues only.
@pytest.fixture(params=[b for b in BACKENDS if b != "memory"])
async def durable(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    async with namespace_of(request.param) as namespace:
        yield queue_url(request.param, tmp_path), namespace


@pytest.fixture
async def queue(spec: tuple[str, str]) -> AsyncIterator[DeliveryQueue]:
    async with opened(*spec) as q:
        yield q


async def test_one_record_goes_out_in_order_one_at_a_time(queue: DeliveryQueue) -> None:
    await queue.enqueue([item("a1", "A"), item("b1", "B"), item("a2", "A"), item("a3", "A")])
    first = await queue.lease(T0, T0 + 60, 10, "w1")
    assert sorted(i.id for i in first) == ["a1", "b1"]
    assert all(i.attempts == 1 and i.lease == "w1" for i in first)
    # a1 in flight: A's later events wait, whoever asks.
    assert await queue.lease(T0, T0 + 60, 10, "w2") == []
    a1 = next(i for i in first if i.id == "a1")
    await queue.ack(a1, T0)
    second = await queue.lease(T0, T0 + 60, 10, "w2")
    assert [i.id for i in second] == ["a2"]
    assert await queue.depth() == 3  # b1 (in flight), a2, a3


async def test_the_same_event_enqueued_twice_is_one_item(queue: DeliveryQueue) -> None:
    await queue.enqueue([item("e1")])
    await queue.enqueue([item("e1")])
    assert await queue.depth() == 1
    taken = await queue.lease(T0, T0 + 60, 10, "w")
    await queue.ack(taken[0], T0)
    assert await queue.lease(T0 + 120, T0 + 180, 10, "w") == []
    assert await queue.depth() == 0


async def test_a_lease_that_runs_out_is_taken_again(queue: DeliveryQueue) -> None:
    await queue.enqueue([item("e1"), item("e2")])
    (taken,) = await queue.lease(T0, T0 + 30, 10, "crashed")
    assert taken.id == "e1"
    assert await queue.lease(T0 + 29, T0 + 59, 10, "w2") == []
    (again,) = await queue.lease(T0 + 31, T0 + 61, 10, "w2")
    assert (again.id, again.attempts, again.lease) == ("e1", 2, "w2")
    # The crashed worker's late answer no longer counts: only the holder retries.
    assert not await queue.retry(taken, T0 + 100, "late")
    assert not await queue.dead(taken, T0 + 100, "late")
    assert await queue.retry(again, T0 + 100, "receiver answered 500")
    # Waiting for its retry, e1 still holds e2 back.
    assert await queue.lease(T0 + 99, T0 + 130, 10, "w3") == []
    (retried,) = await queue.lease(T0 + 100, T0 + 130, 10, "w3")
    assert (retried.id, retried.attempts, retried.error) == ("e1", 3, "receiver answered 500")


async def test_dead_letters_free_the_record_and_can_be_replayed(queue: DeliveryQueue) -> None:
    await queue.enqueue([item("e1"), item("e2"), item("x1", "X")])
    taken = {i.id: i for i in await queue.lease(T0, T0 + 60, 10, "w")}
    assert await queue.dead(taken["e1"], T0 + 1, "receiver answered 410")
    assert await queue.dead(taken["x1"], T0 + 2, "gone")
    (dead_e1, dead_x1) = await queue.dead_letters()
    assert (dead_e1.id, dead_e1.error, dead_e1.dead_at) == ("e1", "receiver answered 410", T0 + 1)
    assert dead_x1.id == "x1"
    assert await queue.depth() == 1
    (e2,) = await queue.lease(T0 + 1, T0 + 61, 10, "w")
    assert e2.id == "e2"
    # Replayed, e1 goes behind what its record has queued: e2, in flight.
    assert await queue.replay(["e1", "nope"], T0 + 5) == 1
    assert [i.id for i in await queue.dead_letters()] == ["x1"]
    assert await queue.lease(T0 + 5, T0 + 65, 10, "w") == []
    await queue.ack(e2, T0 + 6)
    (replayed,) = await queue.lease(T0 + 6, T0 + 66, 10, "w")
    assert (replayed.id, replayed.attempts, replayed.body) == ("e1", 1, b'{"id":"e1"}')
    assert await queue.replay(None, T0 + 7) == 1
    assert await queue.dead_letters() == []
    assert [i.id for i in await queue.lease(T0 + 7, T0 + 67, 10, "w")] == ["x1"]


async def test_the_queue_survives_a_restart(durable: tuple[str, str]) -> None:
    url, namespace = durable
    async with opened(url, namespace) as first:
        await first.enqueue([item("e1"), item("e2")])
        await first.lease(T0, T0 + 30, 10, "crashed")
        await first.set_target("u-alice", StoredTarget("https://x.example/h", b"sealed"))
    async with opened(url, namespace) as second:
        assert await second.depth() == 2
        assert await second.lease(T0 + 1, T0 + 31, 10, "w") == []
        (again,) = await second.lease(T0 + 31, T0 + 61, 10, "w")
        assert (again.id, again.attempts) == ("e1", 2)
        assert await second.target("u-alice") == StoredTarget("https://x.example/h", b"sealed")
        await second.set_target("u-alice", None)
        assert await second.target("u-alice") is None


async def test_two_takers_at_once_never_share_an_event(durable: tuple[str, str]) -> None:
    url, namespace = durable
    async with opened(url, namespace) as one, opened(url, namespace) as two:
        await one.enqueue([item(f"e{n}", f"r{n % 7}") for n in range(40)])
        taken: list[str] = []
        for step in range(12):
            now = T0 + step
            batches = await asyncio.gather(
                one.lease(now, now + 600, 5, "one"), two.lease(now, now + 600, 5, "two")
            )
            for batch, queue in zip(batches, (one, two), strict=True):
                for leased in batch:
                    taken.append(leased.id)
                    await queue.ack(leased, now)
        assert sorted(taken) == sorted(f"e{n}" for n in range(40))
        assert len(taken) == len(set(taken))
        # Each record's events went out in the order they were queued.
        for r in range(7):
            mine = [t for t in taken if int(t[1:]) % 7 == r]
            assert mine == sorted(mine, key=lambda t: int(t[1:]))
