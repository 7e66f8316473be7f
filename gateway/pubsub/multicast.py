"""Multicast: one source stream shared by every local listener with the same key.

    async with multicast.listen(key, open_source) as items:
        async for item in items:
            ...
        # leaving always detaches; the last listener to leave stops the source

The first listener of a key opens the source (`open_source()`) and a task pumps it into
every listener's bounded inbox; later listeners of the same key attach to it. A listener
that falls behind is ended alone (SubscriberOverflow); the source ending, or failing,
ends every listener the same way. The GraphQL layer uses it so that identical
subscriptions of one user are executed once per event instead of once per socket.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from gateway.pubsub import tasks
from gateway.pubsub.broadcast import overflow
from gateway.pubsub.inbox import Inbox

T = TypeVar("T")

Opener = Callable[[], Awaitable[AsyncGenerator[T, None]]]


class _Source(Generic[T]):
    def __init__(self, open_source: Opener[T], queue_size: int) -> None:
        self._open = open_source
        self._queue_size = queue_size
        self.listeners: set[Inbox[T]] = set()
        self.ended = False
        self._pump: asyncio.Task[None] | None = None

    def add(self) -> Inbox[T]:
        inbox: Inbox[T] = Inbox(self._queue_size)
        self.listeners.add(inbox)
        if self._pump is None:
            self._pump = asyncio.create_task(self._run(), name="multicast-source")
        return inbox

    async def stop(self) -> None:
        if self._pump is not None:
            await tasks.stop([self._pump])

    async def _run(self) -> None:
        try:
            source = await self._open()
            async with contextlib.aclosing(source):
                async for item in source:
                    for inbox in list(self.listeners):
                        if not inbox.offer(item):
                            self.listeners.discard(inbox)
                            inbox.fail(overflow())
        except Exception as error:
            self.ended = True
            for inbox in self.listeners:
                inbox.fail(error)
        else:
            self.ended = True
            for inbox in self.listeners:
                inbox.finish()
        finally:
            self.ended = True


class Multicast(Generic[T]):
    def __init__(self, *, queue_size: int = 256) -> None:
        self._queue_size = queue_size
        self._sources: dict[Hashable, _Source[T]] = {}

    @contextlib.asynccontextmanager
    async def listen(self, key: Hashable, open_source: Opener[T]) -> AsyncIterator[Inbox[T]]:
        source = self._sources.get(key)
        if source is None or source.ended:
            source = self._sources[key] = _Source(open_source, self._queue_size)
        inbox = source.add()
        try:
            yield inbox
        finally:
            source.listeners.discard(inbox)
            if not source.listeners:
                if self._sources.get(key) is source:
                    del self._sources[key]
                await source.stop()

    @property
    def sources(self) -> int:
        return len(self._sources)

    @property
    def listeners(self) -> int:
        return sum(len(source.listeners) for source in self._sources.values())
