"""Pub/sub: events from the webhook receiver to GraphQL subscriptions, in one process or
across replicas.

config.py     PubSubConfig: backend URL, per-subscriber queue bound
base.py       the Backend protocol (connect, disconnect, subscribe, unsubscribe, publish)
memory.py     `memory://`: in this process
redis.py      `redis://`: through Redis, to every replica
broadcast.py  Broadcast: local fan-out, bounded subscriber queues, subscribe() as a
              context manager that always unsubscribes
records.py    the record-change events themselves: channel names and message shape
errors.py     PubSubUnavailable, SubscriberOverflow
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gateway.pubsub.base import Backend
from gateway.pubsub.broadcast import Broadcast, Message, Subscriber
from gateway.pubsub.config import PubSubConfig
from gateway.pubsub.errors import PubSubUnavailable, SubscriberOverflow

__all__ = [
    "PUBSUB_SCHEMES",
    "Backend",
    "Broadcast",
    "Message",
    "PubSubConfig",
    "PubSubUnavailable",
    "Subscriber",
    "SubscriberOverflow",
    "open_backend",
]


# The schemes open_backend knows, for settings to check before the start.
PUBSUB_SCHEMES = ("memory", "redis", "rediss", "unix")


def open_backend(config: PubSubConfig, *, namespace: str = "bcgraph") -> Backend:
    """The URL's scheme picks the backend; the Redis client is imported only when used."""
    scheme = urlsplit(config.url).scheme.lower()
    if scheme == "memory":
        from gateway.pubsub.memory import MemoryBackend

        return MemoryBackend()
    if scheme in ("redis", "rediss", "unix"):
        from gateway.pubsub.redis import RedisBackend

        return RedisBackend(config.url, namespace=namespace)
    raise ValueError(f"unknown pub/sub scheme {scheme!r}: use memory:// or redis://")
