"""`postgresql://…`: a store several gateway replicas share, in its own schema.

The namespace is the schema, created on first open; a transaction-scoped advisory
lock keeps two replicas starting at once from racing on CREATE. Every operation is
one statement in autocommit, atomic on its own (`UPDATE … WHERE version = …` is the
compare-and-set, `DELETE … RETURNING` the single-use take).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import AsyncConnectionPool

from gateway.connections.codec import ConnectionCodec
from gateway.connections.model import Connection

_MIGRATION_LOCK = 0x6263_6772_6170_68  # "bcgraph" as a number: any fixed bigint works
# Seconds the first connection may take before the start gives up (a URL's own
# connect_timeout wins). The pool alone would retry for 30 s, logging each failure.
CONNECT_TIMEOUT = 5


class PostgresStore:
    shared = True

    def __init__(
        self,
        pool: AsyncConnectionPool,
        codec: ConnectionCodec,
        *,
        namespace: str = "bcgraph",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._pool = pool
        self._codec = codec
        self._clock = clock
        self._schema = sql.Identifier(namespace)
        self._connections = sql.Identifier(namespace, "connections")
        self._once = sql.Identifier(namespace, "once")
        self._leases = sql.Identifier(namespace, "leases")

    @classmethod
    async def open(
        cls,
        url: str,
        codec: ConnectionCodec,
        *,
        namespace: str = "bcgraph",
        max_connections: int = 10,
        clock: Callable[[], float] = time.time,
    ) -> PostgresStore:
        # One plain connection first: a server that is down, unknown or refusing the
        # credentials fails here at once, with the server's own reason.
        conninfo = url
        if "connect_timeout" not in conninfo_to_dict(url):
            conninfo = make_conninfo(url, connect_timeout=CONNECT_TIMEOUT)
        probe = await AsyncConnection.connect(conninfo, autocommit=True)
        await probe.close()
        pool = AsyncConnectionPool(
            url, min_size=1, max_size=max_connections, open=False, kwargs={"autocommit": True}
        )
        await pool.open(wait=True)
        store = cls(pool, codec, namespace=namespace, clock=clock)
        try:
            await store._setup()
        except Exception:
            await pool.close()
            raise
        return store

    async def _setup(self) -> None:
        statements = [
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(self._schema),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (user_id TEXT PRIMARY KEY,"
                " version BIGINT NOT NULL, data TEXT NOT NULL, secret BYTEA NOT NULL)"
            ).format(self._connections),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (key TEXT PRIMARY KEY,"
                " value BYTEA NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"
            ).format(self._once),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (name TEXT PRIMARY KEY,"
                " owner TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"
            ).format(self._leases),
        ]
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            for statement in statements:
                await conn.execute(statement)

    async def _one(self, query: sql.Composed, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(query, params)
            return await cursor.fetchone()

    async def _rowcount(self, query: sql.Composed, params: tuple[Any, ...]) -> int:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(query, params)
            return cursor.rowcount

    async def get(self, user_id: str) -> Connection | None:
        query = sql.SQL("SELECT version, data, secret FROM {} WHERE user_id = %s").format(
            self._connections
        )
        row = await self._one(query, (user_id,))
        return None if row is None else self._codec.decode(user_id, row[1], row[2], row[0])

    async def put(self, connection: Connection) -> Connection:
        record = self._codec.encode(connection)
        query = sql.SQL(
            "INSERT INTO {} AS c (user_id, version, data, secret) VALUES (%s, 1, %s, %s)"
            " ON CONFLICT (user_id) DO UPDATE SET version = c.version + 1,"
            " data = EXCLUDED.data, secret = EXCLUDED.secret RETURNING version"
        ).format(self._connections)
        row = await self._one(query, (connection.user_id, record.data, record.secret))
        assert row is not None  # an upsert always returns its row
        return self._codec.written(connection, record, row[0])

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        record = self._codec.encode(connection)
        query = sql.SQL(
            "UPDATE {} SET version = version + 1, data = %s, secret = %s"
            " WHERE user_id = %s AND version = %s RETURNING version"
        ).format(self._connections)
        row = await self._one(
            query, (record.data, record.secret, connection.user_id, connection.version)
        )
        return None if row is None else self._codec.written(connection, record, row[0])

    async def delete(self, user_id: str) -> bool:
        query = sql.SQL("DELETE FROM {} WHERE user_id = %s").format(self._connections)
        return await self._rowcount(query, (user_id,)) > 0

    async def list(self) -> list[Connection]:
        query = sql.SQL("SELECT user_id, data, secret, version FROM {} ORDER BY user_id").format(
            self._connections
        )
        async with self._pool.connection() as conn:
            cursor = await conn.execute(query)
            rows = await cursor.fetchall()
        found = (self._codec.decode(*row) for row in rows)
        return [c for c in found if c is not None]

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        now = self._clock()
        encrypted = self._codec.cipher.encrypt(value)
        async with self._pool.connection() as conn:
            # Expired values nobody took (abandoned sign-ins) are swept on the way in.
            await conn.execute(
                sql.SQL("DELETE FROM {} WHERE expires_at <= %s").format(self._once), (now,)
            )
            await conn.execute(
                sql.SQL(
                    "INSERT INTO {} (key, value, expires_at) VALUES (%s, %s, %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                    " expires_at = EXCLUDED.expires_at"
                ).format(self._once),
                (key, encrypted, now + ttl_seconds),
            )

    async def take(self, key: str) -> bytes | None:
        query = sql.SQL("DELETE FROM {} WHERE key = %s RETURNING value, expires_at").format(
            self._once
        )
        row = await self._one(query, (key,))
        if row is None or row[1] <= self._clock():
            return None
        return self._codec.cipher.decrypt(bytes(row[0]))

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._clock()
        query = sql.SQL(
            "INSERT INTO {} AS l (name, owner, expires_at) VALUES (%s, %s, %s)"
            " ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner,"
            " expires_at = EXCLUDED.expires_at WHERE l.expires_at <= %s RETURNING 1"
        ).format(self._leases)
        return await self._one(query, (name, owner, now + ttl_seconds, now)) is not None

    async def release_lease(self, name: str, owner: str) -> None:
        query = sql.SQL("DELETE FROM {} WHERE name = %s AND owner = %s").format(self._leases)
        await self._rowcount(query, (name, owner))

    async def close(self) -> None:
        await self._pool.close()
