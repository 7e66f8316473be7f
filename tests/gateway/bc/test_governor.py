"""The per-connection governor: BC's 5-at-once and rate window kept on our side, FIFO,
back-off after a 429, and no state left behind for idle connections."""

from __future__ import annotations

import asyncio

import pytest

from gateway.bc.config import BCClientConfig
from gateway.bc.governor import Governor
from gateway.errors import RateLimited
from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings
from tests.conftest import sandbox_settings
from tests.gateway.bc.conftest import FakeTime, World, close_world, make_world


def governor(time: FakeTime, **limits: object) -> Governor:
    return Governor(clock=time.clock, sleep=time.sleep, **limits)  # type: ignore[arg-type]


async def test_limits_concurrency_and_keeps_fifo_order() -> None:
    gov = governor(FakeTime(), max_concurrent=2, rate_limit=None)
    started: list[int] = []
    release = asyncio.Event()

    async def call(n: int) -> None:
        async with gov.slot("k"):
            started.append(n)
            await release.wait()

    tasks = [asyncio.create_task(call(n)) for n in range(6)]
    await asyncio.sleep(0.01)
    assert started == [0, 1] and gov.in_flight("k") == 2
    release.set()
    await asyncio.gather(*tasks)
    assert started == [0, 1, 2, 3, 4, 5]
    assert gov.tracked_keys() == 0  # idle, no rate window to remember: forgotten


async def test_keys_are_independent() -> None:
    gov = governor(FakeTime(), max_concurrent=1)
    await gov.acquire("a")
    await asyncio.wait_for(gov.acquire("b"), 0.1)  # "a" being full does not hold "b"
    gov.release("a")
    gov.release("b")


async def test_rate_window_holds_then_admits() -> None:
    time = FakeTime()
    gov = governor(time, rate_limit=3, rate_window=60.0)
    for _ in range(3):
        await gov.acquire("k")
        gov.release("k")
    await gov.acquire("k")  # waits on fake time until the window has room
    gov.release("k")
    assert time.sleeps == [61.0]  # window + one bucket: erring late, never early
    assert time.now == 1061.0


async def test_back_off_holds_new_calls() -> None:
    time = FakeTime()
    gov = governor(time)
    gov.back_off("k", 5.0)
    await gov.acquire("k")
    gov.release("k")
    assert time.sleeps == [5.0]


async def test_idle_keys_with_a_window_are_swept() -> None:
    time = FakeTime()
    gov = governor(time, rate_limit=100, rate_window=60.0)
    for key in ("a", "b", "c"):
        await gov.acquire(key)
        gov.release(key)
    assert gov.tracked_keys() == 3  # their windows still count
    time.now += 62.0
    await gov.acquire("d")  # a new key sweeps the expired ones
    gov.release("d")
    assert gov.tracked_keys() == 1


async def test_cancelled_waiters_leave_the_queue() -> None:
    gov = governor(FakeTime(), max_concurrent=1, rate_limit=None)
    await gov.acquire("k")
    waiting = asyncio.create_task(gov.acquire("k"))
    after = asyncio.create_task(gov.acquire("k"))
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    gov.release("k")
    await asyncio.wait_for(after, 0.1)  # the cancelled waiter did not keep the slot
    gov.release("k")
    assert gov.tracked_keys() == 0


async def test_a_slot_granted_to_a_cancelled_waiter_is_handed_on() -> None:
    gov = governor(FakeTime(), max_concurrent=1)
    await gov.acquire("k")
    first = asyncio.create_task(gov.acquire("k"))
    second = asyncio.create_task(gov.acquire("k"))
    await asyncio.sleep(0)
    gov.release("k")  # grants `first`...
    first.cancel()  # ...which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, 0.1)
    assert gov.in_flight("k") == 1


async def test_queue_is_bounded() -> None:
    gov = governor(FakeTime(), max_concurrent=1, max_queued=2)
    await gov.acquire("k")
    queued = [asyncio.create_task(gov.acquire("k")) for _ in range(2)]
    await asyncio.sleep(0)
    with pytest.raises(RateLimited):
        await gov.acquire("k")
    for task in queued:
        task.cancel()
    await asyncio.gather(*queued, return_exceptions=True)


# --- against the sandbox -------------------------------------------------------------


async def strict_world(config: BCClientConfig | None = None) -> World:
    """A sandbox that answers 429 to a 6th concurrent request instead of queueing it."""
    limits = LimitSettings(max_concurrent_per_user=5, max_queued_per_user=0)
    return await make_world(create_sandbox(sandbox_settings(limits=limits)), config)


async def test_twenty_concurrent_calls_never_exceed_five() -> None:
    world = await strict_world()
    try:
        await world.admin.faults(latency_ms=50)
        await world.admin.reset_stats()
        path = str(world.company().child("vendors"))
        responses = await asyncio.gather(*(world.get(path, **{"$top": "1"}) for _ in range(20)))
        assert [r.status for r in responses] == [200] * 20
        stats = await world.admin.stats()
        assert list(stats["peakConcurrencyByUser"].values()) == [5]
        assert {row["status"] for row in stats["requests"]} == {200}  # no 429
        assert stats["httpRequests"] == 20
    finally:
        await close_world(world)


async def test_a_lower_limit_is_kept_too() -> None:
    world = await strict_world(BCClientConfig(max_concurrent_per_key=2))
    try:
        await world.admin.faults(latency_ms=20)
        await world.admin.reset_stats()
        path = str(world.company().child("vendors"))
        await asyncio.gather(*(world.get(path, **{"$top": "1"}) for _ in range(8)))
        assert list((await world.admin.stats())["peakConcurrencyByUser"].values()) == [2]
    finally:
        await close_world(world)


async def test_a_429_holds_the_whole_connection() -> None:
    world = await make_world(config=BCClientConfig(max_attempts=1))
    try:
        path = str(world.company().child("vendors"))
        await world.admin.faults(rate_429=1.0, retry_after=3)
        with pytest.raises(RateLimited):
            await world.get(path)
        await world.admin.clear_faults()
        # The next call on this connection waits out BC's Retry-After before it is sent.
        assert (await world.get(path, **{"$top": "1"})).status == 200
        assert world.time.sleeps == [3.0]
    finally:
        await close_world(world)


async def test_waiting_too_long_for_a_slot_is_rate_limited() -> None:
    world = await make_world(
        config=BCClientConfig(max_concurrent_per_key=1, queue_timeout_seconds=0.05)
    )
    try:
        await world.admin.faults(latency_ms=200)
        path = str(world.company().child("vendors"))
        results = await asyncio.gather(
            world.get(path, **{"$top": "1"}),
            world.get(path, **{"$top": "1"}),
            return_exceptions=True,
        )
        assert results[0].status == 200  # type: ignore[union-attr]
        assert isinstance(results[1], RateLimited)
    finally:
        await close_world(world)
