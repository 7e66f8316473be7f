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


async def test_an_item_s_base_unit_must_name_a_unit_of_measure(bc: BC) -> None:
    item = await bc.first("items")
    refused = await bc.patch(
        f"items({item['id']})", json={"baseUnitOfMeasureCode": "ZZZ"}, headers=ANY
    )
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Base Unit of Measure of table Item contains a value (ZZZ) that cannot be "
        "found in the related table (Unit of Measure).",
    )
    new = await bc.post("items", json={"displayName": "Odd unit", "baseUnitOfMeasureCode": "ZZZ"})
    assert error(new)[1] == "Internal_InvalidTableRelation"


@pytest.mark.parametrize(
    "lines", ["salesInvoices", "salesOrders", "salesQuotes", "salesCreditMemos"]
)
async def test_a_sales_line_s_variant_and_location_must_exist(bc: BC, lines: str) -> None:
    variant = await bc.first("itemVariants")
    other = await bc.first("items", f"&$filter=id ne {variant['itemId']}")
    location = await bc.first("locations")
    document = (await bc.post(lines, json={"customerNumber": "C00020"})).json()
    path = f"{lines}({document['id']})/{lines[:-1]}Lines"
    table = "of table Sales Invoice Line Aggregate contains a value"

    async def line(**given: Any) -> Any:
        return await bc.post(path, json={"lineType": "Item", "quantity": 1, **given})

    # A variant of another item is no variant of this one.
    wrong = await line(itemId=other["id"], itemVariantId=variant["id"])
    assert error(wrong) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Variant Id {table} ({{{variant['id'].upper()}}}) that cannot be found in "
        "the related table (Item Variant).",
    )
    nowhere = "00000000-0000-0000-0000-0000000000aa"
    refused = await line(itemId=variant["itemId"], locationId=nowhere)
    assert error(refused)[2] == (
        f"The field Location Id {table} ({{{nowhere.upper()}}}) that cannot be found in the "
        "related table (Location)."
    )
    taken = await line(
        itemId=variant["itemId"], itemVariantId=variant["id"], locationId=location["id"]
    )
    assert taken.status_code == 201, taken.text
    moved = await bc.patch(
        f"{path}({taken.json()['id']})", json={"locationId": nowhere}, headers=ANY
    )
    assert error(moved)[1] == "Internal_InvalidTableRelation"


async def test_an_order_s_prices_include_tax_unless_its_lines_bear_sales_tax(
    bc: BC, bc_fabrikam: BC
) -> None:
    # A sales-tax company: the order's first line is taxed by sales tax.
    order, _ = await shipped_order(bc, ship=0, invoice=0)
    refused = await bc.patch(
        f"salesOrders({order['id']})", json={"pricesIncludeTax": True}, headers=ANY
    )
    assert error(refused) == (
        400,
        "Application_DialogException",
        'The "pricesIncludeTax" cannot be set to true if VAT Calculation Type is Sales Tax.',
    )
    # No lines yet: nothing to refuse it for (the other sales pages never let it be written).
    bare = await bc.post("salesOrders", json={"customerNumber": "C00020", "pricesIncludeTax": True})
    assert bare.status_code == 201, bare.text
    assert bare.json()["pricesIncludeTax"] is True
    invoice = await bc.post(
        "salesInvoices", json={"customerNumber": "C00020", "pricesIncludeTax": True}
    )
    assert error(invoice)[2] == "Control 'pricesIncludeTax' is read-only."
    # A VAT company takes it on an order with lines.
    customer = await bc_fabrikam.first("customers")
    item = await bc_fabrikam.first("items", "&$filter=type eq 'Inventory'")
    line = {"lineType": "Item", "lineObjectNumber": item["number"], "quantity": 1}
    vat = await bc_fabrikam.post(
        "salesOrders", json={"customerId": customer["id"], "salesOrderLines": [line]}
    )
    assert vat.status_code == 201, vat.text
    taken = await bc_fabrikam.patch(
        f"salesOrders({vat.json()['id']})", json={"pricesIncludeTax": True}, headers=ANY
    )
    assert taken.status_code == 200, taken.text


@pytest.mark.parametrize("entity_set", ["salesInvoices", "salesOrders"])
async def test_a_customer_named_twice_follows_the_body_s_order(bc: BC, entity_set: str) -> None:
    one = await bc.first("customers", "&$filter=number eq 'C00020'")
    other = await bc.first("customers", "&$filter=number eq 'C00030'")
    # The id first: the number that follows must be the id's customer's.
    refused = await bc.post(entity_set, json={"customerId": one["id"], "customerNumber": "C00030"})
    assert error(refused) == (
        400,
        "Application_DialogException",
        "The sell-to customer values do not match to a specific Customer.",
    )
    # The number first: the id validated after it decides.
    taken = await bc.post(entity_set, json={"customerNumber": "C00030", "customerId": one["id"]})
    assert taken.status_code == 201, taken.text
    assert taken.json()["customerNumber"] == "C00020"
    path = f"{entity_set}({taken.json()['id']})"
    bill = {"billToCustomerId": one["id"], "billToCustomerNumber": "C00030"}
    refused = await bc.patch(path, json=bill, headers=ANY)
    assert error(refused)[2] == "The bill-to customer values do not match to a specific Customer."
    billed = await bc.patch(
        path,
        json={"billToCustomerNumber": "C00020", "billToCustomerId": other["id"]},
        headers=ANY,
    )
    assert billed.status_code == 200, billed.text
    assert billed.json()["billToCustomerNumber"] == "C00030"
    again = await bc.patch(
        path, json={"customerId": other["id"], "customerNumber": "c00020"}, headers=ANY
    )
    assert error(again)[2] == "The sell-to customer values do not match to a specific Customer."


async def test_a_payment_s_customer_and_invoice_follow_the_body_s_order(bc: BC) -> None:
    journal = await bc.first("customerPaymentJournals")
    path = f"customerPaymentJournals({journal['id']})/customerPayments"
    one = await bc.first("customers", "&$filter=number eq 'C00020'")
    # The number first: the id after it decides, as the page's customerId OnValidate does.
    taken = await bc.post(path, json={"customerNumber": "C00030", "customerId": one["id"]})
    assert taken.status_code == 201, taken.text
    assert taken.json()["customerNumber"] == "C00020"
    refused = await bc.post(path, json={"customerId": one["id"], "customerNumber": "C00030"})
    assert error(refused)[2] == "The customer values do not match to a specific Customer."
    posted = []
    for _ in range(2):
        line = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1}
        made = await bc.post(
            "salesInvoices", json={"customerNumber": "C00020", "salesInvoiceLines": [line]}
        )
        await bc.post(f"salesInvoices({made.json()['id']})/Microsoft.NAV.post")
        posted.append((await bc.get(f"salesInvoices({made.json()['id']})")).json())
    first, second = posted
    applied = await bc.post(
        path,
        json={"appliesToInvoiceNumber": second["number"], "appliesToInvoiceId": first["id"]},
    )
    assert applied.status_code == 201, applied.text
    assert applied.json()["appliesToInvoiceNumber"] == first["number"]
    mismatch = await bc.post(
        path,
        json={"appliesToInvoiceId": first["id"], "appliesToInvoiceNumber": second["number"]},
    )
    assert error(mismatch)[2] == "The Applies To Invoice values do not match to the same Invoice."


@pytest.mark.parametrize(
    ("entity_set", "quoted"),
    [("salesInvoices", True), ("salesOrders", False), ("salesQuotes", False)],
)
async def test_a_line_s_sequence_is_refused_in_its_page_s_words(
    bc: BC, entity_set: str, quoted: bool
) -> None:
    line = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1}
    lines = f"{entity_set[:-1]}Lines"
    made = await bc.post(entity_set, json={"customerNumber": "C00020", lines: [line]})
    [row] = (await bc.get(f"{entity_set}({made.json()['id']})/{lines}")).json()["value"]
    moved = await bc.patch(
        f"{entity_set}({made.json()['id']})/{lines}({row['id']})",
        json={"sequence": 20000},
        headers=ANY,
    )
    name = '"sequence"' if quoted else "sequence"
    assert error(moved)[2] == (
        f"The value for {name} cannot be modified. Delete and insert the line again."
    )


async def test_a_contact_s_business_relation_is_read_only(bc: BC) -> None:
    contact = await bc.first("contacts")
    refused = await bc.patch(
        f"contacts({contact['id']})", json={"contactBusinessRelation": "Customer"}, headers=ANY
    )
    assert error(refused) == (
        400,
        "BadRequest_InvalidOperation",
        "Control 'contactBusinessRelation' is read-only.",
    )
