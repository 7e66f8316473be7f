"""Inbox: a bounded, single-reader queue that a producer can end, normally or with an error.

What a producer offers beyond the bound is refused (`offer` is False) rather than
buffered: the producer then ends that reader, which is how a slow subscriber is told it
fell behind instead of growing memory. `__slots__` and a plain deque keep an idle inbox
small: a gateway holds one per live GraphQL subscription.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Inbox(Generic[T]):
    __slots__ = ("_done", "_error", "_items", "_limit", "_waiter")

    def __init__(self, limit: int) -> None:
        # An empty deque takes a block of 64 slots (over 600 bytes): made when the first
        # item comes, so an idle inbox is a few dozen bytes.
        self._items: deque[T] | None = None
        self._limit = limit
        self._waiter: asyncio.Future[None] | None = None
        self._error: BaseException | None = None
        self._done = False

    def __aiter__(self) -> Inbox[T]:
        return self

    async def __anext__(self) -> T:
        while not self._items:  # None or empty
            if self._error is not None:
                raise self._error
            if self._done:
                raise StopAsyncIteration
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        items = self._items
        item = items.popleft()
        if not items:
            self._items = None  # idle again: the block goes too
        return item

    def offer(self, item: T) -> bool:
        """False when the inbox is full (or ended): the caller ends this reader."""
        items = self._items
        if items is None:
            items = self._items = deque()
        if self._error is not None or self._done or len(items) >= self._limit:
            return False
        items.append(item)
        self._wake()
        return True

    def fail(self, error: BaseException) -> None:
        """Ends the inbox at once: what is queued is dropped, the reader gets `error`."""
        self._items = None
        self._error = error
        self._wake()

    def finish(self) -> None:
        """Ends the inbox once the reader has taken what is queued."""
        self._done = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)
