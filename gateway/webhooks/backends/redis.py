"""`redis://…`: the registry every replica shares. All keys start with
`{namespace}:webhooks:`; writes that must check something first are Lua scripts,
which Redis runs without interleaving anything else.

    …:watch:{topic}        hash: the encoded watch
    …:watches              set: every topic key with a watch
    …:sub:{id}             string: the topic key of a BC subscription id
    …:interest:{topic}     set: replicas that said they have subscribers
    …:here:{topic}:{rep}   string with a TTL: that replica's claim is still fresh
    …:seen:{digest}        string with a TTL: a notification taken, a change published
    …:snap:{topic}         hash: snapshots (ids and digests)
    …:ids:{topic}          set: the ids a watch knows, 16 bytes each, and "" (kept, even
                           when empty)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import redis.asyncio as aioredis

from gateway.connections.crypto import TokenCipher
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import IDENTITY, MARKS, Mark, decode_watch, encode_time, encode_watch

# Only an existing watch is changed: a late writer must not resurrect a removed one.
_MARK = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 0
"""

_ADVANCE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  local current = tonumber(redis.call('HGET', KEYS[1], 'watermark') or '0') or 0
  if tonumber(ARGV[1]) > current then
    redis.call('HSET', KEYS[1], 'watermark', ARGV[1])
  end
end
return 0
"""

_SNAPSHOTS = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 1, #ARGV, 2 do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[2], ARGV[i])
  else
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
return 1
"""

# ARGV[1]: how many of the ids that follow are added; the rest are removed.
_CHANGE_IDS = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local adds = tonumber(ARGV[1])
local out = {}
for i = 2, #ARGV do
  if i - 1 <= adds then
    out[i - 1] = redis.call('SADD', KEYS[1], ARGV[i])
  else
    out[i - 1] = redis.call('SREM', KEYS[1], ARGV[i])
  end
end
return out
"""

# How many ids one SADD of a new set carries.
_BATCH = 5000


class RedisRegistry:
    shared = True
    durable = True

    def __init__(self, url: str, cipher: TokenCipher, *, namespace: str = "bcgraph") -> None:
        self._redis = aioredis.Redis.from_url(url)
        self._cipher = cipher
        self._prefix = f"{namespace}:webhooks:"
        self._mark = self._redis.register_script(_MARK)
        self._advance = self._redis.register_script(_ADVANCE)
        self._snapshots = self._redis.register_script(_SNAPSHOTS)
        self._change_ids = self._redis.register_script(_CHANGE_IDS)

    def _watch(self, topic_key: str) -> str:
        return f"{self._prefix}watch:{topic_key}"

    def _sub(self, subscription_id: str) -> str:
        return f"{self._prefix}sub:{subscription_id}"

    def _snap(self, topic_key: str) -> str:
        return f"{self._prefix}snap:{topic_key}"

    def _ids(self, topic_key: str) -> str:
        return f"{self._prefix}ids:{topic_key}"

    def _holders(self, topic_key: str) -> str:
        return f"{self._prefix}interest:{topic_key}"

    def _here(self, topic_key: str, replica: str) -> str:
        return f"{self._prefix}here:{topic_key}:{replica}"

    async def _fields(self, key: str) -> dict[str, bytes]:
        raw = await self._redis.hgetall(key)
        return {_text(k): _bytes(v) for k, v in raw.items()}

    async def get(self, topic: Topic) -> Watch | None:
        return decode_watch(await self._fields(self._watch(topic.key)), self._cipher)

    async def find(self, subscription_id: str) -> Watch | None:
        key = await self._redis.get(self._sub(subscription_id))
        if key is None:
            return None
        return decode_watch(await self._fields(self._watch(_text(key))), self._cipher)

    async def save(self, watch: Watch) -> None:
        key = watch.topic.key
        encoded = encode_watch(watch, self._cipher)
        old = await self._redis.hget(self._watch(key), "sub")
        async with self._redis.pipeline(transaction=True) as pipe:
            if old and _text(old) != watch.subscription_id:
                pipe.delete(self._sub(_text(old)))
            pipe.hset(self._watch(key), mapping={n: encoded[n] for n in IDENTITY})
            for name, value in encoded.items():
                if name not in IDENTITY:
                    pipe.hsetnx(self._watch(key), name, value)
            pipe.sadd(f"{self._prefix}watches", key)
            if watch.subscription_id:
                pipe.set(self._sub(watch.subscription_id), key)
            await pipe.execute()

    async def remove(self, topic: Topic) -> None:
        key = topic.key
        old = await self._redis.hget(self._watch(key), "sub")
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._watch(key), self._snap(key), self._ids(key))
            pipe.srem(f"{self._prefix}watches", key)
            if old:
                pipe.delete(self._sub(_text(old)))
            await pipe.execute()

    async def all(self) -> list[Watch]:
        keys = sorted(_text(k) for k in await self._redis.smembers(f"{self._prefix}watches"))
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hgetall(self._watch(key))
            rows = await pipe.execute()
        found = (
            decode_watch({_text(k): _bytes(v) for k, v in row.items()}, self._cipher)
            for row in rows
        )
        return [w for w in found if w is not None]

    async def mark(self, topic: Topic, name: Mark, value: float | None) -> None:
        await self._mark(keys=[self._watch(topic.key)], args=[MARKS[name], encode_time(value)])

    async def advance(self, topic: Topic, watermark: float) -> None:
        await self._advance(keys=[self._watch(topic.key)], args=[repr(watermark)])

    async def touch(self, topic: Topic, replica: str, ttl_seconds: float) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._here(topic.key, replica), b"1", px=_ms(ttl_seconds))
            pipe.sadd(self._holders(topic.key), replica)
            # The set goes by itself once every holder has stopped touching it for a while.
            pipe.pexpire(self._holders(topic.key), _ms(ttl_seconds * 4))
            await pipe.execute()

    async def drop(self, topic: Topic, replica: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._here(topic.key, replica))
            pipe.srem(self._holders(topic.key), replica)
            await pipe.execute()

    async def interested(self, topic: Topic) -> bool:
        # Each replica's claim is its own key with a TTL, so no replica's clock matters.
        holders = [_text(r) for r in await self._redis.smembers(self._holders(topic.key))]
        if not holders:
            return False
        async with self._redis.pipeline(transaction=False) as pipe:
            for replica in holders:
                pipe.exists(self._here(topic.key, replica))
            alive = await pipe.execute()
        gone = [r for r, exists in zip(holders, alive, strict=True) if not exists]
        if gone:
            await self._redis.srem(self._holders(topic.key), *gone)
        return len(gone) < len(holders)

    async def first_seen(self, keys: Sequence[str], ttl_seconds: float) -> list[bool]:
        if not keys:
            return []
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.set(f"{self._prefix}seen:{key}", b"1", nx=True, px=_ms(ttl_seconds))
            answers = await pipe.execute()
        return [bool(a) for a in answers]

    async def snapshots(self, topic: Topic, names: Sequence[str]) -> dict[str, bytes]:
        if not names:
            return {}
        values = await self._redis.hmget(self._snap(topic.key), list(names))
        return {n: _bytes(v) for n, v in zip(names, values, strict=True) if v is not None}

    async def store_snapshots(self, topic: Topic, values: Mapping[str, bytes | None]) -> None:
        if not values:
            return
        args: list[bytes | str] = []
        for name, value in values.items():
            args += [name, value if value is not None else b""]
        await self._snapshots(keys=[self._watch(topic.key), self._snap(topic.key)], args=args)

    async def ids(self, topic: Topic) -> set[bytes] | None:
        known: set[bytes] = set()
        async for member in self._redis.sscan_iter(self._ids(topic.key), count=_BATCH):
            known.add(_bytes(member))
        if b"" not in known:
            return None
        known.discard(b"")
        return known

    async def store_ids(self, topic: Topic, ids: Iterable[bytes] | None) -> None:
        key = self._ids(topic.key)
        if ids is None:
            await self._redis.delete(key)
            return
        # Built aside and renamed into place: readers see the old set or the new one.
        fresh = f"{key}:new"
        members = [b"", *ids]
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(fresh)
            for start in range(0, len(members), _BATCH):
                pipe.sadd(fresh, *members[start : start + _BATCH])
            pipe.rename(fresh, key)
            await pipe.execute()
        if not await self._redis.exists(self._watch(topic.key)):
            await self._redis.delete(key)  # the watch went meanwhile: its set goes too

    async def change_ids(
        self, topic: Topic, *, add: Sequence[bytes], remove: Sequence[bytes]
    ) -> list[bool] | None:
        answers = await self._change_ids(
            keys=[self._ids(topic.key)], args=[len(add), *add, *remove]
        )
        return None if answers is None else [bool(a) for a in answers]

    async def close(self) -> None:
        await self._redis.aclose()


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


# The client is built without decode_responses, so replies are bytes; its type hints
# cannot know that and say `bytes | str`.
def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
