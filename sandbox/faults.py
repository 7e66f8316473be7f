"""Injected faults, set through the admin API so tests and benchmarks can make the sandbox
misbehave the ways BC does: slow answers, throttling, outages, cut connections, lost webhooks."""

from __future__ import annotations

import asyncio
import random
from dataclasses import asdict, dataclass, fields
from typing import Any

from sandbox.errors import ODataError, too_many_requests


@dataclass
class FaultSettings:
    latency_ms: float = 0.0
    # With probability spike_rate a request waits spike_ms more.
    spike_rate: float = 0.0
    spike_ms: float = 0.0
    rate_429: float = 0.0
    rate_503: float = 0.0
    rate_504: float = 0.0
    # Seconds in Retry-After on injected 429/503; None sends no header.
    retry_after: int | None = 1
    # Probability that the connection is cut before a complete answer.
    reset_rate: float = 0.0
    # Webhook deliveries: never sent, or answered as if the receiver failed.
    webhook_drop_rate: float = 0.0
    webhook_fail_rate: float = 0.0


class ConnectionReset(Exception):
    """Raised to make the HTTP layer cut the connection mid-answer."""


class Faults:
    def __init__(self, seed: int | None = None) -> None:
        self.settings = FaultSettings()
        self._rng = random.Random(seed)

    def update(self, values: dict[str, Any]) -> FaultSettings:
        known = {f.name for f in fields(FaultSettings)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        merged = {**asdict(self.settings), **values}
        self.settings = FaultSettings(**merged)
        return self.settings

    def clear(self) -> None:
        self.settings = FaultSettings()

    async def before_request(self) -> None:
        s = self.settings
        delay = s.latency_ms
        if s.spike_rate and self._rng.random() < s.spike_rate:
            delay += s.spike_ms
        if delay:
            await asyncio.sleep(delay / 1000)
        roll = self._rng.random()
        if roll < s.rate_429:
            raise too_many_requests(101, 100, s.retry_after)
        roll -= s.rate_429
        headers = {"Retry-After": str(s.retry_after)} if s.retry_after is not None else {}
        if roll < s.rate_503:
            raise ODataError(
                503, "Unavailable", "The service is temporarily unavailable.", headers=headers
            )
        roll -= s.rate_503
        if roll < s.rate_504:
            raise ODataError(504, "GatewayTimeout", "The request timed out.")
        if s.reset_rate and self._rng.random() < s.reset_rate:
            raise ConnectionReset

    def webhook_outcome(self) -> str:
        """'drop', 'fail' or 'send' for one delivery."""
        s = self.settings
        roll = self._rng.random()
        if roll < s.webhook_drop_rate:
            return "drop"
        if roll < s.webhook_drop_rate + s.webhook_fail_rate:
            return "fail"
        return "send"
