"""`memory://`: events stay in this process; the default for a single gateway."""

from __future__ import annotations

from gateway.pubsub.base import Deliver


class MemoryBackend:
    def __init__(self) -> None:
        self._deliver: Deliver | None = None
        self._channels: set[str] = set()

    async def connect(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def disconnect(self) -> None:
        self._deliver = None
        self._channels.clear()

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)

    async def publish(self, channel: str, message: bytes) -> None:
        if self._deliver is None:
            raise RuntimeError("the in-memory pub/sub is not connected")
        if channel in self._channels:
            self._deliver(channel, message)
