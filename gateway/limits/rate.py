"""The per-user rate limit: a token bucket per user, kept in a RateStore.

Each user's bucket holds up to `burst` tokens and refills at `rate` per second; an
operation takes one. A user has one bucket whichever door they come through (the key is
the user alone): a GraphQL request over HTTP and a `/proxy/` request are refused with 429
and Retry-After before any parsing (gateway/graphql.py, gateway/proxy.py); an operation
started over a WebSocket is refused with its protocol's `error` message, the socket left
open. The store decides where buckets live: in memory for one replica (rate_memory.py), in
Redis when several replicas must share one budget (rate_redis.py); `open_rate_store` picks
one by URL scheme.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

from gateway.errors import RateLimited

logger = logging.getLogger(__name__)
# The schemes open_rate_store knows, for settings to check before the start.
RATE_STORE_SCHEMES = ("memory", "redis", "rediss", "unix")
# While the store is down, one warning per this many seconds, not one per operation.
_WARN_EVERY_SECONDS = 60.0


class RateStoreUnavailable(Exception):
    """The store could not be asked (Redis down or unreachable)."""


class RateStore(Protocol):
    async def take(self, key: str, rate: float, burst: int) -> float:
        """Takes one token from `key`'s bucket: 0.0 if there was one, else the seconds
        until one will be there (nothing is taken then). Raises RateStoreUnavailable when
        the store cannot be reached."""
        ...

    async def close(self) -> None: ...


class RateLimiter:
    def __init__(
        self,
        store: RateStore,
        rate: float,
        burst: int,
        *,
        on_refused: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.rate = rate
        self.burst = burst
        # Told of every refusal, whichever door (the metrics' counter).
        self._on_refused = on_refused
        self._warned_at = -math.inf

    async def check(self, user_id: str) -> RateLimited | None:
        """None when `user_id` may go on; else the error to answer with.

        Fails open: with the store down every operation goes on (logged). The limit is an
        operator's quota, while BC's own limits are kept by the BC client's governor per
        connection whatever happens here; refusing everyone, or ending every WebSocket,
        because Redis is away would turn a quota outage into a product outage."""
        try:
            wait = await self.store.take(f"rate:{user_id}", self.rate, self.burst)
        except RateStoreUnavailable as error:
            now = time.monotonic()
            if now - self._warned_at >= _WARN_EVERY_SECONDS:
                self._warned_at = now
                logger.warning("rate limit store unavailable, not limiting: %s", error)
            return None
        if wait <= 0:
            return None
        if self._on_refused is not None:
            self._on_refused()
        seconds = max(1, math.ceil(wait))
        return RateLimited(
            f"Too many requests for this user; try again in {seconds} s.", retryAfter=seconds
        )


async def open_rate_store(url: str) -> RateStore:
    """memory:// or redis://host:port/db; the caller closes it (the app's lifespan)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "memory":
        from gateway.limits.rate_memory import MemoryRateStore

        return MemoryRateStore()
    if scheme in ("redis", "rediss", "unix"):
        from gateway.limits.rate_redis import RedisRateStore

        return await RedisRateStore.open(url)
    raise ValueError(f"unknown rate limit store scheme {scheme!r}: use memory or redis")


class OpeningRateStore:
    """The limiter's store, built before the app and opened by its lifespan (`start()`).
    Asked before then or after `close()`, it is unavailable: the limiter fails open."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._store: RateStore | None = None

    async def start(self) -> None:
        if self._store is None:
            self._store = await open_rate_store(self._url)

    async def take(self, key: str, rate: float, burst: int) -> float:
        if self._store is None:
            raise RateStoreUnavailable("the rate limit store is not open")
        return await self._store.take(key, rate, burst)

    async def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            await store.close()
