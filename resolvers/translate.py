"""GraphQL arguments to OData options, through gateway.bc.odata (the one place literals
are rendered). BC refuses `or` across different fields; such a filter is refused here as
BAD_USER_INPUT with the reason, before any call is made."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, cast

import strawberry

from bcmodel import Edm, Entity, Field
from gateway.bc import odata
from gateway.errors import BadUserInput
from resolvers.lookahead import Plan

# Operator fields of the typed filters (schema/filters.py).
_COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
# Text searches: Python name, GraphQL name, odata.Prop method.
_TEXT_SEARCHES = (
    ("contains", "contains", "contains"),
    ("starts_with", "startsWith", "startswith"),
    ("ends_with", "endsWith", "endswith"),
)

# In the filter inputs a field left out is UNSET, and an explicit null is None: each has
# its own meaning, and a null is never taken for "no condition".
UNSET: Any = strawberry.UNSET


def _given(value: Any) -> bool:
    return value is not None and value is not UNSET


def where(entity: Entity, filter_input: Any) -> odata.Expr | None:
    """The `$filter` of a `filter` argument; None when it puts no condition (left out,
    null, or {}). Every condition given is kept, or the filter is refused."""
    if not _given(filter_input):
        return None
    expr = _where(entity, filter_input, "filter")
    if expr is not None and expr.has_or_across_fields():
        raise BadUserInput(
            "Business Central cannot combine `or` alternatives on different fields "
            f"(this filter's `or` spans {', '.join(sorted(expr.fields()))}). Filter on one "
            "field per `or` (or use `in`), or run one query per alternative.",
            field="filter",
        )
    return expr


def _where(entity: Entity, filter_input: Any, path: str) -> odata.Expr | None:
    parts: list[odata.Expr] = []
    for field in entity.fields:
        value = getattr(filter_input, field.name, UNSET)
        if value is UNSET:
            continue
        at = f"{path}.{field.name}"
        if value is None:
            raise _null_field(field, at)
        prop = odata.prop(field.name, entity)
        if field.type is Edm.BOOLEAN:
            parts.append(prop.eq(bool(value)))
        elif field.type is Edm.ENUM:
            parts.append(prop.eq(_plain(value)))
        else:
            parts.extend(_operators(field, prop, value, at))
    for sub, at in _nested(filter_input, "and_", "and", path) or ():
        expr = _where(entity, sub, at)
        if expr is not None:
            parts.append(expr)
    alternatives = _nested(filter_input, "or_", "or", path)
    if alternatives is not None:
        if not alternatives:
            raise BadUserInput(
                "`or: []` has no alternative, so it would match nothing (BC cannot be asked "
                "for nothing): give at least one filter, or leave `or` out.",
                field=f"{path}.or",
            )
        subs: list[odata.Expr] = []
        for sub, at in alternatives:
            expr = _where(entity, sub, at)
            if expr is None:
                raise BadUserInput(
                    "This alternative puts no condition, so the `or` would match everything: "
                    "give each alternative a condition, or leave `or` out.",
                    field=at,
                )
            subs.append(expr)
        parts.append(odata.or_(*subs) if len(subs) > 1 else subs[0])
    if not parts:
        return None
    return odata.and_(*parts) if len(parts) > 1 else parts[0]


def _nested(filter_input: Any, attr: str, name: str, path: str) -> list[tuple[Any, str]] | None:
    """The filters of an `and`/`or` list with their paths; None when it is left out."""
    items = getattr(filter_input, attr, UNSET)
    if items is UNSET:
        return None
    if items is None:
        raise BadUserInput(
            f"`{name}: null` has no meaning: give a list of filters, or leave `{name}` out.",
            field=f"{path}.{name}",
        )
    return [(item, f"{path}.{name}[{i}]") for i, item in enumerate(items)]


def _null_field(field: Field, path: str) -> BadUserInput:
    name = field.name
    if field.type is Edm.ENUM:
        hint = "name a value (BLANK where BC has a blank)"
    elif field.type is Edm.BOOLEAN:
        hint = "give true or false"
    else:
        hint = f"for a blank {name} give `{name}: {{eq: null}}`"
    return BadUserInput(
        f"`{name}: null` has no meaning in a filter: {hint}, or leave `{name}` out to put "
        "no condition on it.",
        field=path,
    )


def _operators(field: Field, prop: odata.Prop, value: Any, path: str) -> list[odata.Expr]:
    parts: list[odata.Expr] = []
    for op in _COMPARISONS:
        operand = getattr(value, op, UNSET)
        if operand is UNSET:
            continue
        if operand is not None:
            parts.append(prop.compare(op, _plain(operand)))
        elif op in ("eq", "ne"):
            # BC has no nulls: a field without a value holds its blank.
            parts.append(prop.compare(op, cast(odata.Value, field.empty_value())))
        else:
            raise BadUserInput(
                f"`{op}: null` has no meaning: give a value to compare with (for blank or "
                "not blank, use `eq: null` or `ne: null`).",
                field=f"{path}.{op}",
            )
    values = getattr(value, "in_", UNSET)
    if values is not UNSET:
        if values is None:
            raise BadUserInput(
                "`in: null` has no meaning: give at least one value, or leave `in` out.",
                field=f"{path}.in",
            )
        if not values:
            raise BadUserInput(
                "`in: []` would match nothing (BC cannot be asked for nothing): give at "
                "least one value, or leave `in` out.",
                field=f"{path}.in",
            )
        parts.append(prop.in_([_plain(v) for v in values]))
    for attr, name, method in _TEXT_SEARCHES:
        text = getattr(value, attr, UNSET)
        if text is UNSET:
            continue
        if text is None:
            raise BadUserInput(
                f"`{name}: null` has no meaning: give a text (for a blank value, use `eq: null`).",
                field=f"{path}.{name}",
            )
        parts.append(getattr(prop, method)(str(text)))
    if not parts:
        raise BadUserInput(
            f"`{field.name}: {{}}` gives no condition: give an operator (such as `eq`), or "
            f"leave `{field.name}` out.",
            field=path,
        )
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


def query(plan: Plan) -> odata.Query:
    """What `plan` selects and expands, with no filter or paging (a by-id read's)."""
    return _query(plan, None, (), None, None, count=plan.count)


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
