"""`$filter` expressions built from parts: properties, comparisons, functions, `and`/`or`/`not`.

An expression knows the fields it reads, whether it has an `or` across fields (BC refuses
those with a 400, so a translator can split the query or refuse it first), and whether it
needs `$schemaversion=2.1` (`in (...)` and nested function calls; without it BC silently
ignores `in`). The only way to turn one into request parameters, `render_params()`, adds
that version: there is no public way to get the bare text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from bcmodel import Edm, Entity, Field
from gateway.bc.odata.literals import Value, literal, quote
from gateway.errors import BadUserInput

__all__ = ["NAME", "SCHEMA_VERSION", "Expr", "Prop", "and_", "not_", "or_", "prop"]

SCHEMA_VERSION: Final = "$schemaversion"
# A property or navigation name, as OData allows it unquoted.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})


class Expr:
    """A `$filter` expression. Combine with `&`, `|`, `~` (or and_/or_/not_)."""

    def fields(self) -> frozenset[str]:
        """The property names this expression reads."""
        raise NotImplementedError

    def has_or_across_fields(self) -> bool:
        """True when some `or` combines different fields, which BC refuses with a 400."""
        raise NotImplementedError

    def pinned(self) -> frozenset[str]:
        """The properties every row this expression selects has one and the same value in
        (`x eq v`, `x in (v)`, and those `and`ed with anything): a sort on them orders
        nothing."""
        return frozenset()

    def requires_schema_2_1(self) -> bool:
        raise NotImplementedError

    def render_params(self) -> dict[str, str]:
        """`{"$filter": …}`, plus `$schemaversion=2.1` when the expression needs it."""
        params = {"$filter": self._render()}
        if self.requires_schema_2_1():
            params[SCHEMA_VERSION] = "2.1"
        return params

    def _render(self) -> str:
        raise NotImplementedError

    def __and__(self, other: Expr) -> Expr:
        return and_(self, other)

    def __or__(self, other: Expr) -> Expr:
        return or_(self, other)

    def __invert__(self) -> Expr:
        return not_(self)


@dataclass(frozen=True)
class Prop:
    """A property, optionally typed by a bcmodel Field, optionally under tolower/toupper."""

    name: str
    type: Field | None = None
    function: str | None = None  # "tolower" | "toupper"

    def eq(self, value: Value) -> Expr:
        return _Compare(self, "eq", self._literal(value))

    def ne(self, value: Value) -> Expr:
        return _Compare(self, "ne", self._literal(value))

    def gt(self, value: Value) -> Expr:
        return _Compare(self, "gt", self._literal(value))

    def ge(self, value: Value) -> Expr:
        return _Compare(self, "ge", self._literal(value))

    def lt(self, value: Value) -> Expr:
        return _Compare(self, "lt", self._literal(value))

    def le(self, value: Value) -> Expr:
        return _Compare(self, "le", self._literal(value))

    def compare(self, op: str, value: Value) -> Expr:
        """`op` by name (`eq ne gt ge lt le`), for translators that map operators by table."""
        if op not in _COMPARISONS:
            raise BadUserInput(f"Unknown comparison operator {op!r}.")
        return _Compare(self, op, self._literal(value))

    def contains(self, value: str) -> Expr:
        return _Call("contains", self, self._text(value))

    def startswith(self, value: str) -> Expr:
        return _Call("startswith", self, self._text(value))

    def endswith(self, value: str) -> Expr:
        return _Call("endswith", self, self._text(value))

    def in_(self, values: Iterable[Value]) -> Expr:
        rendered = tuple(dict.fromkeys(self._literal(v) for v in values))
        if not rendered:
            # `x in ()` is not valid OData, and "matches nothing" cannot be said in BC's
            # filter language: the caller should not ask BC at all.
            raise BadUserInput(f"An 'in' filter on '{self.name}' needs at least one value.")
        return _In(self, rendered)

    def lower(self) -> Prop:
        return self._wrap("tolower")

    def upper(self) -> Prop:
        return self._wrap("toupper")

    def _wrap(self, function: str) -> Prop:
        if self.function is not None:
            raise BadUserInput("Only one tolower/toupper around a property is supported.")
        if self.type is not None and self.type.type is not Edm.STRING:
            raise BadUserInput(f"'{self.name}' is not a text property.")
        return Prop(self.name, self.type, function)

    def _literal(self, value: Value) -> str:
        return literal(value, self.type)

    def _text(self, value: str) -> str:
        if self.type is not None and self.type.type is not Edm.STRING:
            raise BadUserInput(f"'{self.name}' is not a text property.")
        if not isinstance(value, str):
            raise BadUserInput(f"{type(value).__name__} is not a text value.")
        return quote(value)

    def _render(self) -> str:
        return f"{self.function}({self.name})" if self.function else self.name


def prop(name: str, entity: Entity | None = None) -> Prop:
    """A property of `entity` (checked and typed), or an untyped one when no entity is given."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BadUserInput(f"{name!r} is not a property name.")
    if entity is None:
        return Prop(name)
    f = entity.field(name)
    if f is None:
        raise BadUserInput(f"'{name}' is not a property of {entity.name}.")
    return Prop(name, f)


@dataclass(frozen=True)
class _Compare(Expr):
    prop: Prop
    op: str
    value: str

    def fields(self) -> frozenset[str]:
        return frozenset((self.prop.name,))

    def has_or_across_fields(self) -> bool:
        return False

    def requires_schema_2_1(self) -> bool:
        return False

    def pinned(self) -> frozenset[str]:
        # Under tolower/toupper, rows differing in case match the same value.
        if self.op == "eq" and self.prop.function is None:
            return frozenset((self.prop.name,))
        return frozenset()

    def _render(self) -> str:
        return f"{self.prop._render()} {self.op} {self.value}"


@dataclass(frozen=True)
class _Call(Expr):
    function: str
    prop: Prop
    value: str

    def fields(self) -> frozenset[str]:
        return frozenset((self.prop.name,))

    def has_or_across_fields(self) -> bool:
        return False

    def requires_schema_2_1(self) -> bool:
        # contains(tolower(x),'a') is a nested call: BC wants 2.1 for those.
        return self.prop.function is not None

    def _render(self) -> str:
        return f"{self.function}({self.prop._render()},{self.value})"


@dataclass(frozen=True)
class _In(Expr):
    prop: Prop
    values: tuple[str, ...]

    def fields(self) -> frozenset[str]:
        return frozenset((self.prop.name,))

    def has_or_across_fields(self) -> bool:
        return False

    def requires_schema_2_1(self) -> bool:
        return True

    def pinned(self) -> frozenset[str]:
        if len(self.values) == 1 and self.prop.function is None:
            return frozenset((self.prop.name,))
        return frozenset()

    def _render(self) -> str:
        return f"{self.prop._render()} in ({','.join(self.values)})"


@dataclass(frozen=True)
class _Junction(Expr):
    op: str  # "and" | "or"
    items: tuple[Expr, ...]

    def fields(self) -> frozenset[str]:
        return frozenset[str]().union(*(item.fields() for item in self.items))

    def has_or_across_fields(self) -> bool:
        if self.op == "or" and len(self.fields()) > 1:
            return True
        return any(item.has_or_across_fields() for item in self.items)

    def requires_schema_2_1(self) -> bool:
        return any(item.requires_schema_2_1() for item in self.items)

    def pinned(self) -> frozenset[str]:
        if self.op == "or":
            return frozenset()
        return frozenset[str]().union(*(item.pinned() for item in self.items))

    def _render(self) -> str:
        # Compound operands are always parenthesised: no reliance on precedence.
        return f" {self.op} ".join(
            f"({item._render()})" if isinstance(item, _Junction | _Not) else item._render()
            for item in self.items
        )


@dataclass(frozen=True)
class _Not(Expr):
    item: Expr

    def fields(self) -> frozenset[str]:
        return self.item.fields()

    def has_or_across_fields(self) -> bool:
        return self.item.has_or_across_fields()

    def requires_schema_2_1(self) -> bool:
        return self.item.requires_schema_2_1()

    def _render(self) -> str:
        return f"not ({self.item._render()})"


def and_(*exprs: Expr) -> Expr:
    return _junction("and", exprs)


def or_(*exprs: Expr) -> Expr:
    return _junction("or", exprs)


def not_(expr: Expr) -> Expr:
    return _Not(_check_expr(expr))


def _junction(op: str, exprs: Sequence[Expr]) -> Expr:
    items: list[Expr] = []
    for expr in exprs:
        _check_expr(expr)
        # a and (b and c) is a and b and c: flatten, so the text stays short and flat.
        if isinstance(expr, _Junction) and expr.op == op:
            items.extend(expr.items)
        else:
            items.append(expr)
    if not items:
        raise BadUserInput(f"'{op}' needs at least one operand.")
    if len(items) == 1:
        return items[0]
    return _Junction(op, tuple(items))


def _check_expr(expr: object) -> Expr:
    if not isinstance(expr, Expr):
        raise TypeError(f"not a filter expression: {type(expr).__name__}")
    return expr
