"""From accepted notifications to published events, off the request path.

The receiver answers BC at once and hands each POST's notifications over, split by
connection; one worker per shard takes a connection's jobs in order, so one user's
events keep their order while different users' are processed side by side.

Per job: the notified records are fetched with the owner's token (one
`$filter=id eq … or …` per entity set and chunk; the entity sets of one job go out in
one `$batch`), a `collection` notification runs its `lastModifiedDateTime` query. Both
read the event query (`event_query`): the record with every navigation BC can expand in
the same call, so the relations a subscription selects on it cost no call per event.
Records whose changes derive from this one's (Watch.PARENT: an invoice's lines) come
along, and are compared with their last snapshot (children.py).

BC merges only repeated `updated` notifications of a record (sandbox/webhooks/pending.py
has its rules); created+updated, created+deleted and updated+deleted of one record come
as separate items, often in one POST. Each item becomes one event, in BC's order,
carrying the record as BC has it when it is read: a record created and updated before
the gateway read it is CREATED and then UPDATED, both with its current state. A record
BC no longer has gets no CREATED or UPDATED (there is no record to give: `record` is
null only for DELETED), only its DELETED.

A `deleted` record is fetched too, in the same request: DELETED only when BC no longer
has it. One BC still has (a forged notification, or written again since) is an update:
UPDATED with its current state, unless that state was published already (see below).

Reconciliation (maintenance asks for it per watch, see maintenance.py) is the same
`lastModifiedDateTime` query, from the watch's reconciled point, and publishes what no
notification brought. Whenever a window is read (reconciliation, `collection`, catch-up),
the watch's set of known ids also finds what was deleted in it; and every change is
CREATED or UPDATED as that set did not or did hold its record (idsets.py).

A change may be found twice: by its notification and by a reconciliation (either may
come first: a notification can be late), by a catch-up, by BC's repeats. Each event is
therefore claimed in the registry under (topic, change type, record id,
lastModifiedDateTime) before it is published, so it is published once, whichever
replica finds it. The change type is part of the key because BC's `updated` after a
`created` may find the very state the CREATED carried: it still says the record
changed after its creation, and is published. A record found by a query instead (a
reconciliation, a catch-up, a `collection`) is UPDATED only if that state was
published under neither type. Deletions carry no record to key; the receiver drops
their repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import math
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import bcmodel
from bcmodel import Entity
from gateway.bc import odata
from gateway.bc.session import BCSession, Row
from gateway.errors import GatewayError, NotConnected
from gateway.pubsub import Broadcast, tasks
from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange, channel
from gateway.webhooks import children
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.event_query import event_query
from gateway.webhooks.idsets import IdSets
from gateway.webhooks.model import Notification, Topic, Watch, epoch, iso
from gateway.webhooks.notified import Notified, kept, merge, parents_of
from gateway.webhooks.registry import Registry
from gateway.webhooks.upstream import Upstream

logger = logging.getLogger(__name__)

# Told every record change as it is published, after the subscribers: the delivery to
# the app's backend over HTTP (gateway/delivery/) queues it there.
Outbox = Callable[[str, str, Sequence[RecordChange]], Awaitable[None]]

COLLECTION = "collection"
# BC's own `collection` query starts 50 ms before the first change; a catch-up does too.
EARLY = 0.05
# How long a stopping replica keeps processing what it already accepted.
DRAIN_SECONDS = 10.0


class Processor:
    def __init__(
        self,
        upstream: Upstream,
        registry: Registry,
        broadcast: Broadcast,
        config: WebhookConfig,
        *,
        entities: bcmodel.Registry,
        clock: Callable[[], float] = time.time,
        outbox: Outbox | None = None,
    ) -> None:
        self.entities = entities
        self._outbox = outbox
        self._upstream = upstream
        self._registry = registry
        self._broadcast = broadcast
        self._config = config
        self._clock = clock
        self._queues: list[asyncio.Queue[list[Notification]]] = []
        self._workers: list[asyncio.Task[None]] = []
        self._pending = 0
        self.ids = IdSets(registry, max_ids=config.reconcile_max_ids)

    async def start(self) -> None:
        self._queues = [asyncio.Queue() for _ in range(self._config.workers)]
        self._workers = [
            asyncio.create_task(self._work(queue), name=f"webhook-worker-{i}")
            for i, queue in enumerate(self._queues)
        ]

    async def stop(self, *, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Finishes what was accepted (BC will not send it again: it got its 202), for at
        most `drain_seconds`, then stops the workers. From the first moment `room()` is
        False, so a POST arriving meanwhile gets 503 and BC retries it elsewhere."""
        workers, self._workers = self._workers, []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(drain_seconds):
                for queue in self._queues:
                    await queue.join()
        await tasks.stop(workers)

    def room(self) -> bool:
        """Whether another POST may be accepted; the queues together stay bounded."""
        return bool(self._workers) and self._pending < self._config.queue_limit

    def submit(self, notifications: Sequence[Notification]) -> None:
        by_user: dict[str, list[Notification]] = {}
        for item in notifications:
            by_user.setdefault(item.watch.topic.user_id, []).append(item)
        for user_id, job in by_user.items():
            shard = zlib.crc32(user_id.encode()) % len(self._queues)
            self._pending += 1
            self._queues[shard].put_nowait(job)

    async def _work(self, queue: asyncio.Queue[list[Notification]]) -> None:
        while True:
            job = await queue.get()
            try:
                await self.process(job)
            except Exception:
                logger.exception("processing webhook notifications failed")
            finally:
                self._pending -= 1
                queue.task_done()

    # -- one connection's notifications -------------------------------------------------

    async def process(self, notifications: Sequence[Notification]) -> None:
        """Fetch, derive and publish the events of one connection's notifications."""
        if not notifications:
            return
        user_id = notifications[0].watch.topic.user_id
        try:
            session = await self._upstream.session(user_id)
        except NotConnected:
            logger.info("notifications for a connection that is gone were dropped")
            return
        groups: dict[Topic, list[Notification]] = {}
        for item in notifications:
            groups.setdefault(item.watch.topic, []).append(item)
        async with session:
            results = await asyncio.gather(
                *(self._topic(session, t, items) for t, items in groups.items()),
                return_exceptions=True,
            )
        for topic, result in zip(groups, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result
                _log_failure(topic, result)
                continue
            changes, watermark = result
            await self.publish(topic.user_id, topic.company_id, changes)
            if watermark:
                await self._registry.advance(topic, watermark)

    async def catch_up(self, watch: Watch) -> None:
        """What changed since the watermark, when BC may have dropped notifications."""
        since = datetime.fromtimestamp(max(watch.watermark - EARLY, 0.0), UTC)
        item = Notification(watch, COLLECTION, "", since, 0.0, self._clock())
        await self.process([item])

    async def reconcile(self, watch: Watch, until: float) -> None:
        """Publishes what changed after the watch's reconciled point and up to `until` (both
        BC's lastModifiedDateTime, epoch seconds) that was not published yet: one query.

        Unlike `process`, errors reach the caller, which then keeps the reconciled point
        where it was, so the next pass reads the same window again."""
        topic = watch.topic
        since = datetime.fromtimestamp(max(watch.reconciled - EARLY, 0.0), UTC)
        item = Notification(watch, COLLECTION, "", since, 0.0, self._clock())
        async with await self._upstream.session(topic.user_id) as session:
            changes, watermark = await self._topic(session, topic, [item], until)
        await self.publish(topic.user_id, topic.company_id, changes)
        if watermark:
            await self._registry.advance(topic, watermark)

    async def publish(self, user_id: str, company_id: str, changes: Sequence[RecordChange]) -> None:
        name = channel(user_id, company_id)
        for change in changes:
            await self._broadcast.publish(name, change.encode())
        if self._outbox is not None and changes:
            await self._outbox(user_id, company_id, changes)

    async def _topic(
        self,
        session: BCSession,
        topic: Topic,
        items: Sequence[Notification],
        until: float = math.inf,
    ) -> tuple[list[RecordChange], float]:
        entity = self.entities.by_ref(topic.entity_set)
        if entity is None:  # pragma: no cover - topics are made from known sets
            return [], 0.0
        received = max(item.received_at for item in items)
        latest: dict[str, Notified] = {}
        since: datetime | None = None
        for item in items:
            if item.change == COLLECTION:
                since = (
                    item.since if since is None or (item.since and item.since < since) else since
                )
                continue
            merge(latest, item)
        # Deleted records too: BC's answer, not the notification, says a record is gone.
        fetched, swept = await asyncio.gather(
            self._by_ids(session, topic, entity, list(latest)),
            self._since(session, topic, entity, since),
        )
        found: list[RecordChange] = []
        watermark = max((item.at for item in items), default=0.0)
        for record_id, x in latest.items():
            occurred = iso(x.at) if x.at else iso(self._clock())
            row = fetched.get(record_id)
            if row is None:
                # Gone: nothing to show as created or updated. Without a deletion among
                # the notifications, BC's deletion notification follows.
                if DELETED in x.changes:
                    found.append(self._change(topic, DELETED, record_id, occurred, None, received))
                continue
            if DELETED in x.changes:
                logger.warning("BC still has a %s record notified deleted", topic.entity_set)
            occurred = str(row.get("lastModifiedDateTime") or occurred)
            for change in kept(x.changes):
                found.append(self._change(topic, change, record_id, occurred, row, received))
        sweep: list[RecordChange] = []
        for row in swept:
            record_id = str(row.get("id", ""))
            if not record_id or record_id in latest:
                continue
            occurred = str(row.get("lastModifiedDateTime") or iso(self._clock()))
            if epoch(occurred) > until:
                continue  # too recent to reconcile: its notification may still come
            watermark = max(watermark, epoch(occurred))
            sweep.append(self._change(topic, UPDATED, record_id, occurred, row, received))
        if since is not None:  # a window was read: deletions in it, too (idsets.py)
            window = [*fetched, *(str(row.get("id", "")) for row in swept)]
            found += await self.ids.sweep(session, topic, entity, window, received)
        changes = await self._settled(topic, found, sweep)
        under = topic.children(self.entities)
        if under:
            # Only a new change of a parent moves its children: one already published did.
            parents = parents_of(changes)
            changes += await children.child_changes(
                self.entities, self._registry, topic, under, parents, received
            )
        return changes, watermark

    async def _unpublished(
        self, topic: Topic, changes: Sequence[RecordChange], as_change: str = ""
    ) -> list[RecordChange]:
        """The changes not published before, each now claimed (see the module docstring);
        `as_change`: claimed as that change type rather than their own."""
        fresh = [True] * len(changes)
        keyed: list[tuple[int, str]] = []
        for i, change in enumerate(changes):
            modified = _modified(change.record) if change.record is not None else 0.0
            if modified:
                kind = as_change or change.change
                keyed.append((i, _published_key(topic, kind, change.id, modified)))
        if keyed:
            answers = await self._registry.first_seen(
                [key for _, key in keyed], self._config.dedupe_seconds
            )
            for (i, _), new in zip(keyed, answers, strict=True):
                fresh[i] = new
        return [change for change, new in zip(changes, fresh, strict=True) if new]

    async def _settled(
        self, topic: Topic, notified: Sequence[RecordChange], swept: Sequence[RecordChange]
    ) -> list[RecordChange]:
        """What to publish, in order: each change as the id set says (CREATED for a record
        it did not hold, idsets.py), and not published before. An UPDATED a query found,
        or one the set made of a notified CREATED (a late notification of a creation a
        reconciliation told), is dropped when its state went out as CREATED; a notified
        UPDATED is not: BC's created-then-updated is CREATED and UPDATED."""
        settled = await self.ids.settle(topic, [*notified, *swept])
        as_notified = {id(c) for c in notified}

        def guarded(change: RecordChange) -> bool:
            return change.change == UPDATED and id(change) not in as_notified

        kept = {id(c) for c in await self._unswept(topic, [c for c in settled if guarded(c)])}
        plain = [c for c in settled if not guarded(c)]
        kept |= {id(c) for c in await self._unpublished(topic, plain)}
        return [c for c in settled if id(c) in kept]

    async def _unswept(self, topic: Topic, found: Sequence[RecordChange]) -> list[RecordChange]:
        """Records a query found, as UPDATED, unless their state was published as CREATED
        or as UPDATED. CREATED is claimed first and alone, so a state a CREATED carried
        leaves its UPDATED key free for BC's `updated` notification that may follow."""
        if not found:
            return []
        uncreated = await self._unpublished(topic, found, as_change=CREATED)
        return await self._unpublished(topic, uncreated)

    def _change(
        self,
        topic: Topic,
        change: str,
        record_id: str,
        occurred: str,
        row: Row | None,
        received: float,
    ) -> RecordChange:
        return RecordChange(
            entity_set=topic.entity_set,
            change=change,
            id=record_id,
            company_id=topic.company_id,
            occurred_at=occurred,
            record=row,
            received_at=received,
        )

    async def _by_ids(
        self, session: BCSession, topic: Topic, entity: Entity, ids: Sequence[str]
    ) -> dict[str, Row]:
        rows = await session.by_ids(str(topic.path), event_query(self.entities, entity), ids)
        return {str(row["id"]): row for row in rows if "id" in row}

    async def _since(
        self, session: BCSession, topic: Topic, entity: Entity, since: datetime | None
    ) -> list[Row]:
        if since is None:
            return []
        where = odata.prop("lastModifiedDateTime", entity).gt(since)
        query = dataclasses.replace(event_query(self.entities, entity), filter=where)
        rows, _count = await session.rows(str(topic.path), query.render_params())
        return rows

    async def scan_ids(self, topic: Topic, entity: Entity) -> set[bytes] | None:
        """The ids the watched set has, before its watch starts (idsets.py)."""
        async with await self._upstream.session(topic.user_id) as session:
            return await self.ids.scan(session, topic, entity)

    async def baseline_children(self, watch: Watch, parent: Entity) -> None:
        """Snapshots of the children whose changes derive from `parent`'s (children.py),
        taken when a watch starts."""
        await children.store_baseline(self.entities, self._upstream, self._registry, watch, parent)


def _modified(record: Mapping[str, Any]) -> float:
    return epoch(record.get("lastModifiedDateTime"))


def _published_key(topic: Topic, change: str, record_id: str, modified: float) -> str:
    # Per topic: the same record changes for every connection that watches it. Hashed,
    # like a notification's key, and prefixed so the two kinds never meet.
    raw = "\n".join(("published", topic.key, change, record_id, f"{modified:.6f}"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _log_failure(topic: Topic, error: Exception) -> None:
    # Gateway errors carry safe messages; anything else is a bug, with its stack.
    if isinstance(error, GatewayError):
        logger.warning(
            "could not process notifications for %s: %s (%s)",
            topic.entity_set,
            error.code,
            error.message,
        )
    else:
        logger.error("processing notifications for %s failed", topic.entity_set, exc_info=error)
