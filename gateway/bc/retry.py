"""When to send a request to BC again, and after how long.

    failure                                  GET   PATCH/DELETE   POST (and actions)
    429 Too Many Requests                    yes   yes            yes
    503 Service Unavailable                  yes   yes            no
    502 Bad Gateway, 504 Gateway Timeout     yes   no             no
    connect error / connect or pool timeout  yes   yes            yes
    read timeout, reset, other transport     yes   no             no

Why: a 429 is BC refusing before doing anything, and a connect failure means nothing was
sent, so both are safe for every method. BC's 503 comes from its request queue (also before
any work), which makes a PATCH (If-Match-guarded) or a DELETE safe to repeat; the design
keeps POST to 429 only. After a 502/504 or a broken answer BC may have done the work: only a
GET is repeated, and a write whose outcome is unknown is reported as such, never re-sent
(a re-sent PATCH would meet its own new etag as a 409, a re-sent POST would duplicate).

The delay honours `Retry-After` (seconds or an HTTP date), else exponential backoff with full
jitter. A call stops retrying at `max_attempts` or when the next wait would pass
`retry_total_seconds` since its first attempt; then the last failure is raised.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType

import httpx

from gateway.bc.config import BCClientConfig

__all__ = ["Attempts", "RetryPolicy", "parse_retry_after", "sent_nothing"]

_ANY_METHOD = frozenset({"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"})
_RETRY_ON: Mapping[int, frozenset[str]] = MappingProxyType(
    {
        429: _ANY_METHOD,
        503: frozenset({"GET", "HEAD", "PATCH", "PUT", "DELETE"}),
        502: frozenset({"GET", "HEAD"}),
        504: frozenset({"GET", "HEAD"}),
    }
)
RETRYABLE_STATUSES = frozenset(_RETRY_ON)


def sent_nothing(error: httpx.TransportError) -> bool:
    """True when the request cannot have reached BC: no connection was ever made."""
    return isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    total_seconds: float = 30.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    @classmethod
    def from_config(cls, config: BCClientConfig) -> RetryPolicy:
        return cls(
            max_attempts=config.max_attempts,
            total_seconds=config.retry_total_seconds,
            base_delay=config.backoff_base_seconds,
            max_delay=config.backoff_max_seconds,
        )

    def retries_status(self, method: str, status: int) -> bool:
        return method.upper() in _RETRY_ON.get(status, frozenset())

    def retries_transport(self, method: str, error: httpx.TransportError) -> bool:
        if isinstance(error, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
            return False  # our own request is at fault: the same again fails the same way
        return sent_nothing(error) or method.upper() in ("GET", "HEAD")

    def start(self, method: str, now: float, random: Callable[[], float]) -> Attempts:
        return Attempts(self, method.upper(), now, random)


class Attempts:
    """One call's retry budget: ask after each failure whether, and how long, to wait."""

    def __init__(
        self, policy: RetryPolicy, method: str, started: float, random: Callable[[], float]
    ) -> None:
        self.policy = policy
        self.method = method
        self.started = started
        self.attempt = 1
        self._random = random

    def after_status(self, status: int, headers: Mapping[str, str], now: float) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if not self.policy.retries_status(self.method, status):
            return None
        return self._next(parse_retry_after(headers.get("retry-after")), now)

    def after_transport_error(self, error: httpx.TransportError, now: float) -> float | None:
        if not self.policy.retries_transport(self.method, error):
            return None
        return self._next(None, now)

    def _next(self, retry_after: float | None, now: float) -> float | None:
        policy = self.policy
        if self.attempt >= policy.max_attempts:
            return None
        if retry_after is not None:
            delay = retry_after
        else:
            # Full jitter (uniform in [0, cap]): spreads the retries of calls that failed
            # together, which is the point after a 429/503 from a shared limit.
            cap = min(policy.max_delay, policy.base_delay * 2 ** (self.attempt - 1))
            delay = cap * self._random()
        if now - self.started + delay > policy.total_seconds:
            return None
        self.attempt += 1
        return delay
