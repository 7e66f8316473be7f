"""What the gateway renders means to BC exactly what the caller meant: checked against the
sandbox, which parses `$filter` with a real OData grammar."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR
from gateway.bc import odata
from gateway.bc.odata import Expand, Query, prop
from gateway.bc.types import BCRequest
from tests.gateway.bc.conftest import World, close_world, make_world

HOSTILE = [
    "O'Brien ') or ('1' eq '1",
    "') or (1 eq 1) or ('",
    "x' or displayName ne 'y",
    "'",
    "''''",
    "$top=1&$filter=id eq 1",
    "a&b=c#d?e",
    "100% + 50%20",
    "semi;colon,comma(paren))",
    'back\\slash "quoted"',
    "Zürich \u2013 東京 🙂",
    "  spaced  ",
    "tab\tand\nnewline",
    "contains(displayName,'a')",
]


async def create_vendor(world: World, name: str) -> str:
    response = await world.client.send(
        world.target,
        BCRequest("POST", str(world.company().child("vendors")), body={"displayName": name}),
    )
    assert response.status == 201
    return str(response.body["id"])


async def vendor_ids(world: World, expr: odata.Expr) -> list[str]:
    response = await world.get(
        world.company().child("vendors"),
        **Query(entity=VENDOR, select=("id",), filter=expr).render_params(),
    )
    return [row["id"] for row in response.body["value"]]


async def test_hostile_strings_find_exactly_their_vendor(world: World) -> None:
    created = {name: await create_vendor(world, name) for name in HOSTILE}
    display = prop("displayName", VENDOR)
    for name, vendor_id in created.items():
        assert await vendor_ids(world, display.eq(name)) == [vendor_id], name
        assert vendor_id in await vendor_ids(world, display.contains(name)), name
        assert vendor_id in await vendor_ids(world, display.startswith(name)), name
        assert vendor_id in await vendor_ids(world, display.endswith(name)), name
    # An attempted break-out is one literal that matches nothing, not `or true`.
    assert await vendor_ids(world, display.eq("nobody') or (displayName ne 'x")) == []
    assert await vendor_ids(world, display.eq("x" * 10_000)) == []
    assert await vendor_ids(world, display.contains("é'" * 5_000)) == []


def test_any_string_round_trips() -> None:
    """Property: for any text BC can store, `displayName eq <it>` finds exactly that vendor."""
    with asyncio.Runner() as runner:
        world = runner.run(make_world())
        try:

            @settings(
                max_examples=100,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture],
            )
            @given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=100))
            def check(name: str) -> None:
                async def run() -> None:
                    vendor_id = await create_vendor(world, name)
                    found = await vendor_ids(world, prop("displayName", VENDOR).eq(name))
                    assert vendor_id in found
                    # Examples repeat, so earlier vendors may share the name; no other may.
                    for other in found:
                        assert other == vendor_id or await _same_name(world, other, name)

                runner.run(run())

            check()
        finally:
            runner.run(close_world(world))


async def _same_name(world: World, vendor_id: str, name: str) -> bool:
    row = await world.get(world.company().child("vendors", vendor_id))
    return bool(row.body["displayName"] == name)


async def test_typed_literals_match_the_reference_invoice(world: World) -> None:
    invoice = prop("number", PURCHASE_INVOICE)
    reference = await world.get(
        world.company().child("purchaseInvoices"),
        **Query(entity=PURCHASE_INVOICE, filter=invoice.eq("108001")).render_params(),
    )
    [row] = reference.body["value"]
    path = world.company().child("purchaseInvoices")

    async def numbers(expr: odata.Expr) -> set[str]:
        response = await world.get(
            path,
            **Query(entity=PURCHASE_INVOICE, select=("number",), filter=expr).render_params(),
        )
        return {r["number"] for r in response.body["value"]}

    p = lambda name: prop(name, PURCHASE_INVOICE)  # noqa: E731
    assert "108001" in await numbers(p("totalAmountIncludingTax").eq(Decimal("3310.17")))
    assert "108001" in await numbers(p("invoiceDate").eq(date(2019, 1, 1)))
    assert "108001" in await numbers(p("vendorId").eq(row["vendorId"]))
    assert "108001" in await numbers(p("id").eq(row["id"].upper()))
    assert "108001" in await numbers(
        p("lastModifiedDateTime").le(datetime.now(UTC)) & invoice.eq("108001")
    )
    status = row["status"]
    assert "108001" in await numbers(p("status").eq(status) & invoice.eq("108001"))
    assert (
        await numbers(p("totalAmountIncludingTax").eq(Decimal("3310.18")) & invoice.eq("108001"))
        == set()
    )


async def test_enum_with_a_blank_member(world: World) -> None:
    all_vendors = await world.get(world.company().child("vendors"), **{"$select": "blocked"})
    blank = sum(1 for v in all_vendors.body["value"] if v["blocked"] == "_x0020_")
    found = await vendor_ids(world, prop("blocked", VENDOR).eq(" "))
    assert len(found) == blank > 0


async def test_in_is_sent_with_schema_2_1_and_filters(world: World) -> None:
    path = world.company().child("purchaseInvoices")
    status = prop("status", PURCHASE_INVOICE)

    async def count(params: dict[str, str]) -> int:
        response = await world.get(path, **params, **{"$count": "true", "$top": "0"})
        return int(response.body["@odata.count"])

    everything = await count({})
    drafts = await count(status.eq("Draft").render_params())
    opened = await count(status.eq("Open").render_params())
    params = status.in_(["Draft", "Open"]).render_params()
    assert params["$schemaversion"] == "2.1"
    assert await count(params) == drafts + opened < everything
    # Why it matters: without 2.1, BC (and the sandbox) silently ignore `in`.
    assert await count({"$filter": params["$filter"]}) == everything


async def test_nested_expand_options(world: World) -> None:
    query = Query(
        entity=PURCHASE_INVOICE,
        select=("id", "number"),
        filter=prop("number", PURCHASE_INVOICE).eq("108001"),
        expand=(
            Expand(
                "purchaseInvoiceLines",
                Query(
                    select=("id", "quantity", "unitCost"),
                    filter=prop("quantity", PURCHASE_INVOICE_LINE).gt(Decimal("0")),
                    orderby=("sequence",),
                ),
            ),
        ),
    )
    response = await world.get(world.company().child("purchaseInvoices"), **query.render_params())
    [invoice] = response.body["value"]
    lines = invoice["purchaseInvoiceLines"]
    assert lines
    for line in lines:
        assert set(line) - {"@odata.etag"} == {"id", "quantity", "unitCost"}
    assert lines[0]["unitCost"] == Decimal("780.7")
    assert isinstance(lines[0]["quantity"], int | Decimal)

    none = Query(
        entity=PURCHASE_INVOICE,
        filter=prop("number", PURCHASE_INVOICE).eq("108001"),
        expand=(
            Expand(
                "purchaseInvoiceLines",
                Query(filter=prop("description", PURCHASE_INVOICE_LINE).eq("') or ('a' eq 'a")),
            ),
        ),
    )
    response = await world.get(world.company().child("purchaseInvoices"), **none.render_params())
    assert response.body["value"][0]["purchaseInvoiceLines"] == []


async def test_by_id_chunks_find_every_vendor(world: World) -> None:
    listed = await world.get(world.company().child("vendors"), **{"$select": "id"})
    ids = [row["id"] for row in listed.body["value"]]
    path = str(world.company().child("vendors"))
    base = len(world.target.api_root) + 1 + len(path) + 1
    chunks = odata.chunked_ids_filter(reversed(ids), 700, base_len=base)
    assert len(chunks) > 1
    found: list[Any] = []
    for chunk in chunks:
        response = await world.get(path, **chunk.render_params())
        found += [row["id"] for row in response.body["value"]]
    assert sorted(found) == sorted(ids)
