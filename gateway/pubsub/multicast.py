"""Multicast: one source stream shared by every local listener with the same key.

    async with multicast.listen(key, open_source) as items:
        async for item in items:
            ...
        # leaving always detaches; the last listener to leave stops the source

A listener that is not a coroutine (a socket's subscription held as a callback, gateway/ws/
native/) attaches instead: `detach = multicast.attach(key, open_source, listener)`, and the
pump calls its `offer`, `fail` and `finish` as it would an inbox's.

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
from typing import Generic, Protocol, TypeVar, cast

from gateway.pubsub import tasks
from gateway.pubsub.broadcast import overflow
from gateway.pubsub.inbox import Inbox

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)

Opener = Callable[[], Awaitable[AsyncGenerator[T, None]]]


class Listener(Protocol[T_contra]):
    """What the pump hands each item to: an Inbox, or a callback listener."""

    def offer(self, item: T_contra) -> bool:
        """False when the listener fell behind (or ended): the pump fails it."""
        ...

    def fail(self, error: BaseException) -> None: ...

    def finish(self) -> None: ...


class _Source(Generic[T]):
    def __init__(self, open_source: Opener[T], queue_size: int) -> None:
        self._open = open_source
        self._queue_size = queue_size
        self.listeners: set[Listener[T]] = set()
        self.ended = False
        self._pump: asyncio.Task[None] | None = None

    def add(self, listener: Listener[T] | None = None) -> Listener[T]:
        if listener is None:
            listener = Inbox(self._queue_size)
        self.listeners.add(listener)
        if self._pump is None:
            self._pump = asyncio.create_task(self._run(), name="multicast-source")
        return listener

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
        # Sources whose last callback listener left, while their pump stops.
        self._stopping: set[asyncio.Task[None]] = set()

    @contextlib.asynccontextmanager
    async def listen(self, key: Hashable, open_source: Opener[T]) -> AsyncIterator[Inbox[T]]:
        source = self._sources.get(key)
        if source is None or source.ended:
            source = self._sources[key] = _Source(open_source, self._queue_size)
        inbox = source.add()
        try:
            yield cast(Inbox[T], inbox)
        finally:
            if self._leave(key, source, inbox):
                await source.stop()

    def attach(
        self, key: Hashable, open_source: Opener[T], listener: Listener[T]
    ) -> Callable[[], None]:
        """Attaches a callback listener; returns what detaches it (once it is failed or
        finished, too: the source stops when its last listener has left).
        The last listener to leave stops the source, in a task of its own."""
        source = self._sources.get(key)
        if source is None or source.ended:
            source = self._sources[key] = _Source(open_source, self._queue_size)
        source.add(listener)

        def detach() -> None:
            if self._leave(key, source, listener):
                stopping = asyncio.get_running_loop().create_task(source.stop())
                self._stopping.add(stopping)
                stopping.add_done_callback(self._stopping.discard)

        return detach

    def _leave(self, key: Hashable, source: _Source[T], listener: Listener[T]) -> bool:
        """Detaches `listener`; True when it was the source's last (stop the source)."""
        source.listeners.discard(listener)
        if source.listeners:
            return False
        if self._sources.get(key) is source:
            del self._sources[key]
        return True

    @property
    def sources(self) -> int:
        return len(self._sources)

    @property
    def listeners(self) -> int:
        return sum(len(source.listeners) for source in self._sources.values())
