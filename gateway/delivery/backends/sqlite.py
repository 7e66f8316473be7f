"""`sqlite:///path`: the queue in the connection store's file, for one machine.

As the connection store does (gateway/connections/backends/sqlite.py): one thread owns
the database connection and runs every statement, so the event loop never waits on the
disk; WAL and a busy timeout let other processes on the same file wait their turn.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from gateway.delivery.backends.sql import SQLQueue, create_statements

T = TypeVar("T")


class SQLiteQueue(SQLQueue):
    shared = False

    def __init__(self, path: str, *, namespace: str) -> None:
        self._path = path
        self._items = f"{namespace}_deliveries"
        self._targets = f"{namespace}_delivery_targets"
        # Writers take turns in SQLite, so the highest seq plus one is never taken twice.
        self._next_seq = f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM {self._items})"  # noqa: S608
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bcgraph-queue")
        self._db: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, path: str, *, namespace: str) -> SQLiteQueue:
        queue = cls(path, namespace=namespace)
        await queue._run(queue._setup)
        return queue

    def _setup(self) -> None:
        db = sqlite3.connect(self._path, isolation_level=None, timeout=5.0)
        db.execute("PRAGMA journal_mode=WAL")
        for statement in create_statements(self._items, self._targets, "INTEGER"):
            db.execute(statement)
        self._db = db

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the SQLite delivery queue is closed")
        return self._db

    async def _execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        def run() -> int:
            return self._conn().execute(statement, tuple(params)).rowcount

        return await self._run(run)

    async def _fetch(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        def run() -> list[tuple[Any, ...]]:
            return list(self._conn().execute(statement, tuple(params)).fetchall())

        return await self._run(run)

    async def close(self) -> None:
        def shut() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await self._run(shut)
        self._executor.shutdown(wait=False)
