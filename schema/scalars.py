"""The contract's scalars. Values from BC arrive as JSON strings (GUIDs, dates) or Decimals
(numbers, parsed without float); these scalars only check and pass them on."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, NewType

import strawberry
from strawberry.scalars import JSON

__all__ = ["JSON", "SCALARS", "UUID", "Date", "DateTime", "Decimal", "Long"]


def _uuid(value: Any) -> str:
    return str(uuid.UUID(str(value)))


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime:
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("a DateTime needs an offset, e.g. 2026-11-25T10:00:00Z")
    return parsed


def _decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise ValueError("a Decimal is a number or a numeric string")
    # Floats from JSON variables go through repr, which round-trips what was typed.
    parsed = decimal.Decimal(str(value))
    if not parsed.is_finite():
        raise ValueError("a Decimal must be finite")
    return parsed


def _serialize_decimal(value: Any) -> str:
    if isinstance(value, float):  # never produced by our own parsing; be exact anyway
        value = decimal.Decimal(repr(value))
    return str(value)


# The Python types resolvers and inputs use; SCALARS tells Strawberry how each is a
# GraphQL scalar (StrawberryConfig.scalar_map, Strawberry's recommended form).
UUID = NewType("UUID", str)
Date = NewType("Date", dt.date)
DateTime = NewType("DateTime", dt.datetime)
Decimal = NewType("Decimal", decimal.Decimal)
Long = NewType("Long", int)

SCALARS = {
    UUID: strawberry.scalar(
        name="UUID",
        description="A GUID (BC's Edm.Guid) as a string, such as "
        "5d115c9c-44e3-ea11-bb43-000d3a2feca1.",
        serialize=str,
        parse_value=_uuid,
    ),
    Date: strawberry.scalar(
        name="Date",
        description='A calendar date (BC\'s Edm.Date) as an ISO 8601 string, such as "2026-11-25".',
        serialize=lambda v: v if isinstance(v, str) else v.isoformat(),
        parse_value=_date,
    ),
    DateTime: strawberry.scalar(
        name="DateTime",
        description="A point in time (BC's Edm.DateTimeOffset) as an ISO 8601 string with "
        'an offset, such as "2026-11-25T10:00:00Z"; input without an offset is refused.',
        serialize=lambda v: v if isinstance(v, str) else v.isoformat(),
        parse_value=_datetime,
    ),
    Decimal: strawberry.scalar(
        name="Decimal",
        description="A decimal number (BC's Edm.Decimal), served as a JSON string such as "
        '"1234.50" so that money never passes through a float; input takes a string or a '
        "number.",
        serialize=_serialize_decimal,
        parse_value=_decimal,
    ),
    Long: strawberry.scalar(
        name="Long",
        description="A 64-bit integer (BC's Edm.Int64), served as a JSON string: it may not "
        "fit a GraphQL Int.",
        serialize=str,
        parse_value=int,
    ),
}
