"""Broadcast: local fan-out over a backend, with one bounded queue per subscriber.

    async with broadcast.subscribe(channel) as subscriber:
        async for message in subscriber:
            ...
        # leaving the block always unsubscribes, also on error or cancellation

A channel is subscribed at the backend once, however many local subscribers share it,
and unsubscribed when its last one leaves. A message is decoded at most once per
process (`Message.value`), however many subscribers read it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from gateway.bc.codec import decode_json
from gateway.pubsub.base import Backend
from gateway.pubsub.errors import PubSubUnavailable, SubscriberOverflow
from gateway.pubsub.inbox import Inbox

_UNDECODED = object()


class Message:
    __slots__ = ("_value", "channel", "data")

    def __init__(self, channel: str, data: bytes) -> None:
        self.channel = channel
        self.data = data
        self._value: Any = _UNDECODED

    @property
    def value(self) -> Any:
        """The JSON payload (numbers as Decimal), parsed on first use and then shared:
        readers must not change it."""
        if self._value is _UNDECODED:
            self._value = decode_json(self.data)
        return self._value


# One reader of one channel.
Subscriber = Inbox[Message]


class Broadcast:
    def __init__(self, backend: Backend, *, queue_size: int = 256) -> None:
        self._backend = backend
        self._queue_size = queue_size
        self._channels: dict[str, set[Subscriber]] = {}
        # A channel's backend SUBSCRIBE while it is in flight: later local subscribers
        # wait on it rather than assume the channel is live already.
        self._ready: dict[str, asyncio.Future[None]] = {}
        self._connected = False

    async def connect(self) -> None:
        await self._backend.connect(self._deliver)
        self._connected = True

    async def disconnect(self) -> None:
        self._connected = False
        for subscribers in self._channels.values():
            for subscriber in subscribers:
                subscriber.fail(_gone())
        self._channels.clear()
        await self._backend.disconnect()

    async def publish(self, channel: str, data: bytes) -> None:
        await self._backend.publish(channel, data)

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscriber]:
        if not self._connected:
            raise RuntimeError("the pub/sub is not connected")
        subscriber = Subscriber(self._queue_size)
        subscribers = self._channels.setdefault(channel, set())
        subscribers.add(subscriber)
        try:
            await self._live(channel)
            yield subscriber
        finally:
            subscribers.discard(subscriber)
            if not subscribers and self._channels.get(channel) is subscribers:
                del self._channels[channel]
                if self._connected:
                    await self._backend.unsubscribe(channel)

    async def _live(self, channel: str) -> None:
        ready = self._ready.get(channel)
        if ready is None:
            if len(self._channels[channel]) > 1:
                return  # subscribed at the backend by an earlier local subscriber
            ready = self._ready[channel] = asyncio.get_running_loop().create_future()
            try:
                await self._backend.subscribe(channel)
            except BaseException as error:
                ready.set_exception(error if isinstance(error, Exception) else _gone())
                ready.exception()  # retrieved here, so asyncio never warns about it
                raise
            else:
                ready.set_result(None)
            finally:
                del self._ready[channel]
            return
        await asyncio.shield(ready)

    def _deliver(self, channel: str, data: bytes) -> None:
        subscribers = self._channels.get(channel)
        if not subscribers:
            return
        message = Message(channel, data)
        for subscriber in list(subscribers):
            if not subscriber.offer(message):
                subscribers.discard(subscriber)
                subscriber.fail(overflow())

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._channels.values())


def _gone() -> PubSubUnavailable:
    return PubSubUnavailable("Live events stopped: the gateway is shutting down.")


def overflow() -> SubscriberOverflow:
    return SubscriberOverflow(
        "This subscription fell too far behind the events and was ended; subscribe again.",
        reason="subscriber_overflow",
    )
