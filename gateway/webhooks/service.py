"""`Webhooks`: every webhook part wired together, started and stopped by the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time

from starlette.requests import Request
from starlette.responses import Response

import bcmodel
from gateway.bc.session import Sessions
from gateway.connections import Connection, ConnectionStore, TokenCipher
from gateway.errors import GatewayError
from gateway.oauth.tokens import TokenManager
from gateway.pubsub import Broadcast, tasks
from gateway.pubsub.records import ENDED, RecordChange
from gateway.webhooks.config import RECEIVER_PATH, WebhookConfig
from gateway.webhooks.feed import LiveFeed
from gateway.webhooks.interest import Interest
from gateway.webhooks.lifecycle import Lifecycle
from gateway.webhooks.maintenance import Maintenance
from gateway.webhooks.model import iso
from gateway.webhooks.polling import Poller
from gateway.webhooks.processor import Outbox, Processor
from gateway.webhooks.receiver import Receiver
from gateway.webhooks.registry import Registry, open_registry
from gateway.webhooks.upstream import Upstream

logger = logging.getLogger(__name__)

# At shutdown, a process whose registry goes with it (memory://) deletes its BC
# subscriptions (nobody else could verify their notifications); this bounds how long that
# may hold the shutdown up. A durable registry keeps them for the next gateway.
RETIRE_SECONDS = 5.0


class Webhooks:
    def __init__(
        self,
        config: WebhookConfig,
        *,
        registry_url: str,
        namespace: str,
        cipher: TokenCipher,
        public_url: str,
        broadcast: Broadcast,
        store: ConnectionStore,
        sessions: Sessions,
        tokens: TokenManager,
        entities: bcmodel.Registry,
        outbox: Outbox | None = None,
    ) -> None:
        self.config = config
        self.replica = secrets.token_hex(8)
        self.registry: Registry = open_registry(registry_url, cipher, namespace=namespace)
        self.notification_url = public_url.rstrip("/") + RECEIVER_PATH if public_url else ""
        upstream = Upstream(sessions)
        self.processor = Processor(
            upstream, self.registry, broadcast, config, entities=entities, outbox=outbox
        )
        self.poller = Poller(upstream, self.registry, self.processor)
        self.lifecycle = Lifecycle(
            upstream,
            self.registry,
            self.processor,
            self.poller,
            config,
            notification_url=self.notification_url,
        )
        self.interest = Interest(self.registry, self.lifecycle, store, config, replica=self.replica)
        self.maintenance = Maintenance(
            self.registry,
            self.lifecycle,
            self.poller,
            self.processor,
            store,
            config,
            entities=entities,
            replica=self.replica,
        )
        self.receiver = Receiver(
            self.registry, self.processor, dedupe_seconds=config.dedupe_seconds
        )
        self.feed = LiveFeed(broadcast, self.interest, entities)
        self._loop: asyncio.Task[None] | None = None
        # Between start() and stop(): the receiver answers BC only then.
        self._running = False
        tokens.add_disconnect_hook(self.disconnected)
        self._store_shared = store.shared

    async def start(self) -> None:
        if self._store_shared and not self.registry.shared:
            # Replicas behind one public URL: BC posts to any of them, and a replica that
            # does not know the subscription drops its notifications. Said at the start
            # (once the store has opened), not when the app is built.
            logger.warning(
                "the connection store is shared but the pub/sub is in-process: with more "
                "than one replica, set BCGRAPH_PUBSUB_URL=redis://… for live events"
            )
        await self.processor.start()
        # A lone gateway over a durable registry (SQLite) takes up the watches the last one
        # left: nobody else ran meanwhile. Replicas sharing one (Redis) carry on by
        # maintenance and BC's retried notifications, as when one of them dies.
        resume = self.registry.durable and not self.registry.shared
        self._loop = asyncio.create_task(self._maintain(resume), name="webhook-maintenance")
        self._running = True

    async def receive(self, request: Request) -> Response:
        """The receiver's route: BC's notifications, and its validation handshake."""
        if not self._running:
            # Not started yet, or stopping: BC retries a 503, so no notification is lost.
            return Response(status_code=503, headers={"Retry-After": "10"})
        return await self.receiver(request)

    async def stop(self) -> None:
        self._running = False
        if self._loop is not None:
            await tasks.stop([self._loop])
            self._loop = None
        try:
            await self.interest.withdraw()
            if not self.registry.durable:
                await self._retire_all()
        finally:
            await self.processor.stop()
            await self.registry.close()

    async def disconnected(self, connection: Connection) -> None:
        """A user disconnects: their BC subscriptions go, while their token still works,
        and their live subscriptions (on every replica) end with NOT_CONNECTED."""
        user_id = connection.user_id
        companies = {t.company_id for t in self.interest.topics if t.user_id == user_id}
        for watch in await self.registry.all():
            if watch.topic.user_id == user_id:
                companies.add(watch.topic.company_id)
                await self.lifecycle.retire(watch)
        now = iso(time.time())
        for company_id in sorted(companies):
            ended = RecordChange("", ENDED, "", company_id, now)
            await self.processor.publish(user_id, company_id, [ended])

    async def _maintain(self, resume: bool) -> None:
        if resume:
            await self._resume_all()
        while True:
            try:
                await self.interest.heartbeat()
                await self.maintenance.run_once()
            except Exception:
                logger.exception("webhook maintenance failed; trying again next tick")
            await asyncio.sleep(self.config.tick_seconds)

    async def _retire_all(self) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(RETIRE_SECONDS):
                for watch in await self.registry.all():
                    try:
                        await self.lifecycle.retire(watch)
                    except Exception:
                        logger.warning("could not delete a BC subscription at shutdown")

    async def _resume_all(self) -> None:
        """Before the first maintenance pass, which would pass over the time no gateway ran
        for a watch nobody subscribes to yet (nobody to tell): a backend's webhook is."""
        for watch in await self.registry.all():
            try:
                await self.lifecycle.resume(watch)
            except GatewayError as error:
                # Maintenance checks it again (and drops it if its connection is gone).
                logger.warning(
                    "could not resume the watch of %s: %s", watch.topic.entity_set, error.code
                )
            except Exception:
                logger.exception("resuming the watch of %s failed", watch.topic.entity_set)
