"""Invoice lines, which BC cannot webhook: a change to a line notifies its invoice, so
each invoice's lines are compared with what they were the last time we looked.

A snapshot holds, per line id, a digest of the line: enough to tell created, updated
and deleted lines apart, and no record data at rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from gateway.bc.codec import encode_json
from gateway.pubsub.records import CREATED, DELETED, UPDATED

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
