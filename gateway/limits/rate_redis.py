"""Token buckets in Redis, shared by every replica: one user, one budget, however many
replicas the load balancer spreads their requests over.

The whole take is one Lua script (atomic in Redis) on Redis' own clock, so replicas whose
clocks differ still agree. A bucket expires once it would be full again anyway.
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from gateway.limits.rate import RateStoreUnavailable

_TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1]) or burst
local at = tonumber(saved[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisRateStore:
    def __init__(self, client: Any, *, prefix: str = "bcgraph:") -> None:
        self._client = client
        self._prefix = prefix
        self._take = client.register_script(_TAKE)

    @classmethod
    async def open(cls, url: str, *, prefix: str = "bcgraph:") -> RedisRateStore:
        client = aioredis.Redis.from_url(url)
        try:
            await client.ping()
        except BaseException:
            await client.aclose()
            raise
        return cls(client, prefix=prefix)

    async def take(self, key: str, rate: float, burst: int) -> float:
        try:
            # Lua turns numbers into integers on the way out: the wait comes back as a string.
            wait = await self._take(keys=[self._prefix + key], args=[repr(rate), str(burst)])
        except (RedisError, OSError) as error:
            raise RateStoreUnavailable(f"{type(error).__name__}: {error}") from error
        return float(wait)

    async def close(self) -> None:
        await self._client.aclose()
