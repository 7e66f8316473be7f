"""Root query resolvers: companies, one record by id, a filtered page of records, the
balance sheet. Each turns its selection into one BC call (look-ahead)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bcmodel import Entity, Registry, ReportFilter
from gateway.bc import odata, urls
from gateway.bc.types import BCRequest
from gateway.errors import BadUserInput, NotFound
from resolvers import ids, loaders, pagination, translate
from resolvers.context import Context, context_of, registry_of, resolve, resolve_in
from resolvers.fetch import entity_label, words
from resolvers.lookahead import Plan, connection_nodes, flatten, plan
from resolvers.rows import to_row, to_rows


async def root_set(info: Any, entity: Entity) -> list[dict[str, Any]]:
    """An entity set at the API root (Listing.ALL: the companies), all of it."""
    up = await context_of(info).upstream()
    registry = registry_of(info)
    p = plan(entity, flatten(info.selected_fields[0].selections), registry)
    rows, _ = await up.rows(str(urls.root_set(entity.entity_set)), translate.options(p))
    return to_rows(rows, entity, "", registry)


async def one(info: Any, entity: Entity, record_id: str, company_id: str | None) -> Any:
    up, company = await resolve(info, company_id)
    registry = registry_of(info)
    p = plan(entity, flatten(info.selected_fields[0].selections), registry)
    loader = loaders.by_id(context_of(info), up, entity, company, p, registry)
    row = await loader.load(urls.guid(record_id))
    if row is None:
        raise NotFound(f"There is no {entity_label(entity)} with id {record_id}.", id=record_id)
    return row


async def many(
    info: Any,
    entity: Entity,
    filter_input: Any,
    order_by: Any,
    first: int | None,
    after: str | None,
    company_id: str | None,
) -> dict[str, Any]:
    first = pagination.check_first(first)
    nodes, count = connection_nodes(info.selected_fields[0])
    registry = registry_of(info)
    p = plan(entity, nodes, registry)
    p.count = count
    where = translate.where(entity, filter_input)
    order = translate.order(order_by)
    return await page(context_of(info), registry, entity, p, where, order, first, after, company_id)


async def page(
    ctx: Context,
    registry: Registry,
    entity: Entity,
    p: Plan,
    where: odata.Expr | None,
    order: list[tuple[str, bool]],
    first: int,
    after: str | None,
    company_id: str | None,
    *,
    cursors: bool = True,
) -> dict[str, Any]:
    """A page of a root list as `p` plans it (`many`, and the compiled path with a plan it
    keeps). Without `cursors` the page makes none (for a caller that reads none)."""
    up, company = await resolve_in(ctx, company_id)
    _check_parent_given(entity, where, registry)
    path = str(urls.company(company, entity.route).child(entity.entity_set))
    lst = pagination.listing(ctx, company, entity, path, where, order)
    return await pagination.read(
        up,
        lst,
        p,
        first,
        after,
        lambda rows: to_rows(rows, entity, company, registry),
        with_cursors=cursors,
    )


def _check_parent_given(entity: Entity, where: odata.Expr | None, registry: Registry) -> None:
    """BC lists a contained entity (invoice lines) only for given parents: the filter must
    name the parent's key (documentId)."""
    under = registry.parent_of(entity)
    up = entity.relation(entity.parent) if entity.parent else None
    if under is None or up is None:
        return
    if where is not None and up.local_key in where.fields():
        return
    parent, children = under
    parent_type = parent.api.type if parent.api else parent.name
    if entity.parent_kind is not None:
        # Under several kinds of record: each one's relation reads them.
        raise BadUserInput(
            f"Business Central lists {words(entity.entity_set)} only for given records: filter "
            f"on {up.local_key} (or read them as the {children.field} of their record, such "
            f"as {parent_type}.{children.field}).",
            field="filter",
        )
    raise BadUserInput(
        f"Business Central lists {words(entity.entity_set)} only for given {up.field}s: filter on "
        f"{up.local_key} (or read them as {parent_type}.{children.field}).",
        field="filter",
    )


async def report(
    info: Any, entity: Entity, given: dict[ReportFilter, Any], company_id: str | None
) -> list[dict[str, Any]]:
    """A report for its parameters (Listing.REPORT: the balance sheet as of a date), its
    lines in BC's order. Each parameter given is a condition of BC's `$filter`."""
    assert entity.graphql is not None
    key = entity.graphql.report_key
    up, company = await resolve(info, company_id)
    registry = registry_of(info)
    p = plan(entity, flatten(info.selected_fields[0].selections), registry)
    p.select.add(key)  # the line's id is derived from it
    where = translate.both(
        *(
            odata.prop(f.field, entity).compare(f.operator, value)
            for f, value in given.items()
            if value is not None
        )
    )
    order_by = [(name, False) for name in entity.default_order]
    params = translate.options(p, where, order_by=order_by)
    path = str(urls.company(company, entity.route).child(entity.entity_set))
    response = await up.send(BCRequest("GET", path, params))
    rows = [to_row(row, entity, company, registry) for row in response.body["value"]]
    if entity.field("id") is None:
        return rows
    # BC's id of a line is the same for every parameter: the served id names them too,
    # each in its place ("" when left out, so that one date as start or end differs).
    values = [_part(value) for value in given.values()]
    for row in rows:
        row["id"] = ids.report_line(entity.graphql.type, company, str(row[key]), *values)
    return rows


def _part(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)
