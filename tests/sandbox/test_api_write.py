"""Writing to the sandbox with BC's rules: validation, ETags, deep insert, totals, posting."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from tests.conftest import BC, instant

ANY = {"If-Match": "*"}


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"]


async def vendor_by_number(bc: BC, number: str) -> dict[str, Any]:
    return await bc.first("vendors", "&$filter=" + quote(f"number eq '{number}'"))


async def test_create_vendor_assigns_number_uppercases_codes_and_keeps_given_id(bc: BC) -> None:
    given = str(uuid.uuid4())
    response = await bc.post(
        "vendors",
        json={"id": given, "displayName": "New Supplier", "country": "us", "postalCode": "ab1"},
    )
    assert response.status_code == 201, response.text
    vendor = response.json()
    assert vendor["id"] == given
    assert vendor["number"] and vendor["country"] == "US" and vendor["postalCode"] == "AB1"
    assert vendor["blocked"] == "_x0020_" and vendor["balance"] == 0
    assert response.headers["location"].endswith(f"vendors({given})")
    assert vendor["@odata.context"].endswith("/vendors/$entity")
    again = await bc.post("vendors", json={"displayName": "Another"})
    assert again.json()["number"] != vendor["number"]


async def test_create_vendor_refusals(bc: BC) -> None:
    read_only = await bc.post("vendors", json={"displayName": "X", "balance": 10})
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")
    assert "Control 'balance' is read-only" in error(read_only)[2]
    too_long = await bc.post("vendors", json={"displayName": "X" * 101})
    assert error(too_long)[:2] == (400, "Application_StringExceededLength")
    unknown = await bc.post("vendors", json={"displayName": "X", "colour": "red"})
    assert error(unknown)[0] == 400 and "colour" in error(unknown)[2]
    duplicate = await bc.post("vendors", json={"number": "10000", "displayName": "Dup"})
    assert error(duplicate)[:2] == (409, "Internal_EntityWithSameKeyExists")
    bad_terms = await bc.post(
        "vendors", json={"displayName": "X", "paymentTermsId": str(uuid.uuid4())}
    )
    assert error(bad_terms)[:2] == (400, "Application_DialogException")
    bad_enum = await bc.post("vendors", json={"displayName": "X", "blocked": "Sometimes"})
    assert error(bad_enum)[0] == 400
    not_json = await bc.post(
        "vendors", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert error(not_json)[0] == 400
    vendors = (await bc.get("vendors/$count")).text
    assert int(vendors) >= 50  # nothing above was stored
    assert (await bc.get("vendors?$filter=" + quote("displayName eq 'X'"))).json()["value"] == []


async def test_patch_needs_if_match_and_detects_stale_etags(bc: BC) -> None:
    vendor = await vendor_by_number(bc, "30000")
    path = f"vendors({vendor['id']})"
    missing = await bc.patch(path, json={"displayName": "Nope"})
    assert error(missing)[:2] == (400, "BadRequest_InvalidToken")
    updated = await bc.patch(
        path,
        json={"displayName": "Wide World Importers Inc.", "blocked": "Payment"},
        headers={"If-Match": vendor["@odata.etag"]},
    )
    assert updated.status_code == 200, updated.text
    body = updated.json()
    assert body["displayName"] == "Wide World Importers Inc." and body["blocked"] == "Payment"
    assert body["@odata.etag"] != vendor["@odata.etag"]
    assert instant(body["lastModifiedDateTime"]) > instant(vendor["lastModifiedDateTime"])
    stale = await bc.patch(
        path, json={"displayName": "Lost"}, headers={"If-Match": vendor["@odata.etag"]}
    )
    assert error(stale)[:2] == (409, "Request_EntityChanged")
    star = await bc.patch(path, json={"city": "Boston"}, headers={"If-Match": "*"})
    assert star.status_code == 200 and star.json()["displayName"] == "Wide World Importers Inc."
    collection = await bc.patch("vendors", json={"city": "X"}, headers={"If-Match": "*"})
    assert error(collection)[:2] == (405, "BadRequest_MethodNotAllowed")


async def test_delete_then_read_is_not_found(bc: BC) -> None:
    created = (await bc.post("vendors", json={"displayName": "Short-lived"})).json()
    path = f"vendors({created['id']})"
    stale = await bc.delete(path, headers={"If-Match": 'W/"stale"'})
    assert error(stale)[:2] == (409, "Request_EntityChanged")
    assert (await bc.delete(path, headers={"If-Match": created["@odata.etag"]})).status_code == 204
    assert (await bc.get(path)).status_code == 404
    assert (await bc.delete(path, headers={"If-Match": "*"})).status_code == 404


async def test_delete_without_if_match_is_refused_like_patch(bc: BC) -> None:
    # BC's API reference lists If-Match as required on DELETE, as on PATCH.
    created = (await bc.post("vendors", json={"displayName": "Guarded"})).json()
    path = f"vendors({created['id']})"
    for headers in ({}, {"If-Match": ""}, {"If-Match": "not-a-tag"}):
        refused = await bc.delete(path, headers=headers)
        assert error(refused)[:2] == (400, "BadRequest_InvalidToken"), headers
        assert "Could not validate the client concurrency token" in error(refused)[2]
    assert (await bc.get(path)).status_code == 200
    assert (await bc.delete(path, headers={"If-Match": "*"})).status_code == 204


async def test_read_only_sets_refuse_writes(bc: BC) -> None:
    account = await bc.first("accounts")
    assert error(await bc.post("accounts", json={"displayName": "X"}))[:2] == (
        405,
        "BadRequest_MethodNotAllowed",
    )
    assert (
        await bc.patch(f"accounts({account['id']})", json={}, headers={"If-Match": "*"})
    ).status_code == 405
    assert (await bc.delete(f"accounts({account['id']})")).status_code == 405
    assert (await bc.post(f"{bc.root}/companies", json={"name": "X"})).status_code == 405
    assert (await bc.post("balanceSheets", json={})).status_code == 405


async def test_read_only_intent_refuses_writes(bc: BC) -> None:
    response = await bc.post(
        "vendors", json={"displayName": "X"}, headers={"Data-Access-Intent": "ReadOnly"}
    )
    assert response.status_code == 400


async def seed_invoice_body(bc: BC) -> dict[str, Any]:
    vendor = await vendor_by_number(bc, "20000")
    return {
        "vendorId": vendor["id"],
        "vendorInvoiceNumber": "107001",
        "invoiceDate": "2019-01-01",
        "postingDate": "2019-01-01",
        "purchaseInvoiceLines": [
            {
                "lineType": "Item",
                "lineObjectNumber": "1896-S",
                "quantity": 4,
                "unitCost": 780.7,
                "taxCode": "FURNITURE",
            }
        ],
    }


async def test_deep_insert_computes_totals_and_due_date(bc: BC) -> None:
    response = await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))
    assert response.status_code == 201, response.text
    invoice = response.json()
    assert invoice["status"] == "Draft" and invoice["vendorNumber"] == "20000"
    assert invoice["vendorName"] == "First Up Consultants"
    assert (
        invoice["totalAmountExcludingTax"],
        invoice["totalTaxAmount"],
        invoice["totalAmountIncludingTax"],
    ) == (
        3122.8,
        187.37,
        3310.17,
    )
    assert invoice["dueDate"] > invoice["invoiceDate"]
    lines = (await bc.get(f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines")).json()[
        "value"
    ]
    assert len(lines) == 1
    line = lines[0]
    assert (
        line["sequence"] == 10000
        and line["description"]
        and line["itemId"] != "00000000-0000-0000-0000-000000000000"
    )
    assert line["amountIncludingTax"] == 3310.17


async def test_invoice_body_with_read_only_fields_is_refused(bc: BC) -> None:
    body = await seed_invoice_body(bc)
    body.update({"totalAmountIncludingTax": 3310.17, "status": "Paid"})
    response = await bc.post("purchaseInvoices", json=body)
    assert error(response)[:2] == (400, "BadRequest_InvalidOperation")


async def test_invoice_needs_a_vendor(bc: BC) -> None:
    response = await bc.post("purchaseInvoices", json={"invoiceDate": "2020-01-01"})
    assert error(response)[:2] == (400, "Application_DialogException")
    assert 'A "vendorNumber" or a "vendorID" must be provided.' in error(response)[2]
    by_number = await bc.post("purchaseInvoices", json={"vendorNumber": "10000"})
    assert by_number.status_code == 201 and by_number.json()["vendorNumber"] == "10000"


async def test_lines_change_invoice_totals_and_etag(bc: BC) -> None:
    invoice = (await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))).json()
    account = await bc.first("accounts", "&$filter=" + quote("accountType eq 'Posting'"))
    nested = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines"
    added = await bc.post(nested, json={"accountId": account["id"], "quantity": 2, "unitCost": 50})
    assert added.status_code == 201, added.text
    line = added.json()
    assert line["lineType"] == "Account" and line["sequence"] == 20000
    after = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    assert after["totalAmountExcludingTax"] == 3222.8
    assert after["@odata.etag"] != invoice["@odata.etag"]
    changed = await bc.patch(
        f"{nested}({line['id']})", json={"quantity": 3}, headers={"If-Match": line["@odata.etag"]}
    )
    assert changed.status_code == 200 and changed.json()["amountExcludingTax"] == 150
    fixed = await bc.patch(
        f"{nested}({line['id']})", json={"sequence": 5}, headers={"If-Match": "*"}
    )
    assert error(fixed)[0] == 400
    flat = await bc.post("purchaseInvoiceLines", json={"description": "note"})
    assert error(flat)[0] == 400
    flat_ok = await bc.post(
        "purchaseInvoiceLines", json={"documentId": invoice["id"], "description": "note"}
    )
    assert flat_ok.status_code == 201 and flat_ok.json()["lineType"] == "Comment"
    duplicate = await bc.post(nested, json={"sequence": 10000, "description": "dup"})
    assert "duplicate sequence" in error(duplicate)[2]
    assert (await bc.delete(f"{nested}({line['id']})", headers=ANY)).status_code == 204
    final = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    assert final["totalAmountExcludingTax"] == 3122.8


async def test_post_invoice(bc: BC) -> None:
    empty = (
        await bc.post(
            "purchaseInvoices", json={"vendorNumber": "10000", "vendorInvoiceNumber": "A1"}
        )
    ).json()
    nothing = await bc.post(f"purchaseInvoices({empty['id']})/Microsoft.NAV.post")
    assert error(nothing)[:2] == (400, "Application_DialogException")
    assert "There is nothing to post." in error(nothing)[2]

    body = await seed_invoice_body(bc)
    body["purchaseInvoiceLines"].append(
        {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 0}
    )
    zero = (await bc.post("purchaseInvoices", json=body)).json()
    refused = await bc.post(f"purchaseInvoices({zero['id']})/Microsoft.NAV.post")
    assert error(refused)[:2] == (400, "Application_FieldValidationException")

    invoice = (await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))).json()
    vendor_before = (await bc.get(f"vendors({invoice['vendorId']})")).json()
    posted = await bc.post(f"purchaseInvoices({invoice['id']})/Microsoft.NAV.post")
    assert posted.status_code == 204 and posted.content == b""
    after = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    assert after["status"] == "Open" and after["id"] == invoice["id"]
    vendor_after = (await bc.get(f"vendors({invoice['vendorId']})")).json()
    assert round(vendor_after["balance"] - vendor_before["balance"], 2) == 3310.17

    patch = await bc.patch(
        f"purchaseInvoices({invoice['id']})",
        json={"vendorInvoiceNumber": "X"},
        headers={"If-Match": "*"},
    )
    assert "The invoice has been posted and can no longer be modified." in error(patch)[2]
    lines = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines"
    add = await bc.post(lines, json={"description": "late"})
    assert error(add)[0] == 400
    again = await bc.post(f"purchaseInvoices({invoice['id']})/Microsoft.NAV.post")
    assert "draft invoice only" in error(again)[2]
    posted_delete = await bc.delete(f"purchaseInvoices({invoice['id']})", headers=ANY)
    assert error(posted_delete)[0] == 400, posted_delete.text
    unknown_action = await bc.post(f"vendors({invoice['vendorId']})/Microsoft.NAV.post")
    assert error(unknown_action)[0] == 400


async def test_payment_terms_and_tax_groups(bc: BC) -> None:
    term = await bc.post(
        "paymentTerms",
        json={"code": "45 days", "displayName": "Net 45", "dueDateCalculation": "45D"},
    )
    assert term.status_code == 201 and term.json()["code"] == "45 DAYS"
    bad = await bc.post("paymentTerms", json={"code": "BAD", "dueDateCalculation": "soon"})
    assert error(bad)[0] == 400
    no_code = await bc.post("paymentTerms", json={"displayName": "x"})
    assert error(no_code)[0] == 400
    group = await bc.post("taxGroups", json={"code": "toys", "displayName": "Toys"})
    assert group.status_code == 201
    assert group.json()["code"] == "TOYS" and group.json()["taxType"] == "Sales_x0020_Tax"
    dup = await bc.post("taxGroups", json={"code": "TOYS"})
    assert error(dup)[:2] == (409, "Internal_EntityWithSameKeyExists")
    read_only = await bc.post("taxGroups", json={"code": "X1", "taxType": "VAT"})
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")


async def test_a_new_tax_group_takes_the_company_s_tax_type(bc_fabrikam: BC) -> None:
    # taxType is a company setting (Field.company_wide): a UK company's groups are VAT.
    group = await bc_fabrikam.post("taxGroups", json={"code": "BOOKS", "displayName": "Books"})
    assert group.status_code == 201, group.text
    assert group.json()["taxType"] == "VAT"


async def test_vendor_with_open_invoices_cannot_be_deleted(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices", "&$filter=" + quote("status eq 'Draft'"))
    response = await bc.delete(f"vendors({invoice['vendorId']})", headers=ANY)
    assert error(response)[:2] == (400, "Application_DialogException")


async def test_a_line_with_a_taken_id_is_refused_not_overwritten(bc: BC) -> None:
    invoice = (await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))).json()
    lines = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines"
    existing = (await bc.get(lines)).json()["value"][0]
    again = await bc.post(lines, json={"id": existing["id"], "description": "takeover"})
    assert error(again)[:2] == (409, "Internal_EntityWithSameKeyExists")
    kept = (await bc.get(f"{lines}({existing['id']})")).json()
    assert kept["description"] == existing["description"]
