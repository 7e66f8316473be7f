"""BC's per-user operational limits: 5 requests processed at once with the rest queued,
at most 100 connections (processing + queued), 6,000 requests per 5-minute sliding window."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sandbox.errors import too_many_requests
from sandbox.settings import LimitSettings


@dataclass
class _UserState:
    semaphore: asyncio.Semaphore
    window: deque[float] = field(default_factory=deque)
    waiting: int = 0
    active: int = 0
    peak_active: int = 0


class UserLimiter:
    def __init__(
        self, settings: LimitSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._users: dict[str, _UserState] = {}

    def _state(self, user: str) -> _UserState:
        state = self._users.get(user)
        if state is None:
            state = self._users[user] = _UserState(
                asyncio.Semaphore(self._settings.max_concurrent_per_user)
            )
        return state

    @asynccontextmanager
    async def slot(self, user: str) -> AsyncIterator[None]:
        if not self._settings.enabled:
            yield
            return
        s = self._settings
        state = self._state(user)
        now = self._clock()
        while state.window and state.window[0] <= now - s.rate_window_seconds:
            state.window.popleft()
        if len(state.window) >= s.rate_requests:
            retry = int(state.window[0] + s.rate_window_seconds - now) + 1
            raise too_many_requests(len(state.window) + 1, s.rate_requests, retry)
        connections = state.active + state.waiting
        if connections >= s.max_concurrent_per_user + s.max_queued_per_user:
            raise too_many_requests(
                connections + 1, s.max_concurrent_per_user + s.max_queued_per_user
            )
        state.window.append(now)
        state.waiting += 1
        try:
            await state.semaphore.acquire()
        finally:
            state.waiting -= 1
        state.active += 1
        state.peak_active = max(state.peak_active, state.active)
        try:
            yield
        finally:
            state.active -= 1
            state.semaphore.release()

    def peak_concurrency(self) -> dict[str, int]:
        return {user: state.peak_active for user, state in self._users.items()}

    def reset(self) -> None:
        for state in self._users.values():
            state.peak_active = state.active
            state.window.clear()
