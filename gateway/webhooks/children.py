"""Records BC cannot webhook on their own (declared Watch.PARENT: invoice lines): a change
to one notifies its parent, so each parent's children are compared with what they were
the last time we looked.

The parent's event query expands its contained children (event_query.py), so they
cost no call of their own. A snapshot holds, per child id, a digest of the child: enough
to tell created, updated and deleted children apart, and no record data at rest. It is
stored per child entity set and parent id. Snapshots are taken when a watch starts
(`store_baseline`: of the parents whose children can still change, as the parent
declares), then with every parent change the processor publishes (`child_changes`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

import bcmodel
from bcmodel import Entity
from gateway.bc import odata
from gateway.bc.codec import encode_json
from gateway.pubsub.records import CREATED, DELETED, UPDATED, RecordChange
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import Registry
from gateway.webhooks.upstream import Upstream

Snapshot = dict[str, str]  # child id -> digest
# (id, row or None when deleted, created, occurred) of each parent change.
ParentChange = tuple[str, Mapping[str, Any] | None, bool, str]


def digest(child: Mapping[str, Any]) -> str:
    # Annotations (the etag changes on every write, even an idempotent one) and expanded
    # navigation (a referenced record is not the child) are left out, and keys sorted, so
    # only a change of the child's own content changes the digest.
    content = {
        k: child[k]
        for k in sorted(child)
        if not k.startswith("@") and not isinstance(child[k], dict | list)
    }
    return hashlib.sha256(encode_json(content)).hexdigest()[:20]


def snapshot(children: Sequence[Mapping[str, Any]]) -> Snapshot:
    return {str(child["id"]): digest(child) for child in children if "id" in child}


def encode(value: Snapshot) -> bytes:
    return orjson.dumps(value)


def decode(raw: bytes | None) -> Snapshot | None:
    if raw is None:
        return None
    value = orjson.loads(raw)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def diff(
    before: Snapshot | None, children: Sequence[Mapping[str, Any]], *, parent_created: bool
) -> list[tuple[str, str, Mapping[str, Any] | None]]:
    """(change, child id, child or None) for every child that differs from `before`.

    Without a snapshot, a new parent's children are all created; for any other parent
    we cannot know what changed, so every child is reported updated: a client re-reads
    a child it already has rather than misses one that changed.
    """
    changes: list[tuple[str, str, Mapping[str, Any] | None]] = []
    now = {str(child["id"]): child for child in children if "id" in child}
    if before is None:
        kind = CREATED if parent_created else UPDATED
        return [(kind, child_id, child) for child_id, child in now.items()]
    for child_id, child in now.items():
        old = before.get(child_id)
        if old is None:
            changes.append((CREATED, child_id, child))
        elif old != digest(child):
            changes.append((UPDATED, child_id, child))
    changes += [(DELETED, child_id, None) for child_id in before if child_id not in now]
    return changes


def _key(child: Entity, parent_id: str) -> str:
    return f"{child.ref}/{parent_id}"


def _navs(entities: bcmodel.Registry, child: Entity) -> tuple[str, str | None]:
    """The parent's navigation to its `child` records, and the child's back to the parent."""
    found = entities.parent_of(child)
    assert found is not None and found[1].nav is not None  # contained: BC navigates it
    up = child.relation(child.parent or "")
    return found[1].nav, up.nav if up is not None else None


async def child_changes(
    entities: bcmodel.Registry,
    registry: Registry,
    topic: Topic,
    children: Sequence[Entity],
    parents: Sequence[ParentChange],
    received: float,
) -> list[RecordChange]:
    """The events of the `children` of parent changes: children compared with their
    snapshot, which is then replaced. Each child record carries its parent (the child's
    navigation back to it), so that relation costs no call either."""
    if not parents:
        return []
    changes: list[RecordChange] = []
    updates: dict[str, bytes | None] = {}
    for child in children:
        down, back = _navs(entities, child)
        keys = [_key(child, parent_id) for parent_id, *_ in parents]
        stored = await registry.snapshots(topic, keys)
        for (_, row, created, occurred), key in zip(parents, keys, strict=True):
            before = decode(stored.get(key))
            if row is None:
                for child_id in before or {}:
                    changes.append(
                        RecordChange(
                            child.ref,
                            DELETED,
                            child_id,
                            topic.company_id,
                            occurred,
                            None,
                            received,
                        )
                    )
                updates[key] = None
                continue
            current = row.get(down)
            if not isinstance(current, list):
                continue
            parent = {k: v for k, v in row.items() if not isinstance(v, list)}
            for change, child_id, found in diff(before, current, parent_created=created):
                record = dict(found) if found is not None else None
                if record is not None and back is not None:
                    record[back] = parent
                changes.append(
                    RecordChange(
                        child.ref,
                        change,
                        child_id,
                        topic.company_id,
                        occurred,
                        record,
                        received,
                    )
                )
            updates[key] = encode(snapshot(current))
    await registry.store_snapshots(topic, updates)
    return changes


async def store_baseline(
    entities: bcmodel.Registry,
    upstream: Upstream,
    registry: Registry,
    watch: Watch,
    parent: Entity,
) -> None:
    """Snapshots of the children of the parents whose children can still change (the
    parent's `children_change_while`: an invoice's lines, while it is a draft), so the
    first change to one is reported child by child."""
    topic = watch.topic
    where = None
    if parent.children_change_while is not None:
        name, value = parent.children_change_while
        where = odata.prop(name, parent).eq(value)
    children = topic.children(entities)
    navs = [_navs(entities, child)[0] for child in children]
    query = odata.Query(
        entity=parent,
        select=(parent.key,),
        filter=where,
        expand=tuple(odata.Expand(nav) for nav in navs),
    )
    path = str(topic.path)
    async with await upstream.session(topic.user_id) as session:
        rows, _count = await session.rows(path, query.render_params())
    snapshots: dict[str, bytes | None] = {}
    for child, nav in zip(children, navs, strict=True):
        for row in rows:
            if parent.key in row:
                key = _key(child, str(row[parent.key]))
                snapshots[key] = encode(snapshot(row.get(nav) or []))
    await registry.store_snapshots(topic, snapshots)
