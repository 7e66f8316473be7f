"""The real Redis and PostgreSQL the store tests run on: skipped when absent, except in CI."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, closing
from pathlib import Path

import psycopg
import pytest
import redis.asyncio as aioredis

from gateway.connections import ConnectionStore, ConnectionStoreConfig, open_connection_store
from gateway.connections.backends.memory import MemoryStore
from gateway.connections.codec import Record
from tests.gateway.connect.harness import SANDBOX

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


async def drop_redis_namespace(namespace: str) -> None:
    """Deletes every Redis key under `namespace`, what a test wrote there."""
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
    """Opens stores of one backend that all share one fresh namespace, for the BC API at
    `bc_api_url` (stored connections must point there)."""

    def __init__(self, backend: str, folder: str, bc_api_url: str) -> None:
        self.backend = backend
        self.folder = folder
        self.bc_api_url = bc_api_url
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
        store = await open_connection_store(config, bc_api_url=self.bc_api_url)
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

    async def row(self, user_id: str) -> tuple[str, bytes]:
        """A connection's stored (data, secret), read as someone with access to the
        database (but not to the keys) reads it."""
        if self.backend == "memory":
            record = self._memory()._rows[user_id][1]
            return record.data, record.secret
        if self.backend == "sqlite":
            with closing(sqlite3.connect(f"{self.folder}/store.db")) as db:
                found = db.execute(
                    f"SELECT data, secret FROM {self.namespace}_connections WHERE user_id = ?",
                    (user_id,),
                ).fetchone()
            return str(found[0]), bytes(found[1])
        if self.backend == "redis":
            client = aioredis.Redis.from_url(REDIS_URL)
            try:
                key = f"{self.namespace}:connection:{user_id}"
                data, secret = await client.hmget(key, ["data", "secret"])
            finally:
                await client.aclose()
            return bytes(data).decode(), bytes(secret)
        async with await psycopg.AsyncConnection.connect(POSTGRES_URL) as conn:
            cursor = await conn.execute(
                f'SELECT data, secret FROM "{self.namespace}".connections WHERE user_id = %s',
                (user_id,),
            )
            found = await cursor.fetchone()
        assert found is not None
        return str(found[0]), bytes(found[1])

    async def write_row(self, user_id: str, data: str, secret: bytes) -> None:
        """Writes a connection's row as someone with access to the database could: any
        data, any secret, in any user's row (a new row, or over the one there)."""
        if self.backend == "memory":
            rows = self._memory()._rows
            rows[user_id] = (rows[user_id][0] + 1 if user_id in rows else 1, Record(data, secret))
            return
        if self.backend == "sqlite":
            with closing(sqlite3.connect(f"{self.folder}/store.db", isolation_level=None)) as db:
                db.execute(
                    f"INSERT INTO {self.namespace}_connections (user_id, version, data, secret)"
                    " VALUES (?, 1, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                    " version = version + 1, data = excluded.data, secret = excluded.secret",
                    (user_id, data, secret),
                )
            return
        if self.backend == "redis":
            client = aioredis.Redis.from_url(REDIS_URL)
            try:
                key = f"{self.namespace}:connection:{user_id}"
                await client.hincrby(key, "version", 1)
                await client.hset(key, mapping={"data": data, "secret": secret})
                await client.sadd(f"{self.namespace}:connections", user_id)
            finally:
                await client.aclose()
            return
        async with await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True) as conn:
            await conn.execute(
                f'INSERT INTO "{self.namespace}".connections AS c (user_id, version, data, secret)'
                " VALUES (%s, 1, %s, %s) ON CONFLICT (user_id) DO UPDATE SET"
                " version = c.version + 1, data = EXCLUDED.data, secret = EXCLUDED.secret",
                (user_id, data, secret),
            )

    def _memory(self) -> MemoryStore:
        # A memory store's rows live in that store object alone: the one opened last.
        store = self.opened[-1]
        assert isinstance(store, MemoryStore)
        return store


def _files_bytes(folder: str) -> bytes:
    # The database file and its WAL: recent writes may be only in the latter.
    files = [Path(folder, name) for name in ("store.db", "store.db-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


@asynccontextmanager
async def store_opener(
    backend: str, folder: str, bc_api_url: str = SANDBOX
) -> AsyncIterator[Opener]:
    """Yields an Opener; its namespace (Redis keys, PostgreSQL schema) is dropped at the end.
    The default BC API is the sandbox `tests.gateway.connect.harness.world()` runs."""
    if backend == "redis":
        await require_redis()
    if backend == "postgres":
        await require_postgres()
    opener = Opener(backend, folder, bc_api_url)
    try:
        yield opener
    finally:
        for store in opener.opened:
            await store.close()
        if backend == "redis":
            await drop_redis_namespace(opener.namespace)
        if backend == "postgres":
            await _drop_postgres(opener.namespace)
