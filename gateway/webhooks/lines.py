"""Invoice lines, which BC cannot webhook: a change to a line notifies its invoice, so
each invoice's lines are compared with what they were the last time we looked.

A snapshot holds, per line id, a digest of the line: enough to tell created, updated
and deleted lines apart, and no record data at rest. Snapshots are taken of draft
invoices when a watch starts (`store_baseline`), then with every invoice change the
processor publishes (`line_changes`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from gateway.bc import odata, urls
from gateway.bc.batch import BatchSession
from gateway.bc.codec import encode_json
from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import Registry
from gateway.webhooks.upstream import Upstream

LINES = "purchaseInvoiceLines"

Snapshot = dict[str, str]  # line id -> digest


def digest(line: Mapping[str, Any]) -> str:
    # Annotations (the etag changes on every write, even an idempotent one) are left out,
    # and keys sorted, so only a change of content changes the digest.
    content = {k: line[k] for k in sorted(line) if not k.startswith("@")}
    return hashlib.sha256(encode_json(content)).hexdigest()[:20]


def snapshot(lines: Sequence[Mapping[str, Any]]) -> Snapshot:
    return {str(line["id"]): digest(line) for line in lines if "id" in line}


def encode(value: Snapshot) -> bytes:
    return orjson.dumps(value)


def decode(raw: bytes | None) -> Snapshot | None:
    if raw is None:
        return None
    value = orjson.loads(raw)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def diff(
    before: Snapshot | None, lines: Sequence[Mapping[str, Any]], *, invoice_created: bool
) -> list[tuple[str, str, Mapping[str, Any] | None]]:
    """(change, line id, line or None) for every line that differs from `before`.

    Without a snapshot, a new invoice's lines are all created; for any other invoice
    we cannot know what changed, so every line is reported updated: a client re-reads
    a line it already has rather than misses one that changed.
    """
    changes: list[tuple[str, str, Mapping[str, Any] | None]] = []
    now = {str(line["id"]): line for line in lines if "id" in line}
    if before is None:
        kind = CREATED if invoice_created else UPDATED
        return [(kind, line_id, line) for line_id, line in now.items()]
    for line_id, line in now.items():
        old = before.get(line_id)
        if old is None:
            changes.append((CREATED, line_id, line))
        elif old != digest(line):
            changes.append((UPDATED, line_id, line))
    changes += [(DELETED, line_id, None) for line_id in before if line_id not in now]
    return changes


async def line_changes(
    registry: Registry,
    topic: Topic,
    invoices: Sequence[tuple[str, Mapping[str, Any] | None, bool, str]],
    received: float,
) -> list[RecordChange]:
    """The line events of invoice changes, (id, row or None when deleted, created, occurred)
    each: lines compared with the invoice's snapshot, which is then replaced."""
    if not invoices:
        return []
    stored = await registry.snapshots(topic, [i for i, *_ in invoices])
    changes: list[RecordChange] = []
    updates: dict[str, bytes | None] = {}
    line_set = PURCHASE_INVOICE_LINE.entity_set
    for invoice_id, row, created, occurred in invoices:
        before = decode(stored.get(invoice_id))
        if row is None:
            for line_id in before or {}:
                changes.append(
                    RecordChange(
                        line_set, DELETED, line_id, topic.company_id, occurred, None, received
                    )
                )
            updates[invoice_id] = None
            continue
        current = row.get(LINES)
        if not isinstance(current, list):
            continue
        for change, line_id, line in diff(before, current, invoice_created=created):
            record = dict(line) if line is not None else None
            changes.append(
                RecordChange(
                    line_set, change, line_id, topic.company_id, occurred, record, received
                )
            )
        updates[invoice_id] = encode(snapshot(current))
    await registry.store_snapshots(topic, updates)
    return changes


async def store_baseline(upstream: Upstream, registry: Registry, watch: Watch) -> None:
    """Snapshots of the lines of draft invoices (only drafts' lines can change), so
    the first change to one is reported line by line."""
    topic = watch.topic
    target = await upstream.target(topic.user_id)
    query = odata.Query(
        entity=PURCHASE_INVOICE,
        select=("id",),
        filter=odata.prop("status", PURCHASE_INVOICE).eq("Draft"),
        expand=(odata.Expand(LINES),),
    )
    path = str(urls.company(topic.company_id).child(topic.entity_set))
    async with BatchSession(upstream.client, target) as session:
        rows = await upstream.rows(session.send, target, path, query.render_params())
    snapshots: dict[str, bytes | None] = {
        str(row["id"]): encode(snapshot(row.get(LINES) or [])) for row in rows if "id" in row
    }
    await registry.store_snapshots(topic, snapshots)
