"""Relation fields: read from the parent's `$expand` when the look-ahead asked BC for it,
otherwise load in a batch (by-id loader, or a query coalesced with its siblings)."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from gateway.bc import urls
from resolvers import loaders, pagination, translate
from resolvers.context import context_of
from resolvers.fetch import collection
from resolvers.graph import relation
from resolvers.lookahead import connection_nodes, flatten, plan
from resolvers.rows import COMPANY_KEY, to_rows


async def related(info: Any, root: dict[str, Any], entity: Entity, field: str) -> Any:
    rel = relation(entity, field)
    assert rel is not None and not rel.many
    if rel.nav is not None and rel.nav in root:
        return root[rel.nav]
    key = root.get(rel.local_key)
    if not key:
        return None
    p = plan(rel.target, flatten(info.selected_fields[0].selections))
    ctx = context_of(info)
    loader = loaders.by_id(ctx, await ctx.upstream(), rel.target, root[COMPANY_KEY], p)
    return await loader.load(key)


async def invoice_lines(
    info: Any, root: dict[str, Any], first: int | None, after: str | None
) -> dict[str, Any]:
    first = pagination.check_first(first)
    skip = pagination.decode(after)
    rel = relation(PURCHASE_INVOICE, "lines")
    assert rel is not None and rel.nav is not None
    if rel.nav in root:
        lines = root[rel.nav]
        return pagination.connection(lines[skip : skip + first + 1], skip, first, len(lines))
    up = await context_of(info).upstream()
    company = root[COMPANY_KEY]
    nodes, count = connection_nodes(info.selected_fields[0])
    p = plan(PURCHASE_INVOICE_LINE, nodes)
    p.count = count
    path = urls.company(company).child(PURCHASE_INVOICE.entity_set, root["id"]).child(rel.nav)
    params = translate.options(p, None, top=first + 1, skip=skip)
    rows, total = await collection(up, str(path), params, want=first + 1)
    return pagination.connection(to_rows(rows, PURCHASE_INVOICE_LINE, company), skip, first, total)


async def vendor_invoices(
    info: Any,
    root: dict[str, Any],
    filter_input: Any,
    order_by: Any,
    first: int | None,
    after: str | None,
) -> dict[str, Any]:
    """BC has no vendor -> invoices navigation: one query per vendor, and the vendors of a
    page issue theirs in the same tick, so they travel in one $batch."""
    first = pagination.check_first(first)
    skip = pagination.decode(after)
    up = await context_of(info).upstream()
    company = root[COMPANY_KEY]
    nodes, count = connection_nodes(info.selected_fields[0])
    p = plan(PURCHASE_INVOICE, nodes)
    p.count = count
    where = translate.both(
        translate.equals(PURCHASE_INVOICE, "vendorId", root["id"]),
        translate.where(PURCHASE_INVOICE, filter_input),
    )
    params = translate.options(
        p, where, order_by=translate.order(order_by), top=first + 1, skip=skip
    )
    path = str(urls.company(company).child(PURCHASE_INVOICE.entity_set))
    rows, total = await collection(up, path, params, want=first + 1)
    return pagination.connection(to_rows(rows, PURCHASE_INVOICE, company), skip, first, total)
