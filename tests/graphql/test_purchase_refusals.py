"""The purchase pages' and master data's table relations through GraphQL: the error keeps
BC's code and message and names the input field, including where the company's setup
picks the related table (resolvers/refusals.py)."""

from __future__ import annotations

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of

CREATE_INVOICE = """mutation($input: CreatePurchaseInvoiceInput!) {
  createPurchaseInvoice(input: $input) { id } }"""
CREATE_LINE = """mutation($invoiceId: UUID!, $input: CreatePurchaseInvoiceLineInput!) {
  createPurchaseInvoiceLine(invoiceId: $invoiceId, input: $input) { id taxCode } }"""
LINE = {"lineType": "ITEM", "lineObjectNumber": "1896-S", "quantity": "1", "taxCode": "NOSUCH"}


async def _refused_line(gw: Gateway) -> dict[str, str]:
    vendors = await gw.data("{ vendors(first: 1) { nodes { id } } }")
    vendor_id = vendors["vendors"]["nodes"][0]["id"]
    invoice = (await gw.data(CREATE_INVOICE, {"input": {"vendorId": vendor_id}}))[
        "createPurchaseInvoice"
    ]
    error = error_of(await gw.execute(CREATE_LINE, {"invoiceId": invoice["id"], "input": LINE}))
    assert (error["code"], error["field"], error["bcCode"]) == (
        "BAD_USER_INPUT",
        "input.taxCode",
        "Internal_InvalidTableRelation",
    )
    return error


async def test_a_line_s_tax_code_refusal_names_the_field(gw: Gateway) -> None:
    assert (await _refused_line(gw))["message"] == (
        "The field Tax Group Code of table Purch. Inv. Line Aggregate contains a value "
        "(NOSUCH) that cannot be found in the related table (Tax Group)."
    )


async def test_a_vat_company_s_tax_code_refusal_names_the_field(gw_carol: Gateway) -> None:
    # The caption is the VAT table's, which the declaration states as the lookup's variant.
    assert (await _refused_line(gw_carol))["message"] == (
        "The field VAT Prod. Posting Group of table Purch. Inv. Line Aggregate contains a "
        "value (NOSUCH) that cannot be found in the related table (VAT Product Posting Group)."
    )


async def test_a_global_dimension_and_a_statistics_group_refusal_name_the_field(
    gw: Gateway,
) -> None:
    result = await gw.execute(
        CREATE_INVOICE, {"input": {"vendorNumber": "20000", "shortcutDimension1Code": "NOPE"}}
    )
    error = error_of(result)
    assert (error["field"], error["bcCode"]) == (
        "input.shortcutDimension1Code",
        "Internal_InvalidTableRelation",
    )
    result = await gw.execute(
        """mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }""",
        {"input": {"givenName": "Refused", "statisticsGroupCode": "NOPE"}},
    )
    error = error_of(result)
    assert (error["field"], error["message"]) == (
        "input.statisticsGroupCode",
        "The field Statistics Group Code of table Employee contains a value (NOPE) that cannot "
        "be found in the related table (Employee Statistics Group).",
    )


async def test_a_journal_s_table_relation_refusals_name_the_field(gw: Gateway) -> None:
    result = await gw.execute(
        """mutation($input: CreateJournalInput!) { createJournal(input: $input) { id } }""",
        {"input": {"code": "GQL-TPL", "templateDisplayName": "NOSUCH"}},
    )
    error = error_of(result)
    assert (error["field"], error["bcCode"]) == (
        "input.templateDisplayName",
        "Internal_InvalidTableRelation",
    )


async def test_a_pay_to_vendor_named_twice_goes_to_bc_id_first(gw: Gateway) -> None:
    data = await gw.data("{ vendors(first: 2) { nodes { id number } } }")
    paid, other = data["vendors"]["nodes"]
    # The gateway writes the body in the declared order (the page's), whatever order the
    # document gives: the id comes first, so the number after it must be that vendor's.
    result = await gw.execute(
        """mutation($n: String, $id: UUID) { createPurchaseOrder(input: {
             vendorNumber: "20000", payToVendorNumber: $n, payToVendorId: $id}) { id } }""",
        {"n": other["number"], "id": paid["id"]},
    )
    error = error_of(result)
    assert (error["code"], error["bcCode"], error["message"]) == (
        "BAD_USER_INPUT",
        "Application_DialogException",
        "The pay-to vendor values do not match to a specific Vendor.",
    )
    assert "field" not in error
