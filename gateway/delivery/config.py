"""Where record events go over HTTP, and how hard the gateway tries (docs/events-webhooks.md)."""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
# The Standard Webhooks spec: a secret of 24 to 64 random bytes.
MIN_SECRET_BYTES, MAX_SECRET_BYTES = 24, 64


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_<base64>` secret; ValueError (never echoing it) otherwise."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("a webhook secret looks like whsec_ followed by base64")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a webhook secret looks like whsec_ followed by base64") from None
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise ValueError(
            f"a webhook secret holds {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes "
            "(whsec_ and base64)"
        )
    return key


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host, without credentials in it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("a webhook URL is an absolute http:// or https:// URL")
    if parts.username or parts.password:
        raise ValueError("a webhook URL carries no user name or password")
    return url


@dataclass(frozen=True)
class DeliveryConfig:
    """`url` and `secret`: where every connection's events go (blank: nowhere, unless the
    connection set its own with `setEventsWebhook`). `queue_url` is the durable queue's
    store (blank: the connection store's URL). `allow_private_targets` lets a connection's
    own URL name loopback or private addresses (tests and single-machine setups; off, a
    user cannot make the gateway post into its own network).

    Attempt n (from 1) failing waits `retry_base_seconds * 2**(n-1)`, at most
    `retry_max_seconds`, with a random 0-50 % taken off (jitter, so receivers coming back
    are not hit by every replica at once); after `max_attempts` the event is dead-lettered.
    """

    url: str = ""
    secret: str = field(default="", repr=False)
    queue_url: str = ""
    # 20 attempts, 5 s doubling to at most 6 h: about 1 to 2 days in all (the spec's
    # example schedule spans 3 days).
    max_attempts: int = 20
    retry_base_seconds: float = 5.0
    retry_max_seconds: float = 21600.0
    # The spec recommends 15 to 30 s.
    timeout_seconds: float = 15.0
    allow_private_targets: bool = False
    # How many events are posted at once by one replica (each of a different record).
    concurrency: int = 8
    # How often an idle worker looks at the queue for what other replicas enqueued.
    poll_seconds: float = 1.0
    # Entity sets kept watched for every connection with a webhook, subscriber or not
    # (standing.py); none: only what GraphQL subscribers watch is delivered.
    entities: tuple[str, ...] = ()
    # How often the standing watches are brought in line with the connections.
    watch_seconds: float = 30.0
    # How long a taken event is its taker's: past it (the replica died mid-POST) any
    # replica takes it again. Well beyond one POST's timeout.
    lease_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.url:
            check_url(self.url)
            if not self.secret:
                raise ValueError("a webhook URL needs its secret (whsec_…)")
        if self.secret:
            secret_key(self.secret)
        if self.max_attempts < 1 or self.concurrency < 1:
            raise ValueError("the attempts and the concurrency must be at least 1")
        intervals = (
            self.retry_base_seconds,
            self.retry_max_seconds,
            self.poll_seconds,
            self.watch_seconds,
        )
        for value in intervals:
            if not 0 < value < math.inf:
                raise ValueError("retry and poll intervals must be positive numbers of seconds")
        if not 0 < self.timeout_seconds <= 300:
            raise ValueError("the webhook timeout is between 0 and 300 seconds")
        if not self.timeout_seconds < self.lease_seconds < math.inf:
            raise ValueError("the lease must be longer than the webhook timeout")
