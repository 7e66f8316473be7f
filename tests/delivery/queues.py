"""Delivery queues on every backend, each in a fresh namespace dropped afterwards."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from gateway.delivery.queue import DeliveryQueue, open_queue
from tests.gateway.connect.services import (
    POSTGRES_URL,
    REDIS_URL,
    _drop_postgres,
    drop_redis_namespace,
    require_postgres,
    require_redis,
)

BACKENDS = ("memory", "sqlite", "redis", "postgres")


def queue_url(backend: str, folder: Path) -> str:
    return {
        "memory": "memory://",
        "sqlite": f"sqlite:///{folder}/queue.db",
        "redis": REDIS_URL,
        "postgres": POSTGRES_URL,
    }[backend]


@contextlib.asynccontextmanager
async def namespace_of(backend: str) -> AsyncIterator[str]:
    """A fresh namespace on `backend` (skipped when its server is absent, unless CI=true)."""
    namespace = f"t_{uuid.uuid4().hex[:16]}"
    if backend == "redis":
        await require_redis()
    if backend == "postgres":
        await require_postgres()
    try:
        yield namespace
    finally:
        if backend == "redis":
            await drop_redis_namespace(namespace)
        if backend == "postgres":
            await _drop_postgres(namespace)


@contextlib.asynccontextmanager
async def opened(url: str, namespace: str) -> AsyncIterator[DeliveryQueue]:
    queue = await open_queue(url, namespace=namespace)
    try:
        yield queue
    finally:
        await queue.close()
