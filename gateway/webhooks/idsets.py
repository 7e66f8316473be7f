"""The ids of a watched set's records as the gateway last knew them, per watch, so that
reconciliation sees deletions and tells a creation from an update.

A `lastModifiedDateTime` read finds what was written, never what was deleted, and these
entities carry no creation time. So each webhook watch keeps, in the registry every
replica shares, the set of ids it knows (16 bytes each: BC's ids are GUIDs), taken when
the watch starts and kept up by every change the processor publishes:

- a record published that the set did not hold is added, and is CREATED even when what
  found it (a reconciliation, an `updated` notification whose `created` was lost) could
  only say updated; one the set held stays UPDATED, whatever a notification says;
- whenever the processor reads a window (reconciliation, a `collection` notification, the
  catch-up of a re-created subscription), it also asks BC how many records the set has
  (`$count`, no rows). Every record created in the window is in that window's read, so
  when the count equals the ids known plus the window's new ones, nothing was deleted.
  Otherwise one `$select=id` read (BC's pages, followed by their nextLink) lists them
  all, and the ids known that BC no longer has are DELETED;
- a DELETED is published only by whoever removes the id from the set: a deletion found
  by a reconciliation and by its (late) notification, on any replica, is told once.

A set with more records than `WebhookConfig.reconcile_max_ids` (or an id that is not a
GUID) is not kept: for it, deletions are seen only through their notifications, and a
creation found by reconciliation is UPDATED, as before. The scan that found it too big
is the last one made for that watch.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Iterable, Sequence

from bcmodel import Entity
from gateway.bc import odata
from gateway.bc.session import MAX_ROWS, BCSession
from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange
from gateway.webhooks.model import Topic, iso
from gateway.webhooks.registry import Registry

logger = logging.getLogger(__name__)

# Ids sent to the registry in one call: bounds a script's arguments.
CHUNK = 1000


class IdSets:
    def __init__(self, registry: Registry, *, max_ids: int) -> None:
        self._registry = registry
        # A read follows nextLinks for MAX_ROWS rows at most: one more than the cap must fit,
        # or a cut-off listing would look like deletions.
        self._max_ids = min(max_ids, MAX_ROWS - 1)

    async def sweep(
        self,
        session: BCSession,
        topic: Topic,
        entity: Entity,
        window: Iterable[str],
        received: float,
    ) -> list[RecordChange]:
        """DELETED for the known ids BC no longer has. `window`: the ids of the records
        the same pass read as changed (read before this is called)."""
        # The set is read before BC is: an id a notification adds meanwhile is one BC has.
        known = await self._registry.ids(topic)
        if known is None:
            return []
        read = {k for k in map(encode, window) if k is not None}
        expected = known | read
        count = await self._count(session, topic, entity)
        if count is not None and count == len(expected):
            return []
        present = await self.scan(session, topic, entity)
        if present is None:
            await self._registry.store_ids(topic, None)
            return []
        # Ids BC has that neither the set nor the window holds (BC's clock behind a window's
        # edge): known from now on, not announced (their records were not read). The
        # window's are added as they are published.
        await self._registry.change_ids(topic, add=sorted(present - expected), remove=[])
        occurred = iso(received)
        return [
            RecordChange(
                topic.entity_set, DELETED, decode(k), topic.company_id, occurred, None, received
            )
            for k in sorted(known - present)
        ]

    async def settle(self, topic: Topic, changes: Sequence[RecordChange]) -> list[RecordChange]:
        """Updates the set with `changes`, and says what each is to the set: CREATED for a
        record it did not hold, UPDATED for one it did; a DELETED only if it held the id."""
        adds = [c for c in changes if c.change in (CREATED, UPDATED)]
        removes = [c for c in changes if c.change == DELETED]
        added = await self._change(topic, adds, add=True)
        removed = await self._change(topic, removes, add=False)
        if added is None or removed is None:
            return list(changes)  # the set is not kept: the changes stay as they came
        # Positionally: one job may hold a record's CREATED and then its UPDATED; only the
        # first add of an id finds it new.
        fresh_adds, taken_removes = iter(added), iter(removed)
        settled: list[RecordChange] = []
        for change in changes:
            if change.change == DELETED:
                if next(taken_removes):
                    settled.append(change)
                continue
            kind = CREATED if next(fresh_adds) else UPDATED
            settled.append(change if change.change == kind else _as(change, kind))
        return settled

    async def _change(
        self, topic: Topic, changes: Sequence[RecordChange], *, add: bool
    ) -> list[bool] | None:
        keys = [encode(c.id) for c in changes]
        if not keys:
            return []
        if any(k is None for k in keys):
            await self._registry.store_ids(topic, None)
            return None
        answers: list[bool] = []
        valid = [k for k in keys if k is not None]
        for start in range(0, len(valid), CHUNK):
            part = valid[start : start + CHUNK]
            found = await self._registry.change_ids(
                topic, add=part if add else [], remove=[] if add else part
            )
            if found is None:
                return None
            answers += found
        return answers

    async def _count(self, session: BCSession, topic: Topic, entity: Entity) -> int | None:
        # $top=1, not 0: BC's answer to $top=0 is not confirmed; one id more costs nothing.
        query = odata.Query(entity=entity, select=("id",), top=1, count=True)
        _rows, count = await session.rows(str(topic.path), query.render_params())
        return count

    async def scan(self, session: BCSession, topic: Topic, entity: Entity) -> set[bytes] | None:
        """Every id of the set, following BC's pages; None beyond the cap."""
        query = odata.Query(entity=entity, select=("id",))
        rows, _count = await session.rows(
            str(topic.path), query.render_params(), want=self._max_ids + 1
        )
        if len(rows) > self._max_ids:
            logger.warning(
                "%s has more than %d records: deletions whose notification is lost are not "
                "seen for it",
                topic.entity_set,
                self._max_ids,
            )
            return None
        keys = {encode(str(row.get("id", ""))) for row in rows}
        if None in keys:
            return None
        return {k for k in keys if k is not None}


def encode(record_id: str) -> bytes | None:
    """A GUID in 16 bytes; None for an id that is not one."""
    try:
        return uuid.UUID(record_id).bytes
    except ValueError:
        return None


def decode(key: bytes) -> str:
    return str(uuid.UUID(bytes=key))


def _as(change: RecordChange, kind: str) -> RecordChange:
    return dataclasses.replace(change, change=kind)
