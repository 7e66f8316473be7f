"""Purchase orders, credit memos and receipts over the sandbox's HTTP API, as BC answers
them: what BC refuses with its messages, deep inserts, the bound actions, and receipts
only read."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.conftest import BC
from tests.sandbox.test_currencies import error

MISSING = "00000000-0000-0000-0000-0000000000aa"
VENDOR = "20000"


async def an_item_id(bc: BC) -> str:
    order = await bc.first("purchaseOrders", "&$expand=purchaseOrderLines")
    return str(order["purchaseOrderLines"][0]["itemId"])


async def order_with_line(bc: BC, vendor: str = VENDOR, **line: Any) -> dict[str, Any]:
    body = {
        "vendorNumber": vendor,
        "purchaseOrderLines": [{"itemId": await an_item_id(bc), **line}],
    }
    response = await bc.post("purchaseOrders", json=body)
    assert response.status_code == 201, response.text
    lines = await bc.get(f"purchaseOrders({response.json()['id']})/purchaseOrderLines")
    return {**response.json(), "purchaseOrderLines": lines.json()["value"]}


async def test_order_refusals_with_bcs_messages(bc: BC) -> None:
    neither = await bc.post("purchaseOrders", json={"orderDate": "2022-01-01"})
    assert error(neither) == (400, "Application_DialogException",
                              'A "vendorNumber" or a "vendorId" must be provided.')  # fmt: skip
    unknown = await bc.post("purchaseOrders", json={"vendorNumber": "NOPE"})
    assert error(unknown)[2] == "The buy-from vendor cannot be found."
    unknown_id = await bc.post("purchaseOrders", json={"vendorId": MISSING})
    assert error(unknown_id)[2] == "The buy-from vendor cannot be found."
    read_only = await bc.post("purchaseOrders", json={"vendorNumber": VENDOR, "number": "X1"})
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")
    currency = await bc.post("purchaseOrders", json={"vendorNumber": VENDOR, "currencyId": MISSING})
    assert error(currency)[2] == 'The "currencyId" does not match to a Currency.'
    terms = await bc.post(
        "purchaseOrders", json={"vendorNumber": VENDOR, "paymentTermsId": MISSING}
    )
    assert error(terms)[2] == 'The "paymentTermsId" does not match to a Payment Terms.'
    method = await bc.post(
        "purchaseOrders", json={"vendorNumber": VENDOR, "shipmentMethodId": MISSING}
    )
    assert error(method)[2] == 'The "shipmentMethodId" does not match to a Shipment Method.'
    bad_line = await bc.post(
        "purchaseOrders",
        json={"vendorNumber": VENDOR, "purchaseOrderLines": [{"lineType": "Sometimes"}]},
    )
    assert error(bad_line)[0] == 400
    pay_to = await bc.post(
        "purchaseOrders", json={"vendorNumber": VENDOR, "payToVendorId": MISSING}
    )
    assert error(pay_to)[2] == "The pay-to vendor cannot be found."
    other = await bc.first("vendors", "&$filter=" + quote("number eq '30000'"))
    paid = await bc.post(
        "purchaseOrders", json={"vendorNumber": VENDOR, "payToVendorNumber": "30000"}
    )
    assert paid.status_code == 201, paid.text
    assert paid.json()["payToVendorId"] == other["id"]
    assert paid.json()["payToName"] == other["displayName"]
    lines = await bc.get("purchaseOrderLines")
    assert error(lines)[2] == "You must specify an Id or a Document Id to get the lines."


async def test_receive_and_invoice_over_http(bc: BC) -> None:
    order = await order_with_line(bc, quantity=4, directUnitCost=25)
    line = order["purchaseOrderLines"][0]
    assert line["receiveQuantity"] == line["invoiceQuantity"] == 4
    assert order["totalAmountExcludingTax"] == 100
    action = await bc.post(f"purchaseOrders({order['id']})/Microsoft.NAV.receiveAndInvoice")
    assert action.status_code == 204, action.text
    gone = await bc.get(f"purchaseOrders({order['id']})")
    assert gone.status_code == 404
    invoice = await bc.first(
        "purchaseInvoices", "&$filter=" + quote(f"orderNumber eq '{order['number']}'")
    )
    assert invoice["status"] == "Open" and invoice["orderId"] == order["id"]
    receipt = await bc.first(
        "purchaseReceipts",
        "&$expand=purchaseReceiptLines&$filter=" + quote(f"orderNumber eq '{order['number']}'"),
    )
    assert receipt["vendorNumber"] == VENDOR
    assert [ln["quantity"] for ln in receipt["purchaseReceiptLines"]] == [4]
    top_level = await bc.get("purchaseReceiptLines")
    assert top_level.status_code == 200 and top_level.json()["value"]


async def test_receipts_are_read_only(bc: BC) -> None:
    order = await order_with_line(bc, quantity=1)
    await bc.post(f"purchaseOrders({order['id']})/Microsoft.NAV.receiveAndInvoice")
    receipt = await bc.first("purchaseReceipts", "")
    created = await bc.post("purchaseReceipts", json={"vendorNumber": VENDOR})
    assert created.status_code in (400, 405)
    changed = await bc.patch(
        f"purchaseReceipts({receipt['id']})",
        json={"shipToName": "X"},
        headers={"If-Match": receipt["@odata.etag"]},
    )
    assert changed.status_code in (400, 405)
    deleted = await bc.delete(
        f"purchaseReceipts({receipt['id']})", headers={"If-Match": receipt["@odata.etag"]}
    )
    assert deleted.status_code in (400, 405)


async def test_credit_memo_refusals_over_http(bc: BC) -> None:
    memo = await bc.post(
        "purchaseCreditMemos",
        json={"vendorNumber": VENDOR, "purchaseCreditMemoLines": [{"lineType": "Comment"}]},
    )
    assert memo.status_code == 201, memo.text
    body = memo.json()
    assert body["status"] == "Draft" and body["number"]
    post = await bc.post(f"purchaseCreditMemos({body['id']})/Microsoft.NAV.post")
    assert error(post)[2] == "Please add at least one line item to the credit memo."
    wrong = await bc.post(
        "purchaseCreditMemos", json={"vendorNumber": VENDOR, "invoiceId": MISSING}
    )
    assert error(wrong)[2] == 'The "invoiceId" does not match to an Invoice.'
    not_an_action = await bc.post(f"purchaseCreditMemos({body['id']})/Microsoft.NAV.cancel")
    assert error(not_an_action)[0] == 400


async def test_an_open_order_keeps_its_vendor_and_items(bc: BC) -> None:
    created = await bc.post("vendors", json={"displayName": "Orders Only Ltd"})
    assert created.status_code == 201, created.text
    vendor = created.json()
    new_item = await bc.post("items", json={"displayName": "Ordered Widget"})
    assert new_item.status_code == 201, new_item.text
    order = await order_with_line(
        bc, quantity=2, vendor=vendor["number"], itemId=new_item.json()["id"]
    )
    refused = await bc.delete(
        f"vendors({vendor['id']})", headers={"If-Match": vendor["@odata.etag"]}
    )
    assert error(refused)[2] == (
        f"You cannot delete Vendor {vendor['number']} because there is at least one "
        "outstanding Purchase Order for this vendor."
    )
    item_id = order["purchaseOrderLines"][0]["itemId"]
    item = (await bc.get(f"items({item_id})")).json()
    kept = await bc.delete(f"items({item_id})", headers={"If-Match": item["@odata.etag"]})
    assert error(kept)[2] == (
        f"You cannot delete Item {item['number']} because there is at least one outstanding "
        "Purchase Order that includes this item."
    )
