"""The purchase pages' own refusals and table relations, over the sandbox's HTTP API:
pay-to vendors, global dimension codes, prices including tax on a sales-tax order, a
credit memo's return reason, and journal lines (docs/sandbox.md lists each with its
source)."""

from __future__ import annotations

import pytest

from bcmodel.edm import EMPTY_GUID
from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}
DIALOG = "Application_DialogException"
NO_ID = "11111111-1111-1111-1111-111111111111"
ITEM_LINE = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1}


async def _vendors(bc: BC) -> list[dict[str, str]]:
    return list((await bc.get("vendors?$top=3")).json()["value"])


@pytest.mark.parametrize("documents", ["purchaseInvoices", "purchaseOrders", "purchaseCreditMemos"])
async def test_a_pay_to_vendor_must_exist_and_is_copied(bc: BC, documents: str) -> None:
    bought, paid, _ = await _vendors(bc)
    unknown = await bc.post(
        documents, json={"vendorId": bought["id"], "payToVendorNumber": "NOSUCH"}
    )
    assert error(unknown) == (400, DIALOG, "The pay-to vendor cannot be found.")
    created = await bc.post(
        documents, json={"vendorId": bought["id"], "payToVendorNumber": paid["number"]}
    )
    assert created.status_code == 201, created.text
    row = created.json()
    assert (row["vendorNumber"], row["payToVendorNumber"]) == (bought["number"], paid["number"])
    assert (row["payToVendorId"], row["payToName"]) == (paid["id"], paid["displayName"])


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        # APIV2 - Purchase Invoices has no PayToVendorValuesDontMatchErr: the id wins.
        ("purchaseInvoices", None),
        ("purchaseOrders", "The pay-to vendor values do not match to a specific Vendor."),
        ("purchaseCreditMemos", "The pay-to vendor values do not match to a Vendor."),
    ],
)
async def test_a_pay_to_id_and_number_of_two_vendors(
    bc: BC, documents: str, message: str | None
) -> None:
    bought, paid, other = await _vendors(bc)
    body = {
        "vendorId": bought["id"],
        "payToVendorId": paid["id"],
        "payToVendorNumber": other["number"],
    }
    response = await bc.post(documents, json=body)
    if message is None:
        assert response.status_code == 201, response.text
        assert response.json()["payToVendorNumber"] == paid["number"]
    else:
        assert error(response) == (400, DIALOG, message)


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        ("purchaseInvoices", None),
        ("purchaseOrders", "The pay-to vendor values do not match to a specific Vendor."),
        ("purchaseCreditMemos", "The pay-to vendor values do not match to a Vendor."),
    ],
)
async def test_a_pay_to_vendor_named_twice_follows_the_body_s_order(
    bc: BC, documents: str, message: str | None
) -> None:
    bought, paid, other = await _vendors(bc)
    # The number first: the id validated after it reads its own vendor, which is taken.
    taken = await bc.post(
        documents,
        json={
            "vendorId": bought["id"],
            "payToVendorNumber": other["number"],
            "payToVendorId": paid["id"],
        },
    )
    assert taken.status_code == 201, taken.text
    assert (taken.json()["payToVendorId"], taken.json()["payToVendorNumber"]) == (
        paid["id"],
        paid["number"],
    )
    # ... but the number is still validated first, so one naming no vendor is refused.
    unknown = {"payToVendorNumber": "NOSUCH", "payToVendorId": paid["id"]}
    refused = await bc.post(documents, json={"vendorId": bought["id"], **unknown})
    assert error(refused) == (400, DIALOG, "The pay-to vendor cannot be found.")
    path = f"{documents}({taken.json()['id']})"
    # The id first: the number after it must be the id's vendor's (any case).
    same = {"payToVendorId": other["id"], "payToVendorNumber": str(other["number"]).lower()}
    moved = await bc.patch(path, json=same, headers=ANY)
    assert moved.status_code == 200, moved.text
    assert moved.json()["payToName"] == other["displayName"]
    twice = {"payToVendorId": paid["id"], "payToVendorNumber": other["number"]}
    response = await bc.patch(path, json=twice, headers=ANY)
    if message is None:
        assert response.status_code == 200, response.text
        assert response.json()["payToVendorNumber"] == paid["number"]
    else:
        assert error(response) == (400, DIALOG, message)


async def test_posting_an_invoice_raises_the_pay_to_vendor_s_balance(bc: BC) -> None:
    bought, paid, _ = await _vendors(bc)
    line = {**ITEM_LINE, "unitCost": 100}
    body = {
        "vendorId": bought["id"],
        "payToVendorId": paid["id"],
        "vendorInvoiceNumber": "PAY-TO-1",
        "purchaseInvoiceLines": [line],
    }
    invoice = (await bc.post("purchaseInvoices", json=body)).json()
    posted = await bc.post(f"purchaseInvoices({invoice['id']})/Microsoft.NAV.post", headers=ANY)
    assert posted.status_code == 204, posted.text
    after_paid = (await bc.get(f"vendors({paid['id']})")).json()
    after_bought = (await bc.get(f"vendors({bought['id']})")).json()
    assert float(after_paid["balance"]) == pytest.approx(
        float(paid["balance"]) + float(invoice["totalAmountIncludingTax"])
    )
    assert float(after_bought["balance"]) == pytest.approx(float(bought["balance"]))


@pytest.mark.parametrize(
    ("documents", "table"),
    [
        ("purchaseInvoices", "Purch. Inv. Entity Aggregate"),
        ("purchaseOrders", "Purchase Order Entity Buffer"),
        ("purchaseCreditMemos", "Purch. Cr. Memo Entity Buffer"),
    ],
)
async def test_a_global_dimension_code_must_be_a_value_of_that_dimension(
    bc: BC, documents: str, table: str
) -> None:
    vendor = (await _vendors(bc))[0]
    # SALES is a DEPARTMENT value (global dimension 1), not a PROJECT one (2).
    refused = await bc.post(
        documents, json={"vendorId": vendor["id"], "shortcutDimension2Code": "SALES"}
    )
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Shortcut Dimension 2 Code of table {table} contains a value (SALES) that "
        "cannot be found in the related table (Dimension Value).",
    )
    taken = await bc.post(
        documents, json={"vendorId": vendor["id"], "shortcutDimension1Code": "sales"}
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["shortcutDimension1Code"] == "SALES"


async def test_prices_including_tax_are_refused_on_a_sales_tax_order_with_lines(bc: BC) -> None:
    vendor = (await _vendors(bc))[0]
    # A deep insert writes the header before its lines: nothing to refuse yet.
    body = {"vendorId": vendor["id"], "pricesIncludeTax": True, "purchaseOrderLines": [ITEM_LINE]}
    assert (await bc.post("purchaseOrders", json=body)).status_code == 201
    order = (
        await bc.post(
            "purchaseOrders", json={"vendorId": vendor["id"], "purchaseOrderLines": [ITEM_LINE]}
        )
    ).json()
    refused = await bc.patch(
        f"purchaseOrders({order['id']})", json={"pricesIncludeTax": True}, headers=ANY
    )
    assert error(refused) == (
        400,
        DIALOG,
        'The "pricesIncludeTax" cannot be set to true if VAT Calculation Type is Sales Tax.',
    )
    empty = (await bc.post("purchaseOrders", json={"vendorId": vendor["id"]})).json()
    allowed = await bc.patch(
        f"purchaseOrders({empty['id']})", json={"pricesIncludeTax": True}, headers=ANY
    )
    assert allowed.status_code == 200, allowed.text


async def test_prices_including_tax_are_allowed_on_a_vat_order(bc_fabrikam: BC) -> None:
    vendor = await bc_fabrikam.first("vendors")
    body = {"vendorId": vendor["id"], "purchaseOrderLines": [ITEM_LINE]}
    order = (await bc_fabrikam.post("purchaseOrders", json=body)).json()
    allowed = await bc_fabrikam.patch(
        f"purchaseOrders({order['id']})", json={"pricesIncludeTax": True}, headers=ANY
    )
    assert allowed.status_code == 200, allowed.text


async def test_a_credit_memo_s_return_reason_must_exist(bc: BC) -> None:
    vendor = (await _vendors(bc))[0]
    refused = await bc.post(
        "purchaseCreditMemos", json={"vendorId": vendor["id"], "vendorReturnReasonId": NO_ID}
    )
    assert error(refused) == (
        400,
        DIALOG,
        'The "vendorReturnReasonId" does not match to a Reason Code.',
    )
    blank = await bc.post(
        "purchaseCreditMemos", json={"vendorId": vendor["id"], "vendorReturnReasonId": EMPTY_GUID}
    )
    assert blank.status_code == 201, blank.text


async def test_a_journal_line_s_tax_code_and_balancing_account_are_related(bc: BC) -> None:
    journal = await bc.first("journals")
    lines = f"journals({journal['id']})/journalLines"
    line = {"accountNumber": "10100", "amount": 1}
    taxed = await bc.post(lines, json={**line, "taxCode": "NOSUCH"})
    assert error(taxed) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Tax Group Code of table Gen. Journal Line contains a value (NOSUCH) that "
        "cannot be found in the related table (Tax Group).",
    )
    balanced = await bc.post(lines, json={**line, "balancingAccountNumber": "NOSUCH"})
    assert error(balanced) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Bal. Account No. of table Gen. Journal Line contains a value (NOSUCH) that "
        "cannot be found in the related table (G/L Account).",
    )
    code = str((await bc.first("taxGroups"))["code"])
    created = await bc.post(lines, json={**line, "taxCode": code})
    assert created.status_code == 201, created.text
    changed = await bc.patch(
        f"journalLines({created.json()['id']})", json={"taxCode": "NOSUCH"}, headers=ANY
    )
    assert error(changed)[1] == "Internal_InvalidTableRelation"


async def test_an_order_line_s_quantity_cannot_fall_below_what_was_received(bc: BC) -> None:
    vendor = (await _vendors(bc))[0]
    line = {**ITEM_LINE, "quantity": 5, "receiveQuantity": 2, "invoiceQuantity": 0}
    order = (
        await bc.post(
            "purchaseOrders", json={"vendorId": vendor["id"], "purchaseOrderLines": [line]}
        )
    ).json()
    # Receiving only: BC commits the receipt, then finds no invoice to answer with.
    await bc.post(f"purchaseOrders({order['id']})/Microsoft.NAV.receiveAndInvoice")
    [received] = (await bc.get(f"purchaseOrders({order['id']})/purchaseOrderLines")).json()["value"]
    assert received["receivedQuantity"] == 2
    path = f"purchaseOrderLines({received['id']})"
    refused = await bc.patch(path, json={"quantity": 1}, headers=ANY)
    assert error(refused) == (
        400,
        "Application_FieldValidationException",
        "Quantity must not be less than Quantity Received in Purchase Line Document "
        f"Type='Order',Document No.='{order['number']}',Line No.='{received['sequence']}'.",
    )
    lowered = await bc.patch(path, json={"quantity": 3}, headers=ANY)
    assert lowered.status_code == 200, lowered.text
    assert lowered.json()["receiveQuantity"] == 1


@pytest.mark.parametrize(
    ("documents", "lines", "refused"),
    [
        ("purchaseInvoices", "purchaseInvoiceLines", True),
        ("purchaseOrders", "purchaseOrderLines", True),
        # APIV2 - Purch. Cr. Memo Lines does not call VerifyCanUpdateUOM.
        ("purchaseCreditMemos", "purchaseCreditMemoLines", False),
    ],
)
async def test_a_unit_of_measure_is_only_for_item_lines(
    bc: BC, documents: str, lines: str, refused: bool
) -> None:
    vendor = (await _vendors(bc))[0]
    document = (await bc.post(documents, json={"vendorId": vendor["id"]})).json()
    path = f"{documents}({document['id']})/{lines}"
    account = {"lineType": "Account", "lineObjectNumber": "50200", "quantity": 1}
    response = await bc.post(path, json={**account, "unitOfMeasureCode": "PCS"})
    if refused:
        assert error(response) == (
            400,
            DIALOG,
            "Unit of Measure can be set only for lines with type Item.",
        )
    else:
        assert response.status_code == 201, response.text
    item = await bc.post(path, json={**ITEM_LINE, "unitOfMeasureCode": "PCS"})
    assert item.status_code == 201, item.text
    plain = (await bc.post(path, json=account)).json()
    changed = await bc.patch(
        f"{lines}({plain['id']})", json={"unitOfMeasureCode": "PCS"}, headers=ANY
    )
    assert (changed.status_code == 400) is refused, changed.text


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        # APIV2 - Purchase Invoices: vendorNumber exits once vendorId found a vendor.
        ("purchaseInvoices", None),
        ("purchaseOrders", "The buy-from vendor values do not match to a specific Vendor."),
        ("purchaseCreditMemos", "The buy-from vendor values do not match to a Vendor."),
    ],
)
async def test_a_vendor_id_and_number_of_two_vendors(
    bc: BC, documents: str, message: str | None
) -> None:
    first, second, _ = await _vendors(bc)
    body = {"vendorId": first["id"], "vendorNumber": second["number"]}
    response = await bc.post(documents, json=body)
    if message is None:
        assert response.status_code == 201, response.text
        assert response.json()["vendorNumber"] == first["number"]
    else:
        assert error(response) == (400, DIALOG, message)
    same = {"vendorId": first["id"], "vendorNumber": str(first["number"]).lower()}
    assert (await bc.post(documents, json=same)).status_code == 201


async def test_a_journal_s_template_must_exist(bc: BC) -> None:
    refused = await bc.post("journals", json={"code": "TPL1", "templateDisplayName": "NOSUCH"})
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Journal Template Name of table Gen. Journal Batch contains a value (NOSUCH) "
        "that cannot be found in the related table (Gen. Journal Template).",
    )
    general = await bc.post("journals", json={"code": "TPL2", "templateDisplayName": "general"})
    assert general.status_code == 201, general.text
    assert general.json()["templateDisplayName"] == "GENERAL"
    moved = await bc.patch(
        f"journals({general.json()['id']})", json={"templateDisplayName": "NOSUCH"}, headers=ANY
    )
    assert error(moved)[1] == "Internal_InvalidTableRelation"


@pytest.mark.parametrize("blocked", ["Payment", "All"])
async def test_a_vendor_blocked_for_payments_gets_no_payment_line(bc: BC, blocked: str) -> None:
    vendor = (await bc.post("vendors", json={"displayName": "Blocked", "blocked": blocked})).json()
    journal = await bc.first("vendorPaymentJournals")
    payments = f"vendorPaymentJournals({journal['id']})/vendorPayments"
    for named in ({"vendorId": vendor["id"]}, {"vendorNumber": vendor["number"]}):
        refused = await bc.post(payments, json={**named, "amount": 5})
        assert error(refused) == (
            400,
            DIALOG,
            f"You cannot create this type of document when Vendor {vendor['number']} is "
            f"blocked with type {blocked}",
        )
    # Blocked for payments only, the vendor still gets invoices (CheckBlockedVendOnDocs).
    invoice = await bc.post("purchaseInvoices", json={"vendorId": vendor["id"]})
    assert (invoice.status_code == 201) is (blocked == "Payment"), invoice.text
