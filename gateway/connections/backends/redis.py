"""`redis://…`: a store several gateway replicas share, and the home of their refresh leases.

Each connection is a hash (version, data, secret) plus its user id in an index set.
Writes that must be atomic with a version check are Lua scripts, which Redis runs
without interleaving anything else. All keys start with `{namespace}:`.
"""

from __future__ import annotations

from collections.abc import Mapping

import redis.asyncio as aioredis

from gateway.connections.codec import ConnectionCodec
from gateway.connections.model import Connection

_PUT = """
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'secret', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return version
"""

# A missing hash reads as false, which never equals the expected version: deleted
# connections are not resurrected by a late writer.
_COMPARE_AND_SET = """
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[3] then
  return false
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'secret', ARGV[2])
return version
"""

_DELETE = """
local removed = redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return removed
"""

# Release only our own lease: after it expired another replica may hold it.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisStore:
    shared = True

    def __init__(
        self, client: aioredis.Redis, codec: ConnectionCodec, *, namespace: str = "bcgraph"
    ) -> None:
        self._redis = client
        self._codec = codec
        self._prefix = namespace
        self._index = f"{namespace}:connections"
        self._put = client.register_script(_PUT)
        self._cas = client.register_script(_COMPARE_AND_SET)
        self._delete = client.register_script(_DELETE)
        self._release = client.register_script(_RELEASE)

    @classmethod
    async def open(
        cls, url: str, codec: ConnectionCodec, *, namespace: str = "bcgraph"
    ) -> RedisStore:
        client = aioredis.Redis.from_url(url)
        try:
            await client.ping()
        except Exception:
            await client.aclose()
            raise
        return cls(client, codec, namespace=namespace)

    def _key(self, user_id: str) -> str:
        return f"{self._prefix}:connection:{user_id}"

    async def get(self, user_id: str) -> Connection | None:
        return self._decode(user_id, await self._redis.hgetall(self._key(user_id)))

    def _decode(self, user_id: str, fields: Mapping[bytes | str, bytes | str]) -> Connection | None:
        # HGETALL of a missing key is an empty hash.
        values = {_text(k): _bytes(v) for k, v in fields.items()}
        if not values:
            return None
        return self._codec.decode(user_id, values["data"], values["secret"], int(values["version"]))

    async def put(self, connection: Connection) -> Connection:
        record = self._codec.encode(connection)
        version = await self._put(
            keys=[self._key(connection.user_id), self._index],
            args=[record.data, record.secret, connection.user_id],
        )
        return self._codec.written(connection, record, int(version))

    async def compare_and_set(self, connection: Connection) -> Connection | None:
        record = self._codec.encode(connection)
        version = await self._cas(
            keys=[self._key(connection.user_id)],
            args=[record.data, record.secret, str(connection.version)],
        )
        return None if version is None else self._codec.written(connection, record, int(version))

    async def delete(self, user_id: str) -> bool:
        removed = await self._delete(keys=[self._key(user_id), self._index], args=[user_id])
        return int(removed) > 0

    async def list(self) -> list[Connection]:
        members = sorted(_text(m) for m in await self._redis.smembers(self._index))
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id in members:
                pipe.hgetall(self._key(user_id))
            rows = await pipe.execute()
        found = (
            self._decode(user_id, fields) for user_id, fields in zip(members, rows, strict=True)
        )
        return [c for c in found if c is not None]

    async def stash(self, key: str, value: bytes, ttl_seconds: float) -> None:
        await self._redis.set(
            f"{self._prefix}:once:{key}",
            self._codec.cipher.encrypt(value),
            px=max(1, int(ttl_seconds * 1000)),
        )

    async def take(self, key: str) -> bytes | None:
        value = await self._redis.getdel(f"{self._prefix}:once:{key}")
        return None if value is None else self._codec.cipher.decrypt(_bytes(value))

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        acquired = await self._redis.set(
            f"{self._prefix}:lease:{name}", owner, nx=True, px=max(1, int(ttl_seconds * 1000))
        )
        return bool(acquired)

    async def release_lease(self, name: str, owner: str) -> None:
        await self._release(keys=[f"{self._prefix}:lease:{name}"], args=[owner])

    async def close(self) -> None:
        await self._redis.aclose()


# The client is built without decode_responses, so replies are bytes; its type hints
# cannot know that and say `bytes | str`.
def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
