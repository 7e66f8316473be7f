"""Which sort keys a page after a cursor asks BC about, over real GraphQL execution against
the sandbox: a key the filter pins with `eq` (or an `in` of one value) leaves the order, so
the `$batch` after a cursor has one query fewer and the walk is still whole; a boolean or
enum key is compared with `eq`/`ne`, never `gt`/`lt` (resolvers/keyset.py); an invoice's
lines, read under it or through the root list filtered on their invoice, page the same
way while lines come and go."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bcmodel import entity_by_set
from resolvers import keyset
from tests.graphql.conftest import Gateway
from tests.graphql.test_cursors import ADD_LINE, CREATE, DELETE, DELETE_LINE, seed

FILTERED = """query($f: VendorFilter, $o: [VendorOrder!], $a: String, $n: Int) {
  vendors(filter: $f, orderBy: $o, first: $n, after: $a) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number displayName city blocked taxLiable } } }"""


class Spy:
    """The `$filter` of every query the gateway sends to the set it names, alone or in a
    `$batch`."""

    def __init__(self, gw: Gateway, entity_set: str) -> None:
        self.filters: list[str] = []
        self._gw, self._set = gw, entity_set
        self._batch, self._one = gw.client.send_batch, gw.client.send

    def _note(self, requests: Any) -> None:
        self.filters.extend(
            dict(r.params).get("$filter", "") for r in requests if r.path.endswith(self._set)
        )

    async def __aenter__(self) -> Spy:
        async def batch(target: Any, requests: Any, **options: Any) -> Any:
            self._note(requests)
            return await self._batch(target, requests, **options)

        async def one(target: Any, request: Any, **options: Any) -> Any:
            self._note([request])
            return await self._one(target, request, **options)

        self._gw.client.send_batch = batch  # type: ignore[method-assign]
        self._gw.client.send = one  # type: ignore[method-assign]
        return self

    async def __aexit__(self, *_: object) -> None:
        self._gw.client.send_batch = self._batch  # type: ignore[method-assign]
        self._gw.client.send = self._one  # type: ignore[method-assign]


async def page(gw: Gateway, f: Any, order: Any, n: int, after: str | None) -> dict[str, Any]:
    variables = {"f": f, "o": order, "n": n, "a": after}
    return dict((await gw.data(FILTERED, variables))["vendors"])


async def test_a_key_pinned_by_eq_leaves_the_order_and_the_batch(gw: Gateway) -> None:
    await seed(gw)
    city = {"city": {"eq": "Testville"}}
    order = [{"field": "CITY"}, {"field": "DISPLAY_NAME"}]
    first = await page(gw, city, order, 2, None)
    assert first["pageInfo"]["hasNextPage"]
    await gw.reset_stats()
    async with Spy(gw, "/vendors") as spy:
        second = await page(gw, city, order, 2, first["pageInfo"]["endCursor"])
    # The city is the same on every row: the display name, then the number (its tie-break),
    # one query each, and the count; no `city gt`.
    assert len(spy.filters) == 3, spy.filters
    assert not any("city gt" in f or "city lt" in f for f in spy.filters)
    assert all("city eq 'Testville'" in f for f in spy.filters)
    stats = await gw.stats()
    assert stats["batchOperations"] == 3 and stats["httpRequests"] == 1
    # Unpinned (an `in` of two values), the city is a key of its own: one query more.
    await gw.reset_stats()
    two = {"city": {"in": ["Testville", "Nowhere"]}}
    before = await page(gw, two, order, 2, None)
    await gw.reset_stats()
    await page(gw, two, order, 2, before["pageInfo"]["endCursor"])
    assert (await gw.stats())["batchOperations"] == 4
    names = [r["displayName"] for r in [*first["nodes"], *second["nodes"]]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("pin", "order", "fields"),
    [
        (
            {"city": {"eq": "Testville"}},
            [{"field": "CITY"}, {"field": "DISPLAY_NAME"}],
            {"city": "Testville"},
        ),
        (
            {"city": {"in": ["testville"]}},
            [{"field": "CITY", "direction": "DESC"}, {"field": "DISPLAY_NAME"}],
            {"city": "testville"},
        ),
        ({"blocked": "BLANK"}, [{"field": "BLOCKED"}, {"field": "DISPLAY_NAME"}], {}),
    ],
)
async def test_a_walk_with_a_pinned_key_loses_and_repeats_nothing(
    gw: Gateway, pin: dict[str, Any], order: Any, fields: dict[str, Any]
) -> None:
    """The pinned key left out, the rows run by display name, then number."""
    await seed(gw)
    for i in range(8):
        vendor = {**fields, "displayName": f"Pinned {i}", "number": f"PINNED{i}"}
        await gw.data(CREATE, {"i": vendor})
    initial = [r["id"] for r in (await page(gw, pin, order, 1000, None))["nodes"]]
    assert len(initial) >= 12
    counter = itertools.count()
    seen: list[str] = []
    made_before: set[str] = set()
    made_after: set[str] = set()
    deleted: set[str] = set()
    mine: set[str] = set()
    cursor = None
    count = len(initial)
    while True:
        got = await page(gw, pin, order, 3, cursor)
        rows = got["nodes"]
        # The count is of the whole list as it is now, whatever came and went.
        assert got["totalCount"] == count
        seen += [r["id"] for r in rows]
        if not got["pageInfo"]["hasNextPage"]:
            break
        assert len(rows) == 3
        n = next(counter)
        # A name sorting first of all ("!" before digits and letters), one right after the
        # page's first row (inside the page read), and one last of all ("~").
        made = [
            (f"!{n:03d}", made_before),
            (f"{rows[0]['displayName']}!{n}", made_before),
            (f"~{n:03d}", made_after),
        ]
        for k, (name, into) in enumerate(made):
            vendor = {**fields, "displayName": name, "number": f"PIN{n:03d}{k}"}
            into.add((await gw.data(CREATE, {"i": vendor}))["createVendor"]["id"])
        mine |= made_before | made_after
        # The cursor's own row goes, when the test made it (seeded ones have invoices).
        count += len(made)
        if rows[-1]["id"] in mine:
            await gw.data(DELETE, {"id": rows[-1]["id"]})
            deleted.add(rows[-1]["id"])
            count -= 1
        cursor = got["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)), "a record came twice"
    assert set(initial) - deleted <= set(seen), "a record that existed throughout was skipped"
    assert made_after - deleted <= set(seen), "a record created after the cursor was skipped"
    assert not made_before & set(seen), "a record created before the cursor was read"


async def test_boolean_and_enum_keys_are_never_compared_by_gt_or_lt(gw: Gateway) -> None:
    await seed(gw)
    for field, direction in itertools.product(("TAX_LIABLE", "BLOCKED"), ("ASC", "DESC")):
        order = [{"field": field, "direction": direction}]
        whole = [r["id"] for r in (await page(gw, None, order, 1000, None))["nodes"]]
        walked: list[str] = []
        cursor = None
        async with Spy(gw, "/vendors") as spy:
            while True:
                got = await page(gw, None, order, 9, cursor)
                walked += [r["id"] for r in got["nodes"]]
                if not got["pageInfo"]["hasNextPage"]:
                    break
                cursor = got["pageInfo"]["endCursor"]
        assert walked == whole, (field, direction)
        name = {"TAX_LIABLE": "taxLiable", "BLOCKED": "blocked"}[field]
        assert any(name in f for f in spy.filters), spy.filters
        assert not any(f"{name} gt" in f or f"{name} lt" in f for f in spy.filters), spy.filters


def test_the_comparisons_a_keyset_sends() -> None:
    vendor, line = entity_by_set("vendors"), entity_by_set("purchaseInvoiceLines")
    assert vendor is not None and line is not None

    def text(name: str, descending: bool, value: Any) -> str | None:
        expr = keyset.past(vendor, name, descending, value)
        return None if expr is None else expr.render_params()["$filter"]

    assert text("taxLiable", False, False) == "taxLiable eq true"
    assert text("taxLiable", False, True) is None
    assert text("taxLiable", True, True) == "taxLiable eq false"
    assert text("taxLiable", True, False) is None
    # Vendor Blocked: " ", Payment, All.
    assert text("blocked", False, "_x0020_") == "blocked ne '_x0020_'"
    assert text("blocked", False, "Payment") == "blocked ne '_x0020_' and blocked ne 'Payment'"
    assert text("blocked", True, "All") == "blocked eq '_x0020_' or blocked eq 'Payment'"
    assert text("blocked", True, "_x0020_") is None
    assert text("number", False, "V1") == "number gt 'V1'"
    guid = "f8a5738a-44e3-ea11-bb43-000d3a2feca1"
    assert text("id", True, guid) == f"id lt {guid}"
    # A GUID key keeps its comparison (OData orders Edm.Guid; SQL Server compares as it sorts).
    assert keyset.past(line, "documentId", False, guid) is not None
    assert text_of(keyset.past(line, "documentId", False, guid)) == f"documentId gt {guid}"


def text_of(expr: Any) -> str:
    return str(expr.render_params()["$filter"])


LINES = """query($f: PurchaseInvoiceLineFilter, $a: String) {
  purchaseInvoiceLines(filter: $f, first: 2, after: $a) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id sequence } } }"""
NESTED = """query($id: UUID!, $a: String) { purchaseInvoice(id: $id) {
  lines(first: 2, after: $a) { pageInfo { hasNextPage endCursor } nodes { id sequence } } } }"""


@pytest.mark.parametrize("nested", [True, False])
async def test_an_invoices_lines_walk_while_lines_come_and_go(gw: Gateway, nested: bool) -> None:
    lines = ", ".join(
        f'{{sequence: {s}, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1"}}'
        for s in range(10000, 90000, 10000)
    )
    made = await gw.data(
        f'mutation {{ createPurchaseInvoice(input: {{vendorNumber: "20000", lines: [{lines}]}})'
        " { id } }"
    )
    invoice = made["createPurchaseInvoice"]["id"]

    async def read(after: str | None) -> dict[str, Any]:
        if nested:
            data = await gw.data(NESTED, {"id": invoice, "a": after})
            return dict(data["purchaseInvoice"]["lines"])
        data = await gw.data(LINES, {"f": {"documentId": {"eq": invoice}}, "a": after})
        return dict(data["purchaseInvoiceLines"])

    seen: list[int] = []
    before: set[int] = set()
    after: set[int] = set()
    cursor = None
    step = itertools.count(1)
    async with Spy(gw, "/purchaseInvoiceLines") as spy:
        while True:
            got = await read(cursor)
            seen += [n["sequence"] for n in got["nodes"]]
            if not got["pageInfo"]["hasNextPage"]:
                break
            i = next(step)
            first, last = got["nodes"][0], got["nodes"][-1]
            # Before the cursor (inside the page read), after it, and the cursor's own line.
            before.add(first["sequence"] + i)
            after.add(last["sequence"] + 5000 + i)
            for sequence in (first["sequence"] + i, last["sequence"] + 5000 + i):
                await gw.data(ADD_LINE, {"inv": invoice, "s": sequence})
            await gw.data(DELETE_LINE, {"inv": invoice, "id": last["id"]})
            cursor = got["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) and seen == sorted(seen)
    assert set(range(10000, 90000, 10000)) <= set(seen), "an original line was skipped"
    assert after <= set(seen), "a line created after the cursor was skipped"
    assert not before & set(seen), "a line created before the cursor was read"
    # Pages after a cursor asked about the sequence alone: the invoice is given.
    keyed = [f for f in spy.filters if "sequence" in f]
    assert keyed and all(f.count("sequence gt") == 1 for f in keyed)
    assert not any("documentId gt" in f or "documentId lt" in f for f in spy.filters)
