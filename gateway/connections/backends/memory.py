"""`memory://`: a store in this process only, for tests and throwaway dev runs.

Tokens still go through the codec, so what this backend keeps is exactly what the
others would write (encrypted), and a missing key fails here as it would there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from gateway.connections.codec import ConnectionCodec, Record
from gateway.connections.model import Connection


class MemoryStore:
    shared = False

    def __init__(self, codec: ConnectionCodec, *, clock: Callable[[], float] = time.time) -> None:
        self._codec = codec
        self._clock = clock
        self._rows: dict[str, tuple[int, Record]] = {}
        self._once: dict[str, tuple[bytes, float]] = {}
        self._leases: dict[str, tuple[str, float]] = {}

    async def get(self, user_id: str) -> Connection | None:
        row = self._rows.get(user_id)
        if row is None:
            return None
        version, record = row
        return self._codec.decode(user_id, record.data, record.secret, version)

    async def put(self, connection: Connection) -> Connection:
        current = self._rows.get(connection.user_id)
        return self._write(connection, (current[0] if current else 0) + 1)

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        current = self._rows.get(connection.user_id)
        if current is None or current[0] != connection.version:
            return None
        return self._write(connection, connection.version + 1)

    def _write(self, connection: Connection, version: int) -> Connection:
        record = self._codec.encode(connection)
        self._rows[connection.user_id] = (version, record)
        return self._codec.written(connection, record, version)

    async def delete(self, user_id: str) -> bool:
        return self._rows.pop(user_id, None) is not None

    async def list(self) -> list[Connection]:
        found = (
            self._codec.decode(user_id, record.data, record.secret, version)
            for user_id, (version, record) in sorted(self._rows.items())
        )
        return [c for c in found if c is not None]

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        now = self._clock()
        self._once = {k: v for k, v in self._once.items() if v[1] > now}
        self._once[key] = (self._codec.cipher.encrypt(value), now + ttl_seconds)

    async def take(self, key: str) -> bytes | None:
        found = self._once.pop(key, None)
        if found is None or found[1] <= self._clock():
            return None
        return self._codec.cipher.decrypt(found[0])

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._clock()
        held = self._leases.get(name)
        if held is not None and held[1] > now:
            return False
        self._leases[name] = (owner, now + ttl_seconds)
        return True

    async def release_lease(self, name: str, owner: str) -> None:
        held = self._leases.get(name)
        if held is not None and held[0] == owner:
            del self._leases[name]

    async def close(self) -> None:
        return None
