"""The gateway's event streams as a whole: how often an idle one says it is alive, how
many are open, and the drain that ends them when the gateway stops.

uvicorn, asked to stop, waits for every open response to finish before the app's
shutdown runs, and an event stream carrying a subscription never finishes by itself. So
the server drains the streams first (gateway/server.py), and the app's lifespan does too
for servers that stop the app first: each subscription's stream then closes without
`complete`, which graphql-sse's client takes as a lost connection and retries (on
another replica, behind a load balancer), instead of as the end of the subscription. A
query or mutation under way finishes and completes as usual.
"""

from __future__ import annotations

import asyncio

__all__ = ["EventStreams"]

# Seconds between keep-alive comments on an idle stream: under the idle timeouts of
# common proxies and load balancers (nginx 60 s, AWS ALB 60 s, Cloudflare 100 s).
DEFAULT_KEEP_ALIVE = 15.0


class EventStreams:
    def __init__(self, keep_alive: float = DEFAULT_KEEP_ALIVE) -> None:
        if not keep_alive > 0:  # NaN too
            raise ValueError(f"keep_alive must be positive, not {keep_alive}")
        self.keep_alive = keep_alive
        self.open = 0  # streams sending now (for tests and metrics)
        # Made on first use, in the server's loop (the object is built before it runs).
        self._drained: asyncio.Event | None = None

    @property
    def draining(self) -> bool:
        return self._drained is not None and self._drained.is_set()

    def drain(self) -> None:
        """Ends the subscriptions' streams (and refuses new streams); idempotent."""
        self._event().set()

    async def drained(self) -> None:
        await self._event().wait()

    def _event(self) -> asyncio.Event:
        if self._drained is None:
            self._drained = asyncio.Event()
        return self._drained
