"""Opaque cursors: a node's position in the ordered result, so `after` becomes `$skip`."""

from __future__ import annotations

import base64
from typing import Any

from gateway.errors import BadUserInput

MAX_FIRST = 1000


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
    """`rows` holds up to first + 1 rows starting at `skip`; the extra one tells hasNextPage."""
    nodes = rows[:first]
    return {
        "nodes": nodes,
        "page_info": {
            "has_next_page": len(rows) > first,
            "end_cursor": encode(skip + len(nodes) - 1) if nodes else None,
        },
        "total_count": total,
    }
