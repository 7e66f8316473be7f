"""The queue in a SQL table, one statement per operation: shared by SQLite and PostgreSQL.

Each queued event is a row; `seq` orders a record's events, `available_at` says when a
row may be taken next (after a retry's wait, or once a lease has run out), `dead_at`
marks a dead letter. Taking is one `UPDATE … WHERE id IN (SELECT …) RETURNING`: a row is
taken only when no earlier row of its record is still queued, so a record's events go
out one at a time, in order. PostgreSQL adds `FOR UPDATE SKIP LOCKED`, so two replicas
taking at once never take the same row; SQLite runs one writer at a time anyway.

Statements are written with `?` placeholders; a dialect turns them into its own. Table
names come from the validated namespace, never from callers' data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from gateway.delivery.queue import Item, StoredTarget

_COLUMNS = "id, user_id, record_key, body, created_at, attempts, lease, error, dead_at"


class SQLQueue(ABC):
    # Set by each dialect: the table names, the next `seq`, the lock clause of taking.
    _items: str
    _targets: str
    _next_seq: str
    _lock: str = ""

    @abstractmethod
    async def _execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; the number of rows it changed."""

    @abstractmethod
    async def _fetch(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Runs one statement; the rows it returned."""

    async def enqueue(self, items: Sequence[Item]) -> None:
        statement = (
            f"INSERT INTO {self._items} (id, seq, user_id, record_key, body, created_at,"  # noqa: S608
            f" available_at, attempts, lease, error) VALUES (?, {self._next_seq}, ?, ?, ?, ?, ?,"
            " 0, '', '') ON CONFLICT (id) DO NOTHING"
        )
        for item in items:
            params = (
                item.id,
                item.user_id,
                item.record_key,
                item.body.decode(),
                item.created_at,
                item.created_at,
            )
            await self._execute(statement, params)

    async def lease(self, now: float, until: float, limit: int, token: str) -> list[Item]:
        t = self._items
        statement = (
            f"UPDATE {t} SET available_at = ?, lease = ?, attempts = attempts + 1"  # noqa: S608
            f" WHERE id IN (SELECT a.id FROM {t} a WHERE a.dead_at IS NULL"
            " AND a.available_at <= ? AND NOT EXISTS (SELECT 1 FROM"
            f" {t} b WHERE b.record_key = a.record_key AND b.dead_at IS NULL"
            f" AND b.seq < a.seq) ORDER BY a.seq LIMIT ? {self._lock})"
            f" AND available_at <= ? RETURNING {_COLUMNS}"
        )
        rows = await self._fetch(statement, (until, token, now, limit, now))
        return [_item(row) for row in rows]

    async def ack(self, item: Item, now: float) -> None:
        await self._execute(f"DELETE FROM {self._items} WHERE id = ?", (item.id,))  # noqa: S608

    async def retry(self, item: Item, at: float, error: str) -> bool:
        statement = (
            f"UPDATE {self._items} SET available_at = ?, error = ?"  # noqa: S608
            " WHERE id = ? AND lease = ? AND dead_at IS NULL"
        )
        return await self._execute(statement, (at, error, item.id, item.lease)) > 0

    async def dead(self, item: Item, now: float, error: str) -> bool:
        statement = (
            f"UPDATE {self._items} SET dead_at = ?, error = ?"  # noqa: S608
            " WHERE id = ? AND lease = ? AND dead_at IS NULL"
        )
        return await self._execute(statement, (now, error, item.id, item.lease)) > 0

    async def dead_letters(self, limit: int = 1000) -> list[Item]:
        statement = (
            f"SELECT {_COLUMNS} FROM {self._items} WHERE dead_at IS NOT NULL"  # noqa: S608
            " ORDER BY dead_at, seq LIMIT ?"
        )
        return [_item(row) for row in await self._fetch(statement, (limit,))]

    async def replay(self, ids: Sequence[str] | None, now: float) -> int:
        # One row at a time: each gets its own new `seq`, behind what is queued.
        if ids is None:
            found = await self._fetch(
                f"SELECT id FROM {self._items} WHERE dead_at IS NOT NULL ORDER BY seq"  # noqa: S608
            )
            ids = [str(row[0]) for row in found]
        statement = (
            f"UPDATE {self._items} SET dead_at = NULL, attempts = 0, lease = '',"  # noqa: S608
            f" available_at = ?, seq = {self._next_seq} WHERE id = ? AND dead_at IS NOT NULL"
        )
        replayed = 0
        for event_id in ids:
            replayed += await self._execute(statement, (now, event_id))
        return replayed

    async def depth(self) -> int:
        rows = await self._fetch(
            f"SELECT COUNT(*) FROM {self._items} WHERE dead_at IS NULL"  # noqa: S608
        )
        return int(rows[0][0])

    async def target(self, user_id: str) -> StoredTarget | None:
        rows = await self._fetch(
            f"SELECT url, secret FROM {self._targets} WHERE user_id = ?",  # noqa: S608
            (user_id,),
        )
        return StoredTarget(str(rows[0][0]), str(rows[0][1]).encode()) if rows else None

    async def set_target(self, user_id: str, target: StoredTarget | None) -> None:
        if target is None:
            await self._execute(
                f"DELETE FROM {self._targets} WHERE user_id = ?",  # noqa: S608
                (user_id,),
            )
            return
        await self._execute(
            f"INSERT INTO {self._targets} (user_id, url, secret) VALUES (?, ?, ?)"  # noqa: S608
            " ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, secret = excluded.secret",
            (user_id, target.url, target.secret.decode()),
        )


def _item(row: Sequence[Any]) -> Item:
    return Item(
        id=str(row[0]),
        user_id=str(row[1]),
        record_key=str(row[2]),
        body=str(row[3]).encode(),
        created_at=float(row[4]),
        attempts=int(row[5]),
        lease=str(row[6]),
        error=str(row[7]),
        dead_at=None if row[8] is None else float(row[8]),
    )


def create_statements(items: str, targets: str, seq_type: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {items} (id TEXT PRIMARY KEY, seq {seq_type} NOT NULL,"
        " user_id TEXT NOT NULL, record_key TEXT NOT NULL, body TEXT NOT NULL,"
        " created_at DOUBLE PRECISION NOT NULL, available_at DOUBLE PRECISION NOT NULL,"
        " attempts INTEGER NOT NULL, lease TEXT NOT NULL, error TEXT NOT NULL,"
        " dead_at DOUBLE PRECISION)",
        f"CREATE INDEX IF NOT EXISTS {items.replace('.', '_')}_record ON {items} (record_key, seq)",
        f"CREATE INDEX IF NOT EXISTS {items.replace('.', '_')}_due ON {items} (available_at)",
        f"CREATE TABLE IF NOT EXISTS {targets} (user_id TEXT PRIMARY KEY, url TEXT NOT NULL,"
        " secret TEXT NOT NULL)",
    ]
