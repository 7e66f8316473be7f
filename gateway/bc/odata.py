"""OData query options built from parts: the one place where literals become text.

    status = prop("status", PURCHASE_INVOICE)
    expr = status.eq("Open") & prop("totalAmountIncludingTax", PURCHASE_INVOICE).gt(Decimal("100"))
    query = Query(
        entity=PURCHASE_INVOICE,
        select=("id", "number", "status"),
        filter=expr,
        expand=(Expand("purchaseInvoiceLines", Query(select=("id", "quantity"))),),
        orderby=(desc("number"),),
        top=50,
    )
    BCRequest("GET", str(path), params=query.render_params())

Rules, all from BC's reference (§3):

* Strings are single-quoted with `'` doubled; GUIDs, dates, datetimes, numbers and booleans are
  bare; enums are quoted *encoded* member names (`'In_x0020_Review'`). Floats are refused:
  money never passes through float.
* A property typed by a bcmodel Entity decides how its literal is rendered (a GUID given as a
  string stays bare, an enum given by its AL name is encoded), and unknown names are refused.
* `in (...)` and nested function calls need `$schemaversion=2.1`, else BC silently ignores
  `in`. An expression knows when it needs 2.1, and the only way to turn one into request
  parameters, `render_params()`, adds it. There is no public way to get the bare text.
* BC refuses `or` across different fields; `Expr.has_or_across_fields()` tells a translator
  before BC does, so it can split the query or refuse it.

The parameters are a plain dict for httpx, which percent-encodes them, so `&`, `#`, `$`,
`%` or a newline inside a literal stay inside it. Everything wrong with what a caller asked to
build raises BadUserInput: these values come from GraphQL arguments.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final, TypeVar

import httpx

from bcmodel import Edm, Entity, EnumType, Field, encode_name, entity_by_set
from gateway.errors import BadUserInput

__all__ = [
    "EnumValue",
    "Expand",
    "Expr",
    "OrderBy",
    "Prop",
    "Query",
    "and_",
    "asc",
    "chunked_ids_filter",
    "desc",
    "encoded_length",
    "literal",
    "not_",
    "or_",
    "prop",
]

SCHEMA_VERSION: Final = "$schemaversion"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_DECIMAL_DIGITS = 28
_COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
_T = TypeVar("_T")


@dataclass(frozen=True)
class EnumValue:
    """An enum literal for an untyped property: rendered as the quoted encoded member name."""

    enum: EnumType
    member: str  # the AL name (`In Review`) or the wire name (`In_x0020_Review`)


Value = str | bool | int | Decimal | uuid.UUID | date | datetime | EnumValue | None


def literal(value: Value, type_: Field | None = None) -> str:
    """The OData literal for `value`; typed by `type_` when the property is known."""
    if type_ is not None:
        return _typed_literal(value, type_)
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, float):
        raise BadUserInput("A float cannot be a filter value; use Decimal for BC numbers.")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):  # before date: datetime is a date
        return _datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, EnumValue):
        return _quote(_enum_wire(value.enum, value.member))
    if isinstance(value, str):
        return _quote(value)
    raise BadUserInput(f"A {type(value).__name__} cannot be a filter value.")


def _typed_literal(value: Value, f: Field) -> str:
    if value is None:
        return "null"
    t = f.type
    if t is Edm.STRING:
        return _quote(_want(value, str, f))
    if t is Edm.ENUM and f.enum is not None:
        if isinstance(value, EnumValue):
            value = value.member
        return _quote(_enum_wire(f.enum, _want(value, str, f)))
    if t is Edm.GUID:
        if isinstance(value, uuid.UUID):
            return str(value)
        text = _want(value, str, f)
        try:
            if len(text) != 36:
                raise ValueError
            return str(uuid.UUID(text))
        except ValueError:
            raise _bad_value(value, f) from None
    if t is Edm.BOOLEAN:
        return "true" if _want(value, bool, f) else "false"
    if t in (Edm.INT32, Edm.INT64):
        number = value
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,20}", value):
            number = int(value)
        if isinstance(number, bool) or not isinstance(number, int):
            raise _bad_value(value, f)
        low, high = _INT32 if t is Edm.INT32 else _INT64
        if not low <= number <= high:
            raise _bad_value(value, f)
        return str(number)
    if t is Edm.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise _bad_value(value, f)
        try:
            return _decimal(Decimal(value))
        except (InvalidOperation, BadUserInput):
            raise _bad_value(value, f) from None
    if t is Edm.DATE:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise _bad_value(value, f) from None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise _bad_value(value, f)
        return value.isoformat()
    if t is Edm.DATETIME:
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise _bad_value(value, f) from None
        if not isinstance(value, datetime):
            raise _bad_value(value, f)
        return _datetime(value)
    raise _bad_value(value, f)  # pragma: no cover - every Edm type is handled above


def _want(value: object, kind: type[_T], f: Field) -> _T:
    if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
        return value
    raise _bad_value(value, f)


def _bad_value(value: object, f: Field) -> BadUserInput:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    kind = f"enum {f.enum.name}" if f.enum else f.type.value
    return BadUserInput(f"{shown} is not a valid {kind} value for '{f.name}'.")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _decimal(value: Decimal) -> str:
    # BC's decimals are .NET decimals (28-29 significant digits, |x| < 7.9e28): anything
    # outside is refused here, which also keeps 'f' from printing a billion digits.
    if not value.is_finite() or not -_DECIMAL_DIGITS <= value.adjusted() <= _DECIMAL_DIGITS:
        if value.is_finite() and value.is_zero():
            return "0"
        raise BadUserInput(f"{_short(value)} is not a number BC can filter on.")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_DECIMAL_DIGITS:
        raise BadUserInput(f"{_short(value)} has more decimal places than BC keeps.")
    # 'f' never uses exponent notation, which OData's decimal literal does not allow.
    return format(value, "f")


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise BadUserInput("A datetime filter value needs a time zone; BC compares in UTC.")
    utc = value.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def _enum_wire(enum: EnumType, member: str) -> str:
    if member in enum.wire_values:
        return member
    if member in enum.members:
        return encode_name(member)
    raise BadUserInput(f"{member!r} is not a value of {enum.name}.")


# --- expressions --------------------------------------------------------------------


class Expr:
    """A `$filter` expression. Combine with `&`, `|`, `~` (or and_/or_/not_)."""

    def fields(self) -> frozenset[str]:
        """The property names this expression reads."""
        raise NotImplementedError

    def has_or_across_fields(self) -> bool:
        """True when some `or` combines different fields, which BC refuses with a 400."""
        raise NotImplementedError

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
        return _quote(value)

    def _render(self) -> str:
        return f"{self.function}({self.name})" if self.function else self.name


def prop(name: str, entity: Entity | None = None) -> Prop:
    """A property of `entity` (checked and typed), or an untyped one when no entity is given."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
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


# --- query options --------------------------------------------------------------------


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
    if not isinstance(item.navigation, str) or not _NAME.fullmatch(item.navigation):
        raise BadUserInput(f"{item.navigation!r} is not a navigation property name.")
    target: Entity | None = None
    if entity is not None:
        nav = entity.nav(item.navigation)
        if nav is None:
            raise BadUserInput(
                f"'{item.navigation}' is not a navigation property of {entity.name}."
            )
        target = entity_by_set(nav.target)
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
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise BadUserInput(f"{name!r} is not a property name.")
    if entity is not None and entity.field(name) is None:
        raise BadUserInput(f"'{name}' is not a property of {entity.name}.")
    return name


def _count_value(value: int, option: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadUserInput(f"{option} must be a non-negative integer.")
    return value


# --- by-id lookups --------------------------------------------------------------------


def encoded_length(params: dict[str, str]) -> int:
    """Length of the query string httpx will send for `params` (without the `?`)."""
    return len(str(httpx.QueryParams(params)))


def chunked_ids_filter(
    ids: Iterable[str | uuid.UUID],
    max_url_len: int,
    *,
    field: str = "id",
    base_len: int = 0,
) -> list[Expr]:
    """`id eq a or id eq b …` filters, each short enough for one URL.

    `base_len` is the length of the URL without `$filter` (root, path, `?`, other options);
    each chunk keeps `base_len + len("&$filter=…")` within `max_url_len`. `or` on one field
    is what BC allows. Duplicate ids are sent once; invalid ones raise BadUserInput.
    """
    target = prop(field)
    terms: list[Expr] = []
    sizes: list[int] = []
    for value in dict.fromkeys(_guid_value(i) for i in ids):
        term = target.eq(value)
        terms.append(term)
        # Each term costs its own encoded text plus an encoded " or " between terms;
        # measured with httpx's encoder, so the sum is exact.
        sizes.append(encoded_length({"f": term._render()}) - 2)
    separator = encoded_length({"f": " or "}) - 2
    budget = max_url_len - base_len - len("&$filter=") - 2  # "$" is encoded as %24
    chunks: list[Expr] = []
    current: list[Expr] = []
    used = 0
    for term, size in zip(terms, sizes, strict=True):
        extra = size + (separator if current else 0)
        if current and used + extra > budget:
            chunks.append(or_(*current))
            current, used, extra = [], 0, size
        if size > budget:
            raise BadUserInput("The URL budget is too small for even one id.")
        current.append(term)
        used += extra
    if current:
        chunks.append(or_(*current))
    return chunks


def _guid_value(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        if not isinstance(value, str) or len(value) != 36:
            raise ValueError
        return uuid.UUID(value)
    except ValueError:
        shown = repr(value)[:60]
        raise BadUserInput(f"{shown} is not a valid GUID.") from None
