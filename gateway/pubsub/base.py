"""The interface a pub/sub backend implements: five methods, as in encode/broadcaster.

A backend only moves bytes between processes. Fan-out to local subscribers, bounded
queues and decoding live in `Broadcast`, once, whatever the backend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

# Called on the event loop for every message on a subscribed channel; must not block.
Deliver = Callable[[str, bytes], None]


class Backend(Protocol):
    async def connect(self, deliver: Deliver) -> None:
        """Opens the backend; from now on messages on subscribed channels go to `deliver`."""
        ...

    async def disconnect(self) -> None: ...

    async def subscribe(self, channel: str) -> None:
        """Returns once messages published on `channel` from now on will be delivered."""
        ...

    async def unsubscribe(self, channel: str) -> None: ...

    async def publish(self, channel: str, message: bytes) -> None: ...
