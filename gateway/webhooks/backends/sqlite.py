"""`sqlite:///path`: the registry of a single machine's gateway, in the connection store's file,
so that its BC subscriptions, watermarks, id sets and published-change claims outlive the
process (the next gateway carries on with them; service.py).

As the connection store does (gateway/connections/backends/sqlite.py): one thread owns
the database connection and runs every statement, so the event loop never waits on the
disk. That thread opens the file on first use: the registry is made with the app, before
its lifespan, and making it must not touch the disk. What must check something first
runs in one `BEGIN IMMEDIATE` transaction. Times with a TTL are wall-clock seconds, not
monotonic: they must mean the same to the next process.

    {ns}_webhook_watches     one row per watch: its encoded fields (registry.py), and
                             whether an id set is kept for it
    {ns}_webhook_interest    (topic, replica) until when a replica has subscribers
    {ns}_webhook_seen        keys of notifications taken and changes published, until when
    {ns}_webhook_snapshots   (topic, name) snapshots
    {ns}_webhook_ids         (topic, id) the ids a watch knows
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from gateway.connections.crypto import TokenCipher
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import IDENTITY, MARKS, Mark, decode_watch, encode_time, encode_watch

T = TypeVar("T")

# The encoded fields, each a column of the watches table (names from registry.py).
FIELDS = (*IDENTITY, "watermark", "reconciled", "reconcile", "checked", "poll", "idle")


class SQLiteRegistry:
    shared = False

    def __init__(
        self,
        path: str,
        cipher: TokenCipher,
        *,
        namespace: str = "bcgraph",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = path or ":memory:"
        # A database in memory is gone with the process: nothing for the next one.
        self.durable = self._path != ":memory:"
        self._cipher = cipher
        self._clock = clock
        # Table names come from the validated namespace, never from callers' data.
        self._watches = f"{namespace}_webhook_watches"
        self._interest = f"{namespace}_webhook_interest"
        self._seen = f"{namespace}_webhook_seen"
        self._snapshots = f"{namespace}_webhook_snapshots"
        self._ids = f"{namespace}_webhook_ids"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bcgraph-registry")
        self._db: sqlite3.Connection | None = None
        self._closed = False

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise RuntimeError("the SQLite webhook registry is closed")
        if self._db is None:
            self._db = self._setup()
        return self._db

    def _setup(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit, unless a transaction is begun explicitly.
        db = sqlite3.connect(self._path, isolation_level=None, timeout=5.0)
        db.execute("PRAGMA journal_mode=WAL")
        columns = ", ".join(f"{name} BLOB NOT NULL" for name in FIELDS)
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._watches} (key TEXT PRIMARY KEY, {columns},"
            " ids_kept INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute(f"CREATE INDEX IF NOT EXISTS {self._watches}_sub ON {self._watches} (sub)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._interest} (topic TEXT NOT NULL,"
            " replica TEXT NOT NULL, until REAL NOT NULL, PRIMARY KEY (topic, replica))"
        )
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._seen} (key TEXT PRIMARY KEY, until REAL NOT NULL)"
        )
        db.execute(f"CREATE INDEX IF NOT EXISTS {self._seen}_until ON {self._seen} (until)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._snapshots} (topic TEXT NOT NULL,"
            " name TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (topic, name))"
        )
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self._ids} (topic TEXT NOT NULL, id BLOB NOT NULL,"
            " PRIMARY KEY (topic, id))"
        )
        return db

    def _transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            result = fn(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result

    def _exists(self, db: sqlite3.Connection, key: str) -> bool:
        sql = f"SELECT 1 FROM {self._watches} WHERE key = ?"  # noqa: S608
        return db.execute(sql, (key,)).fetchone() is not None

    # -- watches -------------------------------------------------------------------------

    def _select(self, where: str, params: tuple[Any, ...]) -> list[Watch]:
        sql = f"SELECT {', '.join(FIELDS)} FROM {self._watches} WHERE {where} ORDER BY key"  # noqa: S608
        rows = self._conn().execute(sql, params).fetchall()
        found = (decode_watch(dict(zip(FIELDS, row, strict=True)), self._cipher) for row in rows)
        return [w for w in found if w is not None]

    async def get(self, topic: Topic) -> Watch | None:
        found = await self._run(self._select, "key = ?", (topic.key,))
        return found[0] if found else None

    async def find(self, subscription_id: str) -> Watch | None:
        if not subscription_id:
            return None  # polled watches have none
        found = await self._run(self._select, "sub = ?", (subscription_id.encode(),))
        return found[0] if found else None

    async def save(self, watch: Watch) -> None:
        encoded = encode_watch(watch, self._cipher)
        # New: every field; existing: only its identity (the rest moves by mark/advance).
        updates = ", ".join(f"{name} = excluded.{name}" for name in IDENTITY)
        sql = (
            f"INSERT INTO {self._watches} (key, {', '.join(FIELDS)})"  # noqa: S608
            f" VALUES (?{', ?' * len(FIELDS)}) ON CONFLICT (key) DO UPDATE SET {updates}"
        )
        params = (watch.topic.key, *(encoded[name] for name in FIELDS))
        await self._run(self._execute, sql, params)

    def _execute(self, sql: str, params: tuple[Any, ...]) -> int:
        return self._conn().execute(sql, params).rowcount

    async def remove(self, topic: Topic) -> None:
        def run(db: sqlite3.Connection) -> None:
            for table in (self._watches, self._snapshots, self._ids):
                column = "key" if table == self._watches else "topic"
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (topic.key,))  # noqa: S608

        await self._run(self._transaction, run)

    async def all(self) -> list[Watch]:
        return await self._run(self._select, "1 = 1", ())

    async def mark(self, topic: Topic, name: Mark, value: float | None) -> None:
        # An UPDATE changes only an existing watch: a late writer resurrects nothing.
        sql = f"UPDATE {self._watches} SET {MARKS[name]} = ? WHERE key = ?"  # noqa: S608
        await self._run(self._execute, sql, (encode_time(value), topic.key))

    async def advance(self, topic: Topic, watermark: float) -> None:
        def run(db: sqlite3.Connection) -> None:
            sql = f"SELECT watermark FROM {self._watches} WHERE key = ?"  # noqa: S608
            row = db.execute(sql, (topic.key,)).fetchone()
            if row is not None and watermark > float(row[0]):
                db.execute(
                    f"UPDATE {self._watches} SET watermark = ? WHERE key = ?",  # noqa: S608
                    (repr(watermark).encode(), topic.key),
                )

        await self._run(self._transaction, run)

    # -- interest and seen keys -----------------------------------------------------------

    async def touch(self, topic: Topic, replica: str, ttl_seconds: float) -> None:
        sql = f"INSERT OR REPLACE INTO {self._interest} (topic, replica, until) VALUES (?, ?, ?)"  # noqa: S608
        await self._run(self._execute, sql, (topic.key, replica, self._clock() + ttl_seconds))

    async def drop(self, topic: Topic, replica: str) -> None:
        sql = f"DELETE FROM {self._interest} WHERE topic = ? AND replica = ?"  # noqa: S608
        await self._run(self._execute, sql, (topic.key, replica))

    async def interested(self, topic: Topic) -> bool:
        now = self._clock()

        def run(db: sqlite3.Connection) -> bool:
            db.execute(
                f"DELETE FROM {self._interest} WHERE topic = ? AND until <= ?",  # noqa: S608
                (topic.key, now),
            )
            sql = f"SELECT 1 FROM {self._interest} WHERE topic = ? LIMIT 1"  # noqa: S608
            return db.execute(sql, (topic.key,)).fetchone() is not None

        return await self._run(self._transaction, run)

    async def first_seen(self, keys: Sequence[str], ttl_seconds: float) -> list[bool]:
        if not keys:
            return []
        now = self._clock()
        # Taken when new, or when the one before has expired; RETURNING answers only then.
        sql = (
            f"INSERT INTO {self._seen} AS s (key, until) VALUES (?, ?)"  # noqa: S608
            " ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE s.until <= ?"
            " RETURNING 1"
        )

        def run(db: sqlite3.Connection) -> list[bool]:
            db.execute(f"DELETE FROM {self._seen} WHERE until <= ?", (now,))  # noqa: S608
            return [
                db.execute(sql, (key, now + ttl_seconds, now)).fetchone() is not None
                for key in keys
            ]

        return await self._run(self._transaction, run)

    # -- snapshots and id sets ------------------------------------------------------------

    async def snapshots(self, topic: Topic, names: Sequence[str]) -> dict[str, bytes]:
        if not names:
            return {}

        def run() -> dict[str, bytes]:
            sql = f"SELECT value FROM {self._snapshots} WHERE topic = ? AND name = ?"  # noqa: S608
            found: dict[str, bytes] = {}
            for name in names:
                row = self._conn().execute(sql, (topic.key, name)).fetchone()
                if row is not None:
                    found[name] = bytes(row[0])
            return found

        return await self._run(run)

    async def store_snapshots(self, topic: Topic, values: Mapping[str, bytes | None]) -> None:
        if not values:
            return

        def run(db: sqlite3.Connection) -> None:
            if not self._exists(db, topic.key):
                return  # the watch went meanwhile: its snapshots went with it
            for name, value in values.items():
                if value is None:
                    db.execute(
                        f"DELETE FROM {self._snapshots} WHERE topic = ? AND name = ?",  # noqa: S608
                        (topic.key, name),
                    )
                else:
                    db.execute(
                        f"INSERT OR REPLACE INTO {self._snapshots} (topic, name, value)"  # noqa: S608
                        " VALUES (?, ?, ?)",
                        (topic.key, name, value),
                    )

        await self._run(self._transaction, run)

    def _kept(self, db: sqlite3.Connection, key: str) -> bool:
        sql = f"SELECT ids_kept FROM {self._watches} WHERE key = ?"  # noqa: S608
        row = db.execute(sql, (key,)).fetchone()
        return row is not None and bool(row[0])

    async def ids(self, topic: Topic) -> set[bytes] | None:
        def run(db: sqlite3.Connection) -> set[bytes] | None:
            if not self._kept(db, topic.key):
                return None
            sql = f"SELECT id FROM {self._ids} WHERE topic = ?"  # noqa: S608
            return {bytes(row[0]) for row in db.execute(sql, (topic.key,))}

        return await self._run(self._transaction, run)

    async def store_ids(self, topic: Topic, ids: Iterable[bytes] | None) -> None:
        members = None if ids is None else [(topic.key, key) for key in set(ids)]

        def run(db: sqlite3.Connection) -> None:
            db.execute(f"DELETE FROM {self._ids} WHERE topic = ?", (topic.key,))  # noqa: S608
            db.execute(
                f"UPDATE {self._watches} SET ids_kept = ? WHERE key = ?",  # noqa: S608
                (0 if members is None else 1, topic.key),
            )
            if members is not None and self._exists(db, topic.key):
                db.executemany(
                    f"INSERT INTO {self._ids} (topic, id) VALUES (?, ?)",  # noqa: S608
                    members,
                )

        await self._run(self._transaction, run)

    async def change_ids(
        self, topic: Topic, *, add: Sequence[bytes], remove: Sequence[bytes]
    ) -> list[bool] | None:
        def run(db: sqlite3.Connection) -> list[bool] | None:
            if not self._kept(db, topic.key):
                return None
            insert = f"INSERT OR IGNORE INTO {self._ids} (topic, id) VALUES (?, ?)"  # noqa: S608
            delete = f"DELETE FROM {self._ids} WHERE topic = ? AND id = ?"  # noqa: S608
            answers = [db.execute(insert, (topic.key, key)).rowcount > 0 for key in add]
            answers += [db.execute(delete, (topic.key, key)).rowcount > 0 for key in remove]
            return answers

        return await self._run(self._transaction, run)

    async def close(self) -> None:
        def shut() -> None:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None

        await self._run(shut)
        self._executor.shutdown(wait=True)
