"""Entities BC cannot webhook (a temporary table; declared Watch.POLL): polled per watch.

Each poll asks BC for two things in one `$batch`: the rows modified since the
watermark (`lastModifiedDateTime ge …`, ge because two changes may share a
millisecond), and the ids of all rows (polled tables are small). Compared with the
last state (id -> lastModifiedDateTime, no record data): a new id is created, a newer
time is updated, an id gone is deleted.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import orjson

from gateway.bc import odata
from gateway.bc.session import BCSession, Row
from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange
from gateway.webhooks.event_query import event_query
from gateway.webhooks.model import Watch, epoch, iso
from gateway.webhooks.processor import Processor
from gateway.webhooks.registry import Registry
from gateway.webhooks.upstream import Upstream

STATE = "state"


class Poller:
    def __init__(
        self,
        upstream: Upstream,
        registry: Registry,
        processor: Processor,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._upstream = upstream
        self._registry = registry
        self._processor = processor
        self._clock = clock

    async def baseline(self, watch: Watch) -> None:
        """What is there now, so the first poll reports only what changes after it."""
        polled = self._processor.entities.entity(watch.topic.entity_set)
        async with await self._session(watch) as read:
            rows = await read(odata.Query(entity=polled, select=("id", "lastModifiedDateTime")))
        known = {str(r["id"]): epoch(r.get("lastModifiedDateTime")) for r in rows if "id" in r}
        await self._save(watch, known)

    async def poll(self, watch: Watch) -> None:
        raw = (await self._registry.snapshots(watch.topic, [STATE])).get(STATE)
        if raw is None:
            await self.baseline(watch)
            return
        state = orjson.loads(raw)
        known: dict[str, float] = {str(k): float(v) for k, v in state["ids"].items()}
        since = datetime.fromtimestamp(float(state["watermark"]), UTC)
        received = self._clock()
        entities = self._processor.entities
        polled = entities.entity(watch.topic.entity_set)
        modified_since = odata.prop("lastModifiedDateTime", polled).ge(since)
        async with await self._session(watch) as read:
            delta, present = await asyncio.gather(
                read(dataclasses.replace(event_query(entities, polled), filter=modified_since)),
                read(odata.Query(entity=polled, select=("id",))),
            )
            ids = {str(r["id"]) for r in present if "id" in r}
            now: dict[str, float] = {i: known[i] for i in ids if i in known}
            changes: list[RecordChange] = []
            for row in delta:
                record_id = str(row.get("id", ""))
                if record_id not in ids:
                    continue  # deleted between the two reads: reported as deleted below
                modified = epoch(row.get("lastModifiedDateTime"))
                if record_id in known and known[record_id] == modified:
                    continue
                change = UPDATED if record_id in known else CREATED
                changes.append(self._change(watch, change, record_id, row, received))
                now[record_id] = modified
            missed = [i for i in ids if i not in now]
            if missed:
                # New ids the delta did not return (BC's clock behind the watermark).
                by_id = odata.or_(*(odata.prop("id", polled).eq(i) for i in missed))
                for row in await read(
                    dataclasses.replace(event_query(self._processor.entities, polled), filter=by_id)
                ):
                    record_id = str(row.get("id", ""))
                    changes.append(self._change(watch, CREATED, record_id, row, received))
                    now[record_id] = epoch(row.get("lastModifiedDateTime"))
        occurred = iso(self._clock())
        for record_id in known.keys() - ids:
            changes.append(
                RecordChange(
                    watch.topic.entity_set,
                    DELETED,
                    record_id,
                    watch.topic.company_id,
                    occurred,
                    None,
                    received,
                )
            )
        await self._processor.publish(watch.topic.user_id, watch.topic.company_id, changes)
        await self._save(watch, now, floor=float(state["watermark"]))

    def _change(
        self, watch: Watch, change: str, record_id: str, row: Row, received: float
    ) -> RecordChange:
        occurred = str(row.get("lastModifiedDateTime") or iso(self._clock()))
        topic = watch.topic
        return RecordChange(
            topic.entity_set, change, record_id, topic.company_id, occurred, row, received
        )

    async def _session(self, watch: Watch) -> _Reads:
        topic = watch.topic
        return _Reads(await self._upstream.session(topic.user_id), str(topic.path))

    async def _save(self, watch: Watch, known: dict[str, float], *, floor: float = 0.0) -> None:
        watermark = max([floor, *known.values()])
        state = orjson.dumps({"ids": known, "watermark": watermark})
        await self._registry.store_snapshots(watch.topic, {STATE: state})


class _Reads:
    """Reads of one poll, coalesced into one `$batch` when issued in the same tick."""

    def __init__(self, session: BCSession, path: str) -> None:
        self._session = session
        self._path = path

    async def __aenter__(self) -> Callable[[odata.Query], Awaitable[list[Row]]]:
        return self._read

    async def __aexit__(self, *exc: object) -> None:
        await self._session.aclose()

    async def _read(self, query: odata.Query) -> list[Row]:
        rows, _count = await self._session.rows(self._path, query.render_params())
        return rows
