"""`Deliveries`: the queue, the targets and the worker, built by the runtime and opened by
its lifespan; `publish` is what the webhook processor calls with each published change."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
from prometheus_client import CollectorRegistry

import bcmodel
from gateway.connections import ConnectionStore
from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.crypto import TokenCipher
from gateway.delivery.config import DeliveryConfig
from gateway.delivery.event import event_of
from gateway.delivery.metrics import DeliveryMetrics
from gateway.delivery.queue import DeliveryQueue, Item, open_queue
from gateway.delivery.standing import StandingWatches
from gateway.delivery.targets import Targets
from gateway.delivery.worker import Worker
from gateway.pubsub.records import RecordChange
from gateway.webhooks.interest import Interest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookStatus:
    """What `setEventsWebhook` answers: where the events go, never the secret."""

    url: str | None
    own: bool


class Deliveries:
    def __init__(
        self,
        config: DeliveryConfig,
        store: ConnectionStoreConfig,
        registry: CollectorRegistry,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """The queue is in `config.queue_url`, else in the connection store; either way under
        the store's namespace, and connections' secrets are encrypted with its keys."""
        self.config = config
        self.metrics = DeliveryMetrics(registry)
        self.queue_url = config.queue_url or store.url
        self._namespace = store.namespace
        self._cipher = TokenCipher(store.encryption_keys)
        self._clock = clock
        self._queue: DeliveryQueue | None = None
        self._targets: Targets | None = None
        self._worker: Worker | None = None
        self._http: httpx.AsyncClient | None = None
        self._standing: StandingWatches | None = None

    async def start(self) -> None:
        queue = self._queue = await open_queue(self.queue_url, namespace=self._namespace)
        self._targets = Targets(self.config, queue, self._cipher)
        self._http = httpx.AsyncClient(follow_redirects=False)
        self._worker = Worker(queue, self._targets, self.config, self.metrics, self._http)
        self._worker.start()

    async def watch(
        self, interest: Interest, store: ConnectionStore, entities: bcmodel.Registry
    ) -> None:
        """Starts the standing watches (config.entities), once the webhooks run."""
        self._standing = StandingWatches(
            self.config.entities,
            interest,
            store,
            self._has_webhook,
            entities,
            every_seconds=self.config.watch_seconds,
        )
        self._standing.start()

    async def unwatch(self) -> None:
        if self._standing is not None:
            await self._standing.stop()
            self._standing = None

    async def _has_webhook(self, user_id: str) -> bool:
        return await self._started_targets().of(user_id) is not None

    async def stop(self) -> None:
        if self._worker is not None:
            await self._worker.stop()
            self._worker = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        if self._queue is not None:
            await self._queue.close()
            self._queue = None

    async def publish(self, user_id: str, company_id: str, changes: Sequence[RecordChange]) -> None:
        """Queues the changes for the connection's webhook, if it has one. Never raises: the
        live subscribers have their events already; a queue that cannot be written is
        logged, and the change is then not delivered over HTTP."""
        if self._queue is None or self._targets is None:
            return
        try:
            if await self._targets.of(user_id) is None:
                return
            now = self._clock()
            items = [
                Item(event.id, user_id, event.record_key, event.body, now)
                for change in changes
                if (event := event_of(user_id, change)) is not None
            ]
            if items:
                await self._queue.enqueue(items)
                if self._worker is not None:
                    self._worker.wake()
        except Exception:
            logger.exception("record events could not be queued for delivery")

    async def set_webhook(self, user_id: str, url: str | None, secret: str | None) -> WebhookStatus:
        target = await self._started_targets().set(user_id, url, secret)
        return WebhookStatus(target.url if target else None, bool(target and target.own))

    async def webhook(self, user_id: str) -> WebhookStatus:
        target = await self._started_targets().of(user_id)
        return WebhookStatus(target.url if target else None, bool(target and target.own))

    def _started_targets(self) -> Targets:
        if self._targets is None:
            raise RuntimeError("event delivery is not started")
        return self._targets
