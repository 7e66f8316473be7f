"""Typed filters per scalar kind; each entity's filter input is built from these.

BC stores no nulls: a field with no value holds its blank ('' for text, the empty GUID,
0001-01-01 for a date, 0 for a number). So `eq: null` asks for the blank ones and
`ne: null` for the others; where null can mean nothing (an ordering, `in`, a text
search) it is refused with BAD_USER_INPUT naming the field (resolvers/translate.py).
An operator left out puts no condition; an operator given null is never ignored.
"""

from __future__ import annotations

from typing import Any

import strawberry

from schema.scalars import UUID, Date, DateTime, Decimal

UNSET = strawberry.UNSET

REFUSED = "null is refused."


def _eq(blank: str) -> Any:
    return strawberry.field(
        default=UNSET,
        description=f"Equal to. null matches the blank ones ({blank}; BC stores no nulls).",
    )


def _ne(blank: str) -> Any:
    return strawberry.field(
        default=UNSET, description=f"Not equal to. null matches the ones not blank ({blank})."
    )


def _op(description: str) -> Any:
    return strawberry.field(default=UNSET, description=f"{description} {REFUSED}")


def _in() -> Any:
    return strawberry.field(
        name="in",
        default=UNSET,
        description="Any of these values: at least one, none null (for blank or these, use "
        f"`or` with `eq: null`). {REFUSED}",
    )


_TEXT_BLANK = "empty text"
_GUID_BLANK = "00000000-0000-0000-0000-000000000000"
_NUMBER_BLANK = "0"
_DATE_BLANK = "0001-01-01"


@strawberry.input(
    description="Matches a text field. Matching is case-sensitive, as in BC. "
    "An empty object ({}) is refused: give an operator, or leave the field out."
)
class StringFilter:
    eq: str | None = _eq(_TEXT_BLANK)
    ne: str | None = _ne(_TEXT_BLANK)
    in_: list[str] | None = _in()
    contains: str | None = _op("Contains this text.")
    starts_with: str | None = _op("Starts with this text.")
    ends_with: str | None = _op("Ends with this text.")


@strawberry.input(description="Matches a GUID field. An empty object ({}) is refused.")
class UUIDFilter:
    eq: UUID | None = _eq(_GUID_BLANK)
    ne: UUID | None = _ne(_GUID_BLANK)
    in_: list[UUID] | None = _in()


@strawberry.input(description="Matches a decimal field. An empty object ({}) is refused.")
class DecimalFilter:
    eq: Decimal | None = _eq(_NUMBER_BLANK)
    ne: Decimal | None = _ne(_NUMBER_BLANK)
    gt: Decimal | None = _op("Greater than.")
    ge: Decimal | None = _op("Greater than or equal to.")
    lt: Decimal | None = _op("Less than.")
    le: Decimal | None = _op("Less than or equal to.")


@strawberry.input(description="Matches an integer field. An empty object ({}) is refused.")
class IntFilter:
    eq: int | None = _eq(_NUMBER_BLANK)
    ne: int | None = _ne(_NUMBER_BLANK)
    gt: int | None = _op("Greater than.")
    ge: int | None = _op("Greater than or equal to.")
    lt: int | None = _op("Less than.")
    le: int | None = _op("Less than or equal to.")


@strawberry.input(description="Matches a date field. An empty object ({}) is refused.")
class DateFilter:
    eq: Date | None = _eq(_DATE_BLANK)
    ne: Date | None = _ne(_DATE_BLANK)
    gt: Date | None = _op("After.")
    ge: Date | None = _op("On or after.")
    lt: Date | None = _op("Before.")
    le: Date | None = _op("On or before.")


@strawberry.input(description="Matches a time stamp. An empty object ({}) is refused.")
class DateTimeFilter:
    gt: DateTime | None = _op("After.")
    ge: DateTime | None = _op("At or after.")
    lt: DateTime | None = _op("Before.")
    le: DateTime | None = _op("At or before.")
