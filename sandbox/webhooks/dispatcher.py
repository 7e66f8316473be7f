"""Turning committed changes into notification POSTs: queue, merge, wait, send, retry.

One asyncio task waits for the earliest due outbox (or a new change) and starts
one delivery task per due notification URL, so a slow receiver never holds up
the others; a URL has at most one POST in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from enum import Enum
from typing import Any

import httpx
import orjson

from bcmodel import Registry as Entities
from sandbox.faults import Faults
from sandbox.settings import WebhookSettings
from sandbox.stats import Stats
from sandbox.store import Change
from sandbox.webhooks import payload
from sandbox.webhooks.model import Subscription, iso
from sandbox.webhooks.pending import Outbox, SubscriptionChanges
from sandbox.webhooks.registry import Registry

logger = logging.getLogger(__name__)

Sent = list[tuple[Subscription, SubscriptionChanges]]


class Outcome(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # unreachable, timed out, 408, 429 or 5xx
    REJECTED = "rejected"  # any other answer: BC deletes the subscription


class Dispatcher:
    def __init__(
        self,
        settings: WebhookSettings,
        registry: Registry,
        faults: Faults,
        stats: Stats,
        client: Callable[[], httpx.AsyncClient | None],
        entities: Entities,
    ) -> None:
        self._entities = entities
        self._settings = settings
        self._registry = registry
        self._faults = faults
        self._stats = stats
        self._client = client
        self._waiting: dict[str, Outbox] = {}  # by notification URL
        self._sending: dict[str, Outbox] = {}  # the POST in flight per URL
        self._deliveries: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        # Made in start() so it belongs to the loop that runs the dispatcher.
        self._wake: asyncio.Event | None = None

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> None:
        self._wake = asyncio.Event()
        self._runner = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def stop(self) -> None:
        tasks = [*self._deliveries, *([self._runner] if self._runner else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._runner = None
        self._wake = None

    def reset(self) -> None:
        self._waiting.clear()
        for task in self._deliveries:
            task.cancel()
        self._sending.clear()

    async def flush(self) -> None:
        """Send everything pending now, whatever its due time; one attempt each."""
        if self._runner is None:
            raise RuntimeError("webhooks are not started")
        # POSTs in flight finish first, so what they put back is sent as well. asyncio.wait,
        # not gather: a cancelled flush (a client hanging up) must not cancel deliveries.
        await self._settle()
        for url in list(self._waiting):
            if url not in self._sending:
                self._deliver_soon(url)
        await self._settle()

    async def _settle(self) -> None:
        if self._deliveries:
            await asyncio.wait(set(self._deliveries))

    # -- queueing ------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        """The store's listener: runs synchronously after each committed change."""
        entity = self._entities.by_ref(change.entity_set)
        if entity is None or not entity.webhooks or not change.scope.company_id:
            return
        subscriptions = self._registry.matching(change.scope, change.entity_set)
        if not subscriptions:
            return
        at = change.at or iso(self._registry.clock())
        for sub in subscriptions:
            self._outbox(sub.notification_url).add(
                sub.root, sub.id, sub.target, change.id, change.kind, at
            )
        self._poke()

    def _outbox(self, url: str) -> Outbox:
        box = self._waiting.get(url)
        if box is None:
            # BC's delay runs from the first pending change for the URL; later
            # changes ride along instead of pushing the POST back.
            box = self._waiting[url] = Outbox(url, time.monotonic() + self._settings.delay_seconds)
        return box

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    # -- the loop ------------------------------------------------------------

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            now = time.monotonic()
            next_due: float | None = None
            for url, box in list(self._waiting.items()):
                if url in self._sending:
                    continue  # its delivery wakes us when it ends
                if box.due <= now:
                    self._deliver_soon(url)
                elif next_due is None or box.due < next_due:
                    next_due = box.due
            timeout = None if next_due is None else next_due - now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _deliver_soon(self, url: str) -> asyncio.Task[None]:
        box = self._waiting.pop(url)
        self._sending[url] = box
        task = asyncio.create_task(self._deliver(box), name=f"webhook-delivery {url}")
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)
        return task

    async def _deliver(self, box: Outbox) -> None:
        try:
            sent = self._collect(box)
            if sent:
                body = {
                    "value": [
                        item
                        for sub, changes in sent
                        for item in payload.items(sub, changes, self._settings.collection_threshold)
                    ]
                }
                outcome = await self._post(box.url, body)
                if outcome is Outcome.RETRY:
                    self._retry(box, sent)
                elif outcome is Outcome.REJECTED:
                    self._delete(sent)
        except Exception:
            # A bug here must not kill the dispatcher silently; the outbox is lost.
            logger.exception("webhook delivery to %s failed", box.url)
        finally:
            if self._sending.get(box.url) is box:  # reset() may have moved on
                del self._sending[box.url]
            self._poke()

    def _collect(self, box: Outbox) -> Sent:
        """The subscriptions this POST is for, as they are now."""
        sent: Sent = []
        for changes in box.subscriptions.values():
            if not changes.records:
                continue
            sub = self._registry.subscription(changes.root, changes.subscription_id)
            if sub is None:
                continue  # deleted or expired: its notifications go with it
            if sub.notification_url != box.url:
                # Renewed with another URL since the change: follow it there.
                self._outbox(sub.notification_url).absorb(changes)
                continue
            sent.append((sub, changes))
        return sent

    async def _post(self, url: str, body: dict[str, Any]) -> Outcome:
        fault = self._faults.webhook_outcome()
        if fault == "drop":
            # Lost on the way: the sender believes it delivered, so no retry.
            self._stats.webhook("drop")
            return Outcome.DELIVERED
        if fault == "fail":
            status = 503  # as if the receiver had answered 503
        else:
            client = self._client()
            if client is None:
                raise RuntimeError("webhooks are not started")
            correlation = str(uuid.uuid4())
            timeout = self._settings.delivery_timeout_seconds
            try:
                # asyncio.timeout bounds the whole exchange; httpx's timeouts are per
                # phase, and in-process (ASGI) transports ignore them.
                async with asyncio.timeout(timeout):
                    response = await client.post(
                        url,
                        content=orjson.dumps(body),
                        headers={
                            "Content-Type": "application/json",
                            "clientRequestId": correlation,
                            "x-ms-correlation-id": correlation,
                        },
                        timeout=timeout,
                    )
            except (TimeoutError, httpx.TimeoutException):
                self._stats.webhook("timeout")
                return Outcome.RETRY
            except Exception:
                # Unreachable, or (in-process transport) the receiver raised.
                self._stats.webhook("error")
                return Outcome.RETRY
            status = response.status_code
        self._stats.webhook(status)
        if 200 <= status < 300:
            return Outcome.DELIVERED
        if status in (408, 429) or status >= 500:
            return Outcome.RETRY
        return Outcome.REJECTED

    def _retry(self, box: Outbox, sent: Sent) -> None:
        schedule = self._settings.retry_schedule
        if box.attempt >= len(schedule):
            # BC deletes a subscription whose notifications fail past the last retry.
            self._delete(sent)
            return
        retry = Outbox(
            box.url,
            time.monotonic() + schedule[box.attempt],
            box.attempt + 1,
            {sub.id: changes for sub, changes in sent},
        )
        # Changes made while this POST was in flight go with the retry.
        newer = self._waiting.pop(box.url, None)
        if newer is not None:
            for changes in newer.subscriptions.values():
                retry.absorb(changes)
        self._waiting[box.url] = retry

    def _delete(self, sent: Sent) -> None:
        # Their pending notifications go too: _collect drops those of unknown subscriptions.
        for sub, _changes in sent:
            self._registry.delete(sub.root, sub.id)
