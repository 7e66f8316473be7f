"""What a subscriber can be told: the pub/sub is down, or it fell too far behind."""

from __future__ import annotations

from gateway.errors import RateLimited, UpstreamUnavailable


class PubSubUnavailable(UpstreamUnavailable):
    """The backend (Redis) cannot be reached; retrying later may work."""


class SubscriberOverflow(RateLimited):
    """The subscriber's queue filled up: it read slower than events arrived.

    Its subscription ends instead of buffering without bound; the client may subscribe
    again (and re-read what it needs)."""
