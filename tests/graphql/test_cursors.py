"""Cursors continue after the row they name, over real GraphQL execution against the
sandbox: walking a list while records are created and deleted before, inside and after
the current page loses and repeats none of the records that exist throughout, in every
order (non-unique keys included); an invoice's lines page the same way; a cursor altered,
or shown to another list, user or company, is refused by name."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.graphql.conftest import Gateway

VENDORS = """query($o: [VendorOrder!], $a: String, $n: Int) {
  vendors(orderBy: $o, first: $n, after: $a) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { id number displayName city blocked } } } }"""

CREATE = """mutation($i: CreateVendorInput!) { createVendor(input: $i) { id } }"""
DELETE = """mutation($id: UUID!) { deleteVendor(id: $id) }"""

# (GraphQL order, the vendor fields it sorts by, whether the number runs descending)
ORDERS = [
    ([{"field": "NUMBER"}], (), False),
    ([{"field": "NUMBER", "direction": "DESC"}], (), True),
    ([{"field": "CITY"}], ("city",), False),
    (
        [{"field": "CITY", "direction": "DESC"}, {"field": "DISPLAY_NAME"}],
        ("city", "displayName"),
        False,
    ),
    ([{"field": "BLOCKED", "direction": "DESC"}], ("blocked",), False),
]


async def seed(gw: Gateway) -> set[str]:
    """A deletable twin of each vendor, sorting right after it by number and sharing its
    city and blocked state, plus vendors that share a city in several cases: long runs of
    equal sort values, with vendors the walk may delete (seeded ones have invoices) all
    along every order. Returns the new ids."""
    data = await gw.data(VENDORS, {"n": 1000})
    inputs = [
        {
            "number": f"{e['node']['number']}D",
            "displayName": f"Twin of {e['node']['displayName']}",
            "city": e["node"]["city"] or "",
            "blocked": e["node"]["blocked"],
        }
        for e in data["vendors"]["edges"]
    ]
    for i, city in enumerate(["Testville", "TESTVILLE", "testville"] * 4):
        inputs.append({"number": f"CS{i:02d}", "displayName": f"Cursor seed {i:02d}", "city": city})
    creates = " ".join(f"v{i}: createVendor(input: $i{i}) {{ id }}" for i in range(len(inputs)))
    params = ", ".join(f"$i{i}: CreateVendorInput!" for i in range(len(inputs)))
    made = await gw.data(
        f"mutation({params}) {{ {creates} }}", {f"i{i}": v for i, v in enumerate(inputs)}
    )
    return {v["id"] for v in made.values()}


async def everything(gw: Gateway, order: Any) -> list[dict[str, Any]]:
    data = await gw.data(VENDORS, {"o": order, "n": 1000})
    assert not data["vendors"]["pageInfo"]["hasNextPage"]
    return [e["node"] for e in data["vendors"]["edges"]]


def like(row: dict[str, Any], fields: tuple[str, ...], number: str, name: str) -> dict[str, Any]:
    """A new vendor with `row`'s sort values and its own number (the tie-break)."""
    made = {f: row[f] for f in fields if row[f] is not None}
    made.setdefault("displayName", name)
    return {**made, "number": number}


@pytest.mark.parametrize(("order", "fields", "number_desc"), ORDERS)
async def test_a_walk_loses_and_repeats_nothing_while_records_come_and_go(
    gw: Gateway, order: Any, fields: tuple[str, ...], number_desc: bool
) -> None:
    deletable = await seed(gw)
    initial = await everything(gw, order)
    assert len(initial) > 30
    count = len(initial)
    counter = itertools.count()
    # Numbers below every seeded one, and above: "0…" and "ZZ…" (BC's numbers are Code).
    low, high = ("ZZ", "0") if number_desc else ("0", "ZZ")
    deleted: set[str] = set()
    before: set[str] = set()
    after: set[str] = set()
    seen: list[str] = []
    cursor = None
    while True:
        page = (await gw.data(VENDORS, {"o": order, "n": 7, "a": cursor}))["vendors"]
        rows = [e["node"] for e in page["edges"]]
        assert page["totalCount"] == count
        assert page["pageInfo"]["hasPreviousPage"] == (cursor is not None)
        if rows:
            assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        seen += [r["id"] for r in rows]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(rows) == 7
        n = next(counter)
        # Each later one after the earlier ones, in the number's direction.
        tail = 999 - n if number_desc else n
        # Created before the cursor (tied with the page's first row, but a number that
        # sorts before it), inside the page, and after the cursor's row.
        made = [
            like(rows[0], fields, f"{low}B{n:03d}", f"Before {n}"),
            # "!" sorts before digits and letters: right after rows[3], before rows[4].
            like(rows[3], fields, f"{rows[3]['number']}!{n}", f"Inside {n}"),
            like(rows[-1], fields, f"{high}A{tail:03d}", f"After {n}"),
        ]
        ids = [(await gw.data(CREATE, {"i": i}))["createVendor"]["id"] for i in made]
        # The first two sort before the cursor's row (inside the page read already).
        before |= {ids[0], ids[1]}
        after.add(ids[2])
        deletable |= set(ids)
        # Deleted: a row of an earlier page, one of this page, the cursor's own row, and
        # one of a later page (each the first the test may delete).
        later = [r["id"] for r in initial if r["id"] not in seen]
        candidates = (
            [i for i in seen[:-7] if i not in deleted],
            [r["id"] for r in rows[1:-1]],
            [rows[-1]["id"]],
            later[3:],
        )
        gone: set[Any] = {next((i for i in c if i in deletable), None) for c in candidates} - {None}
        for vendor_id in gone:
            await gw.data(DELETE, {"id": vendor_id})
        deleted |= gone
        deletable -= gone
        count += len(made) - len(gone)
        cursor = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)), "a record came twice"
    throughout = {r["id"] for r in initial} - deleted
    assert throughout <= set(seen), "a record that existed throughout was skipped"
    assert after <= set(seen), "a record created after the cursor was skipped"
    assert not before & set(seen), "a record created before the cursor was read"
    assert {r["id"] for r in await everything(gw, order)} - set(seen) <= before


async def vendor_sort_fields(gw: Gateway) -> list[str]:
    data = await gw.data('{ __type(name: "VendorSortField") { enumValues { name } } }')
    return [v["name"] for v in data["__type"]["enumValues"]]


async def test_pages_join_up_in_every_vendor_order(gw: Gateway) -> None:
    """Each sort key's values (text, codes, enums, GUIDs, decimals, dates, booleans) are
    compared by BC's filter as BC's sort orders them."""
    await seed(gw)
    for name, direction in itertools.product(await vendor_sort_fields(gw), ("ASC", "DESC")):
        order = [{"field": name, "direction": direction}]
        whole = [r["id"] for r in await everything(gw, order)]
        paged: list[str] = []
        cursor = None
        while True:
            page = (await gw.data(VENDORS, {"o": order, "n": 7, "a": cursor}))["vendors"]
            paged += [e["node"]["id"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            cursor = page["pageInfo"]["endCursor"]
        assert paged == whole, (name, direction)


async def test_each_edge_cursor_continues_after_its_own_row(gw: Gateway) -> None:
    order = [{"field": "CITY"}]
    whole = await everything(gw, order)
    page = (await gw.data(VENDORS, {"o": order, "n": 10}))["vendors"]
    for i, edge in enumerate(page["edges"]):
        rest = (await gw.data(VENDORS, {"o": order, "n": 3, "a": edge["cursor"]}))["vendors"]
        assert [e["node"]["id"] for e in rest["edges"]] == [r["id"] for r in whole[i + 1 : i + 4]]


LINES = """query($id: UUID!, $a: String) { purchaseInvoice(id: $id) {
  lines(first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id sequence } } } }"""
ADD_LINE = """mutation($inv: UUID!, $s: Int!) { createPurchaseInvoiceLine(invoiceId: $inv,
  input: {sequence: $s, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1"}) { id } }"""
DELETE_LINE = (
    """mutation($inv: UUID!, $id: UUID!) { deletePurchaseInvoiceLine(invoiceId: $inv, id: $id) }"""
)


async def test_an_invoices_lines_page_after_the_last_line_read(gw: Gateway) -> None:
    made = await gw.data(
        """mutation { createPurchaseInvoice(input: {vendorNumber: "20000", lines: [
             {sequence: 10000, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1"},
             {sequence: 20000, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "2"},
             {sequence: 30000, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "3"},
             {sequence: 40000, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "4"},
             {sequence: 50000, lineType: ITEM, lineObjectNumber: "1896-S", quantity: "5"}]})
           { id } }"""
    )
    invoice = made["createPurchaseInvoice"]["id"]
    first = (await gw.data(LINES, {"id": invoice}))["purchaseInvoice"]["lines"]
    assert [n["sequence"] for n in first["nodes"]] == [10000, 20000]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    # A line before the cursor comes and the cursor's own line goes: the next page still
    # starts at the line after it.
    await gw.data(ADD_LINE, {"inv": invoice, "s": 5000})
    await gw.data(DELETE_LINE, {"inv": invoice, "id": first["nodes"][1]["id"]})
    cursor = first["pageInfo"]["endCursor"]
    filters: list[str] = []
    send_batch = gw.client.send_batch

    async def spy(target: Any, requests: Any, **options: Any) -> Any:
        filters.extend(
            dict(r.params).get("$filter", "")
            for r in requests
            if r.path.endswith("/purchaseInvoiceLines")
        )
        return await send_batch(target, requests, **options)

    gw.client.send_batch = spy  # type: ignore[method-assign]
    second = (await gw.data(LINES, {"id": invoice, "a": cursor}))["purchaseInvoice"]["lines"]
    gw.client.send_batch = send_batch  # type: ignore[method-assign]
    # Under the invoice, the invoice is the same for every line: one query, on sequence,
    # and the count of them all, in one $batch.
    assert filters == ["sequence gt 20000", ""]
    assert [n["sequence"] for n in second["nodes"]] == [30000, 40000]
    assert second["totalCount"] == 5 and second["pageInfo"]["hasNextPage"]
    last = await gw.data(LINES, {"id": invoice, "a": second["pageInfo"]["endCursor"]})
    lines = last["purchaseInvoice"]["lines"]
    assert [n["sequence"] for n in lines["nodes"]] == [50000]
    assert not lines["pageInfo"]["hasNextPage"]


async def refusal(gw: Gateway, query: str, variables: dict[str, Any]) -> str:
    result = await gw.execute(query, variables)
    assert result.errors is not None and result.data is None
    error = result.errors[0]
    assert error.extensions is not None and error.extensions["code"] == "BAD_USER_INPUT"
    return str(error.message)


async def test_altered_and_foreign_cursors_are_refused_by_name(
    gw: Gateway, gw_carol: Gateway
) -> None:
    by_number = [{"field": "NUMBER"}]
    page = (await gw.data(VENDORS, {"o": by_number, "n": 3}))["vendors"]
    cursor = page["pageInfo"]["endCursor"]
    head, _, mac = cursor.partition(".")
    flipped = head[:-2] + ("A" if head[-2] != "A" else "B") + head[-1]
    for altered in (f"{flipped}.{mac}", f"{head}.{mac[:-1]}", "bm90IGEgY3Vyc29y", "", "o:3"):
        message = await refusal(gw, VENDORS, {"o": by_number, "n": 3, "a": altered})
        assert "`after` cursor" in message, altered
    message = await refusal(gw, VENDORS, {"o": [{"field": "CITY"}], "n": 3, "a": cursor})
    assert "another list" in message
    filtered = """query($a: String) { vendors(filter: {city: {eq: "Atlanta"}}, first: 3,
      after: $a) { nodes { id } } }"""
    assert "another list" in await refusal(gw, filtered, {"a": cursor})
    # The same gateway's cursor, in another user's hands (keys shared, as replicas share them).
    gw_carol.cursor_keys = gw.cursor_keys
    assert "another user" in await refusal(gw_carol, VENDORS, {"o": by_number, "a": cursor})
    other_company = await gw.data("{ companies { id } }")
    company = next(c["id"] for c in other_company["companies"] if c["id"] != gw.company_id)
    in_other = """query($a: String, $c: UUID) { vendors(first: 3, after: $a, companyId: $c,
      orderBy: [{field: NUMBER}]) { nodes { id } } }"""
    assert "another company" in await refusal(gw, in_other, {"a": cursor, "c": company})
    # Another gateway (other keys) never issued it.
    gw_carol.cursor_keys = type(gw.cursor_keys).generate()
    assert "altered" in await refusal(gw_carol, VENDORS, {"o": by_number, "a": cursor})
