"""The sales side's API pages as BC answers them, over the sandbox's HTTP API: the
Salesperson/Purchaser relation (customers, sales and purchase documents), and what an
order line refuses once part of it has shipped or been received (docs/sandbox.md lists
each rule with its source)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}
NOT_FOUND = "cannot be found in the related table (Salesperson/Purchaser)."


async def test_a_customer_s_salesperson_must_name_a_salesperson(bc: BC) -> None:
    customer = await bc.first("customers")
    refused = await bc.patch(
        f"customers({customer['id']})", json={"salespersonCode": "XX"}, headers=ANY
    )
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Salesperson Code of table Customer contains a value (XX) that {NOT_FOUND}",
    )
    # Contoso's salespeople are there; a code is uppercased as BC's Code fields are.
    taken = await bc.patch(
        f"customers({customer['id']})", json={"salespersonCode": "jo"}, headers=ANY
    )
    assert taken.status_code == 200, taken.text
    assert taken.json()["salespersonCode"] == "JO"
    new = await bc.post("customers", json={"displayName": "Sold by", "salespersonCode": "NOPE"})
    assert error(new)[1] == "Internal_InvalidTableRelation"
    # A document for the customer takes its salesperson.
    invoice = await bc.post("salesInvoices", json={"customerId": customer["id"]})
    assert invoice.json()["salesperson"] == "JO"


@pytest.mark.parametrize(
    ("entity_set", "table"),
    [
        ("salesInvoices", "Sales Invoice Entity Aggregate"),
        ("salesOrders", "Sales Order Entity Buffer"),
        ("salesQuotes", "Sales Quote Entity Buffer"),
        ("salesCreditMemos", "Sales Cr. Memo Entity Buffer"),
    ],
)
async def test_a_sales_document_s_salesperson_must_name_one(
    bc: BC, entity_set: str, table: str
) -> None:
    body = {"customerNumber": "C00020", "salesperson": "ZZ"}
    refused = await bc.post(entity_set, json=body)
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Salesperson Code of table {table} contains a value (ZZ) that {NOT_FOUND}",
    )
    created = await bc.post(entity_set, json={**body, "salesperson": "LT"})
    assert created.status_code == 201, created.text
    changed = await bc.patch(
        f"{entity_set}({created.json()['id']})", json={"salesperson": "QQ"}, headers=ANY
    )
    assert error(changed)[1] == "Internal_InvalidTableRelation"


@pytest.mark.parametrize(
    ("entity_set", "table"),
    [
        ("purchaseInvoices", "Purch. Inv. Entity Aggregate"),
        ("purchaseOrders", "Purchase Order Entity Buffer"),
        ("purchaseCreditMemos", "Purch. Cr. Memo Entity Buffer"),
    ],
)
async def test_a_purchase_document_s_purchaser_must_name_one(
    bc: BC, entity_set: str, table: str
) -> None:
    body = {"vendorNumber": "20000", "purchaser": "ZZ"}
    refused = await bc.post(entity_set, json=body)
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Purchaser Code of table {table} contains a value (ZZ) that {NOT_FOUND}",
    )
    created = await bc.post(entity_set, json={**body, "purchaser": "BC"})
    assert created.status_code == 201, created.text
    assert created.json()["purchaser"] == "BC"


async def shipped_order(bc: BC, *, ship: int, invoice: int) -> tuple[dict[str, Any], str]:
    """An order of 5 units of an item, `ship` of them shipped and `invoice` invoiced; the
    order and its line's path."""
    item = await bc.first("items", "&$filter=type eq 'Inventory'")
    body = {
        "customerNumber": "C00020",
        "salesOrderLines": [
            {"lineType": "Item", "lineObjectNumber": item["number"], "quantity": 5}
        ],
    }
    created = await bc.post("salesOrders", json=body)
    assert created.status_code == 201, created.text
    order = created.json()
    [line] = (await bc.get(f"salesOrders({order['id']})/salesOrderLines")).json()["value"]
    path = f"salesOrders({order['id']})/salesOrderLines({line['id']})"
    moved = await bc.patch(
        path, json={"shipQuantity": ship, "invoiceQuantity": invoice}, headers=ANY
    )
    assert moved.status_code == 200, moved.text
    # Shipping only posts no invoice, so BC's page fails to find one after posting.
    await bc.post(f"salesOrders({order['id']})/Microsoft.NAV.shipAndInvoice")
    line = (await bc.get(path)).json()
    assert (line["shippedQuantity"], line["invoicedQuantity"]) == (ship, invoice)
    return order, path


def line_key(order: dict[str, Any], *, quoted: bool) -> str:
    if quoted:
        return f"Document Type='Order',Document No.='{order['number']}',Line No.='10000'"
    return f"Document Type=Order, Document No.={order['number']}, Line No.=10000"


async def test_an_order_line_s_quantity_cannot_go_below_what_has_shipped(bc: BC) -> None:
    order, path = await shipped_order(bc, ship=2, invoice=0)
    refused = await bc.patch(path, json={"quantity": 1}, headers=ANY)
    assert error(refused) == (
        400,
        "Application_FieldValidationException",
        "Quantity must not be less than Quantity Shipped in Sales Line "
        f"{line_key(order, quoted=True)}.",
    )
    kept = await bc.patch(path, json={"quantity": 2}, headers=ANY)
    assert kept.status_code == 200, kept.text
    assert kept.json()["shipQuantity"] == 0


async def test_a_line_shipped_and_not_invoiced_cannot_be_deleted(bc: BC) -> None:
    order, path = await shipped_order(bc, ship=2, invoice=0)
    message = (
        f"Qty. Shipped Not Invoiced must be equal to '0'  in Sales Line: "
        f"{line_key(order, quoted=False)}. Current value is '2'."
    )
    refused = await bc.delete(path, headers=ANY)
    assert error(refused) == (400, "Application_FieldValidationException", message)
    # Deleting the order deletes its lines by their own rule.
    whole = await bc.delete(f"salesOrders({order['id']})", headers=ANY)
    assert error(whole) == (400, "Application_FieldValidationException", message)
    assert (await bc.get(path)).status_code == 200


async def test_a_line_shipped_and_invoiced_can_be_deleted(bc: BC) -> None:
    _, path = await shipped_order(bc, ship=2, invoice=2)
    deleted = await bc.delete(path, headers=ANY)
    assert deleted.status_code == 204, deleted.text


async def test_an_order_that_has_shipped_keeps_its_customer(bc: BC) -> None:
    order, _ = await shipped_order(bc, ship=1, invoice=0)
    for change in ({"customerNumber": "C00030"}, {"billToCustomerNumber": "C00030"}):
        refused = await bc.patch(f"salesOrders({order['id']})", json=change, headers=ANY)
        assert error(refused) == (
            400,
            "Application_FieldValidationException",
            f"Quantity Shipped must be equal to '0'  in Sales Line: "
            f"{line_key(order, quoted=False)}. Current value is '1'.",
        )
    # The same customer written again is no change.
    same = await bc.patch(
        f"salesOrders({order['id']})", json={"customerNumber": "C00020"}, headers=ANY
    )
    assert same.status_code == 200, same.text


async def test_a_purchase_order_line_cannot_go_below_what_has_been_received(bc: BC) -> None:
    item = await bc.first("items", "&$filter=type eq 'Inventory'")
    body = {"vendorNumber": "20000", "purchaseOrderLines": [{"itemId": item["id"], "quantity": 4}]}
    order = (await bc.post("purchaseOrders", json=body)).json()
    [line] = (await bc.get(f"purchaseOrders({order['id']})/purchaseOrderLines")).json()["value"]
    path = f"purchaseOrders({order['id']})/purchaseOrderLines({line['id']})"
    await bc.patch(path, json={"receiveQuantity": 3, "invoiceQuantity": 0}, headers=ANY)
    await bc.post(f"purchaseOrders({order['id']})/Microsoft.NAV.receiveAndInvoice")
    refused = await bc.patch(path, json={"quantity": 2}, headers=ANY)
    assert error(refused) == (
        400,
        "Application_FieldValidationException",
        "Quantity must not be less than Quantity Received in Purchase Line "
        f"{line_key(order, quoted=True)}.",
    )
    gone = await bc.delete(path, headers=ANY)
    assert error(gone)[2] == (
        f"Qty. Rcd. Not Invoiced must be equal to '0'  in Purchase Line: "
        f"{line_key(order, quoted=False)}. Current value is '3'."
    )


async def test_a_contact_s_company_must_be_a_company_contact(bc: BC) -> None:
    person = await bc.first("contacts", "&$filter=type eq 'Person'")
    company = await bc.first("contacts", "&$filter=type eq 'Company'")
    path = f"contacts({person['id']})"
    for wrong in ("NOPE", person["number"]):
        refused = await bc.patch(path, json={"companyNumber": wrong}, headers=ANY)
        assert error(refused) == (
            400,
            "Internal_InvalidTableRelation",
            f"The field Company No. of table Contact contains a value ({wrong}) that cannot be "
            "found in the related table (Contact).",
        )
    taken = await bc.patch(path, json={"companyNumber": company["number"]}, headers=ANY)
    assert taken.status_code == 200, taken.text
