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

import math
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

from gateway.errors import RateLimited


class RateStore(Protocol):
    async def take(self, key: str, rate: float, burst: int) -> float:
        """Takes one token from `key`'s bucket: 0.0 if there was one, else the seconds
        until one will be there (nothing is taken then)."""
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

    async def check(self, user_id: str) -> RateLimited | None:
        """None when `user_id` may go on; else the error to answer with."""
        wait = await self.store.take(f"rate:{user_id}", self.rate, self.burst)
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
