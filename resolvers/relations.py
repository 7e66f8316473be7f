"""Relation fields: read from the parent's `$expand` when the look-ahead asked BC for it,
otherwise load in a batch (by-id loader, or a query coalesced with its siblings).

Each relation is declared on its entity (bcmodel's Relation): with `nav`, BC's
navigation property; without, a lookup on the target's set by the relation's keys."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity, Relation
from gateway.bc import odata, urls
from resolvers import loaders, pagination, translate
from resolvers.context import Context, context_of, registry_of
from resolvers.lookahead import connection_nodes, flatten, plan
from resolvers.rows import COMPANY_KEY, to_rows


def _relation(entity: Entity, field: str, *, many: bool) -> Relation:
    rel = entity.relation(field)
    if rel is None or rel.many != many:  # pragma: no cover - schema wiring error
        raise TypeError(f"{entity.ref} declares no relation {field} for this field")
    return rel


async def related(info: Any, root: dict[str, Any], entity: Entity, field: str) -> Any:
    """A to-one relation: the target record, or null."""
    rel = _relation(entity, field, many=False)
    found, value = expanded(root, rel)
    if found:
        return value
    key = root.get(rel.local_key)
    if not key:
        return None
    registry = registry_of(info)
    target = registry.target(entity, rel.target)
    p = plan(target, flatten(info.selected_fields[0].selections), registry)
    ctx = context_of(info)
    loader = loaders.by_id(ctx, await ctx.upstream(), target, root[COMPANY_KEY], p, registry)
    return await loader.load(key)


async def connection(
    info: Any,
    root: dict[str, Any],
    entity: Entity,
    field: str,
    first: int | None,
    after: str | None,
    filter_input: Any = None,
    order_by: Any = None,
) -> dict[str, Any]:
    """A to-many relation, a page at a time: BC's navigation under the parent (from the
    parent's `$expand` when it was asked for), or a query on the target's set. The rows
    of a page's parents issue their queries in the same tick, so they travel in one
    $batch."""
    rel = _relation(entity, field, many=True)
    first = pagination.check_first(first)
    registry = registry_of(info)
    target = registry.target(entity, rel.target)
    ctx = context_of(info)
    company = root[COMPANY_KEY]
    where = translate.where(target, filter_input)
    order_by_keys = translate.order(order_by)
    found, rows = expanded(root, rel)
    if found and not order_by_keys and filter_input is None and after is None:
        return first_page(ctx, root, entity, rel, target, rows, first)
    lst = _listing(ctx, root, entity, rel, target, where, order_by_keys)
    nodes, count = connection_nodes(info.selected_fields[0])
    p = plan(target, nodes, registry)
    p.count = count
    return await pagination.read(
        await ctx.upstream(),
        lst,
        p,
        first,
        after,
        lambda rows: to_rows(rows, target, company, registry),
    )


def expanded(root: dict[str, Any], rel: Relation) -> tuple[bool, Any]:
    """Whether the parent's `$expand` read the relation, and what it read."""
    if rel.nav is not None and rel.nav in root:
        return True, root[rel.nav]
    return False, None


def first_page(
    ctx: Context,
    root: dict[str, Any],
    entity: Entity,
    rel: Relation,
    target: Entity,
    rows: list[dict[str, Any]],
    first: int,
    *,
    cursors: bool = True,
) -> dict[str, Any]:
    """A to-many relation expanded whole, in the default order: its first page is at hand.
    Without `cursors` (the compiled path, when none is selected) no cursor is made."""
    lst = _listing(ctx, root, entity, rel, target, None, []) if cursors else None
    return pagination.connection(lst, rows[: first + 1], first, len(rows), after=False)


def _listing(
    ctx: Context,
    root: dict[str, Any],
    entity: Entity,
    rel: Relation,
    target: Entity,
    where: odata.Expr | None,
    order_by_keys: list[tuple[str, bool]],
) -> pagination.Listing:
    company = root[COMPANY_KEY]
    if rel.nav is not None:
        under = urls.company(company, entity.route)
        path = under.child(entity.entity_set, root[entity.key]).child(rel.nav)
    else:
        path = urls.company(company, target.route).child(target.entity_set)
        where = translate.both(translate.equals(target, rel.remote_key, root[rel.local_key]), where)
    return pagination.listing(
        ctx, company, target, str(path), where, order_by_keys, frozenset({rel.remote_key})
    )
