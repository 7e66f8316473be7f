"""`redis://…`: the queue several replicas share, in Redis.

    {ns}:deliveries:items          hash  event id -> the item (JSON)
    {ns}:deliveries:record:{key}   list  a record's queued event ids, oldest first
    {ns}:deliveries:ready          zset  record key -> when its oldest event may be taken
    {ns}:deliveries:dead           hash  event id -> the dead letter (JSON)
    {ns}:deliveries:targets        hash  user id -> a connection's own webhook (JSON)

Only a record's oldest event is ever in `ready`, so a record's events go out one at a
time, in order. Taking moves the record's score to the end of the lease: a replica that
dies mid-POST leaves the event to be taken again once that time has passed. Each change
is one Lua script, which Redis runs without interleaving anything else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis

from gateway.delivery.queue import Item, StoredTarget

# KEYS: items, ready. ARGV: id, item, record key, now, record list key.
_ENQUEUE = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', ARGV[5], ARGV[1])
  redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[3])
end
return 0
"""

# KEYS: items, ready. ARGV: now, until, limit, token, record list key prefix.
_LEASE = """
local taken = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, record in ipairs(due) do
  local head = redis.call('LINDEX', ARGV[5] .. record, 0)
  local raw = head and redis.call('HGET', KEYS[1], head)
  if raw then
    local item = cjson.decode(raw)
    item['attempts'] = item['attempts'] + 1
    item['lease'] = ARGV[4]
    raw = cjson.encode(item)
    redis.call('HSET', KEYS[1], head, raw)
    redis.call('ZADD', KEYS[2], ARGV[2], record)
    table.insert(taken, raw)
  else
    redis.call('ZREM', KEYS[2], record)
  end
end
return taken
"""

# What follows an event leaving the queue (delivered or dead): the record's next event is
# due at once, or the record leaves `ready`.
_NEXT = """
local function next_of(ready, list, record, now)
  if redis.call('LLEN', list) > 0 then
    redis.call('ZADD', ready, now, record)
  else
    redis.call('ZREM', ready, record)
  end
end
"""

# KEYS: items, ready. ARGV: id, record key, now, record list key.
_ACK = (
    _NEXT
    + """
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
  redis.call('LREM', ARGV[4], 1, ARGV[1])
  next_of(KEYS[2], ARGV[4], ARGV[2], ARGV[3])
end
return 0
"""
)

# KEYS: items, ready. ARGV: id, record key, at, error, token.
_RETRY = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local item = cjson.decode(raw)
if item['lease'] ~= ARGV[5] then return 0 end
item['error'] = ARGV[4]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(item))
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return 1
"""

# KEYS: items, ready, dead. ARGV: id, record key, now, error, token, record list key.
_DEAD = (
    _NEXT
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local item = cjson.decode(raw)
if item['lease'] ~= ARGV[5] then return 0 end
item['error'] = ARGV[4]
item['dead_at'] = tonumber(ARGV[3])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(item))
redis.call('LREM', ARGV[6], 1, ARGV[1])
next_of(KEYS[2], ARGV[6], ARGV[2], ARGV[3])
return 1
"""
)

# KEYS: items, ready, dead. ARGV: id, now, record list key prefix.
_REPLAY = """
local raw = redis.call('HGET', KEYS[3], ARGV[1])
if not raw then return 0 end
local item = cjson.decode(raw)
item['attempts'] = 0
item['lease'] = ''
item['dead_at'] = nil
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('HSETNX', KEYS[1], ARGV[1], cjson.encode(item)) == 1 then
  redis.call('RPUSH', ARGV[3] .. item['record_key'], ARGV[1])
  redis.call('ZADD', KEYS[2], 'NX', ARGV[2], item['record_key'])
end
return 1
"""


class RedisQueue:
    shared = True

    def __init__(self, client: aioredis.Redis, *, namespace: str) -> None:
        self._redis = client
        prefix = f"{namespace}:deliveries"
        self._items = f"{prefix}:items"
        self._ready = f"{prefix}:ready"
        self._dead = f"{prefix}:dead"
        self._targets = f"{prefix}:targets"
        self._records = f"{prefix}:record:"
        self._enqueue = client.register_script(_ENQUEUE)
        self._lease = client.register_script(_LEASE)
        self._ack = client.register_script(_ACK)
        self._retry = client.register_script(_RETRY)
        self._dead_script = client.register_script(_DEAD)
        self._replay = client.register_script(_REPLAY)

    @classmethod
    async def open(cls, url: str, *, namespace: str) -> RedisQueue:
        client = aioredis.Redis.from_url(url)
        try:
            await client.ping()
        except Exception:
            await client.aclose()
            raise
        return cls(client, namespace=namespace)

    async def enqueue(self, items: Sequence[Item]) -> None:
        for item in items:
            await self._enqueue(
                keys=[self._items, self._ready],
                args=[
                    item.id,
                    _encode(item),
                    item.record_key,
                    item.created_at,
                    self._records + item.record_key,
                ],
            )

    async def lease(self, now: float, until: float, limit: int, token: str) -> list[Item]:
        raw = await self._lease(
            keys=[self._items, self._ready], args=[now, until, limit, token, self._records]
        )
        return [_decode(value) for value in raw]

    async def ack(self, item: Item, now: float) -> None:
        await self._ack(
            keys=[self._items, self._ready],
            args=[item.id, item.record_key, now, self._records + item.record_key],
        )

    async def retry(self, item: Item, at: float, error: str) -> bool:
        done = await self._retry(
            keys=[self._items, self._ready],
            args=[item.id, item.record_key, at, error, item.lease],
        )
        return bool(done)

    async def dead(self, item: Item, now: float, error: str) -> bool:
        done = await self._dead_script(
            keys=[self._items, self._ready, self._dead],
            args=[
                item.id,
                item.record_key,
                now,
                error,
                item.lease,
                self._records + item.record_key,
            ],
        )
        return bool(done)

    async def dead_letters(self, limit: int = 1000) -> list[Item]:
        items = [_decode(value) for value in await self._redis.hvals(self._dead)]
        items.sort(key=lambda item: (item.dead_at or 0.0, item.id))
        return items[:limit]

    async def replay(self, ids: Sequence[str] | None, now: float) -> int:
        if ids is None:
            ids = [item.id for item in await self.dead_letters(limit=1 << 30)]
        replayed = 0
        for event_id in ids:
            replayed += int(
                await self._replay(
                    keys=[self._items, self._ready, self._dead],
                    args=[event_id, now, self._records],
                )
            )
        return replayed

    async def depth(self) -> int:
        return int(await self._redis.hlen(self._items))

    async def target(self, user_id: str) -> StoredTarget | None:
        raw = await self._redis.hget(self._targets, user_id)
        if raw is None:
            return None
        value = json.loads(raw)
        return StoredTarget(str(value["url"]), str(value["secret"]).encode())

    async def set_target(self, user_id: str, target: StoredTarget | None) -> None:
        if target is None:
            await self._redis.hdel(self._targets, user_id)
            return
        value = json.dumps({"url": target.url, "secret": target.secret.decode()})
        await self._redis.hset(self._targets, user_id, value)

    async def close(self) -> None:
        await self._redis.aclose()


def _encode(item: Item) -> str:
    return json.dumps(
        {
            "id": item.id,
            "user_id": item.user_id,
            "record_key": item.record_key,
            "body": item.body.decode(),
            # A string: Lua's cjson would round a float's digits.
            "created_at": repr(item.created_at),
            "attempts": item.attempts,
            "lease": item.lease,
            "error": item.error,
        }
    )


def _decode(raw: Any) -> Item:
    value = json.loads(raw)
    dead_at = value.get("dead_at")
    return Item(
        id=str(value["id"]),
        user_id=str(value["user_id"]),
        record_key=str(value["record_key"]),
        body=str(value["body"]).encode(),
        created_at=float(value["created_at"]),
        attempts=int(value["attempts"]),
        lease=str(value["lease"]),
        error=str(value["error"]),
        dead_at=None if dead_at is None else float(dead_at),
    )
