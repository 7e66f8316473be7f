"""OData literals: the one place where a Python value becomes text in a `$filter`.

Strings are single-quoted with `'` doubled; GUIDs, dates, datetimes, numbers and booleans
are bare; enums are quoted *encoded* member names (`'In_x0020_Review'`). Floats are refused:
money never passes through float. A property typed by a bcmodel Field decides how its
literal is rendered (a GUID given as a string stays bare, an enum given by its AL name is
encoded). Everything wrong raises BadUserInput: these values come from GraphQL arguments.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from bcmodel import Edm, EnumType, Field, encode_name
from gateway.errors import BadUserInput

__all__ = ["EnumValue", "Value", "literal", "quote"]

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_DECIMAL_DIGITS = 28
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
        return quote(_enum_wire(value.enum, value.member))
    if isinstance(value, str):
        return quote(value)
    raise BadUserInput(f"A {type(value).__name__} cannot be a filter value.")


def _typed_literal(value: Value, f: Field) -> str:
    if value is None:
        return "null"
    t = f.type
    if t is Edm.STRING:
        return quote(_want(value, str, f))
    if t is Edm.ENUM and f.enum is not None:
        if isinstance(value, EnumValue):
            value = value.member
        return quote(_enum_wire(f.enum, _want(value, str, f)))
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


def quote(text: str) -> str:
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
