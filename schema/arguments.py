"""The arguments root and relation fields share, each with its description: what it does,
its limits, and what leaving it out or giving null means."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers.pagination import DEFAULT_FIRST, MAX_FIRST
from schema.scalars import UUID


def described(kind: Any, description: str) -> Any:
    return Annotated[kind, strawberry.argument(description=description)]


COMPANY_ID = (
    "The company, by id (one of `companies`). Left out or null: the connection's default "
    "company (`me.defaultCompanyId`). A company BC does not have is NOT_FOUND."
)
FIRST = (
    f"How many rows to return: 0 to {MAX_FIRST}, and {DEFAULT_FIRST} when left out or null; "
    f"more than {MAX_FIRST} is BAD_USER_INPUT. The cost limit (QUERY_TOO_COMPLEX) multiplies "
    "the selection by it."
)
AFTER = (
    "Start after this row: a cursor this list returned (an edge's `cursor`, or "
    "pageInfo.endCursor). The page starts after that row even when rows before it were "
    "created or deleted since. Left out or null: start at the first row. A cursor altered, "
    "or returned for another list (filter, order or parent), user or company, is "
    "BAD_USER_INPUT."
)
FILTER = (
    "Which rows to return; left out or null: all of them. The filter's type says what null "
    "means inside it."
)
ORDER_BY = (
    "Sort keys, the first one first. Rows equal on every key keep BC's own order (the "
    "table's key), which is also the order when this is left out, null or []."
)
ETAG = (
    "The record's `etag` as read: if the record changed since, the mutation is refused "
    "with CONFLICT (extensions.currentEtag carries the new one). Left out or null: the "
    "change applies to the record as it is."
)

CompanyId = described(UUID | None, COMPANY_ID)
First = described(int | None, FIRST)
After = described(str | None, AFTER)
Etag = described(str | None, ETAG)


def record_id(description: str) -> Any:
    return described(UUID, description)


def filter_of(kind: Any) -> Any:
    return described(kind | None, FILTER)


def order_of(kind: Any) -> Any:
    return described(list[kind] | None, ORDER_BY)
