"""Per-connection limits, kept on our side so BC never has to refuse us.

BC allows each user 5 requests in flight and 6,000 per sliding 5 minutes, and answers 429
beyond that. The governor holds every call for one key (one BC connection) until:

* fewer than `max_concurrent` of that key's calls are in flight (the rest wait, FIFO);
* the key's rate window has room (counted in 60 buckets per window, so the state per key is
  bounded; a bucket expires one bucket-width late, which only errs on the safe side);
* any back-off BC asked for (a 429's Retry-After, via `back_off`) has passed.

A key's state is dropped once it is idle and its window is empty, so memory follows the
connections in use, not all connections ever seen. Timed holds use the injected clock and
sleep, which lets tests run them on fake time.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from gateway.errors import RateLimited

__all__ = ["Governor"]

_BUCKETS_PER_WINDOW = 60


@dataclass
class _Key:
    active: int = 0
    waiters: deque[asyncio.Future[None]] = field(default_factory=deque)
    # [bucket start, requests started in it], oldest first.
    buckets: deque[list[float]] = field(default_factory=deque)
    in_window: int = 0
    held_until: float = 0.0
    timer: asyncio.Task[None] | None = None


class Governor:
    def __init__(
        self,
        *,
        max_concurrent: int = 5,
        rate_limit: int | None = 6000,
        rate_window: float = 300.0,
        max_queued: int = 500,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._max_concurrent = max_concurrent
        self._rate_limit = rate_limit
        self._window = rate_window
        self._bucket = rate_window / _BUCKETS_PER_WINDOW
        self._max_queued = max_queued
        self._clock = clock
        self._sleep = sleep
        self._keys: dict[str, _Key] = {}
        self._next_sweep = 0.0

    @asynccontextmanager
    async def slot(self, key: str) -> AsyncIterator[None]:
        await self.acquire(key)
        try:
            yield
        finally:
            self.release(key)

    def try_acquire(self, key: str) -> bool:
        """Take a slot if one is free right now, without waiting (the common case)."""
        now = self._clock()
        state = self._keys.get(key)
        if state is None:
            self._sweep(now)
            state = self._keys[key] = _Key()
        if not state.waiters and self._admissible(state, now):
            self._take(state, now)
            return True
        return False

    async def acquire(self, key: str) -> None:
        if self.try_acquire(key):
            return
        state = self._keys[key]
        if len(state.waiters) >= self._max_queued:
            raise RateLimited("Too many Business Central calls are waiting for this connection.")
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        state.waiters.append(waiter)
        self._pump(key, state)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                # Granted a slot just as we were cancelled: hand it on.
                self.release(key)
            else:
                waiter.cancel()
                if waiter in state.waiters:
                    state.waiters.remove(waiter)
                self._forget(key, state)
            raise

    def release(self, key: str) -> None:
        state = self._keys[key]
        state.active -= 1
        self._pump(key, state)

    def back_off(self, key: str, seconds: float) -> None:
        """Hold this key's new calls for `seconds` (BC said 429); calls in flight go on."""
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _Key()
        state.held_until = max(state.held_until, self._clock() + seconds)

    async def aclose(self) -> None:
        """Stop the timers of held keys (the app's lifespan is ending)."""
        timers = [s.timer for s in self._keys.values() if s.timer is not None]
        for timer in timers:
            timer.cancel()
        await asyncio.gather(*timers, return_exceptions=True)

    def in_flight(self, key: str) -> int:
        state = self._keys.get(key)
        return state.active if state else 0

    def tracked_keys(self) -> int:
        return len(self._keys)

    # -- internals -------------------------------------------------------------------

    def _admissible(self, state: _Key, now: float) -> bool:
        return state.active < self._max_concurrent and self._hold(state, now) <= 0

    def _hold(self, state: _Key, now: float) -> float:
        """Seconds until time (back-off or the rate window) stops holding this key."""
        hold = state.held_until - now
        if self._rate_limit is not None:
            self._expire(state, now)
            if state.in_window >= self._rate_limit:
                oldest = state.buckets[0][0]
                hold = max(hold, oldest + self._bucket + self._window - now)
        return hold

    def _expire(self, state: _Key, now: float) -> None:
        buckets = state.buckets
        while buckets and buckets[0][0] + self._bucket + self._window <= now:
            state.in_window -= int(buckets.popleft()[1])

    def _take(self, state: _Key, now: float) -> None:
        state.active += 1
        if self._rate_limit is None:
            return
        if state.buckets and now < state.buckets[-1][0] + self._bucket:
            state.buckets[-1][1] += 1
        else:
            state.buckets.append([now, 1])
        state.in_window += 1

    def _pump(self, key: str, state: _Key) -> None:
        """Start as many waiters as the limits allow, oldest first."""
        while state.waiters and state.active < self._max_concurrent:
            now = self._clock()
            hold = self._hold(state, now)
            if hold > 0:
                if state.timer is None:
                    state.timer = asyncio.get_running_loop().create_task(
                        self._wake(key, state, hold)
                    )
                return
            waiter = state.waiters.popleft()
            if waiter.done():  # cancelled while queued
                continue
            self._take(state, now)
            waiter.set_result(None)
        self._forget(key, state)

    async def _wake(self, key: str, state: _Key, delay: float) -> None:
        try:
            await self._sleep(delay)
        finally:
            state.timer = None
        self._pump(key, state)

    def _forget(self, key: str, state: _Key) -> None:
        if self._idle(state, self._clock()) and self._keys.get(key) is state:
            del self._keys[key]

    def _idle(self, state: _Key, now: float) -> bool:
        if state.active or state.timer is not None or state.waiters:
            return False
        self._expire(state, now)
        return not state.buckets and state.held_until <= now

    def _sweep(self, now: float) -> None:
        """Drop keys that went idle with requests still in their window, once a while.

        A key is normally dropped by its own last release; one whose window was not yet
        empty then is found here, so state never outlives its connection's use by more than
        a window plus a sweep interval.
        """
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._window / 10
        for key in [k for k, state in self._keys.items() if self._idle(state, now)]:
            del self._keys[key]
