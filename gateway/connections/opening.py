"""`OpeningStore`: the app's connection store, built before the app and opened by its lifespan.

The app's collaborators (the token manager, the connect flow, the webhooks) are made
before the app and hold this object; opening the backend (a file, a socket) is I/O, so it
waits for `start()`. A request that reaches the store before `start()` or after `close()`
gets UPSTREAM_UNAVAILABLE (503), never a half-made store.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.factory import open_connection_store
from gateway.connections.model import Connection
from gateway.connections.store import ConnectionStore
from gateway.errors import UpstreamUnavailable

# The schemes whose store several gateway processes share (known before opening: the
# webhooks decide at construction whether replicas need a shared registry).
_SHARED_SCHEMES = ("redis", "rediss", "unix", "postgresql", "postgres")


class OpeningStore:
    def __init__(self, config: ConnectionStoreConfig, *, bc_api_url: str) -> None:
        self._config = config
        self._bc_api_url = bc_api_url
        self._store: ConnectionStore | None = None
        self.shared = urlsplit(config.url).scheme.lower() in _SHARED_SCHEMES

    async def start(self) -> None:
        if self._store is None:
            self._store = await open_connection_store(self._config, bc_api_url=self._bc_api_url)

    async def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            await store.close()

    @property
    def opened(self) -> ConnectionStore:
        if self._store is None:
            raise UpstreamUnavailable("The gateway is starting or stopping; try again shortly.")
        return self._store

    async def get(self, user_id: str) -> Connection | None:
        return await self.opened.get(user_id)

    async def put(self, connection: Connection) -> Connection:
        return await self.opened.put(connection)

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        return await self.opened.compare_and_set(connection)

    async def delete(self, user_id: str) -> bool:
        return await self.opened.delete(user_id)

    async def list(self) -> list[Connection]:
        return await self.opened.list()

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        await self.opened.stash(key, value, ttl_seconds)

    async def take(self, key: str) -> bytes | None:
        return await self.opened.take(key)

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        return await self.opened.acquire_lease(name, owner, ttl_seconds)

    async def release_lease(self, name: str, owner: str) -> None:
        await self.opened.release_lease(name, owner)
