"""The catalog's code tables over GraphQL (item categories, units of measure, payment and
shipment methods, countries/regions, locations), each from its declaration alone; and
the navigations vendors and purchase invoices gained to them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of

# (type, list field, get field, a seeded code, a new record's other input)
PLAIN = [
    ("ItemCategory", "itemCategories", "itemCategory", "CHAIR", {"displayName": "Lighting"}),
    ("UnitOfMeasure", "unitsOfMeasure", "unitOfMeasure", "PCS", {"symbol": "cr"}),
    ("PaymentMethod", "paymentMethods", "paymentMethod", "BANK", {"displayName": "Debit"}),
    ("ShipmentMethod", "shipmentMethods", "shipmentMethod", "EXW", {"displayName": "DAP"}),
    (
        "CountryRegion",
        "countriesRegions",
        "countryRegion",
        "US",
        {"displayName": "Norway", "addressFormat": "POST_CODE_CITY"},
    ),
    (
        "InventoryLocation",
        "locations",
        "location",
        "MAIN",
        {"displayName": "Overflow", "city": "Macon"},
    ),
]
IDS = [p[1] for p in PLAIN]


@pytest.mark.parametrize(("type_name", "many", "one", "seeded", "other"), PLAIN, ids=IDS)
async def test_listed_sorted_filtered_and_read_by_id(
    gw: Gateway, type_name: str, many: str, one: str, seeded: str, other: dict[str, Any]
) -> None:
    listed = await gw.data(
        f"{{ {many}(first: 100, orderBy: [{{field: CODE, direction: DESC}}]) "
        "{ totalCount nodes { id etag code lastModifiedDateTime } } }"
    )
    page = listed[many]
    codes = [n["code"] for n in page["nodes"]]
    assert len(codes) == page["totalCount"] > 1 and seeded in codes
    assert codes == sorted(codes, key=str.casefold, reverse=True)
    found = await gw.data(
        f"query($c: String) {{ {many}(filter: {{code: {{eq: $c}}}}) {{ nodes {{ id code }} }} }}",
        {"c": seeded},
    )
    [row] = found[many]["nodes"]
    read = await gw.data(f"query($id: UUID!) {{ {one}(id: $id) {{ code }} }}", {"id": row["id"]})
    assert read[one] == {"code": seeded}


@pytest.mark.parametrize(("type_name", "many", "one", "seeded", "other"), PLAIN, ids=IDS)
async def test_created_updated_and_deleted(
    gw: Gateway, type_name: str, many: str, one: str, seeded: str, other: dict[str, Any]
) -> None:
    fields = " ".join(("id", "etag", "code", *other))
    created = (
        await gw.data(
            f"""mutation($input: Create{type_name}Input!) {{
              create{type_name}(input: $input) {{ {fields} }} }}""",
            {"input": {"code": "new1", **other}},
        )
    )[f"create{type_name}"]
    assert created["code"] == "NEW1"
    assert {k: created[k] for k in other} == other
    updated = (
        await gw.data(
            f"""mutation($id: UUID!, $input: Update{type_name}Input!, $etag: String) {{
              update{type_name}(id: $id, input: $input, etag: $etag) {{ {fields} }} }}""",
            {"id": created["id"], "input": {"code": "new2"}, "etag": created["etag"]},
        )
    )[f"update{type_name}"]
    assert updated["code"] == "NEW2" and updated["etag"] != created["etag"]
    taken = error_of(
        await gw.execute(
            f"""mutation($id: UUID!, $input: Update{type_name}Input!) {{
              update{type_name}(id: $id, input: $input) {{ id }} }}""",
            {"id": created["id"], "input": {"code": seeded}},
        )
    )
    assert taken["bcCode"] == "Internal_EntityWithSameKeyExists"
    deleted = await gw.data(
        f"mutation($id: UUID!, $etag: String) {{ delete{type_name}(id: $id, etag: $etag) }}",
        {"id": created["id"], "etag": updated["etag"]},
    )
    assert deleted[f"delete{type_name}"]
    gone = await gw.execute(
        f"query($id: UUID!) {{ {one}(id: $id) {{ id }} }}", {"id": created["id"]}
    )
    assert gone.errors and gone.errors[0].extensions["code"] == "NOT_FOUND"


@pytest.mark.parametrize(("type_name", "many", "one", "seeded", "other"), PLAIN, ids=IDS)
async def test_a_record_without_its_code_is_refused_before_bc(
    gw: Gateway, type_name: str, many: str, one: str, seeded: str, other: dict[str, Any]
) -> None:
    await gw.reset_stats()
    result = await gw.execute(
        f"mutation($input: Create{type_name}Input!) {{ create{type_name}(input: $input) {{ id }} }}",
        {"input": other},
    )
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT"
    assert await gw.upstream_requests() == 0


async def test_a_vendor_reads_its_payment_method_and_currency_in_its_own_call(
    gw: Gateway,
) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """{ vendors(first: 20) { nodes { number paymentMethodId
             paymentMethod { id code displayName } currency { code } } } }"""
    )
    assert await gw.upstream_requests() == 1
    for vendor in data["vendors"]["nodes"]:
        assert vendor["paymentMethod"]["id"] == vendor["paymentMethodId"]
        assert vendor["paymentMethod"]["code"] in {"BANK", "CHECK", "CASH", "CARD"}
        assert vendor["currency"] is None  # billed in the company's own currency


async def test_an_invoice_in_a_foreign_currency_reads_it(gw: Gateway) -> None:
    euro = await gw.data('{ currencies(filter: {code: {eq: "EUR"}}) { nodes { id } } }')
    vendor = await gw.data('{ vendors(filter: {number: {eq: "10000"}}) { nodes { id } } }')
    created = await gw.data(
        """mutation($input: CreatePurchaseInvoiceInput!) {
             createPurchaseInvoice(input: $input) { id currencyCode currency { code symbol } } }""",
        {
            "input": {
                "vendorId": vendor["vendors"]["nodes"][0]["id"],
                "currencyId": euro["currencies"]["nodes"][0]["id"],
            }
        },
    )
    invoice = created["createPurchaseInvoice"]
    assert invoice["currencyCode"] == "EUR"
    assert invoice["currency"] == {"code": "EUR", "symbol": "€"}
