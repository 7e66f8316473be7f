"""`redis://…`: events travel through Redis pub/sub, so a webhook one replica receives
reaches subscribers on every replica.

One connection per process carries every channel this process listens to (redis-py
re-subscribes them after a reconnect); publishing uses the client's pool. Redis pub/sub
delivers at most once: what is published while a replica is cut off from Redis does not
reach that replica's subscribers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from gateway.pubsub import tasks
from gateway.pubsub.base import Deliver
from gateway.pubsub.errors import PubSubUnavailable

logger = logging.getLogger(__name__)

# How long a SUBSCRIBE may take to be confirmed before the subscriber is told.
CONFIRM_SECONDS = 5.0


class RedisBackend:
    def __init__(self, url: str, *, namespace: str = "bcgraph") -> None:
        self._url = url
        self._prefix = f"{namespace}:pubsub:"
        # Subscribed at connect, so the listening connection exists before any real channel.
        self._control = f"{self._prefix}~control"
        self._redis: aioredis.Redis | None = None
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._deliver: Deliver | None = None
        # SUBSCRIBEs sent and not yet confirmed by Redis, by full channel name.
        self._confirming: dict[str, asyncio.Future[None]] = {}

    async def connect(self, deliver: Deliver) -> None:
        client = aioredis.Redis.from_url(self._url)
        try:
            await client.ping()
            pubsub = client.pubsub()
            await pubsub.subscribe(self._control)
        except Exception:
            await client.aclose()
            raise
        self._redis, self._pubsub, self._deliver = client, pubsub, deliver
        self._reader = asyncio.create_task(self._read(), name="pubsub-redis-reader")

    async def disconnect(self) -> None:
        if self._reader is not None:
            await tasks.stop([self._reader])
            self._reader = None
        for future in self._confirming.values():
            future.cancel()
        self._confirming.clear()
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def subscribe(self, channel: str) -> None:
        name = self._prefix + channel
        future = self._confirming.get(name)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._confirming[name] = future
            try:
                await self._listening().subscribe(name)
            except RedisError as error:
                self._confirming.pop(name, None)
                raise PubSubUnavailable("Live events are unavailable (Redis).") from error
        try:
            # Only once Redis confirms is a message published after this call certain to
            # arrive; until then a PUBLISH from another replica could overtake us.
            async with asyncio.timeout(CONFIRM_SECONDS):
                await asyncio.shield(future)
        except TimeoutError:
            if self._confirming.get(name) is future:
                del self._confirming[name]
            raise PubSubUnavailable("Live events are unavailable (Redis).") from None

    async def unsubscribe(self, channel: str) -> None:
        try:
            await self._listening().unsubscribe(self._prefix + channel)
        except RedisError:
            # The connection is gone, and with it the subscription.
            logger.warning("could not unsubscribe a pub/sub channel from Redis")

    async def publish(self, channel: str, message: bytes) -> None:
        if self._redis is None:
            raise RuntimeError("the Redis pub/sub is not connected")
        try:
            await self._redis.publish(self._prefix + channel, message)
        except RedisError as error:
            raise PubSubUnavailable("Live events are unavailable (Redis).") from error

    def _listening(self) -> Any:
        if self._pubsub is None:
            raise RuntimeError("the Redis pub/sub is not connected")
        return self._pubsub

    async def _read(self) -> None:
        delay = 0.05
        while True:
            try:
                message = await self._listening().get_message(timeout=None)
            except RedisError as error:
                # redis-py reconnects on the next read and re-subscribes every channel.
                logger.warning("Redis pub/sub connection lost (%s); reconnecting", type(error))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            delay = 0.05
            if message is not None:
                self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        name = _text(message.get("channel"))
        if kind == "subscribe":
            future = self._confirming.pop(name, None)
            if future is not None and not future.done():
                future.set_result(None)
        elif kind == "message" and name.startswith(self._prefix) and name != self._control:
            if self._deliver is not None:
                data = message.get("data")
                self._deliver(name[len(self._prefix) :], data if isinstance(data, bytes) else b"")


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else ""
