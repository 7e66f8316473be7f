"""The periodic work on watches that must run in one replica at a time: renewals,
checks that BC still has each subscription, polling (while someone subscribes),
reconciliation, and deleting what nobody has subscribed to for longer than the grace period.

Each pass takes a lease in the connection store (a Redis lease when replicas share
Redis) and releases it at the end; a pass starts no new watch once half the lease has
passed, and the next one starts where it stopped. Every decision is made from times kept in the
watch itself (renewed, checked, next poll, next reconciliation, idle since), so
whichever replica runs the next pass carries on where the last one stopped, and a
second pass in quick succession finds nothing due.

Reconciliation: BC may believe it delivered a notification that never arrived, and
nothing else would ever tell. So every `reconcile_seconds`, a webhook watch that someone
subscribes to reads what changed from its reconciled point up to `reconcile_lag_seconds`
ago (and counts the set's records, to see deletions: idsets.py), and the processor
publishes what was not published yet. The lease is what keeps two
replicas from reading (and publishing) the same window at once; the processor's
published-change keys would catch a duplicate even so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import bcmodel
from gateway.connections import ConnectionStore
from gateway.errors import GatewayError, NotConnected
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.lifecycle import Lifecycle
from gateway.webhooks.model import Watch
from gateway.webhooks.polling import Poller
from gateway.webhooks.processor import Processor
from gateway.webhooks.registry import Registry

logger = logging.getLogger(__name__)

LEASE = "webhooks:maintenance"
# A replica that dies mid-pass holds it this long.
LEASE_SECONDS = 120.0
# A pass starts no new watch after this long, well inside the lease: past the lease another
# replica could start a pass of its own over the same watches (renewing or re-creating BC
# subscriptions twice). What is left is due still, so the next pass takes it up.
PASS_SECONDS = LEASE_SECONDS / 2


class Maintenance:
    def __init__(
        self,
        registry: Registry,
        lifecycle: Lifecycle,
        poller: Poller,
        processor: Processor,
        store: ConnectionStore,
        config: WebhookConfig,
        *,
        entities: bcmodel.Registry,
        replica: str,
        clock: Callable[[], float] = time.time,
        pass_seconds: float = PASS_SECONDS,
    ) -> None:
        self._registry = registry
        self._entities = entities
        self._pass_seconds = pass_seconds
        # Where the next pass starts in the list of watches: after the last one a pass cut
        # short reached, so one slow tenant at the head cannot starve the ones behind it.
        self._resume_at = 0
        self._lifecycle = lifecycle
        self._poller = poller
        self._processor = processor
        self._store = store
        self._config = config
        self._replica = replica
        self._clock = clock

    async def run_once(self) -> bool:
        """One pass, if no other replica is running one; True if this one ran."""
        if not await self._store.acquire_lease(LEASE, self._replica, LEASE_SECONDS):
            return False
        try:
            watches = await self._registry.all()
            start = self._resume_at % len(watches) if watches else 0
            watches = watches[start:] + watches[:start]
            self._resume_at = 0
            deadline = self._clock() + self._pass_seconds
            for done, watch in enumerate(watches):
                if done and self._clock() >= deadline:
                    logger.warning(
                        "maintenance pass out of time: %d of %d watches left for the next",
                        len(watches) - done,
                        len(watches),
                    )
                    self._resume_at = start + done
                    break
                try:
                    await self._one(watch)
                except NotConnected:
                    # The user disconnected or must consent again: nothing to watch with.
                    logger.info("dropping a watch whose connection is no longer usable")
                    await self._lifecycle.retire(watch)
                except GatewayError as error:
                    logger.warning(
                        "maintenance of %s failed: %s (%s)",
                        watch.topic.entity_set,
                        error.code,
                        error.message,
                    )
        finally:
            await self._store.release_lease(LEASE, self._replica)
        return True

    async def _one(self, watch: Watch) -> None:
        topic = watch.topic
        now = self._clock()
        interested = await self._registry.interested(topic)
        resumed = interested and watch.idle_since is not None
        if not interested:
            if watch.idle_since is None:
                await self._registry.mark(topic, "idle_since", now)
            elif now - watch.idle_since >= self._config.idle_grace_seconds:
                await self._lifecycle.retire(watch)
                return
        elif watch.idle_since is not None:
            await self._registry.mark(topic, "idle_since", None)
        if topic.polled(self._entities):
            # Polled only while someone listens; the first subscriber back is polled for
            # at once, from the state the last poll left (what changed meanwhile is news).
            if interested and (resumed or now >= watch.next_poll_at):
                await self._registry.mark(
                    topic, "next_poll_at", now + self._config.poll_interval_seconds
                )
                await self._poller.poll(watch)
            return
        if now >= watch.renewed_at + watch.lifetime / 2:
            await self._lifecycle.renew(watch)
        elif now - watch.checked_at >= self._config.poll_interval_seconds:
            await self._lifecycle.check(watch)
        if now >= watch.next_reconcile_at:
            await self._reconcile(watch, now, interested=interested)

    async def _reconcile(self, watch: Watch, now: float, *, interested: bool) -> None:
        topic = watch.topic
        # Due again one interval from now, even if this one fails: BC is asked at most once
        # per interval per watch, whatever state it is in.
        await self._registry.mark(topic, "next_reconcile_at", now + self._config.reconcile_seconds)
        # Our clock stands in for BC's: a skew between them only shortens or lengthens
        # the lag (see WebhookConfig.reconcile_lag_seconds).
        until = now - self._config.reconcile_lag_seconds
        if until <= watch.reconciled:
            return  # nothing old enough yet (a watch younger than the lag)
        if interested:
            await self._processor.reconcile(watch, until)
        # With nobody subscribed there is nobody to tell: the window is passed over
        # without asking BC, so a subscriber who comes back is not sent old changes.
        await self._registry.mark(topic, "reconciled", until)
