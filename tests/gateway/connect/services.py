"""The real Redis and PostgreSQL the store tests run on: skipped when absent, except in CI."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest
import redis.asyncio as aioredis

from gateway.connections import ConnectionStore, ConnectionStoreConfig, open_connection_store

REDIS_URL = os.environ.get("BCGRAPH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get(
    "BCGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("memory", "sqlite", "redis", "postgres")


def unavailable(service: str, error: BaseException) -> None:
    # In CI a missing service is a broken pipeline, not a reason to pass quietly.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{service} is required when CI=true: {error}")
    pytest.skip(f"{service} is not reachable: {error}")


async def require_redis() -> None:
    client = aioredis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:
        unavailable("Redis", error)
    finally:
        await client.aclose()


async def require_postgres() -> None:
    try:
        conn = await psycopg.AsyncConnection.connect(POSTGRES_URL, connect_timeout=3)
    except Exception as error:
        unavailable("PostgreSQL", error)
    else:
        await conn.close()


async def _drop_redis(namespace: str) -> None:
    client = aioredis.Redis.from_url(REDIS_URL)
    try:
        keys = [k async for k in client.scan_iter(match=f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def _drop_postgres(namespace: str) -> None:
    async with await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True) as conn:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{namespace}" CASCADE')


class Opener:
    """Opens stores of one backend that all share one fresh namespace."""

    def __init__(self, backend: str, folder: str) -> None:
        self.backend = backend
        self.folder = folder
        self.namespace = f"t_{uuid.uuid4().hex[:16]}"
        self.url = {
            "memory": "memory://",
            "sqlite": f"sqlite:///{folder}/store.db",
            "redis": REDIS_URL,
            "postgres": POSTGRES_URL,
        }[backend]
        self.opened: list[ConnectionStore] = []

    async def __call__(self, keys: Sequence[str]) -> ConnectionStore:
        config = ConnectionStoreConfig(
            url=self.url, encryption_keys=tuple(keys), namespace=self.namespace
        )
        store = await open_connection_store(config)
        self.opened.append(store)
        return store

    async def raw_bytes(self) -> bytes:
        """Everything the backend holds, straight from the service (not through a store)."""
        if self.backend == "sqlite":
            return _files_bytes(self.folder)
        if self.backend == "redis":
            client = aioredis.Redis.from_url(REDIS_URL)
            try:
                chunks: list[bytes | str | None] = []
                async for key in client.scan_iter(match=f"{self.namespace}:*"):
                    kind = await client.type(key)
                    if kind == b"hash":
                        fields = await client.hgetall(key)
                        chunks.extend(v for kv in fields.items() for v in kv)
                    elif kind == b"string":
                        chunks.append(await client.get(key))
                return b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
            finally:
                await client.aclose()
        if self.backend == "postgres":
            async with await psycopg.AsyncConnection.connect(POSTGRES_URL) as conn:
                cursor = await conn.execute(
                    f'SELECT data, secret FROM "{self.namespace}".connections'
                )
                rows = await cursor.fetchall()
            return b"".join(data.encode() + bytes(secret) for data, secret in rows)
        raise ValueError(self.backend)


def _files_bytes(folder: str) -> bytes:
    # The database file and its WAL: recent writes may be only in the latter.
    files = [Path(folder, name) for name in ("store.db", "store.db-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


@asynccontextmanager
async def store_opener(backend: str, folder: str) -> AsyncIterator[Opener]:
    """Yields an Opener; its namespace (Redis keys, PostgreSQL schema) is dropped at the end."""
    if backend == "redis":
        await require_redis()
    if backend == "postgres":
        await require_postgres()
    opener = Opener(backend, folder)
    try:
        yield opener
    finally:
        for store in opener.opened:
            await store.close()
        if backend == "redis":
            await _drop_redis(opener.namespace)
        if backend == "postgres":
            await _drop_postgres(opener.namespace)
