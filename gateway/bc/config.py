"""How the gateway talks to BC: timeouts, retries, per-connection limits, batching.

Defaults are BC's published limits (§8 of the reference): 5 concurrent requests and 6,000
per 5-minute window per user, 100 operations per `$batch`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BCClientConfig:
    # httpx timeouts, seconds. BC may take minutes on a 20,000-row page; a read that long is
    # better cut and reported than left holding a connection.
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    write_timeout: float = 30.0
    pool_timeout: float = 10.0
    max_connections: int = 100
    max_keepalive_connections: int = 20
    keepalive_expiry: float = 30.0

    # Retries (see retry.py for which failures are retried for which methods). With 20% of
    # calls failing independently, 4 attempts lose 1 read in 625 and 8 lose 1 in 390,000
    # (tests/resilience): the time cap below, not the count, bounds a real outage.
    max_attempts: int = 8
    retry_total_seconds: float = 30.0
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0

    # Per-connection governor (governor.py); rate_limit_requests None turns the window off.
    max_concurrent_per_key: int = 5
    rate_limit_requests: int | None = 6000
    rate_limit_window_seconds: float = 300.0
    # Calls waiting for a slot beyond this many (or this long) fail fast as RATE_LIMITED
    # instead of piling up behind a throttled connection.
    max_queued_per_key: int = 500
    queue_timeout_seconds: float = 60.0

    # Batching and by-id chunking.
    max_batch_operations: int = 100
    max_url_length: int = 2000
    # Send independent writes of one tick together (with odata.continue-on-error) too.
    coalesce_writes: bool = False

    user_agent: str = "bcgraph"

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "write_timeout": self.write_timeout,
            "pool_timeout": self.pool_timeout,
            "max_connections": self.max_connections,
            "max_attempts": self.max_attempts,
            "retry_total_seconds": self.retry_total_seconds,
            "backoff_base_seconds": self.backoff_base_seconds,
            "backoff_max_seconds": self.backoff_max_seconds,
            "max_concurrent_per_key": self.max_concurrent_per_key,
            "rate_limit_window_seconds": self.rate_limit_window_seconds,
            "max_queued_per_key": self.max_queued_per_key,
            "queue_timeout_seconds": self.queue_timeout_seconds,
            "max_batch_operations": self.max_batch_operations,
            "max_url_length": self.max_url_length,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"BCClientConfig.{name} must be positive, not {value}")
        if self.rate_limit_requests is not None and self.rate_limit_requests <= 0:
            raise ValueError("BCClientConfig.rate_limit_requests must be positive or None")
        if self.max_batch_operations > 100:
            raise ValueError("BC refuses a $batch of more than 100 operations")
