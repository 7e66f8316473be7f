"""`gt`/`lt` on a boolean, an enum and a GUID select exactly the rows `$orderby` puts after
(before) the value: false < true (OData 4.01 URL conventions, "Greater Than"), enum members
by their ordinal (AL), GUIDs as the sandbox sorts them. Keyset paging relies on the filter
and the order agreeing; the gateway sends no `gt`/`lt` on booleans and enums
(resolvers/keyset.py), but a client may."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BC


def literal(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if field == "id" else f"'{value}'"


async def listed(bc: BC, params: dict[str, str]) -> list[dict[str, Any]]:
    response = await bc.get("vendors", params={"$select": "id,number,taxLiable,blocked", **params})
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


@pytest.mark.parametrize("field", ["taxLiable", "blocked", "id"])
async def test_gt_and_lt_select_what_the_order_puts_after_and_before(bc: BC, field: str) -> None:
    ordered = await listed(bc, {"$orderby": f"{field},number"})
    values = list(dict.fromkeys(r[field] for r in ordered))
    assert len(values) >= 2, values
    for value in values:
        first = next(i for i, r in enumerate(ordered) if r[field] == value)
        last = max(i for i, r in enumerate(ordered) if r[field] == value)
        after = await listed(
            bc, {"$filter": f"{field} gt {literal(field, value)}", "$orderby": f"{field},number"}
        )
        assert [r["id"] for r in after] == [r["id"] for r in ordered[last + 1 :]], value
        before = await listed(
            bc, {"$filter": f"{field} lt {literal(field, value)}", "$orderby": f"{field},number"}
        )
        assert [r["id"] for r in before] == [r["id"] for r in ordered[:first]], value
    if field == "taxLiable":
        assert values == [False, True]
    if field == "blocked":
        # Vendor Blocked's members in declaration order: " ", Payment, All.
        members = ["_x0020_", "Payment", "All"]
        assert values == [m for m in members if m in values]
