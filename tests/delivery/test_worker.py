"""The worker against a real receiver (uvicorn on 127.0.0.1): signed POSTs, retries with
backoff, 410 and dead letters, one record's events in order, the metrics."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.delivery import Deliveries
from gateway.delivery.config import DeliveryConfig
from gateway.delivery.worker import backoff
from gateway.pubsub.records import CREATED, DELETED, ENDED, UPDATED, RecordChange
from tests.delivery.receiver import Receiver, new_secret, receiving
from tests.subscriptions.harness import eventually

COMPANY = "c0a8e0e4-0000-0000-0000-000000000001"


def change(
    record_id: str, kind: str = UPDATED, modified: str = "2026-12-01T10:00:00Z"
) -> RecordChange:
    record = None if kind == DELETED else {"id": record_id, "lastModifiedDateTime": modified}
    return RecordChange("vendors", kind, record_id, COMPANY, modified, record)


@contextlib.asynccontextmanager
async def deliveries(
    url: str, secret: str, tmp_path: Path, **config: Any
) -> AsyncIterator[tuple[Deliveries, CollectorRegistry]]:
    values: dict[str, Any] = {
        "url": url,
        "secret": secret,
        "retry_base_seconds": 0.05,
        "retry_max_seconds": 0.2,
        "poll_seconds": 0.05,
        "timeout_seconds": 2.0,
        "lease_seconds": 5.0,
    }
    values.update(config)
    store = ConnectionStoreConfig(
        url=f"sqlite:///{tmp_path}/store.db", encryption_keys=(generate_key(),)
    )
    registry = CollectorRegistry()
    service = Deliveries(DeliveryConfig(**values), store, registry)
    await service.start()
    try:
        yield service, registry
    finally:
        await service.stop()


def metric(registry: CollectorRegistry, name: str, labels: dict[str, str] | None = None) -> float:
    return registry.get_sample_value(name, labels or {}) or 0.0


async def until(check: Callable[[], bool], within: float = 10.0) -> None:
    async def holds() -> bool:
        return check()

    await eventually(holds, within=within)


async def test_events_arrive_signed_with_the_record_and_a_stable_id(tmp_path: Path) -> None:
    receiver = Receiver(new_secret())
    with receiving(receiver) as url:
        async with deliveries(url, receiver.secret, tmp_path) as (service, registry):
            await service.publish("u-alice", COMPANY, [change("v1", CREATED), change("v2")])
            await service.publish("u-alice", COMPANY, [RecordChange("", ENDED, "", COMPANY, "")])
            await until(lambda: len(receiver.got) == 2)
            await asyncio.sleep(0.2)
            assert len(receiver.got) == 2  # the end of a channel is no record event
            first = next(r for r in receiver.got if r.data["id"] == "v1")
            assert first.data == {
                "eventId": first.webhook_id,
                "entity": "vendors",
                "change": "CREATED",
                "id": "v1",
                "companyId": COMPANY,
                "userId": "u-alice",
                "occurredAt": "2026-12-01T10:00:00Z",
                "record": {"id": "v1", "lastModifiedDateTime": "2026-12-01T10:00:00Z"},
            }
            assert json.loads(first.body)["type"] == "record.created"
            assert metric(registry, "bcgraph_events_delivered_total") == 2
            assert metric(registry, "bcgraph_events_delivery_latency_seconds_count") == 2
            assert "bcgraph_events_queue_depth" in generate_latest(registry).decode()
    assert receiver.refused == 0


def test_the_event_id_is_the_change_not_the_telling() -> None:
    from gateway.delivery.event import event_of

    def id_of(c: RecordChange, user: str = "u-alice") -> str:
        made = event_of(user, c)
        assert made is not None
        return made.id

    # Found as CREATED by its notification and as UPDATED by reconciliation: one event.
    assert id_of(change("v1", CREATED)) == id_of(change("v1", UPDATED))
    assert id_of(change("v1")) != id_of(change("v1", modified="2026-12-01T10:00:01Z"))
    assert id_of(change("v1")) != id_of(change("v2"))
    assert id_of(change("v1")) != id_of(change("v1"), user="u-carol")
    assert id_of(change("v1", DELETED)) != id_of(change("v1"))


async def test_failures_are_retried_then_delivered_in_order(tmp_path: Path) -> None:
    receiver = Receiver(new_secret(), answers=[500, 503, 429])
    with receiving(receiver) as url:
        async with deliveries(url, receiver.secret, tmp_path) as (service, registry):
            changes = [change("v1", modified=f"2026-12-01T10:00:0{n}Z") for n in range(5)]
            await service.publish("u-alice", COMPANY, changes)
            await until(lambda: len(receiver.got) == 5)
            # v1's versions in the order they were published, despite three failures.
            times = [r.data["record"]["lastModifiedDateTime"] for r in receiver.got]
            assert times == sorted(times)
            assert (
                metric(registry, "bcgraph_events_delivery_failures_total", {"reason": "5xx"}) == 2
            )
            assert (
                metric(registry, "bcgraph_events_delivery_failures_total", {"reason": "4xx"}) == 1
            )


async def test_gone_and_too_many_failures_end_in_dead_letters(tmp_path: Path) -> None:
    receiver = Receiver(new_secret(), answers=[410, 500, 500, 500])
    with receiving(receiver) as url:
        async with deliveries(url, receiver.secret, tmp_path, max_attempts=3) as (
            service,
            registry,
        ):
            await service.publish("u-alice", COMPANY, [change("v1")])
            await until(lambda: metric(registry, "bcgraph_events_dead_lettered_total") == 1)
            await service.publish("u-alice", COMPANY, [change("v2")])
            await until(lambda: metric(registry, "bcgraph_events_dead_lettered_total") == 2)
            queue = service._queue
            assert queue is not None
            dead = await queue.dead_letters()
            assert [d.error for d in dead] == [
                "the receiver answered 410 Gone",
                "the receiver answered 500 (attempt 3, the last)",
            ]
            assert receiver.got == []
            assert await queue.replay(None, 0.0) == 2
            await until(lambda: len(receiver.got) == 2)
            assert {r.data["id"] for r in receiver.got} == {"v1", "v2"}


async def test_an_unreachable_receiver_is_retried_until_it_answers(tmp_path: Path) -> None:
    receiver = Receiver(new_secret())
    with receiving(receiver) as url:
        pass  # the port is free again: nothing listens there now
    async with deliveries(url, receiver.secret, tmp_path) as (service, registry):
        await service.publish("u-alice", COMPANY, [change("v1")])
        await until(
            lambda: (
                metric(registry, "bcgraph_events_delivery_failures_total", {"reason": "connect"})
                >= 2
            )
        )
        port = int(url.split(":")[2].split("/")[0])
        with receiving(receiver, port):
            await until(lambda: len(receiver.got) == 1)


async def test_a_slow_answer_holds_up_only_its_own_record(tmp_path: Path) -> None:
    receiver = Receiver(new_secret(), slow={"slow": 3.0})
    with receiving(receiver) as url:
        async with deliveries(url, receiver.secret, tmp_path, concurrency=2) as (service, _):
            await service.publish(
                "u-alice",
                COMPANY,
                [change("slow"), change("slow", modified="2026-12-01T10:00:05Z")],
            )
            await service.publish("u-alice", COMPANY, [change(f"v{n}") for n in range(6)])
            await until(lambda: len(receiver.got) >= 6, within=2.5)
            assert all(r.data["id"] != "slow" for r in receiver.got[:6])
            await until(lambda: len(receiver.got) == 8, within=10)
            assert [r.data["id"] for r in receiver.got[-2:]] == ["slow", "slow"]


async def test_a_receivers_retry_after_is_honoured(tmp_path: Path) -> None:
    receiver = Receiver(new_secret(), answers=[503], retry_after="1")
    with receiving(receiver) as url:
        async with deliveries(url, receiver.secret, tmp_path, retry_max_seconds=5.0) as (
            service,
            _,
        ):
            started = time.monotonic()
            await service.publish("u-alice", COMPANY, [change("v1")])
            await until(lambda: len(receiver.got) == 1)
            # Backoff alone would have tried again after 0.05 s at most.
            assert time.monotonic() - started >= 1.0


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    config = DeliveryConfig(retry_base_seconds=5.0, retry_max_seconds=60.0)
    assert [backoff(config, n, lambda: 0.0) for n in (1, 2, 3, 4, 5)] == [5, 10, 20, 40, 60]
    assert backoff(config, 2, lambda: 1.0) == 5.0  # at most half taken off
    assert backoff(config, 30, lambda: 0.0) == 60.0


@pytest.mark.parametrize("configured", [True, False])
async def test_without_a_webhook_nothing_is_queued(tmp_path: Path, configured: bool) -> None:
    receiver = Receiver(new_secret())
    url = "http://127.0.0.1:9/hook" if configured else ""
    secret = receiver.secret if configured else ""
    async with deliveries(url, secret, tmp_path, retry_base_seconds=30.0) as (service, _):
        await service.publish("u-alice", COMPANY, [change("v1")])
        queue = service._queue
        assert queue is not None
        assert await queue.depth() == (1 if configured else 0)
