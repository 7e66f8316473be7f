"""Standing watches: what BCGRAPH_EVENTS_ENTITIES names stays watched for every connection
whose events have somewhere to go, whether or not a GraphQL subscriber listens.

Without them the gateway watches an entity only while someone subscribes to it, and a
backend would have to keep a subscription open to get events. Each pass lists the
connections, keeps the named entities of each one that is active and has a webhook (the
gateway's or its own) watched in its default company, and lets go of the rest. It holds
them as a subscriber does (gateway/webhooks/interest.py), so a watch is made once across
replicas and outlives a replica that dies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import bcmodel
from gateway.connections import ConnectionStatus, ConnectionStore
from gateway.errors import GatewayError
from gateway.pubsub import tasks
from gateway.webhooks.interest import Interest
from gateway.webhooks.model import Topic, watched_set

logger = logging.getLogger(__name__)


class StandingWatches:
    def __init__(
        self,
        entity_sets: tuple[str, ...],
        interest: Interest,
        store: ConnectionStore,
        has_webhook: Callable[[str], Awaitable[bool]],
        entities: bcmodel.Registry,
        *,
        every_seconds: float,
    ) -> None:
        self._sets = {watched_set(entities, s) for s in entity_sets}
        self._interest = interest
        self._store = store
        self._has_webhook = has_webhook
        self._every = every_seconds
        self._held: set[Topic] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._sets:
            self._task = asyncio.create_task(self._run(), name="event-standing-watches")

    async def stop(self) -> None:
        if self._task is not None:
            await tasks.stop([self._task])
            self._task = None
        self._interest.release(self._held)
        self._held.clear()

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                logger.exception("standing watches for event delivery failed; trying again")
            await asyncio.sleep(self._every)

    async def run_once(self) -> None:
        wanted: set[Topic] = set()
        for connection in await self._store.list():
            company = connection.default_company_id
            if connection.status is not ConnectionStatus.ACTIVE or not company:
                continue
            if await self._has_webhook(connection.user_id):
                wanted |= {Topic(connection.user_id, company.lower(), s) for s in self._sets}
        gone = self._held - wanted
        self._interest.release(gone)
        self._held -= gone
        for topic in sorted(wanted - self._held):
            try:
                await self._interest.hold([topic])
            except GatewayError as error:
                logger.warning(
                    "could not watch %s for event delivery: %s", topic.entity_set, error.code
                )
                continue
            self._held.add(topic)
