"""Query options: `$select`, `$filter`, `$expand` (nested), `$orderby`, `$top`, `$skip`,
`$count`, rendered into one dict of request parameters.

A Query given an entity checks every name against it, nested expansions too, so a typo
is a BadUserInput here rather than a 400 from BC. One schema version holds per request,
so a nested expression that needs 2.1 puts it on the whole URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bcmodel import STANDARD, Entity
from gateway.bc.odata.expressions import NAME, SCHEMA_VERSION, Expr
from gateway.errors import BadUserInput

__all__ = ["Expand", "OrderBy", "Query", "asc", "desc"]


@dataclass(frozen=True)
class OrderBy:
    name: str
    descending: bool = False


def asc(name: str) -> OrderBy:
    return OrderBy(name)


def desc(name: str) -> OrderBy:
    return OrderBy(name, descending=True)


@dataclass(frozen=True)
class Expand:
    """`$expand={navigation}(nested options)`."""

    navigation: str
    options: Query | None = None


@dataclass(frozen=True)
class Query:
    """A set of query options; `entity` (when given) checks every name, nested ones too."""

    entity: Entity | None = None
    select: Sequence[str] = ()
    filter: Expr | None = None
    expand: Sequence[Expand] = ()
    orderby: Sequence[OrderBy | str] = ()
    top: int | None = None
    skip: int | None = None
    count: bool = False

    def render_params(self) -> dict[str, str]:
        params, needs_2_1 = self._options(self.entity)
        if needs_2_1:
            # One schema version per request: a nested `in` needs it on the whole URL.
            params[SCHEMA_VERSION] = "2.1"
        return params

    def _options(self, entity: Entity | None) -> tuple[dict[str, str], bool]:
        params: dict[str, str] = {}
        needs_2_1 = False
        if self.select:
            params["$select"] = ",".join(_property(name, entity) for name in self.select)
        if self.filter is not None:
            if entity is not None:
                for name in sorted(self.filter.fields()):
                    _property(name, entity)
            params["$filter"] = self.filter._render()
            needs_2_1 = needs_2_1 or self.filter.requires_schema_2_1()
        if self.expand:
            parts = []
            for item in self.expand:
                text, nested_2_1 = _expand(item, entity)
                parts.append(text)
                needs_2_1 = needs_2_1 or nested_2_1
            params["$expand"] = ",".join(parts)
        if self.orderby:
            params["$orderby"] = ",".join(_order(item, entity) for item in self.orderby)
        if self.top is not None:
            params["$top"] = str(_count_value(self.top, "$top"))
        if self.skip is not None:
            params["$skip"] = str(_count_value(self.skip, "$skip"))
        if self.count:
            params["$count"] = "true"
        return params, needs_2_1


def _expand(item: Expand, entity: Entity | None) -> tuple[str, bool]:
    if not isinstance(item.navigation, str) or not NAME.fullmatch(item.navigation):
        raise BadUserInput(f"{item.navigation!r} is not a navigation property name.")
    target: Entity | None = None
    if entity is not None:
        nav = entity.nav(item.navigation)
        if nav is None:
            raise BadUserInput(
                f"'{item.navigation}' is not a navigation property of {entity.name}."
            )
        # Nested options name their entity (resolvers, the webhook engine); a hand-written
        # one is checked against BC's standard declarations, where its target is one.
        target = STANDARD.in_route(entity.route, nav.target)
    if item.options is None:
        return item.navigation, False
    nested_entity = item.options.entity or target
    params, needs_2_1 = item.options._options(nested_entity)
    if not params:
        return item.navigation, needs_2_1
    # Nested options are `;`-separated inside the parentheses (OData 4.0 §5.1.2).
    inner = ";".join(f"{key}={value}" for key, value in params.items())
    return f"{item.navigation}({inner})", needs_2_1


def _order(item: OrderBy | str, entity: Entity | None) -> str:
    if isinstance(item, str):
        item = OrderBy(item)
    name = _property(item.name, entity)
    return f"{name} desc" if item.descending else name


def _property(name: str, entity: Entity | None) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BadUserInput(f"{name!r} is not a property name.")
    if entity is not None and entity.field(name) is None:
        raise BadUserInput(f"'{name}' is not a property of {entity.name}.")
    return name


def _count_value(value: int, option: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadUserInput(f"{option} must be a non-negative integer.")
    return value
