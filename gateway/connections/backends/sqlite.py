"""`sqlite:///path`: the default store, one file, one gateway process (or a few on one host).

sqlite3 blocks, and aiosqlite is not a dependency. So one dedicated thread owns the
database connection and runs every statement: the event loop never waits on the disk,
and the connection is only ever touched by the thread that opened it, which is what
sqlite3 requires by default. One thread also serializes access, which SQLite does
anyway for writers. Every operation is a single statement, so each is atomic on its
own; WAL and a busy timeout let other processes on the same file wait their turn.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from gateway.connections.codec import ConnectionCodec
from gateway.connections.model import Connection

T = TypeVar("T")


class SQLiteStore:
    shared = False

    def __init__(
        self,
        path: str,
        codec: ConnectionCodec,
        *,
        namespace: str = "bcgraph",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = path
        self._codec = codec
        self._clock = clock
        # Table names come from the validated namespace, never from callers' data.
        self._connections = f"{namespace}_connections"
        self._once = f"{namespace}_once"
        self._leases = f"{namespace}_leases"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bcgraph-sqlite")
        self._db: sqlite3.Connection | None = None

    @classmethod
    async def open(
        cls,
        path: str,
        codec: ConnectionCodec,
        *,
        namespace: str = "bcgraph",
        clock: Callable[[], float] = time.time,
    ) -> SQLiteStore:
        store = cls(path, codec, namespace=namespace, clock=clock)
        await store._run(store._setup)
        return store

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the SQLite store is closed")
        return self._db

    def _setup(self) -> None:
        # isolation_level=None: autocommit, each statement its own transaction.
        db = sqlite3.connect(self._path, isolation_level=None, timeout=5.0)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._connections} ("
            " user_id TEXT PRIMARY KEY, version INTEGER NOT NULL,"
            " data TEXT NOT NULL, secret BLOB NOT NULL)"
        )
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._once} ("
            " key TEXT PRIMARY KEY, value BLOB NOT NULL, expires_at REAL NOT NULL)"
        )
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._leases} ("
            " name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL)"
        )
        self._db = db

    async def get(self, user_id: str) -> Connection | None:
        row = await self._run(self._select_one, user_id)
        return None if row is None else self._codec.decode(user_id, row[1], row[2], row[0])

    def _select_one(self, user_id: str) -> tuple[int, str, bytes] | None:
        cursor = self._conn().execute(
            f"SELECT version, data, secret FROM {self._connections} WHERE user_id = ?",  # noqa: S608
            (user_id,),
        )
        row: tuple[int, str, bytes] | None = cursor.fetchone()
        return row

    async def put(self, connection: Connection) -> Connection:
        record = self._codec.encode(connection)
        sql = (
            f"INSERT INTO {self._connections} (user_id, version, data, secret)"  # noqa: S608
            " VALUES (?, 1, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " version = version + 1, data = excluded.data, secret = excluded.secret"
            " RETURNING version"
        )
        version = await self._run(
            self._returning, sql, (connection.user_id, record.data, record.secret)
        )
        assert version is not None  # an upsert always returns its row
        return self._codec.written(connection, record, version)

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        record = self._codec.encode(connection)
        sql = (
            f"UPDATE {self._connections} SET version = version + 1,"  # noqa: S608
            " data = ?, secret = ? WHERE user_id = ? AND version = ? RETURNING version"
        )
        version = await self._run(
            self._returning,
            sql,
            (record.data, record.secret, connection.user_id, connection.version),
        )
        return None if version is None else self._codec.written(connection, record, version)

    def _returning(self, sql: str, params: tuple[Any, ...]) -> int | None:
        row = self._conn().execute(sql, params).fetchone()
        return None if row is None else int(row[0])

    async def delete(self, user_id: str) -> bool:
        sql = f"DELETE FROM {self._connections} WHERE user_id = ?"  # noqa: S608
        return await self._run(self._changes, sql, (user_id,)) > 0

    def _changes(self, sql: str, params: tuple[Any, ...]) -> int:
        return self._conn().execute(sql, params).rowcount

    async def list(self) -> list[Connection]:
        rows = await self._run(self._select_all)
        found = (self._codec.decode(*row) for row in rows)
        return [c for c in found if c is not None]

    def _select_all(self) -> Sequence[tuple[str, str, bytes, int]]:
        sql = f"SELECT user_id, data, secret, version FROM {self._connections} ORDER BY user_id"  # noqa: S608
        rows: Sequence[tuple[str, str, bytes, int]] = self._conn().execute(sql).fetchall()
        return rows

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        now = self._clock()
        encrypted = self._codec.cipher.encrypt(value)
        await self._run(self._stash, key, encrypted, now, now + ttl_seconds)

    def _stash(self, key: str, value: bytes, now: float, expires_at: float) -> None:
        db = self._conn()
        # Expired values nobody took (abandoned sign-ins) are swept on the way in.
        db.execute(f"DELETE FROM {self._once} WHERE expires_at <= ?", (now,))  # noqa: S608
        db.execute(
            f"INSERT OR REPLACE INTO {self._once} (key, value, expires_at) VALUES (?, ?, ?)",  # noqa: S608
            (key, value, expires_at),
        )

    async def take(self, key: str) -> bytes | None:
        row = await self._run(self._take, key)
        if row is None or row[1] <= self._clock():
            return None
        return self._codec.cipher.decrypt(row[0])

    def _take(self, key: str) -> tuple[bytes, float] | None:
        sql = f"DELETE FROM {self._once} WHERE key = ? RETURNING value, expires_at"  # noqa: S608
        row: tuple[bytes, float] | None = self._conn().execute(sql, (key,)).fetchone()
        return row

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._clock()
        sql = (
            f"INSERT INTO {self._leases} AS l (name, owner, expires_at) VALUES (?, ?, ?)"  # noqa: S608
            " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
            " expires_at = excluded.expires_at WHERE l.expires_at <= ? RETURNING 1"
        )
        return await self._run(self._returning, sql, (name, owner, now + ttl_seconds, now)) == 1

    async def release_lease(self, name: str, owner: str) -> None:
        sql = f"DELETE FROM {self._leases} WHERE name = ? AND owner = ?"  # noqa: S608
        await self._run(self._changes, sql, (name, owner))

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self._close)
        self._executor.shutdown(wait=True)

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
