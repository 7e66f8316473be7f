"""Where events fan out: in this process, or through Redis across replicas."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PubSubConfig:
    """`url` picks the backend by scheme: `memory://` (one process, the default) or
    `redis://…`/`rediss://…` (every replica sees every event).

    `queue_size` bounds what one subscriber may have waiting: a client that reads slower
    than events arrive has its subscription ended with an error rather than holding an
    ever-growing queue.

    Redis channels are prefixed with the connection store's namespace (one namespace per
    deployment, shared by its replicas).
    """

    url: str = "memory://"
    queue_size: int = 256

    def __post_init__(self) -> None:
        if self.queue_size < 1:
            raise ValueError("the subscriber queue size must be at least 1")
