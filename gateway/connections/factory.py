"""The store URL's scheme picks the backend; each backend module is imported only when used."""

from __future__ import annotations

from urllib.parse import urlsplit

from gateway.connections.codec import ConnectionCodec
from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.crypto import TokenCipher
from gateway.connections.store import ConnectionStore

SQLITE_PREFIX = "sqlite:///"
# The schemes open_connection_store knows, for settings to check before the start.
STORE_SCHEMES = ("sqlite", "redis", "rediss", "unix", "postgresql", "postgres", "memory")


async def open_connection_store(
    config: ConnectionStoreConfig, *, bc_api_url: str
) -> ConnectionStore:
    """Opens (and creates, if needed) the store; the caller closes it, in the app's lifespan.

    `bc_api_url` is the configured BC API: a stored connection whose API root is not on
    it is refused (see codec.py), so a user's BC token only ever goes there.
    """
    codec = ConnectionCodec(TokenCipher(config.encryption_keys), bc_api_url=bc_api_url)
    scheme = urlsplit(config.url).scheme.lower()
    if scheme == "sqlite":
        from gateway.connections.backends.sqlite import SQLiteStore

        if not config.url.startswith(SQLITE_PREFIX):
            raise ValueError("a SQLite store URL looks like sqlite:///relative/path.db")
        path = config.url.removeprefix(SQLITE_PREFIX) or ":memory:"
        return await SQLiteStore.open(path, codec, namespace=config.namespace)
    if scheme in ("redis", "rediss", "unix"):
        from gateway.connections.backends.redis import RedisStore

        return await RedisStore.open(config.url, codec, namespace=config.namespace)
    if scheme in ("postgresql", "postgres"):
        from gateway.connections.backends.postgres import PostgresStore

        return await PostgresStore.open(config.url, codec, namespace=config.namespace)
    if scheme == "memory":
        from gateway.connections.backends.memory import MemoryStore

        return MemoryStore(codec)
    raise ValueError(
        f"unknown connection store scheme {scheme!r}: use sqlite, redis, postgresql or memory"
    )
