"""Keyset paging: a page starts after the row its `after` cursor names, by that row's sort
key values, so rows inserted or deleted before it move nothing.

Every list is read in a total order: the sort keys asked for, then the entity's default
order (BC's table key, unique), cut after the first key that is unique on its own. "After
the row with values (v1, …, vn)" is a lexicographic comparison, which needs `or` across
fields, and BC refuses that. So it is sent as n queries, one per key, each an `and` of
equalities on the keys before it and a strict comparison on its own:

    k1 eq v1 and … and k(n-1) eq v(n-1) and kn gt vn      (the rest of the equal run)
    …
    k1 gt v1                                              (everything after it)

They partition the rows after the cursor and come in that order, so their concatenation
is the list from there on. They go out in the same tick, so in one `$batch`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from bcmodel import Entity
from gateway.bc import odata
from gateway.errors import BadUserInput
from resolvers import cursors, keyset, translate
from resolvers.context import Context, Upstream
from resolvers.lookahead import Plan

MAX_FIRST = 1000
DEFAULT_FIRST = 50
# The listing a connection's edges build their cursors from (not a GraphQL field).
LISTING_KEY = "_listing"

Order = tuple[tuple[str, bool], ...]
Rows = list[dict[str, Any]]


def check_first(first: int | None) -> int:
    """`first` as given (null means the default), within bounds."""
    if first is None:
        return DEFAULT_FIRST
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"`first` must be between 0 and {MAX_FIRST}.", field="first")
    return first


@dataclass(frozen=True)
class Listing:
    """One list as BC reads it (its path, filter and total order), and whom its cursors
    belong to."""

    entity: Entity
    path: str
    where: odata.Expr | None
    order: Order
    binding: cursors.Binding
    keys: cursors.CursorKeys

    def cursor(self, row: dict[str, Any]) -> str:
        return cursors.encode(self.keys, self.binding, [self._value(n, row) for n, _ in self.order])

    def _value(self, name: str, row: dict[str, Any]) -> Any:
        value = row.get(name)
        if value is None:
            # Rows show BC's blanks as null; the filter compares with the blank itself.
            field = self.entity.field(name)
            value = field.empty_value() if field is not None else None
        return str(value) if isinstance(value, Decimal) else value


def listing(
    ctx: Context,
    company: str,
    entity: Entity,
    path: str,
    where: odata.Expr | None,
    order_by: Sequence[tuple[str, bool]],
    fixed: frozenset[str] = frozenset(),
) -> Listing:
    """`fixed` names fields every row of the list has the same value in (the parent's key
    of a record's children); so does the filter for the fields it pins with `eq` (or an
    `in` of one value). They order nothing, so they are left out of the order, and so out
    of every query after a cursor: one query fewer in its `$batch` for each."""
    order = full_order(entity, order_by, fixed | (where.pinned() if where else frozenset()))
    if not order:
        # Every key pinned: keep them, unless the pinned key is unique (one row at most).
        order = full_order(entity, order_by, fixed)
        if order and order[-1][0] in {entity.key, entity.table_key}:
            order = ()
    text = "\n".join(
        (
            entity.ref,
            path,
            "" if where is None else where.render_params()["$filter"],
            ",".join(f"{name} {'desc' if d else 'asc'}" for name, d in order),
        )
    )
    binding = cursors.Binding(ctx.user_id, company, text)
    return Listing(entity, path, where, order, binding, ctx.cursor_keys)


def full_order(
    entity: Entity, order_by: Sequence[tuple[str, bool]], fixed: frozenset[str] = frozenset()
) -> Order:
    """The sort keys asked for, then the default order's, up to the first unique key."""
    unique = {entity.key, entity.table_key}
    order: list[tuple[str, bool]] = []
    for name, descending in [*order_by, *((n, False) for n in entity.default_order)]:
        if name in fixed or any(name == n for n, _ in order):
            continue
        order.append((name, descending))
        if name in unique:
            break
    return tuple(order)


def order_fields(entity: Entity, order_by: Sequence[tuple[str, bool]]) -> set[str]:
    """The fields a page's rows must carry for their cursors."""
    return {name for name, _ in full_order(entity, order_by)}


def after_filters(entity: Entity, order: Order, values: Sequence[Any]) -> list[odata.Expr]:
    """The rows after `values`, as one filter per sort key, in list order; each `and`s
    conditions on distinct fields (keyset.py says how a boolean or enum key is compared).
    A key no row can follow on (a boolean at its last value) has no query."""
    levels: list[odata.Expr] = []
    for depth in reversed(range(len(order))):
        name, descending = order[depth]
        beyond = keyset.past(entity, name, descending, values[depth])
        if beyond is None:
            continue
        parts = [
            odata.prop(key, entity).eq(value)
            for (key, _), value in zip(order[:depth], values[:depth], strict=True)
        ]
        levels.append(odata.and_(*parts, beyond))
    return levels


async def read(
    up: Upstream,
    lst: Listing,
    plan: Plan,
    first: int,
    after: str | None,
    convert: Callable[[Rows], Rows],
    *,
    with_cursors: bool = True,
) -> dict[str, Any]:
    """A page of `first` rows of the list after the cursor (from the start without one),
    with hasNextPage from one row more, and totalCount when the plan asks; without
    `with_cursors`, none is made for the page (connection's `lst` None)."""
    shown = lst if with_cursors else None
    plan.select |= {name for name, _ in lst.order}
    if after is None:
        params = translate.options(plan, lst.where, order_by=lst.order, top=first + 1)
        rows, total = await up.rows(lst.path, params, want=first + 1)
        return connection(shown, convert(rows), first, total, after=False)
    values = cursors.decode(lst.keys, lst.binding, after, len(lst.order))
    try:
        levels = after_filters(lst.entity, lst.order, values)
    except BadUserInput:  # pragma: no cover - a signed cursor holds values this list wrote
        raise BadUserInput("The `after` cursor does not fit this list.", field="after") from None
    rows_plan = replace(plan, count=False)
    calls = [
        up.rows(
            lst.path,
            translate.options(
                rows_plan, translate.both(lst.where, level), order_by=lst.order, top=first + 1
            ),
            want=first + 1,
        )
        for level in levels
    ]
    if plan.count:
        # The whole list's count: the queries above each see only a part of it.
        counting = Plan(plan.entity, {plan.entity.key}, count=True)
        calls.append(up.rows(lst.path, translate.options(counting, lst.where, top=1), want=1))
    results = await asyncio.gather(*calls)
    total = results[-1][1] if plan.count else None
    found: Rows = []
    for level_rows, _ in results[: len(levels)]:
        found.extend(level_rows)
        if len(found) > first:
            break
    return connection(shown, convert(found[: first + 1]), first, total, after=True)


def connection(
    lst: Listing | None, rows: Rows, first: int, total: int | None, *, after: bool
) -> dict[str, Any]:
    """`rows` holds up to first + 1 rows after the cursor; the extra one tells hasNextPage.

    Paging is forward only, so hasPreviousPage says what this read shows (the Relay spec
    lets a forward page answer false when it cannot tell cheaply): rows come before this
    page when it starts after a cursor and the list is not empty (a row came back, or
    totalCount says so).

    Without a listing (`lst` None) the page has no cursors: for a caller that reads none.
    """
    nodes = rows[:first]
    return {
        "nodes": nodes,
        "page_info": {
            "has_next_page": len(rows) > first,
            "end_cursor": lst.cursor(nodes[-1]) if nodes and lst else None,
            "has_previous_page": after and (bool(rows) or bool(total)),
            "start_cursor": lst.cursor(nodes[0]) if nodes and lst else None,
        },
        "total_count": total,
        LISTING_KEY: lst,
    }


def edges(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The Relay shape of a page, built only when `edges` is selected: each node with its
    own cursor, the same ones pageInfo's startCursor and endCursor give."""
    lst: Listing = connection[LISTING_KEY]
    return [{"cursor": lst.cursor(node), "node": node} for node in connection["nodes"]]
