"""The webhook registry on each backend: watches (clientState encrypted at rest), marks
that never resurrect a removed watch, interest with a TTL, seen notifications, snapshots."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from gateway.connections import TokenCipher, generate_key
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import (
    Registry,
    decode_watch,
    encode_watch,
    open_registry,
    registry_url,
)
from tests.gateway.connect.services import REDIS_URL, drop_redis_namespace, require_redis

TOPIC = Topic("user:1", "00000000-0000-0000-0000-000000000001", "vendors")
SECRET = "the-client-state-" + "x" * 20


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def registry(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Registry]:
    namespace = f"t{uuid.uuid4().hex[:12]}"
    url = "memory://"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/store.db"
    if request.param == "redis":
        await require_redis()
        url = REDIS_URL
    made = open_registry(url, TokenCipher([generate_key()]), namespace=namespace)
    yield made
    await made.close()
    if request.param == "redis":
        await drop_redis_namespace(namespace)


def watch(**changes: object) -> Watch:
    base = Watch(
        TOPIC,
        subscription_id="s1",
        client_state=SECRET,
        etag='W/"1"',
        notification_url="https://gw.example/webhooks/bc",
        renewed_at=100.0,
        expires_at=200.0,
        watermark=50.0,
        checked_at=100.0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def test_watches_round_trip_and_renewals_keep_what_moved_on(registry: Registry) -> None:
    await registry.save(watch())
    assert await registry.get(TOPIC) == watch()
    assert await registry.find("s1") == watch()
    await registry.advance(TOPIC, 80.0)
    await registry.advance(TOPIC, 60.0)  # never lowers
    await registry.mark(TOPIC, "idle_since", 150.0)
    await registry.mark(TOPIC, "reconciled", 70.0)
    await registry.mark(TOPIC, "next_reconcile_at", 160.0)
    # A renewal writes etag and expiry, and keeps the watermark and marks.
    await registry.save(watch(etag='W/"2"', expires_at=400.0, watermark=0.0, reconciled=0.0))
    got = await registry.get(TOPIC)
    assert got is not None
    assert (got.etag, got.expires_at, got.watermark, got.idle_since) == (
        'W/"2"',
        400.0,
        80.0,
        150.0,
    )
    assert (got.reconciled, got.next_reconcile_at) == (70.0, 160.0)
    # A re-creation moves the subscription id.
    await registry.save(watch(subscription_id="s2"))
    assert await registry.find("s1") is None and await registry.find("s2") is not None
    assert [w.topic for w in await registry.all()] == [TOPIC]
    await registry.remove(TOPIC)
    assert await registry.get(TOPIC) is None and await registry.find("s2") is None
    # Late writers do not bring it back.
    await registry.mark(TOPIC, "checked_at", 1.0)
    await registry.advance(TOPIC, 90.0)
    await registry.store_snapshots(TOPIC, {"inv": b"{}"})
    assert await registry.get(TOPIC) is None and await registry.all() == []
    assert await registry.snapshots(TOPIC, ["inv"]) == {}


async def test_the_client_state_is_encrypted_at_rest(registry: Registry) -> None:
    await registry.save(watch())
    if registry.shared:
        client = aioredis.Redis.from_url(REDIS_URL)
        prefix = registry._prefix  # type: ignore[attr-defined]
        try:
            keys = [k async for k in client.scan_iter(match=f"{prefix}watch:*")]
            raw = b"".join([b"".join((await client.hgetall(k)).values()) for k in keys])
        finally:
            await client.aclose()
    elif registry.durable:
        with contextlib.closing(sqlite3.connect(registry._path)) as db:  # type: ignore[attr-defined]
            rows = db.execute(f"SELECT * FROM {registry._watches}").fetchall()  # type: ignore[attr-defined]
        raw = b"".join(v for row in rows for v in row if isinstance(v, bytes))
    else:
        raw = b"".join(b"".join(f.values()) for f in registry._watches.values())  # type: ignore[attr-defined]
    assert raw and SECRET.encode() not in raw


async def test_interest_lapses_without_a_heartbeat(registry: Registry) -> None:
    assert not await registry.interested(TOPIC)
    await registry.touch(TOPIC, "replica-a", 0.2)
    await registry.touch(TOPIC, "replica-b", 5.0)
    assert await registry.interested(TOPIC)
    await registry.drop(TOPIC, "replica-b")
    assert await registry.interested(TOPIC)
    await asyncio.sleep(0.3)
    assert not await registry.interested(TOPIC)


async def test_notifications_are_seen_once_and_snapshots_kept(registry: Registry) -> None:
    assert await registry.first_seen(["a", "b", "a"], 60) == [True, True, False]
    assert await registry.first_seen(["a", "c"], 60) == [False, True]
    await registry.save(watch())
    await registry.store_snapshots(TOPIC, {"i1": b'{"l1":"d"}', "i2": b"{}"})
    await registry.store_snapshots(TOPIC, {"i2": None})
    assert await registry.snapshots(TOPIC, ["i1", "i2", "i3"]) == {"i1": b'{"l1":"d"}'}


def test_a_watch_saved_before_reconciliation_existed_starts_at_its_watermark() -> None:
    cipher = TokenCipher([generate_key()])
    fields = encode_watch(watch(reconciled=65.0, next_reconcile_at=120.0), cipher)
    assert decode_watch(fields, cipher) == watch(reconciled=65.0, next_reconcile_at=120.0)
    older = {k: v for k, v in fields.items() if k not in ("reconciled", "reconcile")}
    decoded = decode_watch(older, cipher)
    assert decoded is not None
    assert (decoded.reconciled, decoded.next_reconcile_at) == (50.0, 0.0)  # the watermark


async def test_id_sets_are_kept_per_watch_and_changed_atomically(registry: Registry) -> None:
    a, b, c = (uuid.uuid4().bytes for _ in range(3))
    # No watch, no set; a set is kept only for a watch that exists.
    await registry.store_ids(TOPIC, [a])
    assert await registry.ids(TOPIC) is None
    assert await registry.change_ids(TOPIC, add=[b], remove=[]) is None
    await registry.save(watch())
    # An empty set is a kept set: every id added to it is new.
    await registry.store_ids(TOPIC, [])
    assert await registry.ids(TOPIC) == set()
    await registry.store_ids(TOPIC, [a, b])
    assert await registry.ids(TOPIC) == {a, b}
    assert await registry.change_ids(TOPIC, add=[b, c], remove=[a, a]) == [False, True, True, False]
    assert await registry.ids(TOPIC) == {b, c}
    # Two replicas removing one id at once: exactly one removes it (and tells DELETED).
    answers = await asyncio.gather(
        *(registry.change_ids(TOPIC, add=[], remove=[b]) for _ in range(8))
    )
    assert sorted(answers) == [[False]] * 7 + [[True]]
    await registry.store_ids(TOPIC, None)  # no longer kept
    assert await registry.ids(TOPIC) is None
    await registry.store_ids(TOPIC, [a])
    await registry.remove(TOPIC)  # the set goes with its watch
    assert await registry.ids(TOPIC) is None


async def test_a_sqlite_registry_outlives_its_process(tmp_path: Path) -> None:
    """What the next gateway on the same file finds: the watch with what moved on, its ids,
    snapshots and published-change claims (wall-clock TTLs); nothing of the last one's
    subscribers."""
    url, cipher = f"sqlite:///{tmp_path}/store.db", TokenCipher([generate_key()])
    a, b = (uuid.uuid4().bytes for _ in range(2))
    first = open_registry(url, cipher, namespace="t")
    assert first.durable and not first.shared
    await first.save(watch())
    await first.advance(TOPIC, 90.0)
    await first.store_ids(TOPIC, [a, b])
    await first.store_snapshots(TOPIC, {"i1": b"{}"})
    assert await first.first_seen(["k"], 60) == [True]
    await first.touch(TOPIC, "replica-a", 60)
    await first.drop(TOPIC, "replica-a")
    await first.close()
    with pytest.raises(RuntimeError):
        await first.get(TOPIC)
    second = open_registry(url, cipher, namespace="t")
    try:
        assert await second.get(TOPIC) == watch(watermark=90.0)
        assert await second.find("s1") == watch(watermark=90.0)
        assert await second.ids(TOPIC) == {a, b}
        assert await second.snapshots(TOPIC, ["i1"]) == {"i1": b"{}"}
        assert await second.first_seen(["k", "l"], 60) == [False, True]
        assert not await second.interested(TOPIC)
    finally:
        await second.close()
    # Another namespace in the same file is another registry.
    other = open_registry(url, cipher, namespace="u")
    try:
        assert await other.all() == []
    finally:
        await other.close()


def test_the_registry_is_in_a_sqlite_store_only_with_the_pub_sub_in_the_process() -> None:
    sqlite = "sqlite:////var/lib/bcgraph/store.db"
    assert registry_url("memory://", sqlite) == sqlite
    assert registry_url("redis://127.0.0.1:6379/0", sqlite) == "redis://127.0.0.1:6379/0"
    assert registry_url("memory://", "postgresql://127.0.0.1/test") == "memory://"
    assert registry_url("memory://", "memory://") == "memory://"
    with pytest.raises(ValueError, match="sqlite:///"):
        open_registry("sqlite://host/x.db", TokenCipher([generate_key()]), namespace="t")
