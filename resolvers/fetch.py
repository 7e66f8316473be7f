"""Reading collections and single records from BC for resolvers, following BC's paging."""

from __future__ import annotations

import re
from typing import Any

from bcmodel import Entity
from gateway.bc.types import BCRequest
from gateway.bc.urls import split_next_link
from gateway.errors import UpstreamError
from resolvers.context import Upstream

# A page BC might send past $top is cut here; BC's own page limit is 20,000.
MAX_ROWS = 20_000


async def collection(
    up: Upstream, path: str, params: dict[str, str], want: int | None
) -> tuple[list[dict[str, Any]], int | None]:
    """Rows of a collection (at most `want`), following `@odata.nextLink` when BC pages,
    and BC's `@odata.count` when it was asked for."""
    response = await up.send(BCRequest("GET", path, params))
    body = response.body
    rows: list[dict[str, Any]] = list(body.get("value", []))
    count = body.get("@odata.count")
    link = body.get("@odata.nextLink")
    limit = MAX_ROWS if want is None else want
    while link and len(rows) < limit:
        try:
            next_path, next_params = split_next_link(up.api_root, link)
        except ValueError:
            raise UpstreamError("BC returned a nextLink outside its API root.") from None
        body = (await up.send(BCRequest("GET", next_path, next_params))).body
        rows.extend(body.get("value", []))
        link = body.get("@odata.nextLink")
    return rows[:limit], None if count is None else int(count)


def entity_label(entity: Entity) -> str:
    return entity.title or entity.name


def words(name: str) -> str:
    """An entity's name or set in messages: `purchaseInvoiceLines` -> `purchase invoice lines`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
