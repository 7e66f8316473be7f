"""`postgresql://…`: the queue several replicas share, in the namespace's schema.

Every statement runs in autocommit and is atomic on its own; taking rows locks them with
`FOR UPDATE SKIP LOCKED`, so replicas taking at once share the due rows out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import AsyncConnection
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import AsyncConnectionPool

from gateway.connections.backends.postgres import CONNECT_TIMEOUT
from gateway.delivery.backends.sql import SQLQueue, create_statements

# Another fixed bigint than the connection store's: the two set up independently.
_MIGRATION_LOCK = 0x6263_6772_6170_69


class PostgresQueue(SQLQueue):
    shared = True
    _lock = "FOR UPDATE OF a SKIP LOCKED"

    def __init__(self, pool: AsyncConnectionPool, *, namespace: str) -> None:
        self._pool = pool
        self._schema = namespace
        self._items = f"{namespace}.deliveries"
        self._targets = f"{namespace}.delivery_targets"
        self._next_seq = f"nextval('{namespace}.delivery_seq')"

    @classmethod
    async def open(cls, url: str, *, namespace: str, max_connections: int = 5) -> PostgresQueue:
        conninfo = url
        if "connect_timeout" not in conninfo_to_dict(url):
            conninfo = make_conninfo(url, connect_timeout=CONNECT_TIMEOUT)
        probe = await AsyncConnection.connect(conninfo, autocommit=True)
        await probe.close()
        pool = AsyncConnectionPool(
            url, min_size=1, max_size=max_connections, open=False, kwargs={"autocommit": True}
        )
        await pool.open(wait=True)
        queue = cls(pool, namespace=namespace)
        try:
            await queue._setup()
        except Exception:
            await pool.close()
            raise
        return queue

    async def _setup(self) -> None:
        statements = [
            f"CREATE SCHEMA IF NOT EXISTS {self._schema}",
            f"CREATE SEQUENCE IF NOT EXISTS {self._schema}.delivery_seq",
            *create_statements(self._items, self._targets, "BIGINT"),
        ]
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            for statement in statements:
                await conn.execute(statement.encode())

    async def _execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(_dialect(statement), tuple(params))
            return cursor.rowcount

    async def _fetch(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(_dialect(statement), tuple(params))
            return list(await cursor.fetchall())

    async def close(self) -> None:
        await self._pool.close()


def _dialect(statement: str) -> bytes:
    # The shared statements hold no `%` of their own: `?` is the only placeholder.
    return statement.replace("?", "%s").encode()
