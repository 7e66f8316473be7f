"""Typed filters per scalar kind; each entity's filter input is built from these."""

from __future__ import annotations

import strawberry

from schema.scalars import UUID, Date, DateTime, Decimal

UNSET = strawberry.UNSET


@strawberry.input(description="Matches a text field. Matching is case-sensitive, as in BC.")
class StringFilter:
    eq: str | None = UNSET
    ne: str | None = UNSET
    in_: list[str] | None = strawberry.field(name="in", default=UNSET)
    contains: str | None = UNSET
    starts_with: str | None = UNSET
    ends_with: str | None = UNSET


@strawberry.input
class UUIDFilter:
    eq: UUID | None = UNSET
    ne: UUID | None = UNSET
    in_: list[UUID] | None = strawberry.field(name="in", default=UNSET)


@strawberry.input
class DecimalFilter:
    eq: Decimal | None = UNSET
    ne: Decimal | None = UNSET
    gt: Decimal | None = UNSET
    ge: Decimal | None = UNSET
    lt: Decimal | None = UNSET
    le: Decimal | None = UNSET


@strawberry.input
class IntFilter:
    eq: int | None = UNSET
    ne: int | None = UNSET
    gt: int | None = UNSET
    ge: int | None = UNSET
    lt: int | None = UNSET
    le: int | None = UNSET


@strawberry.input
class DateFilter:
    eq: Date | None = UNSET
    ne: Date | None = UNSET
    gt: Date | None = UNSET
    ge: Date | None = UNSET
    lt: Date | None = UNSET
    le: Date | None = UNSET


@strawberry.input
class DateTimeFilter:
    gt: DateTime | None = UNSET
    ge: DateTime | None = UNSET
    lt: DateTime | None = UNSET
    le: DateTime | None = UNSET
