"""Dimension set lines under the records other than purchase invoices whose BC pages have
the part: read with their record in its own call, written under it by parentId and
parentType, and refused where BC saves no set (a posted G/L entry)."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway

LINE = "id etag code valueCode parentId parentType"
CREATE = f"""mutation($parent: UUID, $kind: DimensionSetLineParentType,
  $input: CreateDimensionSetLineInput!) {{ createDimensionSetLine(parentId: $parent,
  parentType: $kind, input: $input) {{ {LINE} }} }}"""
UPDATE = f"""mutation($parent: UUID, $kind: DimensionSetLineParentType, $id: UUID!,
  $value: String) {{ updateDimensionSetLine(parentId: $parent, parentType: $kind, id: $id,
  input: {{valueCode: $value}}) {{ {LINE} }} }}"""
DELETE = """mutation($parent: UUID, $kind: DimensionSetLineParentType, $id: UUID!) {
  deleteDimensionSetLine(parentId: $parent, parentType: $kind, id: $id) }"""
SALES_INVOICES = f"""{{ salesInvoices(first: 50) {{ nodes {{ id etag status
  shortcutDimension1Code shortcutDimension2Code
  dimensionSetLines {{ totalCount nodes {{ {LINE} }} }} }} }} }}"""
SALES_INVOICE = f"""query($id: UUID!) {{ salesInvoice(id: $id) {{ etag shortcutDimension1Code
  shortcutDimension2Code dimensionSetLines {{ nodes {{ {LINE} }} }} }} }}"""


def codes(lines: list[dict[str, Any]]) -> dict[str, str]:
    return {d["code"]: d["valueCode"] for d in lines}


async def test_sales_invoices_and_their_sets_come_in_one_call(gw: Gateway) -> None:
    await gw.reset_stats()
    invoices = (await gw.data(SALES_INVOICES))["salesInvoices"]["nodes"]
    assert await gw.upstream_requests() == 1
    with_sets = [i for i in invoices if i["dimensionSetLines"]["totalCount"]]
    assert with_sets
    for invoice in with_sets:
        lines = invoice["dimensionSetLines"]["nodes"]
        assert {(d["parentId"], d["parentType"]) for d in lines} == {
            (invoice["id"], "SALES_INVOICE")
        }
        assert invoice["shortcutDimension1Code"] == codes(lines).get("DEPARTMENT", "")
    refused = await gw.execute("{ dimensionSetLines { nodes { code } } }")
    assert refused.errors and refused.errors[0].message == (
        "Business Central lists dimension set lines only for given records: filter on "
        "parentId (or read them as the dimensionSetLines of their record, such as "
        "PurchaseInvoice.dimensionSetLines)."
    )


async def test_a_sales_invoices_set_is_written_by_parent_id_and_type(gw: Gateway) -> None:
    invoices = (await gw.data(SALES_INVOICES))["salesInvoices"]["nodes"]
    invoice = next(
        i
        for i in invoices
        if i["status"] == "DRAFT" and "PROJECT" not in codes(i["dimensionSetLines"]["nodes"])
    )
    kind = {"parent": invoice["id"], "kind": "SALES_INVOICE"}
    created = (await gw.data(CREATE, {**kind, "input": {"code": "project", "valueCode": "vw"}}))[
        "createDimensionSetLine"
    ]
    assert (created["code"], created["valueCode"]) == ("PROJECT", "VW")
    assert (created["parentId"], created["parentType"]) == (invoice["id"], "SALES_INVOICE")
    after = (await gw.data(SALES_INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    # BC saves the set into the invoice: a new version, the global dimension 2 set.
    assert after["etag"] != invoice["etag"] and after["shortcutDimension2Code"] == "VW"
    assert codes(after["dimensionSetLines"]["nodes"])["PROJECT"] == "VW"
    updated = (await gw.data(UPDATE, {**kind, "id": created["id"], "value": "TOYOTA"}))[
        "updateDimensionSetLine"
    ]
    assert updated["valueCode"] == "TOYOTA"
    again = (await gw.data(SALES_INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    assert again["shortcutDimension2Code"] == "TOYOTA"
    deleted = await gw.data(DELETE, {**kind, "id": created["id"]})
    assert deleted["deleteDimensionSetLine"] == created["id"]
    gone = (await gw.data(SALES_INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    assert "PROJECT" not in codes(gone["dimensionSetLines"]["nodes"])
    assert gone["shortcutDimension2Code"] == ""


async def test_a_sales_order_lines_set_is_read_with_the_order_and_written(gw: Gateway) -> None:
    query = f"""{{ salesOrders(first: 20) {{ nodes {{ id lines {{ nodes {{ id
      dimensionSetLines {{ totalCount nodes {{ {LINE} }} }} }} }} }} }} }}"""
    await gw.reset_stats()
    orders = (await gw.data(query))["salesOrders"]["nodes"]
    assert await gw.upstream_requests() == 1  # the lines' sets expand in the orders' call
    lines = [ln for o in orders for ln in o["lines"]["nodes"]]
    seeded = [ln for ln in lines if ln["dimensionSetLines"]["totalCount"]]
    assert seeded
    for line in seeded:
        assert {d["parentType"] for d in line["dimensionSetLines"]["nodes"]} == {"SALES_ORDER_LINE"}
    line = next(ln for ln in lines if not ln["dimensionSetLines"]["totalCount"])
    kind = {"parent": line["id"], "kind": "SALES_ORDER_LINE"}
    created = (
        await gw.data(CREATE, {**kind, "input": {"code": "DEPARTMENT", "valueCode": "SALES"}})
    )["createDimensionSetLine"]
    assert (created["parentId"], created["parentType"]) == (line["id"], "SALES_ORDER_LINE")
    listed = await gw.data(
        """query($id: UUID!) { dimensionSetLines(filter: {parentId: {eq: $id}}) {
        nodes { code valueCode } } }""",
        {"id": line["id"]},
    )
    assert listed["dimensionSetLines"]["nodes"] == [{"code": "DEPARTMENT", "valueCode": "SALES"}]
    updated = (await gw.data(UPDATE, {**kind, "id": created["id"], "value": "PROD"}))[
        "updateDimensionSetLine"
    ]
    assert updated["valueCode"] == "PROD"
    assert (await gw.data(DELETE, {**kind, "id": created["id"]}))["deleteDimensionSetLine"]
    # The line's set is addressed under the line: the order's id names no such parent.
    order = next(o for o in orders if line in o["lines"]["nodes"])
    elsewhere = await gw.execute(
        CREATE,
        {
            "parent": order["id"],
            "kind": "SALES_ORDER_LINE",
            "input": {"code": "DEPARTMENT", "valueCode": "SALES"},
        },
    )
    assert elsewhere.errors and elsewhere.errors[0].extensions["code"] == "NOT_FOUND"


async def test_a_journal_lines_set_is_written_and_read_with_it(gw: Gateway) -> None:
    journal = (
        await gw.data(
            """mutation { createJournal(input: {code: "DIMS"}) { id } }""",
        )
    )["createJournal"]
    line = (
        await gw.data(
            """mutation($j: UUID!) { createJournalLine(journalId: $j, input: {
            accountNumber: "60100", amount: "100", postingDate: "2021-06-30"}) { id etag } }""",
            {"j": journal["id"]},
        )
    )["createJournalLine"]
    kind = {"parent": line["id"], "kind": "JOURNAL_LINE"}
    created = (
        await gw.data(CREATE, {**kind, "input": {"code": "DEPARTMENT", "valueCode": "ADM"}})
    )["createDimensionSetLine"]
    assert (created["parentId"], created["parentType"]) == (line["id"], "JOURNAL_LINE")
    read = """query($j: UUID!) { journalLines(filter: {journalId: {eq: $j}}) { nodes { id etag
      dimensionSetLines { nodes { code valueCode parentType } } } } }"""
    await gw.reset_stats()
    shown = (await gw.data(read, {"j": journal["id"]}))["journalLines"]["nodes"]
    assert await gw.upstream_requests() == 1
    assert shown[0]["dimensionSetLines"]["nodes"] == [
        {"code": "DEPARTMENT", "valueCode": "ADM", "parentType": "JOURNAL_LINE"}
    ]
    assert shown[0]["etag"] != line["etag"]  # BC saved the set into the journal line
    await gw.data(UPDATE, {**kind, "id": created["id"], "value": "SALES"})
    await gw.data(DELETE, {**kind, "id": created["id"]})
    emptied = (await gw.data(read, {"j": journal["id"]}))["journalLines"]["nodes"]
    assert emptied[0]["dimensionSetLines"]["nodes"] == []


async def test_a_general_ledger_entrys_set_is_read_and_never_written(gw: Gateway) -> None:
    query = f"""{{ generalLedgerEntries(first: 10) {{ nodes {{ id
      dimensionSetLines {{ totalCount nodes {{ {LINE} }} }} }} }} }}"""
    await gw.reset_stats()
    entries = (await gw.data(query))["generalLedgerEntries"]["nodes"]
    assert await gw.upstream_requests() == 1
    entry = next(e for e in entries if e["dimensionSetLines"]["totalCount"])
    line = entry["dimensionSetLines"]["nodes"][0]
    assert (line["parentId"], line["parentType"]) == (entry["id"], "GENERAL_LEDGER_ENTRY")
    refusal = (
        f"Parent with ID {entry['id']} does not exist or dimension set lines are read only "
        "for parent type General Ledger Entry."
    )
    kind = {"parent": entry["id"], "kind": "GENERAL_LEDGER_ENTRY"}
    created = await gw.execute(CREATE, {**kind, "input": {"code": "AREA", "valueCode": "30"}})
    assert created.errors and created.errors[0].message == refusal
    assert created.errors[0].extensions["code"] == "BAD_USER_INPUT"
    updated = await gw.execute(UPDATE, {**kind, "id": line["id"], "value": line["valueCode"]})
    assert updated.errors and updated.errors[0].message == refusal
    deleted = await gw.execute(DELETE, {**kind, "id": line["id"]})
    assert deleted.errors and deleted.errors[0].message == refusal
    after = (await gw.data(query))["generalLedgerEntries"]["nodes"]
    assert next(e for e in after if e["id"] == entry["id"]) == entry


async def test_the_parent_is_named_one_way_only(gw: Gateway) -> None:
    some = "00000000-0000-0000-0000-000000000001"
    new = {"code": "DEPARTMENT", "valueCode": "SALES"}
    both = await gw.execute(
        """mutation($id: UUID!, $input: CreateDimensionSetLineInput!) { createDimensionSetLine(
        invoiceId: $id, parentId: $id, parentType: PURCHASE_INVOICE, input: $input) { id } }""",
        {"id": some, "input": new},
    )
    assert both.errors and both.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert "not both" in both.errors[0].message
    no_kind = await gw.execute(CREATE, {"parent": some, "input": new})
    assert no_kind.errors and no_kind.errors[0].extensions["field"] == "parentType"
    no_id = await gw.execute(CREATE, {"kind": "SALES_ORDER", "input": new})
    assert no_id.errors and no_id.errors[0].extensions["field"] == "parentId"
    # BC's enum has time registration entries; this API has no such parent.
    offered = await gw.execute(
        CREATE, {"parent": some, "kind": "TIME_REGISTRATION_ENTRY", "input": new}
    )
    assert offered.errors and offered.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert "no dimension set lines of a Time Registration Entry" in offered.errors[0].message


async def test_creates_under_a_record_share_one_batch(gw: Gateway) -> None:
    quotes = (
        await gw.data(
            """{ salesQuotes(first: 20) { nodes { id dimensionSetLines { nodes { code } } } } }"""
        )
    )["salesQuotes"]["nodes"]
    quote = next(
        q
        for q in quotes
        if not {"AREA", "PURCHASER"} & {d["code"] for d in q["dimensionSetLines"]["nodes"]}
    )
    await gw.reset_stats()
    made = await gw.data(
        """mutation($q: UUID) {
          a: createDimensionSetLine(parentId: $q, parentType: SALES_QUOTE,
            input: {code: "AREA", valueCode: "30"}) { code parentType }
          d: createDimensionSetLine(parentId: $q, parentType: SALES_QUOTE,
            input: {code: "PURCHASER", valueCode: "BOB"}) { code parentType } }""",
        {"q": quote["id"]},
    )
    stats = await gw.stats()
    assert stats["httpRequests"] == 1 and stats["batchOperations"] == 2
    assert made == {
        "a": {"code": "AREA", "parentType": "SALES_QUOTE"},
        "d": {"code": "PURCHASER", "parentType": "SALES_QUOTE"},
    }
