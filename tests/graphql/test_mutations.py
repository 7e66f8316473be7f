"""Every mutation of the contract against the seeded sandbox, through the real BC client:
success, refusals before BC (naming the field) and by BC (with bcCode), stale etags,
unknown ids, posted invoices, and the upstream requests each one costs."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from tests.graphql.conftest import Gateway


def error_of(result: ExecutionResult) -> dict[str, Any]:
    """The one error of a result, as a client sees it: message, path and extensions."""
    assert result.errors is not None and len(result.errors) == 1, result.errors
    error = result.errors[0].formatted
    return {"message": error["message"], "path": error.get("path"), **error["extensions"]}


async def vendor_by_number(gw: Gateway, number: str) -> dict[str, Any]:
    data = await gw.data(
        """query($n: String) { vendors(filter: {number: {eq: $n}}) { nodes {
             id etag number displayName city blocked paymentTermsId } } }""",
        {"n": number},
    )
    [vendor] = data["vendors"]["nodes"]
    return dict(vendor)


CREATE_VENDOR = """mutation($input: CreateVendorInput!) {
  createVendor(input: $input) { id etag number displayName city blocked balance } }"""
UPDATE_VENDOR = """mutation($id: UUID!, $input: UpdateVendorInput!, $etag: String) {
  updateVendor(id: $id, input: $input, etag: $etag) { id etag displayName city blocked } }"""
DELETE_VENDOR = """mutation($id: UUID!, $etag: String) { deleteVendor(id: $id, etag: $etag) }"""
READ_VENDOR = "query($id: UUID!) { vendor(id: $id) { id displayName city } }"

LINES_5 = [
    {"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "4"},
    {"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "1", "unitCost": "100.5"},
    {"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "2"},
    {"lineType": "COMMENT", "description": "Delivered in two parts"},
    {"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "3", "description": "Desk"},
]
CREATE_INVOICE = """mutation($input: CreatePurchaseInvoiceInput!) {
  createPurchaseInvoice(input: $input) { id etag number status vendorNumber invoiceDate
    totalAmountExcludingTax totalTaxAmount totalAmountIncludingTax } }"""


def seed_invoice(**extra: Any) -> dict[str, Any]:
    """The seed's sample invoice as an input: read-only fields (number, totals, status)
    cannot be written, so BC numbers it and computes its totals from its line."""
    return {
        "vendorNumber": "20000",
        "vendorInvoiceNumber": "107001",
        "invoiceDate": "2019-01-01",
        "postingDate": "2019-01-01",
        "currencyCode": "USD",
        "lines": [{"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "4"}],
        **extra,
    }


async def create_invoice(gw: Gateway, **extra: Any) -> dict[str, Any]:
    data = await gw.data(CREATE_INVOICE, {"input": seed_invoice(**extra)})
    return dict(data["createPurchaseInvoice"])


# -- vendors ----------------------------------------------------------------------------


async def test_create_vendor_in_one_call_with_typed_values(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(
        CREATE_VENDOR, {"input": {"displayName": "Tailspin Toys", "blocked": "PAYMENT"}}
    )
    vendor = data["createVendor"]
    assert await gw.upstream_requests() == 1
    assert vendor["displayName"] == "Tailspin Toys" and vendor["blocked"] == "PAYMENT"
    assert vendor["number"] and vendor["etag"].startswith('W/"') and vendor["balance"] == "0"
    read = await gw.data(READ_VENDOR, {"id": vendor["id"]})
    assert read["vendor"]["displayName"] == "Tailspin Toys"


async def test_too_long_text_is_refused_before_bc_naming_the_field(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(CREATE_VENDOR, {"input": {"displayName": "x" * 101}})
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT" and error["field"] == "input.displayName"
    assert error["maxLength"] == 100 and "101" in error["message"]
    assert await gw.upstream_requests() == 0


async def test_read_only_fields_are_not_in_the_inputs(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(
        'mutation { createVendor(input: {displayName: "A", balance: "5"}) { id } }'
    )
    # Written in the document, so the document does not validate (in variables it would be
    # BAD_USER_INPUT).
    assert error_of(result)["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await gw.upstream_requests() == 0


async def test_bc_validation_comes_back_with_bc_code_and_message(gw: Gateway) -> None:
    unknown_terms = str(uuid.uuid4())
    result = await gw.execute(
        CREATE_VENDOR, {"input": {"displayName": "A", "paymentTermsId": unknown_terms}}
    )
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT"
    assert error["bcCode"] == "Application_DialogException"
    assert error["message"] == 'The "paymentTermsId" does not match to a Payment Terms.'
    duplicate = error_of(await gw.execute(CREATE_VENDOR, {"input": {"number": "10000"}}))
    assert duplicate["code"] == "CONFLICT"
    assert duplicate["bcCode"] == "Internal_EntityWithSameKeyExists"


async def test_update_sends_only_the_fields_given_and_null_clears(gw: Gateway) -> None:
    before = await vendor_by_number(gw, "10000")
    assert before["city"]
    renamed = (
        await gw.data(
            UPDATE_VENDOR,
            {"id": before["id"], "input": {"displayName": "Fabrikam 2"}, "etag": before["etag"]},
        )
    )["updateVendor"]
    # Left out: unchanged. Explicit null: cleared to BC's blank.
    assert renamed["displayName"] == "Fabrikam 2" and renamed["city"] == before["city"]
    assert renamed["etag"] != before["etag"]
    cleared = (
        await gw.data(UPDATE_VENDOR, {"id": before["id"], "input": {"city": None, "blocked": None}})
    )["updateVendor"]
    assert cleared["city"] == "" and cleared["displayName"] == "Fabrikam 2"
    assert cleared["blocked"] == "BLANK"


async def test_an_empty_update_is_refused(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "10000")
    error = error_of(await gw.execute(UPDATE_VENDOR, {"id": vendor["id"], "input": {}}))
    assert error["code"] == "BAD_USER_INPUT" and error["field"] == "input"


async def test_stale_etag_is_a_conflict_carrying_the_current_etag(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "20000")
    first = await gw.data(
        UPDATE_VENDOR, {"id": vendor["id"], "input": {"city": "Oslo"}, "etag": vendor["etag"]}
    )
    await gw.reset_stats()
    stale = await gw.execute(
        UPDATE_VENDOR, {"id": vendor["id"], "input": {"city": "Bergen"}, "etag": vendor["etag"]}
    )
    error = error_of(stale)
    assert error["code"] == "CONFLICT" and error["bcCode"] == "Request_EntityChanged"
    assert error["currentEtag"] == first["updateVendor"]["etag"]
    # The refused PATCH, then one GET for the current etag.
    assert await gw.upstream_requests() == 2
    assert (await vendor_by_number(gw, "20000"))["city"] == "Oslo"
    # Retrying with the current etag goes through.
    retried = await gw.data(
        UPDATE_VENDOR,
        {"id": vendor["id"], "input": {"city": "Bergen"}, "etag": error["currentEtag"]},
    )
    assert retried["updateVendor"]["city"] == "Bergen"


async def test_lost_update_exactly_one_of_two_writers_wins(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "40000")
    # Two clients read the same version, then both write with the etag they read.
    results = await asyncio.gather(
        gw.execute(
            UPDATE_VENDOR,
            {"id": vendor["id"], "input": {"displayName": "Writer A"}, "etag": vendor["etag"]},
        ),
        gw.execute(
            UPDATE_VENDOR,
            {"id": vendor["id"], "input": {"displayName": "Writer B"}, "etag": vendor["etag"]},
        ),
    )
    winners = [r for r in results if r.errors is None]
    losers = [r for r in results if r.errors is not None]
    assert len(winners) == 1 and len(losers) == 1
    assert error_of(losers[0])["code"] == "CONFLICT"
    assert winners[0].data is not None
    won = winners[0].data["updateVendor"]
    now = await vendor_by_number(gw, "40000")
    # Nothing lost silently: BC holds the winner's write, and the loser was told the etag.
    assert now["displayName"] == won["displayName"] and now["etag"] == won["etag"]
    assert error_of(losers[0])["currentEtag"] == won["etag"]


async def test_unknown_ids_are_not_found(gw: Gateway) -> None:
    missing = str(uuid.uuid4())
    for result in (
        await gw.execute(UPDATE_VENDOR, {"id": missing, "input": {"city": "X"}}),
        await gw.execute(DELETE_VENDOR, {"id": missing}),
        await gw.execute("mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": missing}),
    ):
        assert error_of(result)["code"] == "NOT_FOUND"


async def test_delete_then_read_is_not_found(gw: Gateway) -> None:
    created = (await gw.data(CREATE_VENDOR, {"input": {"displayName": "Short-lived"}}))[
        "createVendor"
    ]
    stale = error_of(await gw.execute(DELETE_VENDOR, {"id": created["id"], "etag": 'W/"old"'}))
    assert stale["code"] == "CONFLICT" and stale["currentEtag"] == created["etag"]
    deleted = await gw.data(DELETE_VENDOR, {"id": created["id"], "etag": created["etag"]})
    assert deleted["deleteVendor"] == created["id"]
    assert error_of(await gw.execute(READ_VENDOR, {"id": created["id"]}))["code"] == "NOT_FOUND"
    again = error_of(await gw.execute(DELETE_VENDOR, {"id": created["id"]}))
    assert again["code"] == "NOT_FOUND"


async def test_bc_refuses_deleting_a_vendor_with_open_invoices(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "20000")
    error = error_of(await gw.execute(DELETE_VENDOR, {"id": vendor["id"]}))
    assert error["code"] == "BAD_USER_INPUT" and "outstanding" in error["message"]


async def test_etag_with_a_line_break_is_refused_before_bc(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "10000")
    await gw.reset_stats()
    result = await gw.execute(
        UPDATE_VENDOR,
        {"id": vendor["id"], "input": {"city": "X"}, "etag": "*\r\nX-Injected: 1"},
    )
    assert error_of(result)["field"] == "etag"
    assert await gw.upstream_requests() == 0


# -- purchase invoices ------------------------------------------------------------------


async def test_seed_invoice_with_lines_is_one_deep_insert(gw: Gateway) -> None:
    await gw.reset_stats()
    invoice = await create_invoice(gw)
    assert await gw.upstream_requests() == 1
    assert invoice["number"] != "108001"  # taken in the seed; BC numbers new ones
    assert invoice["status"] == "DRAFT" and invoice["invoiceDate"] == "2019-01-01"
    assert (
        invoice["totalAmountExcludingTax"],
        invoice["totalTaxAmount"],
        invoice["totalAmountIncludingTax"],
    ) == ("3122.8", "187.37", "3310.17")


async def test_five_lines_in_one_request(gw: Gateway) -> None:
    await gw.reset_stats()
    invoice = await create_invoice(gw, lines=LINES_5)
    assert await gw.upstream_requests() == 1
    lines = await gw.data(
        "query($id: UUID!) { purchaseInvoice(id: $id) { lines { nodes { sequence lineType } } } }",
        {"id": invoice["id"]},
    )
    nodes = lines["purchaseInvoice"]["lines"]["nodes"]
    assert [n["sequence"] for n in nodes] == [10000, 20000, 30000, 40000, 50000]
    assert nodes[3]["lineType"] == "COMMENT"


async def test_invoice_needs_its_vendor_before_bc(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(CREATE_INVOICE, {"input": {"invoiceDate": "2019-01-01"}})
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT" and error["field"] == "input.vendorId"
    long_line = seed_invoice(lines=[{"lineType": "COMMENT", "description": "d" * 101}])
    error = error_of(await gw.execute(CREATE_INVOICE, {"input": long_line}))
    assert error["field"] == "input.lines[0].description"
    assert await gw.upstream_requests() == 0


async def test_update_then_post_then_posted_invoice_is_immutable(gw: Gateway) -> None:
    invoice = await create_invoice(gw)
    updated = await gw.data(
        """mutation($id: UUID!, $etag: String) { updatePurchaseInvoice(id: $id, etag: $etag,
             input: {vendorInvoiceNumber: "vi-9", dueDate: "2019-02-15"}) {
             vendorInvoiceNumber dueDate etag } }""",
        {"id": invoice["id"], "etag": invoice["etag"]},
    )
    assert updated["updatePurchaseInvoice"]["vendorInvoiceNumber"] == "VI-9"  # a Code field
    await gw.reset_stats()
    posted = await gw.data(
        """mutation($id: UUID!) { postInvoice(id: $id) { id status number
             totalAmountIncludingTax lines { nodes { quantity } } } }""",
        {"id": invoice["id"]},
    )
    # The action (204), then one GET shaped by the selection (lines expanded).
    assert await gw.upstream_requests() == 2
    assert posted["postInvoice"]["status"] == "OPEN"
    assert posted["postInvoice"]["lines"]["nodes"] == [{"quantity": "4"}]

    change = await gw.execute(
        """mutation($id: UUID!) { updatePurchaseInvoice(id: $id, input: {dueDate: "2019-03-01"})
             { id } }""",
        {"id": invoice["id"]},
    )
    error = error_of(change)
    assert error["code"] == "BAD_USER_INPUT" and error["bcCode"] == "Application_DialogException"
    assert error["message"] == "The invoice has been posted and can no longer be modified."
    again = error_of(
        await gw.execute(
            "mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]}
        )
    )
    assert again["message"] == "The action can be applied to a draft invoice only."
    delete = error_of(
        await gw.execute(
            "mutation($id: UUID!) { deletePurchaseInvoice(id: $id) }", {"id": invoice["id"]}
        )
    )
    # The posted-document header's OnDelete: TestField on a setup date blank in a new
    # company (sandbox/rules/posted_deletion.py).
    assert delete["bcCode"] == "Application_FieldValidationException"
    assert delete["message"] == (
        "Allow Document Deletion Before must have a value in Purchases & Payables Setup: "
        "Primary Key=. It cannot be zero or empty."
    )


async def test_lines_of_a_posted_invoice_are_immutable(gw: Gateway) -> None:
    invoice = await create_invoice(gw)
    lines = await gw.data(
        "query($id: UUID!) { purchaseInvoice(id: $id) { lines { nodes { id } } } }",
        {"id": invoice["id"]},
    )
    line_id = lines["purchaseInvoice"]["lines"]["nodes"][0]["id"]
    await gw.data("mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]})
    posted = "The invoice has been posted and can no longer be modified."
    ids = {"inv": invoice["id"], "line": line_id}
    for document in (
        """mutation($inv: UUID!) { createPurchaseInvoiceLine(invoiceId: $inv,
             input: {lineType: COMMENT, description: "late"}) { id } }""",
        """mutation($inv: UUID!, $line: UUID!) { updatePurchaseInvoiceLine(invoiceId: $inv,
             id: $line, input: {quantity: "9"}) { id } }""",
        """mutation($inv: UUID!, $line: UUID!) {
             deletePurchaseInvoiceLine(invoiceId: $inv, id: $line) }""",
    ):
        variables = ids if "$line" in document else {"inv": invoice["id"]}
        error = error_of(await gw.execute(document, variables))
        assert error["code"] == "BAD_USER_INPUT" and error["message"] == posted


async def test_posting_a_draft_without_lines_is_bcs_error(gw: Gateway) -> None:
    invoice = await create_invoice(gw, lines=[])
    error = error_of(
        await gw.execute(
            "mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]}
        )
    )
    assert error["code"] == "BAD_USER_INPUT"
    assert error["bcCode"] == "Application_DialogException"
    assert error["message"] == "There is nothing to post."


async def test_delete_draft_invoice_then_read_is_not_found(gw: Gateway) -> None:
    invoice = await create_invoice(gw)
    deleted = await gw.data(
        "mutation($id: UUID!, $e: String) { deletePurchaseInvoice(id: $id, etag: $e) }",
        {"id": invoice["id"], "e": invoice["etag"]},
    )
    assert deleted["deletePurchaseInvoice"] == invoice["id"]
    read = await gw.execute(
        "query($id: UUID!) { purchaseInvoice(id: $id) { id } }", {"id": invoice["id"]}
    )
    assert error_of(read)["code"] == "NOT_FOUND"


# -- invoice lines ----------------------------------------------------------------------

LINE_FIELDS = "id etag sequence lineType quantity unitCost amountExcludingTax"


async def test_line_create_update_delete_under_the_invoice(gw: Gateway) -> None:
    invoice = await create_invoice(gw)
    created = await gw.data(
        f"""mutation($inv: UUID!) {{ createPurchaseInvoiceLine(invoiceId: $inv,
              input: {{lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1",
                      unitCost: "10.25"}}) {{ {LINE_FIELDS} invoice {{ totalAmountExcludingTax }} }} }}""",
        {"inv": invoice["id"]},
    )
    line = created["createPurchaseInvoiceLine"]
    assert line["sequence"] == 20000 and line["amountExcludingTax"] == "10.25"
    # The invoice was read after the write: its totals include the new line.
    assert line["invoice"]["totalAmountExcludingTax"] == "3133.05"

    update = f"""mutation($inv: UUID!, $id: UUID!, $etag: String, $q: Decimal) {{
        updatePurchaseInvoiceLine(invoiceId: $inv, id: $id, etag: $etag, input: {{quantity: $q}})
        {{ {LINE_FIELDS} }} }}"""
    changed = await gw.data(
        update, {"inv": invoice["id"], "id": line["id"], "etag": line["etag"], "q": "3"}
    )
    assert changed["updatePurchaseInvoiceLine"]["amountExcludingTax"] == "30.75"
    stale = error_of(
        await gw.execute(
            update, {"inv": invoice["id"], "id": line["id"], "etag": line["etag"], "q": "5"}
        )
    )
    assert stale["code"] == "CONFLICT"
    assert stale["currentEtag"] == changed["updatePurchaseInvoiceLine"]["etag"]

    # A line is addressed under its invoice: under another invoice it does not exist.
    other = await create_invoice(gw)
    foreign = await gw.execute(
        update, {"inv": other["id"], "id": line["id"], "etag": None, "q": "1"}
    )
    assert error_of(foreign)["code"] == "NOT_FOUND"

    delete = (
        "mutation($inv: UUID!, $id: UUID!) { deletePurchaseInvoiceLine(invoiceId: $inv, id: $id) }"
    )
    gone = await gw.data(delete, {"inv": invoice["id"], "id": line["id"]})
    assert gone["deletePurchaseInvoiceLine"] == line["id"]
    assert (
        error_of(await gw.execute(delete, {"inv": invoice["id"], "id": line["id"]}))["code"]
        == "NOT_FOUND"
    )


async def test_bc_refuses_renumbering_lines_which_the_input_cannot_express(gw: Gateway) -> None:
    result = await gw.execute(
        """mutation { updatePurchaseInvoiceLine(invoiceId: "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
             id: "5d115c9c-44e3-ea11-bb43-000d3a2feca1", input: {sequence: 5}) { id } }"""
    )
    # Not a field of the input type: the document does not validate.
    assert error_of(result)["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_line_for_an_unknown_invoice_is_not_found(gw: Gateway) -> None:
    result = await gw.execute(
        """mutation($inv: UUID!) { createPurchaseInvoiceLine(invoiceId: $inv,
             input: {lineType: COMMENT, description: "x"}) { id } }""",
        {"inv": str(uuid.uuid4())},
    )
    assert error_of(result)["code"] == "NOT_FOUND"


# -- tax groups and payment terms -------------------------------------------------------


async def test_tax_group_lifecycle(gw: Gateway) -> None:
    missing = error_of(
        await gw.execute('mutation { createTaxGroup(input: {displayName: "No code"}) { id } }')
    )
    assert missing["code"] == "BAD_USER_INPUT" and missing["field"] == "input.code"
    created = (
        await gw.data(
            """mutation { createTaxGroup(input: {code: "green", displayName: "Green goods"})
                 { id etag code displayName taxType } }"""
        )
    )["createTaxGroup"]
    assert created["code"] == "GREEN" and created["taxType"] == "SALES_TAX"
    duplicate = error_of(
        await gw.execute('mutation { createTaxGroup(input: {code: "GREEN"}) { id } }')
    )
    assert duplicate["code"] == "CONFLICT"
    update = """mutation($id: UUID!, $etag: String, $input: UpdateTaxGroupInput!) {
        updateTaxGroup(id: $id, etag: $etag, input: $input) { displayName etag } }"""
    renamed = await gw.data(
        update, {"id": created["id"], "etag": created["etag"], "input": {"displayName": "G"}}
    )
    assert renamed["updateTaxGroup"]["displayName"] == "G"
    cleared = error_of(await gw.execute(update, {"id": created["id"], "input": {"code": None}}))
    assert cleared["field"] == "input.code"
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteTaxGroup(id: $id) }", {"id": created["id"]}
    )
    assert deleted["deleteTaxGroup"] == created["id"]
    read = await gw.execute("query($id: UUID!) { taxGroup(id: $id) { id } }", {"id": created["id"]})
    assert error_of(read)["code"] == "NOT_FOUND"


async def test_payment_term_lifecycle(gw: Gateway) -> None:
    blank = error_of(
        await gw.execute(
            'mutation { createPaymentTerm(input: {code: "", displayName: "x"}) { id } }'
        )
    )
    assert blank["field"] == "input.code"
    bad_formula = error_of(
        await gw.execute(
            'mutation { createPaymentTerm(input: {code: "Q1", dueDateCalculation: "soon"}) { id } }'
        )
    )
    assert bad_formula["bcCode"] == "Application_DialogException"
    created = (
        await gw.data(
            """mutation { createPaymentTerm(input: {code: "45 days", displayName: "Net 45",
                 dueDateCalculation: "45D", discountPercent: "1.5"}) { id etag code discountPercent } }"""
        )
    )["createPaymentTerm"]
    assert created["code"] == "45 DAYS" and Decimal(created["discountPercent"]) == Decimal("1.5")
    updated = await gw.data(
        """mutation($id: UUID!, $etag: String) { updatePaymentTerm(id: $id, etag: $etag,
             input: {dueDateCalculation: "CM"}) { dueDateCalculation } }""",
        {"id": created["id"], "etag": created["etag"]},
    )
    assert updated["updatePaymentTerm"]["dueDateCalculation"] == "CM"
    deleted = await gw.data(
        "mutation($id: UUID!) { deletePaymentTerm(id: $id) }", {"id": created["id"]}
    )
    assert deleted["deletePaymentTerm"] == created["id"]
    unknown = error_of(
        await gw.execute(
            "mutation($id: UUID!) { deletePaymentTerm(id: $id) }", {"id": created["id"]}
        )
    )
    assert unknown["code"] == "NOT_FOUND"


# -- later fields read fresh data -------------------------------------------------------


async def test_fields_after_a_mutation_do_not_see_cached_reads(gw: Gateway) -> None:
    vendor = await vendor_by_number(gw, "10000")
    terms_id = vendor["paymentTermsId"]
    # `a` loads the vendor's payment terms through the request's loader; `b` renames them;
    # `c` selects exactly what `a` did, so it would hit a.'s cache entry if it survived.
    data = await gw.data(
        """mutation($v: UUID!, $t: UUID!) {
             a: updateVendor(id: $v, input: {city: "A"}) { paymentTerm { displayName } }
             b: updatePaymentTerm(id: $t, input: {displayName: "Renamed terms"}) { displayName }
             c: updateVendor(id: $v, input: {city: "C"}) { paymentTerm { displayName } } }""",
        {"v": vendor["id"], "t": terms_id},
    )
    assert data["a"]["paymentTerm"]["displayName"] != "Renamed terms"
    assert data["c"]["paymentTerm"]["displayName"] == "Renamed terms"


async def test_each_line_sees_the_invoice_totals_after_its_own_write(gw: Gateway) -> None:
    invoice = await create_invoice(gw, lines=[])
    line = """createPurchaseInvoiceLine(invoiceId: $inv,
        input: {lineType: ITEM, lineObjectNumber: "1896-S", quantity: "1", unitCost: "10"})"""
    data = await gw.data(
        f"""mutation($inv: UUID!) {{
              a: {line} {{ invoice {{ totalAmountExcludingTax }} }}
              b: {line} {{ invoice {{ totalAmountExcludingTax }} }} }}""",
        {"inv": invoice["id"]},
    )
    assert data["a"]["invoice"]["totalAmountExcludingTax"] == "10"
    assert data["b"]["invoice"]["totalAmountExcludingTax"] == "20"


# -- the seed's examples ----------------------------------------------------------------


async def test_seed_examples_balance_sheet_and_vendor_update(gw: Gateway) -> None:
    sheet = (await gw.data('{ balanceSheet(date: "2020-12-30") { lineNumber display balance } }'))[
        "balanceSheet"
    ]
    numbers = [line["lineNumber"] for line in sheet]
    assert numbers == sorted(numbers) and len(numbers) > 3
    assert sheet[0]["display"] == "Assets"

    vendor = await vendor_by_number(gw, "30000")
    assert vendor["displayName"] == "Wide World Importers"
    updated = await gw.data(
        UPDATE_VENDOR,
        {
            "id": vendor["id"],
            "etag": vendor["etag"],
            "input": {"displayName": "Wide World Importers Inc.", "blocked": "PAYMENT"},
        },
    )
    assert updated["updateVendor"]["displayName"] == "Wide World Importers Inc."
    assert updated["updateVendor"]["blocked"] == "PAYMENT"
    assert (await vendor_by_number(gw, "30000"))["blocked"] == "PAYMENT"


@pytest.mark.parametrize("field", ["number", "status", "totalAmountIncludingTax"])
async def test_the_seed_invoices_read_only_fields_cannot_be_sent(gw: Gateway, field: str) -> None:
    await gw.reset_stats()
    result = await gw.execute(CREATE_INVOICE, {"input": seed_invoice(**{field: "108001"})})
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT" and field in error["message"]
    assert await gw.upstream_requests() == 0


# -- the connection ---------------------------------------------------------------------


async def test_me_without_connection_management_tells_what_the_context_knows(gw: Gateway) -> None:
    me = (await gw.data("{ me { userId connected tenantId defaultCompanyId } }"))["me"]
    assert me == {
        "userId": gw.user,
        "connected": True,
        "tenantId": None,
        "defaultCompanyId": gw.company_id,
    }
    refused = await gw.execute(
        "mutation($c: UUID!) { setDefaultCompany(companyId: $c) { connected } }",
        {"c": gw.company_id},
    )
    assert error_of(refused)["code"] == "FORBIDDEN"
