"""GraphQL arguments to OData options, through gateway.bc.odata (the one place literals
are rendered). BC refuses `or` across different fields; such a filter is refused here as
BAD_USER_INPUT with the reason, before any call is made."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

import strawberry

from bcmodel import Edm, Entity
from gateway.bc import odata
from gateway.errors import BadUserInput
from resolvers.lookahead import Plan

# Operator fields of the typed filters (schema/filters.py) and what they become.
_COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")


def _given(value: Any) -> bool:
    return value is not None and value is not strawberry.UNSET


def where(entity: Entity, filter_input: Any) -> odata.Expr | None:
    expr = _where(entity, filter_input)
    if expr is not None and expr.has_or_across_fields():
        raise BadUserInput(
            "Business Central cannot combine `or` alternatives on different fields "
            f"(this filter's `or` spans {', '.join(sorted(expr.fields()))}). Filter on one "
            "field per `or` (or use `in`), or run one query per alternative.",
            field="filter",
        )
    return expr


def _where(entity: Entity, filter_input: Any) -> odata.Expr | None:
    if not _given(filter_input):
        return None
    parts: list[odata.Expr] = []
    for field in entity.fields:
        value = getattr(filter_input, field.name, None)
        if not _given(value):
            continue
        prop = odata.prop(field.name, entity)
        if field.type is Edm.BOOLEAN:
            parts.append(prop.eq(bool(value)))
        elif field.type is Edm.ENUM:
            parts.append(prop.eq(_plain(value)))
        else:
            parts.extend(_operators(prop, value))
    for nested in getattr(filter_input, "and_", None) or ():
        sub = _where(entity, nested)
        if sub is not None:
            parts.append(sub)
    alternatives = [
        sub
        for nested in getattr(filter_input, "or_", None) or ()
        if (sub := _where(entity, nested))
    ]
    if alternatives:
        parts.append(odata.or_(*alternatives) if len(alternatives) > 1 else alternatives[0])
    if not parts:
        return None
    return odata.and_(*parts) if len(parts) > 1 else parts[0]


def _operators(prop: odata.Prop, value: Any) -> list[odata.Expr]:
    parts = [
        prop.compare(op, _plain(getattr(value, op)))
        for op in _COMPARISONS
        if _given(getattr(value, op, None))
    ]
    values = getattr(value, "in_", None)
    if _given(values):
        if not values:
            raise BadUserInput("`in` needs at least one value.", field="filter")
        parts.append(prop.in_([_plain(v) for v in values]))
    for name, build in (
        ("contains", prop.contains),
        ("starts_with", prop.startswith),
        ("ends_with", prop.endswith),
    ):
        text = getattr(value, name, None)
        if _given(text):
            parts.append(build(str(text)))
    return parts


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def equals(entity: Entity, field: str, value: Any) -> odata.Expr:
    return odata.prop(field, entity).eq(value)


def both(*exprs: odata.Expr | None) -> odata.Expr | None:
    given = [e for e in exprs if e is not None]
    if not given:
        return None
    return odata.and_(*given) if len(given) > 1 else given[0]


def order(order_by: Any) -> list[tuple[str, bool]]:
    """`[VendorOrder]` -> [(field, descending)]."""
    if not _given(order_by):
        return []
    return [(_plain(o.field), _plain(o.direction) == "desc") for o in order_by]


def options(
    plan: Plan,
    where: odata.Expr | None = None,
    *,
    order_by: Sequence[tuple[str, bool]] = (),
    top: int | None = None,
    skip: int | None = None,
) -> dict[str, str]:
    query = _query(plan, where, order_by, top, skip or None, count=plan.count)
    return query.render_params()


def _query(
    plan: Plan,
    where: odata.Expr | None,
    order_by: Sequence[tuple[str, bool]],
    top: int | None,
    skip: int | None,
    *,
    count: bool,
) -> odata.Query:
    return odata.Query(
        entity=plan.entity,
        select=sorted(plan.select),
        filter=where,
        expand=[
            # Expanded collections come whole (an invoice has a handful of lines): each
            # GraphQL field pages them itself, whatever `first` its aliases asked for.
            odata.Expand(name, _query(sub, None, (), None, None, count=False))
            for name, sub in sorted(plan.expand.items())
        ],
        orderby=[odata.OrderBy(name, descending) for name, descending in order_by],
        top=top,
        skip=skip,
        count=count,
    )


def id_chunks(ids: Iterable[str], max_url_len: int, base_len: int) -> list[odata.Expr]:
    return odata.chunked_ids_filter(ids, max_url_len, base_len=base_len)
