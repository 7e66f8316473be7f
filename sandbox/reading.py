"""Answering GETs: filter, order, page, `$select` and `$expand` over the store's records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bcmodel import Edm, Entity, Registry
from sandbox import skiptokens
from sandbox.filter import FilterCompiler
from sandbox.options import QueryOptions
from sandbox.rules import rules_for
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import wire_moment

Predicate = Callable[[Row], bool]


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    count: int  # after $filter, before $top/$skip
    # Where the next page starts (the last row's sort values), and how many of `$top`
    # are left for it; None when this page ends the list.
    next_skiptoken: str | None
    next_top: int | None = None


class Reader:
    def __init__(self, store: Store, filters: FilterCompiler, entities: Registry) -> None:
        self._entities = entities
        self._store = store
        self._filters = filters

    def predicate(self, entity: Entity, opts: QueryOptions) -> Predicate | None:
        if opts.filter is None:
            return None
        return self._filters.compile(opts.filter, entity, schema_version=opts.schema_version)

    def collection(
        self,
        scope: Scope,
        entity: Entity,
        records: Iterable[Record],
        opts: QueryOptions,
        page_size: int,
    ) -> Page:
        """BC's server-driven paging: at most `page_size` rows, and when more follow, a
        skiptoken naming the last row delivered, so the next page starts after that row
        whatever was inserted or deleted before it (sandbox/skiptokens.py)."""
        predicate = self.predicate(entity, opts)
        selected = [r for r in records if predicate is None or predicate(r.row)]
        keys = sort_keys(entity, opts)
        ordered = order(selected, entity, opts)
        rest = ordered
        if opts.skiptoken is not None:
            rest = skiptokens.after(ordered, entity, keys, opts.skiptoken)
        rest = rest[opts.skip :]
        limit = len(rest) if opts.top is None else min(len(rest), opts.top)
        page = rest[: min(limit, page_size)]
        token, top = None, None
        if len(page) < limit:
            token = skiptokens.token(page[-1], entity, keys)
            top = None if opts.top is None else opts.top - len(page)
        return Page(self.shape_many(scope, entity, page, opts), len(ordered), token, top)

    def shape_many(
        self, scope: Scope, entity: Entity, records: list[Record], opts: QueryOptions
    ) -> list[dict[str, Any]]:
        names = entity.field_names if opts.select is None else opts.select
        rows = [_shape(record, entity, names) for record in records]
        for expand in opts.expand:
            self._expand(scope, entity, records, rows, expand.navigation, expand.options)
        return rows

    def shape_one(
        self, scope: Scope, entity: Entity, record: Record, opts: QueryOptions
    ) -> dict[str, Any]:
        return self.shape_many(scope, entity, [record], opts)[0]

    def _expand(
        self,
        scope: Scope,
        entity: Entity,
        records: list[Record],
        rows: list[dict[str, Any]],
        name: str,
        opts: QueryOptions,
    ) -> None:
        nav = entity.nav(name)
        target = self._entities.in_route(entity.route, nav.target) if nav else None
        if nav is None or target is None:  # pragma: no cover - options checked the name
            return
        target_scope = scope if target.company_scoped else scope.root()
        if not nav.collection:
            for record, row in zip(records, rows, strict=True):
                # As a GET by key reads it: a computed view has no stored rows.
                related = rules_for(target).fetched(
                    self._store, target_scope, target, str(record.row[nav.local_key])
                )
                row[name] = self.shape_one(target_scope, target, related, opts) if related else None
            return
        # Group the target set once instead of scanning it per parent row.
        wanted = {str(r.row[nav.local_key]).lower() for r in records}
        groups: dict[str, list[Record]] = {}
        for candidate in self._store.records(target_scope, target.ref):
            k = str(candidate.row[nav.remote_key]).lower()
            if k in wanted:
                groups.setdefault(k, []).append(candidate)
        for record, row in zip(records, rows, strict=True):
            children = groups.get(str(record.row[nav.local_key]).lower(), [])
            page = self.collection(
                target_scope, target, children, opts, page_size=len(children) or 1
            )
            row[name] = page.rows


def _shape(record: Record, entity: Entity, names: Iterable[str]) -> dict[str, Any]:
    row = record.row
    out: dict[str, Any] = {"@odata.etag": record.etag} if entity.etag else {}
    for name in names:
        if name in entity.stream_names:
            continue
        field = entity.field(name)
        is_moment = field is not None and field.type is Edm.DATETIME
        out[name] = wire_moment(row[name]) if is_moment else row[name]
    return out


def sort_keys(entity: Entity, opts: QueryOptions) -> list[tuple[str, bool]]:
    """The `$orderby` keys, then the table's key (BC's order for rows equal on them), then
    the id, so that the order is total even where seed data repeats a key."""
    keys = [(k.field, k.descending) for k in opts.orderby]
    for name in (*entity.default_order, entity.key):
        if entity.field(name) is not None and all(name != n for n, _ in keys):
            keys.append((name, False))
    return keys


def order(records: list[Record], entity: Entity, opts: QueryOptions) -> list[Record]:
    ordered = list(records)
    # Stable sorts from the last key to the first give a multi-key order with
    # a per-key direction.
    for name, descending in reversed(sort_keys(entity, opts)):
        ordered.sort(key=_by(name, skiptokens.sort_key(entity, name)), reverse=descending)
    return ordered


def _by(name: str, key: Callable[[Any], Any]) -> Callable[[Record], Any]:
    return lambda record: key(record.row[name])
