"""`purchaseInvoiceLines(orderBy:)` over the sandbox: BC sorts the lines it loads for the
invoices asked for by any of their fields, ties in its key order (invoice, sequence), and
pages cut from that order join up with nothing missed or repeated."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway

LINES = """query($f: PurchaseInvoiceLineFilter, $o: [PurchaseInvoiceLineOrder!], $n: Int, $a: String) {
  purchaseInvoiceLines(filter: $f, orderBy: $o, first: $n, after: $a) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id documentId sequence taxCode unitCost amountIncludingTax } } }"""


async def invoice_ids(gw: Gateway, count: int) -> list[str]:
    data = await gw.data(
        "query($n: Int) { purchaseInvoices(first: $n) { nodes { id } } }", {"n": count}
    )
    return [n["id"] for n in data["purchaseInvoices"]["nodes"]]


async def lines(
    gw: Gateway, ids: list[str], order: list[dict[str, str]] | None
) -> list[dict[str, Any]]:
    data = await gw.data(LINES, {"f": {"documentId": {"in": ids}}, "o": order, "n": 1000})
    found = data["purchaseInvoiceLines"]
    assert found["totalCount"] == len(found["nodes"]) and not found["pageInfo"]["hasNextPage"]
    return list(found["nodes"])


def key_order(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(r["documentId"], r["sequence"]) for r in rows]


async def test_lines_come_in_the_order_asked_for(gw: Gateway) -> None:
    ids = await invoice_ids(gw, 12)
    default = await lines(gw, ids, None)
    assert key_order(default) == sorted(key_order(default))  # BC's key order
    by_cost = await lines(gw, ids, [{"field": "UNIT_COST", "direction": "DESC"}])
    assert {r["id"] for r in by_cost} == {r["id"] for r in default}
    # Highest unit cost first; equal costs keep the key order.
    expected = sorted(
        default, key=lambda r: (-Decimal(r["unitCost"]), r["documentId"], r["sequence"])
    )
    assert [r["id"] for r in by_cost] == [r["id"] for r in expected]
    assert [r["id"] for r in by_cost] != [r["id"] for r in default]
    two_keys = await lines(
        gw, ids, [{"field": "TAX_CODE"}, {"field": "AMOUNT_INCLUDING_TAX", "direction": "DESC"}]
    )
    expected = sorted(
        default,
        key=lambda r: (
            r["taxCode"].casefold(),
            -Decimal(r["amountIncludingTax"]),
            r["documentId"],
            r["sequence"],
        ),
    )
    assert [r["id"] for r in two_keys] == [r["id"] for r in expected]


async def test_pages_in_a_sorted_order_join_up(gw: Gateway) -> None:
    ids = await invoice_ids(gw, 12)
    order = [{"field": "QUANTITY", "direction": "DESC"}]
    whole = [r["id"] for r in await lines(gw, ids, order)]
    assert len(whole) > 20
    paged: list[str] = []
    after = None
    while True:
        data = await gw.data(
            LINES, {"f": {"documentId": {"in": ids}}, "o": order, "n": 7, "a": after}
        )
        page = data["purchaseInvoiceLines"]
        paged.extend(r["id"] for r in page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == whole


async def test_the_order_reaches_bc_as_orderby(gw: Gateway) -> None:
    ids = await invoice_ids(gw, 1)
    calls: list[dict[str, str]] = []
    send = gw.client.send

    async def spy(target: Any, request: Any) -> Any:
        calls.append(dict(request.params or {}))
        return await send(target, request)

    gw.client.send = spy  # type: ignore[method-assign]
    await gw.data(
        LINES,
        {
            "f": {"documentId": {"eq": ids[0]}},
            "o": [{"field": "DESCRIPTION2", "direction": "DESC"}],
        },
    )
    # Then the table's key, which BC sorts equal rows by: cursors name a row by all of it,
    # but for the invoice, which the filter pins (docs/paging.md, "Keys that order nothing").
    assert [c.get("$orderby") for c in calls] == ["description2 desc,sequence"]
