"""Turning committed changes into notification POSTs: queue, aggregate, wait, send, retry.

BC's sending job is `APIWebhookNotificationSend.Codeunit.al` (microsoft/BCApps,
`src/Layers/W1/BaseApp/System/API/Webhooks/`); what it does on each outcome:
- 2xx: the notifications are gone;
- no answer, a timeout, 408, 429 or 5xx (ShouldReschedule): they are kept, their attempt
  number goes up, and they go again after 1, 1, 10, 100, 1000 min (GetDelayTimeForAttempt);
  a run started earlier by a new change sends them early, without counting an attempt.
  After the sixth failure (attempt number above GetMaxNumberOfAttempts, 5) their
  subscriptions are deleted (DeleteSubscriptionsWithTooManyFailures);
- anything else: every subscription of the company on that notification URL is deleted
  with its notifications, not only those in the POST (DeleteInvalidSubscriptions gets
  SubscriptionsPerNotificationUrlDictionary's list).

One asyncio task waits for the earliest due outbox (or a new change) and starts
one delivery task per due destination, so a slow receiver never holds up
the others; a destination has at most one POST in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
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
from sandbox.store import Change, Scope
from sandbox.webhooks import payload
from sandbox.webhooks.model import Subscription, iso, parse_iso
from sandbox.webhooks.pending import UPDATED, Destination, Outbox, Raw, SubscriptionChanges
from sandbox.webhooks.registry import Registry

logger = logging.getLogger(__name__)

Sent = list[tuple[Subscription, SubscriptionChanges]]
# The record's lastModifiedDateTime now (None: no such record), by company scope, entity ref, id.
Modified = Callable[[Scope, str, str], str | None]
# BC's NullUpdateTreshold: an update is a null update only when the record's
# modification time is this much older than the update itself.
NULL_UPDATE_SECONDS = 2.0


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
        modified: Modified,
    ) -> None:
        self._entities = entities
        self._modified = modified
        self._settings = settings
        self._registry = registry
        self._faults = faults
        self._stats = stats
        self._client = client
        self._waiting: dict[Destination, Outbox] = {}
        self._sending: dict[Destination, Outbox] = {}  # the POST in flight per destination
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
        for destination in list(self._waiting):
            if destination not in self._sending:
                self._deliver_soon(destination)
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
            self._outbox(_destination(sub)).add(
                sub.root, sub.id, sub.target, change.id, change.kind, at
            )
        self._poke()

    def _outbox(self, destination: Destination) -> Outbox:
        soon = time.monotonic() + self._settings.delay_seconds
        box = self._waiting.get(destination)
        if box is None:
            # BC's delay runs from the first pending change; later changes ride
            # along instead of pushing the POST back.
            box = self._waiting[destination] = Outbox(destination, soon)
        elif box.retry_at is not None and soon < box.due:
            # A change schedules BC's job, which sends whatever is pending, retries too.
            box.due = soon
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
            for destination, box in list(self._waiting.items()):
                if destination in self._sending:
                    continue  # its delivery wakes us when it ends
                if box.due <= now:
                    self._deliver_soon(destination)
                elif next_due is None or box.due < next_due:
                    next_due = box.due
            timeout = None if next_due is None else next_due - now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _deliver_soon(self, destination: Destination) -> asyncio.Task[None]:
        box = self._waiting.pop(destination)
        self._sending[destination] = box
        task = asyncio.create_task(self._deliver(box), name=f"webhook-delivery {box.url}")
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)
        return task

    async def _deliver(self, box: Outbox) -> None:
        try:
            early = box.retry_at is not None and time.monotonic() < box.retry_at
            sent = self._collect(box)
            if sent:
                body = {
                    "value": [item for sub, changes in sent for item in payload.items(sub, changes)]
                }
                outcome = await self._post(box.url, body)
                if outcome is Outcome.RETRY:
                    self._retry(box, sent, counted=not early)
                elif outcome is Outcome.REJECTED:
                    self._reject(box.destination)
        except Exception:
            # A bug here must not kill the dispatcher silently; the outbox is lost.
            logger.exception("webhook delivery to %s failed", box.url)
        finally:
            if self._sending.get(box.destination) is box:  # reset() may have moved on
                del self._sending[box.destination]
            self._poke()

    def _collect(self, box: Outbox) -> Sent:
        """The subscriptions this POST is for, as they are now, their changes aggregated;
        in key order, as BC's job reads them."""
        sent: Sent = []
        for subscription_id in sorted(box.subscriptions):
            changes = box.subscriptions[subscription_id]
            sub = self._registry.subscription(changes.root, changes.subscription_id)
            if sub is None:
                continue  # deleted or expired: its notifications go with it
            if _destination(sub) != box.destination:
                # Renewed with another URL since the change: follow it there.
                self._outbox(_destination(sub)).absorb(changes)
                continue
            changes.aggregate(
                self._settings.collection_threshold, functools.partial(self._null_update, sub)
            )
            if not changes.empty:
                sent.append((sub, changes))
        return sent

    def _null_update(self, sub: Subscription, raw: Raw) -> bool:
        """BC's IsNullUpdate: an `updated` whose record was not modified by it. BC's
        platform moves SystemModifiedAt only when a field really changed, so a record
        whose modification time is older than the update (by 2 s, for the triggers that
        run around it) was written with nothing new; the notification is dropped. A
        record gone since is no null update."""
        if raw.kind != UPDATED:
            return False
        company = Scope(sub.root.tenant_id, sub.root.environment, sub.target.company_id)
        modified = self._modified(company, sub.target.entity_set, raw.record_id)
        at, then = parse_iso(modified or ""), parse_iso(raw.at)
        if at is None or then is None:
            return False
        return at <= then - NULL_UPDATE_SECONDS

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

    def _retry(self, box: Outbox, sent: Sent, *, counted: bool) -> None:
        schedule = self._settings.retry_schedule
        if counted and box.attempt >= len(schedule):
            # BC deletes a subscription whose notifications fail past the last retry.
            for sub, _changes in sent:
                self._registry.delete(sub.root, sub.id)
            return
        if counted:
            attempt, retry_at = box.attempt + 1, time.monotonic() + schedule[box.attempt]
        else:
            assert box.retry_at is not None  # only a retry is sent early
            attempt, retry_at = box.attempt, box.retry_at
        retry = Outbox(
            box.destination, retry_at, attempt, retry_at, {sub.id: changes for sub, changes in sent}
        )
        # Changes made while this POST was in flight go with the retry.
        newer = self._waiting.pop(box.destination, None)
        if newer is not None:
            for changes in newer.subscriptions.values():
                retry.absorb(changes)
            retry.due = min(retry.due, newer.due)
        self._waiting[box.destination] = retry

    def _reject(self, destination: Destination) -> None:
        """Every subscription of the company on the URL goes, with its pending
        notifications (_collect drops those of unknown subscriptions)."""
        root = destination.company.root()
        for record in self._registry.live(root):
            sub = Subscription.from_row(root, record.row)
            if _destination(sub) == destination:
                self._registry.delete(root, sub.id)


def _destination(sub: Subscription) -> Destination:
    company = Scope(sub.root.tenant_id, sub.root.environment, sub.target.company_id)
    return Destination(company, sub.notification_url)
