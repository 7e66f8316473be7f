"""This replica's subscribers, counted per topic, and the watches they need.

The first local subscriber of a topic claims it in the registry (interest, renewed by
a heartbeat, so a replica that dies stops claiming) and makes sure its watch exists:
creating a BC subscription waits for BC's handshake, and errors (no room left at BC,
no connection) reach that subscriber. Across replicas, a lease in the connection store
lets one replica create a topic's watch while the others wait for it.

The heartbeat also repairs: a watch that disappeared while this replica still has
subscribers (removed as idle by another replica a moment before a subscriber came) is
created again.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable, Iterable

from gateway.connections import ConnectionStore
from gateway.errors import GatewayError, UpstreamUnavailable
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.lifecycle import Lifecycle
from gateway.webhooks.model import Topic
from gateway.webhooks.registry import Registry

logger = logging.getLogger(__name__)

CREATE_LEASE_SECONDS = 60.0


class Interest:
    def __init__(
        self,
        registry: Registry,
        lifecycle: Lifecycle,
        store: ConnectionStore,
        config: WebhookConfig,
        *,
        replica: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._registry = registry
        self._lifecycle = lifecycle
        self._store = store
        self._config = config
        self._replica = replica
        self._clock = clock
        self._counts: dict[Topic, int] = {}
        # Topics whose last local subscriber left: the heartbeat withdraws their claim.
        self._released: set[Topic] = set()
        # Locks live as long as someone holds or waits on them.
        self._locks: weakref.WeakValueDictionary[Topic, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @property
    def topics(self) -> list[Topic]:
        return sorted(self._counts)

    async def hold(self, topics: Iterable[Topic]) -> None:
        """Counts a subscriber for each topic and makes sure each is watched. On error,
        nothing stays held."""
        held: list[Topic] = []
        try:
            for topic in sorted(set(topics)):
                count = self._counts.get(topic, 0) + 1
                self._counts[topic] = count
                held.append(topic)
                if count == 1:
                    self._released.discard(topic)
                    await self._registry.touch(
                        topic, self._replica, self._config.interest_ttl_seconds
                    )
                await self.ensure(topic)
        except BaseException:
            self.release(held)
            raise

    def release(self, topics: Iterable[Topic]) -> None:
        """Synchronous, so it runs whatever happens to the subscriber's task (a
        cancelled `finally` must not be left half done)."""
        for topic in set(topics):
            count = self._counts.get(topic, 0) - 1
            if count > 0:
                self._counts[topic] = count
            else:
                self._counts.pop(topic, None)
                self._released.add(topic)

    async def ensure(self, topic: Topic) -> None:
        lock = self._locks.get(topic)
        if lock is None:
            lock = self._locks[topic] = asyncio.Lock()
        async with lock:
            name = f"webhooks:create:{topic.key}"
            deadline = self._clock() + CREATE_LEASE_SECONDS
            delay = 0.02
            while await self._registry.get(topic) is None:
                # Another replica holding the lease is creating it: wait for its watch, or
                # for the lease (its attempt failed: ours reports why, to our subscriber).
                if await self._store.acquire_lease(name, self._replica, CREATE_LEASE_SECONDS):
                    try:
                        if await self._registry.get(topic) is None:
                            await self._lifecycle.create(topic)
                    finally:
                        await self._store.release_lease(name, self._replica)
                    return
                if self._clock() > deadline:
                    raise UpstreamUnavailable(
                        "Timed out waiting for live events to be set up; try again."
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.5)

    async def heartbeat(self) -> None:
        """Renews this replica's claims, withdraws released ones, re-creates lost watches."""
        for topic in list(self._released):
            self._released.discard(topic)
            if topic not in self._counts:
                await self._registry.drop(topic, self._replica)
        for topic in self.topics:
            await self._registry.touch(topic, self._replica, self._config.interest_ttl_seconds)
            try:
                await self.ensure(topic)
            except GatewayError as error:
                logger.warning(
                    "could not restore live events for %s: %s", topic.entity_set, error.code
                )

    async def withdraw(self) -> None:
        """At shutdown: this replica's subscribers are gone."""
        for topic in [*self._counts, *self._released]:
            await self._registry.drop(topic, self._replica)
        self._counts.clear()
        self._released.clear()
