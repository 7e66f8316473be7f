"""The durable queue of events to deliver, in the shared store, and the factory picking its backend.

Semantics every backend keeps (tests/delivery/test_queue.py runs them all):

- `enqueue` is idempotent by event id: the same event enqueued twice is one item.
- `lease` takes due items, at most one per record: an item is taken only when no earlier
  item of its record is still queued (in flight, or waiting for a retry). Delivered and
  dead-lettered items no longer hold the record up. A taken item is the taker's until
  `until`; a replica that dies meanwhile leaves it to be taken again after that.
- `ack` removes an item (delivered); `retry` and `dead` act only for the lease's holder.
- `replay` puts dead letters back behind what their record has queued.

The backend follows the URL's scheme, as the connection store does: `sqlite:///`
(one machine), `postgresql://` and `redis://` (replicas share it), `memory://` (a SQLite
database in memory: gone with the process, for tests and dev mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from gateway.connections.factory import SQLITE_PREFIX


@dataclass(frozen=True)
class Item:
    id: str
    user_id: str
    record_key: str
    body: bytes
    created_at: float
    attempts: int = 0
    lease: str = ""
    error: str = ""
    dead_at: float | None = None


@dataclass(frozen=True)
class StoredTarget:
    """A connection's own webhook: its URL and its secret, encrypted as tokens are."""

    url: str
    secret: bytes


class DeliveryQueue(Protocol):
    shared: bool

    async def enqueue(self, items: Sequence[Item]) -> None: ...

    async def lease(self, now: float, until: float, limit: int, token: str) -> list[Item]:
        """Due items, one per record at most, each counted as one more attempt."""
        ...

    async def ack(self, item: Item, now: float) -> None: ...

    async def retry(self, item: Item, at: float, error: str) -> bool: ...

    async def dead(self, item: Item, now: float, error: str) -> bool: ...

    async def dead_letters(self, limit: int = 1000) -> list[Item]: ...

    async def replay(self, ids: Sequence[str] | None, now: float) -> int:
        """Puts the dead letters named (None: all) back in the queue; how many were."""
        ...

    async def depth(self) -> int:
        """Items queued, dead letters not included."""
        ...

    async def target(self, user_id: str) -> StoredTarget | None: ...

    async def set_target(self, user_id: str, target: StoredTarget | None) -> None: ...

    async def close(self) -> None: ...


QUEUE_SCHEMES = ("sqlite", "redis", "rediss", "unix", "postgresql", "postgres", "memory")


async def open_queue(url: str, *, namespace: str) -> DeliveryQueue:
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("sqlite", "memory"):
        from gateway.delivery.backends.sqlite import SQLiteQueue

        if scheme == "sqlite" and not url.startswith(SQLITE_PREFIX):
            raise ValueError("a SQLite queue URL looks like sqlite:///relative/path.db")
        path = url.removeprefix(SQLITE_PREFIX) if scheme == "sqlite" else ""
        return await SQLiteQueue.open(path or ":memory:", namespace=namespace)
    if scheme in ("redis", "rediss", "unix"):
        from gateway.delivery.backends.redis import RedisQueue

        return await RedisQueue.open(url, namespace=namespace)
    if scheme in ("postgresql", "postgres"):
        from gateway.delivery.backends.postgres import PostgresQueue

        return await PostgresQueue.open(url, namespace=namespace)
    raise ValueError(f"unknown delivery queue scheme {scheme!r}: use sqlite, redis or postgresql")
