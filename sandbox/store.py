"""The sandbox's state: every record of every company, in SQLite.

SQLite (a file, or ":memory:") is the source of truth; the parsed rows are also
kept in a dict per (scope, entity set) because the sandbox is one process and
every write goes through this class, so the dict can never be stale, and
re-parsing JSON on every GET would cap the sandbox well under BC's own speed.

sqlite3 calls are synchronous: they are sub-millisecond local writes, made on
the event loop on purpose (a thread hop would cost more than the write).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

Row = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """Where records live: a tenant's environment, and a company unless the set is at the root."""

    tenant_id: str
    environment: str
    company_id: str = ""

    @property
    def key(self) -> str:
        return f"{self.tenant_id}/{self.environment}/{self.company_id}"

    def root(self) -> Scope:
        return Scope(self.tenant_id, self.environment)


@dataclass(frozen=True)
class Record:
    row: Row
    version: int
    etag: str


@dataclass(frozen=True)
class Change:
    """A committed change, for the webhook dispatcher."""

    scope: Scope
    entity_set: str
    id: str
    kind: str  # created | updated | deleted
    at: str  # when it happened: the record's lastModifiedDateTime, or the time of the write


def record_key(row: Row) -> str:
    """What the store keys a row by: its id, or its hidden `_key` where the id is unique
    only under its parent (a dimension set line's id is its dimension's)."""
    return str(row.get("_key") or row["id"]).lower()


# Every sandbox seeds the same records at the same versions, so their etags repeat
# from one sandbox to the next: memoised, bounded.
@functools.lru_cache(maxsize=1 << 16)
def make_etag(record_id: str, version: int) -> str:
    # Opaque and weak like BC's (`W/"JzIwOz…"`), different on every modification.
    digits = str(int(hashlib.sha1(f"{record_id}:{version}".encode()).hexdigest()[:16], 16))  # noqa: S324
    token = f"'{len(digits)};{digits};00;'"
    return 'W/"' + base64.b64encode(token.encode()).decode() + '"'


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS records ("
            " scope TEXT NOT NULL, entity_set TEXT NOT NULL, id TEXT NOT NULL,"
            " version INTEGER NOT NULL, data BLOB NOT NULL,"
            " PRIMARY KEY (scope, entity_set, id))"
        )
        self._conn.commit()
        self._sets: dict[tuple[str, str], dict[str, Record]] = {}
        self._scopes: dict[str, Scope] = {}
        self._listeners: list[Callable[[Change], None]] = []
        # While a transaction is open, changes and undo steps wait here.
        self._pending: list[Change] | None = None
        self._undo: list[Callable[[], None]] | None = None
        # Versions come from one counter so an etag never repeats, even after a rollback.
        self._version = 0
        self._load()

    def _load(self) -> None:
        for scope_key, entity_set, rid, version, data in self._conn.execute(
            "SELECT scope, entity_set, id, version, data FROM records"
        ):
            scope = self._scope_from_key(scope_key)
            self._version = max(self._version, version)
            self._set(scope, entity_set)[rid] = Record(
                orjson.loads(data), version, make_etag(rid, version)
            )

    def _scope_from_key(self, key: str) -> Scope:
        scope = self._scopes.get(key)
        if scope is None:
            tenant, env, company = key.split("/", 2)
            scope = self._scopes[key] = Scope(tenant, env, company)
        return scope

    def _set(self, scope: Scope, entity_set: str) -> dict[str, Record]:
        key = (scope.key, entity_set)
        records = self._sets.get(key)
        if records is None:
            records = self._sets[key] = {}
            self._scopes.setdefault(scope.key, scope)
        return records

    @property
    def empty(self) -> bool:
        return not any(self._sets.values())

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- reads ---------------------------------------------------------------

    def records(self, scope: Scope, entity_set: str) -> list[Record]:
        return list(self._set(scope, entity_set).values())

    def get(self, scope: Scope, entity_set: str, record_id: str) -> Record | None:
        return self._set(scope, entity_set).get(record_id.lower())

    def scopes_with(self, entity_set: str) -> list[Scope]:
        return [
            self._scopes[s] for (s, es), recs in self._sets.items() if es == entity_set and recs
        ]

    # -- writes --------------------------------------------------------------

    def insert(self, scope: Scope, entity_set: str, row: Row, *, notify: bool = True) -> Record:
        rid = record_key(row)
        records = self._set(scope, entity_set)
        version = self._next_version()
        record = Record(row, version, make_etag(rid, version))
        records[rid] = record
        self._write(scope, entity_set, rid, record)
        self._on_undo(lambda: self._remove(scope, entity_set, rid))
        if notify:
            self._emit(Change(scope, entity_set, rid, "created", _modified(row)))
        return record

    def replace(
        self, scope: Scope, entity_set: str, row: Row, *, notify: bool = True, at: str = ""
    ) -> Record:
        """`at`: when the write happened, if not the row's lastModifiedDateTime (a write
        that changed nothing leaves that where it was; its notification still has a time)."""
        rid = record_key(row)
        records = self._set(scope, entity_set)
        old = records[rid]
        version = self._next_version()
        record = Record(row, version, make_etag(rid, version))
        records[rid] = record
        self._write(scope, entity_set, rid, record)
        self._on_undo(lambda: self._restore(scope, entity_set, rid, old))
        if notify:
            self._emit(Change(scope, entity_set, rid, "updated", at or _modified(row)))
        return record

    def delete(self, scope: Scope, entity_set: str, record_id: str, at: str = "") -> None:
        rid = record_id.lower()
        old = self._set(scope, entity_set).get(rid)
        if old is None:
            return
        self._remove(scope, entity_set, rid)
        self._on_undo(lambda: self._restore(scope, entity_set, rid, old))
        self._emit(Change(scope, entity_set, rid, "deleted", at or _modified(old.row)))

    def clear(self) -> None:
        self._conn.execute("DELETE FROM records")
        self._conn.commit()
        self._sets.clear()

    def start_from(self, template: Store) -> None:
        """Takes a copy of `template`'s records into this empty store, whose connection
        holds nothing else yet: every sandbox of a test run starts from one seeded template,
        and copying SQLite's pages is twenty times faster than inserting the rows again."""
        if not self.empty:
            raise RuntimeError("start_from needs an empty store")
        template._conn.backup(self._conn)
        self._version = template._version
        self._scopes.update(template._scopes)
        for key, records in template._sets.items():
            # The rules change rows in place: each store gets its own.
            self._sets[key] = {
                rid: Record(dict(r.row), r.version, r.etag) for rid, r in records.items()
            }

    def bulk_insert(self, scope: Scope, entity_set: str, rows: list[Row]) -> None:
        """Seeding: many rows at once, no notifications."""
        records = self._set(scope, entity_set)
        params = []
        for row in rows:
            rid = record_key(row)
            version = self._next_version()
            records[rid] = Record(row, version, make_etag(rid, version))
            params.append((scope.key, entity_set, rid, version, orjson.dumps(row)))
        self._conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)", params)
        self._conn.commit()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: on an exception every write inside is undone and nothing is notified.

        `Isolation: snapshot` batches and multi-record writes (an invoice and its
        lines) use it. Not re-entrant: an inner call joins the outer one.
        """
        if self._pending is not None:
            yield
            return
        self._pending, self._undo = [], []
        try:
            yield
        except BaseException:
            undo, self._pending, self._undo = self._undo, None, None
            for step in reversed(undo):
                step()
            self._conn.commit()
            raise
        changes, self._pending, self._undo = self._pending, None, None
        self._conn.commit()
        for change in changes:
            self._notify(change)

    # -- internals -----------------------------------------------------------

    def _next_version(self) -> int:
        self._version += 1
        return self._version

    def _write(self, scope: Scope, entity_set: str, rid: str, record: Record) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)",
            (scope.key, entity_set, rid, record.version, orjson.dumps(record.row)),
        )
        if self._pending is None:
            self._conn.commit()

    def _remove(self, scope: Scope, entity_set: str, rid: str) -> None:
        self._set(scope, entity_set).pop(rid, None)
        self._conn.execute(
            "DELETE FROM records WHERE scope = ? AND entity_set = ? AND id = ?",
            (scope.key, entity_set, rid),
        )
        if self._pending is None:
            self._conn.commit()

    def _restore(self, scope: Scope, entity_set: str, rid: str, record: Record) -> None:
        self._set(scope, entity_set)[rid] = record
        self._write(scope, entity_set, rid, record)

    def _on_undo(self, step: Callable[[], None]) -> None:
        if self._undo is not None:
            self._undo.append(step)

    def _emit(self, change: Change) -> None:
        if self._pending is not None:
            self._pending.append(change)
        else:
            self._notify(change)

    def _notify(self, change: Change) -> None:
        for listener in self._listeners:
            listener(change)


def _modified(row: Row) -> str:
    return str(row.get("lastModifiedDateTime", ""))
