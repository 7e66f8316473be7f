"""The interface every connection store backend implements, and what is built on it.

Besides connections, a backend keeps two small things the connect flow and the token
manager need to share across replicas: single-use values with a TTL (OAuth `state`)
and leases (the cross-replica refresh lock). Keeping them in the same backend means a
deployment has one stateful dependency, not two.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Protocol

from gateway.connections.model import Connection
from gateway.errors import BadUserInput, Conflict, NotConnected


class ConnectionStore(Protocol):
    # True when several gateway processes may share this store (Redis, PostgreSQL):
    # then a refresh also takes a lease, not just a per-process lock.
    shared: bool

    async def get(self, user_id: str) -> Connection | None: ...

    async def put(self, connection: Connection) -> Connection:
        """Writes unconditionally (a new sign-in wins); returns it with its new version."""
        ...

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        """Writes only if the stored version is still `connection.version`.

        Returns the connection with its new version, or None when another writer got
        there first (or the connection was deleted): re-read and decide again.
        """
        ...

    async def delete(self, user_id: str) -> bool: ...

    async def list(self) -> list[Connection]:
        """Every connection, ordered by user id: for admin tools and key rotation."""
        ...

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        """Keeps `value` (encrypted) under `key` for at most `ttl_seconds`."""
        ...

    async def take(self, key: str) -> bytes | None:
        """Returns and removes the value in one atomic step: a second take gets None."""
        ...

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        """True if `owner` now holds `name` (free, or its holder's lease ran out)."""
        ...

    async def release_lease(self, name: str, owner: str) -> None:
        """Frees `name` only if `owner` still holds it (it may have expired and moved on)."""
        ...

    async def close(self) -> None: ...


async def reencrypt_all(store: ConnectionStore) -> int:
    """Rewrites every connection, so its tokens are encrypted with the first key.

    Run after putting a new key first; afterwards the old keys can be dropped. A
    connection changed meanwhile (a refresh) was written with the new key anyway.
    """
    count = 0
    for connection in await store.list():
        if await store.compare_and_set(connection) is not None:
            count += 1
    return count


async def choose_default_company(
    store: ConnectionStore, user_id: str, company_id: str, *, attempts: int = 3
) -> Connection:
    """Sets the company a user's queries use by default; it must be one of theirs.

    Compare-and-set, so a token refresh landing at the same moment is not undone.
    """
    for _ in range(attempts):
        connection = await store.get(user_id)
        if connection is None:
            raise NotConnected("The user has not connected Business Central.")
        if connection.companies and company_id not in {c.id for c in connection.companies}:
            raise BadUserInput("That company is not one of the connected user's companies.")
        chosen = dataclasses.replace(
            connection, default_company_id=company_id, updated_at=time.time()
        )
        stored = await store.compare_and_set(chosen)
        if stored is not None:
            return stored
    raise Conflict("The connection kept changing; try again.")
