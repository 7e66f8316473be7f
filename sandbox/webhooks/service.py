"""`Webhooks`: the subscriptions resource and the notification dispatcher, wired together."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from bcmodel import Registry as Entities
from sandbox.api import ResourceApi
from sandbox.faults import Faults
from sandbox.settings import SandboxSettings
from sandbox.stats import Stats
from sandbox.store import Scope, Store
from sandbox.webhooks.dispatcher import Dispatcher
from sandbox.webhooks.handshake import Handshake
from sandbox.webhooks.registry import Registry
from sandbox.webhooks.resource import SubscriptionResource


class Webhooks:
    def __init__(
        self,
        settings: SandboxSettings,
        store: Store,
        faults: Faults,
        stats: Stats,
        entities: Entities,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`transport` lets tests deliver to an in-process receiver; `clock` (epoch
        seconds) dates subscriptions and decides when they expire."""
        config = settings.webhooks
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        registry = Registry(store, clock)
        self._dispatcher = Dispatcher(
            config, registry, faults, stats, self._http, entities, _modified_in(store)
        )
        self.api: ResourceApi = SubscriptionResource(
            store,
            registry,
            Handshake(self._http, config.handshake_timeout_seconds),
            config,
            entities,
        )
        store.subscribe(self._dispatcher.on_change)

    def _http(self) -> httpx.AsyncClient | None:
        return self._client

    async def start(self) -> None:
        # Receivers are the client's own services: redirects are not followed (a 3xx
        # is "any other answer", as for BC's sender).
        self._client = httpx.AsyncClient(transport=self._transport, follow_redirects=False)
        await self._dispatcher.start()

    async def stop(self) -> None:
        await self._dispatcher.stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def flush(self) -> None:
        """Deliver everything pending now, ignoring delays (tests and the admin API)."""
        await self._dispatcher.flush()

    def reset(self) -> None:
        """Forget pending notifications and retries (the admin reset)."""
        self._dispatcher.reset()


def _modified_in(store: Store) -> Callable[[Scope, str, str], str | None]:
    def modified(scope: Scope, entity_set: str, record_id: str) -> str | None:
        record = store.get(scope, entity_set, record_id)
        return None if record is None else str(record.row.get("lastModifiedDateTime") or "")

    return modified
