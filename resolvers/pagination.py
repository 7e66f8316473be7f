"""Opaque cursors: a node's position in the ordered result, so `after` becomes `$skip`."""

from __future__ import annotations

import base64
from typing import Any

from gateway.errors import BadUserInput

MAX_FIRST = 1000
# Where a connection's page starts, for its edges' cursors (not a GraphQL field).
START_KEY = "_start"


def encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"o:{position}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The number of rows to skip to start after `cursor`."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        position = int(number)
        if kind != "o" or position < 0:
            raise ValueError(text)
    except (ValueError, UnicodeDecodeError):
        raise BadUserInput(
            "The `after` cursor is not one this API issued.", field="after"
        ) from None
    return position + 1


DEFAULT_FIRST = 50


def check_first(first: int | None) -> int:
    """`first` as given (null means the default), within bounds."""
    if first is None:
        return DEFAULT_FIRST
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"`first` must be between 0 and {MAX_FIRST}.", field="first")
    return first


def connection(rows: list[Any], skip: int, first: int, total: int | None) -> dict[str, Any]:
    """`rows` holds up to first + 1 rows starting at `skip`; the extra one tells hasNextPage.

    Paging is forward only, so hasPreviousPage says what this read shows (the Relay spec
    lets a forward page answer false when it cannot tell cheaply): rows come before this
    page when it starts past the first row and the list reaches it (a row at `skip` or
    later came back, or totalCount says the list is not empty).
    """
    nodes = rows[:first]
    return {
        "nodes": nodes,
        "page_info": {
            "has_next_page": len(rows) > first,
            "end_cursor": encode(skip + len(nodes) - 1) if nodes else None,
            "has_previous_page": skip > 0 and (bool(rows) or bool(total)),
            "start_cursor": encode(skip) if nodes else None,
        },
        "total_count": total,
        START_KEY: skip,
    }


def edges(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The Relay shape of a page, built only when `edges` is selected: each node with its
    own cursor, the same ones pageInfo's startCursor and endCursor give."""
    start = connection[START_KEY]
    return [
        {"cursor": encode(start + i), "node": node} for i, node in enumerate(connection["nodes"])
    ]
