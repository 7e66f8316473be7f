"""An invoice's dimension set over GraphQL: read with the invoice in one call, listed for
given invoices, and written under the invoice (create, update, delete)."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway

INVOICES = """{ purchaseInvoices(first: 40) { nodes { id number shortcutDimension1Code
  dimensionSetLines { totalCount nodes { id code parentId parentType valueCode
  valueDisplayName } } } } }"""
CREATE = """mutation($invoice: UUID!, $input: CreateDimensionSetLineInput!) {
  createDimensionSetLine(invoiceId: $invoice, input: $input) { id etag code valueCode
  valueDisplayName parentId } }"""


async def a_draft(gw: Gateway) -> dict[str, Any]:
    page = await gw.data(
        """{ purchaseInvoices(first: 50, filter: {status: DRAFT}) { nodes { id etag
        dimensionSetLines { nodes { code } } } } }"""
    )
    return next(
        i
        for i in page["purchaseInvoices"]["nodes"]
        if "PROJECT" not in {d["code"] for d in i["dimensionSetLines"]["nodes"]}
    )


async def test_invoices_and_their_dimension_sets_come_in_one_call(gw: Gateway) -> None:
    await gw.reset_stats()
    invoices = (await gw.data(INVOICES))["purchaseInvoices"]["nodes"]
    assert await gw.upstream_requests() == 1
    with_sets = [i for i in invoices if i["dimensionSetLines"]["totalCount"]]
    assert with_sets
    for invoice in with_sets:
        lines = invoice["dimensionSetLines"]["nodes"]
        assert {(d["parentId"], d["parentType"]) for d in lines} == {
            (invoice["id"], "PURCHASE_INVOICE")
        }
        department = [d["valueCode"] for d in lines if d["code"] == "DEPARTMENT"]
        assert invoice["shortcutDimension1Code"] == (department[0] if department else "")
    # BC keys a line by its dimension: the same id under several invoices.
    area = [
        d["id"] for i in with_sets for d in i["dimensionSetLines"]["nodes"] if d["code"] == "AREA"
    ]
    assert len(area) > 1 and len(set(area)) == 1


async def test_dimension_set_lines_are_listed_for_given_invoices_only(gw: Gateway) -> None:
    invoices = (await gw.data(INVOICES))["purchaseInvoices"]["nodes"]
    wanted = [i for i in invoices if i["dimensionSetLines"]["totalCount"]][:3]
    listed = await gw.data(
        """query($ids: [UUID!]) { dimensionSetLines(filter: {parentId: {in: $ids}},
        orderBy: [{field: CODE}]) { totalCount nodes { parentId code } } }""",
        {"ids": [i["id"] for i in wanted]},
    )
    page = listed["dimensionSetLines"]
    assert page["totalCount"] == sum(i["dimensionSetLines"]["totalCount"] for i in wanted)
    refused = await gw.execute("{ dimensionSetLines { nodes { code } } }")
    assert refused.errors and refused.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_a_dimension_set_line_is_created_updated_and_deleted(gw: Gateway) -> None:
    invoice = await a_draft(gw)
    created = (
        await gw.data(
            CREATE, {"invoice": invoice["id"], "input": {"code": "project", "valueCode": "vw"}}
        )
    )["createDimensionSetLine"]
    assert (created["code"], created["valueCode"]) == ("PROJECT", "VW")
    assert created["parentId"] == invoice["id"] and created["valueDisplayName"]
    updated = (
        await gw.data(
            """mutation($invoice: UUID!, $id: UUID!, $etag: String) { updateDimensionSetLine(
            invoiceId: $invoice, id: $id, etag: $etag, input: {valueCode: "TOYOTA"}) {
            valueCode etag } }""",
            {"invoice": invoice["id"], "id": created["id"], "etag": created["etag"]},
        )
    )["updateDimensionSetLine"]
    assert updated["valueCode"] == "TOYOTA"
    after = await gw.data(
        """query($id: UUID!) { purchaseInvoice(id: $id) { etag dimensionSetLines { nodes {
        code valueCode } } } }""",
        {"id": invoice["id"]},
    )
    assert {"code": "PROJECT", "valueCode": "TOYOTA"} in after["purchaseInvoice"][
        "dimensionSetLines"
    ]["nodes"]
    assert after["purchaseInvoice"]["etag"] != invoice["etag"]  # BC saved the set into it
    deleted = await gw.data(
        """mutation($invoice: UUID!, $id: UUID!) { deleteDimensionSetLine(invoiceId: $invoice,
        id: $id) }""",
        {"invoice": invoice["id"], "id": created["id"]},
    )
    assert deleted["deleteDimensionSetLine"] == created["id"]
    wrong = await gw.execute(
        CREATE, {"invoice": invoice["id"], "input": {"code": "PROJECT", "valueCode": "SALES"}}
    )
    assert wrong.errors
    assert 'The "valueCode" does not match to a Dimension Value.' in wrong.errors[0].message
