"""The read path: look-ahead into $select/$expand, batching, and the upstream request
counts the issue promises (counted by the sandbox, so they cannot be faked)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gateway.bc.types import BCRequest
from tests.graphql.conftest import Gateway

Q1 = "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax } } }"
Q2 = """query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax
  lines { nodes { description quantity } } } } }"""
Q3 = """query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax
  lines { nodes { description quantity } } vendor { displayName } } } }"""
Q4 = """query($n: Int) { vendors(first: $n) { nodes { displayName paymentTerm { code }
  purchaseInvoices(first: 5) { nodes { number lines { nodes { description } } } } } } }"""
Q5 = """{ v: vendors(first: 20) { nodes { displayName } }
  a: accounts(first: 20) { nodes { number displayName } }
  t: taxGroups { nodes { code taxType } } }"""

# The same reads in Relay's shape: `edges { node }` must ask BC exactly what `nodes` asks.
Q2_EDGES = """query($n: Int) { purchaseInvoices(first: $n) { edges { cursor node { number
  totalAmountIncludingTax lines { edges { node { description quantity } } } } } } }"""
Q3_EDGES = """query($n: Int) { purchaseInvoices(first: $n) { pageInfo { startCursor } edges { node {
  number totalAmountIncludingTax lines { edges { cursor node { description quantity } } }
  vendor { displayName } } } } }"""
Q4_EDGES = """query($n: Int) { vendors(first: $n) { edges { node { displayName paymentTerm { code }
  purchaseInvoices(first: 5) { edges { node { number lines { nodes { description } } } } } } } } }"""


@pytest.mark.parametrize("size", [10, 100])
@pytest.mark.parametrize(("query", "expected"), [(Q1, 1), (Q2, 1), (Q3, 1), (Q4, 2)])
async def test_upstream_requests_per_operation(
    gw: Gateway, query: str, expected: int, size: int
) -> None:
    await gw.reset_stats()
    data = await gw.data(query, {"n": size})
    assert await gw.upstream_requests() == expected
    nodes = next(iter(data.values()))["nodes"]
    vendors = (await gw.data("{ vendors { totalCount } }"))["vendors"]["totalCount"]
    assert len(nodes) == (min(size, vendors) if "vendors" in data else size)


def as_nodes(value: Any) -> Any:
    """A result in Relay's shape rewritten to the `nodes` shape (cursors dropped)."""
    if isinstance(value, list):
        return [as_nodes(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for name, field in value.items():
        if name == "edges":
            out["nodes"] = [as_nodes(edge["node"]) for edge in field]
        elif name not in ("cursor", "pageInfo"):
            out[name] = as_nodes(field)
    return out


@pytest.mark.parametrize(
    ("relay", "plain", "expected"), [(Q2_EDGES, Q2, 1), (Q3_EDGES, Q3, 1), (Q4_EDGES, Q4, 2)]
)
async def test_edges_ask_bc_exactly_what_nodes_ask(
    gw: Gateway, relay: str, plain: str, expected: int
) -> None:
    sent: list[BCRequest] = []
    original = gw.client.send

    async def spy(target, request):  # type: ignore[no-untyped-def]
        sent.append(request)
        return await original(target, request)

    gw.client.send = spy  # type: ignore[method-assign]
    await gw.reset_stats()
    relay_data = await gw.data(relay, {"n": 20})
    assert await gw.upstream_requests() == expected
    relay_sent, sent[:] = list(sent), []
    plain_data = await gw.data(plain, {"n": 20})
    assert relay_sent == sent  # same paths, $select, $expand, $filter, $batch bodies
    assert as_nodes(relay_data) == plain_data


async def test_edges_carry_each_rows_cursor(gw: Gateway) -> None:
    query = """query($after: String) { vendors(first: 4, after: $after) { pageInfo {
        hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { number } }
        nodes { number } } }"""
    first = (await gw.data(query))["vendors"]
    cursors = [edge["cursor"] for edge in first["edges"]]
    assert len(set(cursors)) == 4
    info = first["pageInfo"]
    assert (info["startCursor"], info["endCursor"]) == (cursors[0], cursors[-1])
    assert info["hasPreviousPage"] is False and info["hasNextPage"] is True
    assert [e["node"] for e in first["edges"]] == first["nodes"]
    # Any edge's cursor resumes right after that edge.
    resumed = (await gw.data(query, {"after": cursors[1]}))["vendors"]
    assert [e["node"] for e in resumed["edges"]][:2] == first["nodes"][2:]
    assert resumed["pageInfo"]["hasPreviousPage"] is True
    assert resumed["pageInfo"]["startCursor"] == cursors[2]
    # An empty page has no cursors.
    empty = await gw.data(
        "{ vendors(first: 0) { pageInfo { startCursor endCursor } edges { cursor } } }"
    )
    assert empty["vendors"] == {"pageInfo": {"startCursor": None, "endCursor": None}, "edges": []}
    # Past the end, only totalCount can show that rows come before the (empty) page.
    last = (await gw.data("{ vendors(first: 1000) { edges { cursor } } }"))["vendors"]["edges"][-1]
    past = """query($after: String) { vendors(after: $after) { %s pageInfo { hasPreviousPage
        startCursor } edges { cursor } } }"""
    for count, previous in (("", False), ("totalCount", True)):
        beyond = (await gw.data(past % count, {"after": last["cursor"]}))["vendors"]
        assert beyond["edges"] == [] and beyond["pageInfo"]["startCursor"] is None
        assert beyond["pageInfo"]["hasPreviousPage"] is previous


async def test_aliased_root_lists_share_one_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(Q5)
    stats = await gw.stats()
    assert stats["httpRequests"] == 1 and stats["batchOperations"] == 3
    assert len(data["v"]["nodes"]) == 20 and data["t"]["nodes"][0]["taxType"] == "SALES_TAX"


async def test_select_and_expand_follow_the_selection(gw: Gateway) -> None:
    data = await gw.data(Q3, {"n": 3})
    invoice = data["purchaseInvoices"]["nodes"][0]
    assert set(invoice) == {"number", "totalAmountIncludingTax", "lines", "vendor"}
    # Money is a string carrying BC's exact decimal.
    assert Decimal(invoice["totalAmountIncludingTax"]) > 0
    assert isinstance(invoice["totalAmountIncludingTax"], str)


async def test_fragments_aliases_and_variables(gw: Gateway) -> None:
    query = """
    fragment V on Vendor { name: displayName no: number }
    query($f: VendorFilter) {
      vendors(first: 2, filter: $f) { nodes { ...V ... on Vendor { pt: paymentTerm { code } } } }
    }"""
    await gw.reset_stats()
    data = await gw.data(query, {"f": {"number": {"in": ["10000", "20000"]}}})
    nodes = data["vendors"]["nodes"]
    assert [n["no"] for n in nodes] == ["10000", "20000"]
    assert nodes[1]["name"] == "First Up Consultants" and nodes[0]["pt"]["code"]
    assert await gw.upstream_requests() == 1


async def test_the_seed_invoice_and_its_nested_data(gw: Gateway) -> None:
    data = await gw.data(
        """{ purchaseInvoices(first: 1, filter: {number: {eq: "108001"}}) { totalCount nodes {
             id number status invoiceDate totalAmountExcludingTax totalTaxAmount
             totalAmountIncludingTax vendor { number displayName blocked }
             lines { totalCount nodes { sequence lineType quantity unitCost invoice { number } } } } } }"""
    )
    connection = data["purchaseInvoices"]
    assert connection["totalCount"] == 1
    invoice = connection["nodes"][0]
    assert (
        invoice["totalAmountExcludingTax"],
        invoice["totalTaxAmount"],
        invoice["totalAmountIncludingTax"],
    ) == (
        "3122.8",
        "187.37",
        "3310.17",
    )
    assert invoice["vendor"] == {
        "number": "20000",
        "displayName": "First Up Consultants",
        "blocked": "BLANK",
    }
    line = invoice["lines"]["nodes"][0]
    assert (
        line["lineType"] == "ITEM"
        and line["quantity"] == "4"
        and line["invoice"]["number"] == "108001"
    )


async def test_pagination_with_cursors(gw: Gateway) -> None:
    query = """query($after: String) { vendors(first: 20, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { number } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await gw.data(query, {"after": after}))["vendors"]
        seen += [n["number"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == page["totalCount"] == len(set(seen))
    assert seen == sorted(seen)
    bad = await gw.execute('{ vendors(after: "nonsense") { nodes { number } } }')
    assert bad.errors and bad.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_total_count_only_when_selected(gw: Gateway) -> None:
    calls: list[dict] = []
    original = gw.client.send

    async def spy(target, request):  # type: ignore[no-untyped-def]
        calls.append(dict(request.params))
        return await original(target, request)

    gw.client.send = spy  # type: ignore[method-assign]
    await gw.data("{ vendors(first: 3) { nodes { number } } }")
    await gw.data("{ vendors(first: 3) { totalCount } }")
    assert "$count" not in calls[0] and calls[1]["$count"] == "true"


async def test_filters_and_sorting(gw: Gateway) -> None:
    data = await gw.data(
        """{ purchaseInvoices(first: 100, filter: {status: DRAFT, totalAmountIncludingTax: {gt: "1000"}},
             orderBy: [{field: TOTAL_AMOUNT_INCLUDING_TAX, direction: DESC}]) {
             nodes { status totalAmountIncludingTax } } }"""
    )
    nodes = data["purchaseInvoices"]["nodes"]
    amounts = [Decimal(n["totalAmountIncludingTax"]) for n in nodes]
    assert nodes and all(n["status"] == "DRAFT" for n in nodes)
    assert all(a > 1000 for a in amounts) and amounts == sorted(amounts, reverse=True)
    dated = await gw.data(
        """{ purchaseInvoices(first: 5, filter: {invoiceDate: {ge: "2021-01-01"}, or: [
             {vendorNumber: {eq: "10000"}}, {vendorNumber: {eq: "20000"}}]}) { nodes { invoiceDate vendorNumber } } }"""
    )
    for node in dated["purchaseInvoices"]["nodes"]:
        assert node["invoiceDate"] >= "2021-01-01" and node["vendorNumber"] in ("10000", "20000")


async def test_or_across_fields_is_refused_with_the_reason(gw: Gateway) -> None:
    result = await gw.execute(
        '{ vendors(filter: {or: [{number: {eq: "10000"}}, {city: {eq: "Atlanta"}}]}) { nodes { number } } }'
    )
    assert result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert "different fields" in result.errors[0].message


async def test_lines_need_an_invoice_filter(gw: Gateway) -> None:
    refused = await gw.execute("{ purchaseInvoiceLines { nodes { id } } }")
    assert refused.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert refused.errors[0].extensions["field"] == "filter"
    assert refused.errors[0].message == (
        "Business Central lists purchase invoice lines only for given invoices: filter on "
        "documentId (or read them as PurchaseInvoice.lines)."
    )
    invoice = (await gw.data("{ purchaseInvoices(first: 1) { nodes { id } } }"))[
        "purchaseInvoices"
    ]["nodes"][0]
    lines = await gw.data(
        "query($i: UUID!) { purchaseInvoiceLines(filter: {documentId: {eq: $i}}) { nodes { documentId } } }",
        {"i": invoice["id"]},
    )
    assert {n["documentId"] for n in lines["purchaseInvoiceLines"]["nodes"]} == {invoice["id"]}


async def test_single_records_batch_by_id_and_not_found(gw: Gateway) -> None:
    vendors = (await gw.data("{ vendors(first: 3) { nodes { id } } }"))["vendors"]["nodes"]
    await gw.reset_stats()
    query = "query($a: UUID!, $b: UUID!, $c: UUID!) { a: vendor(id: $a) { number } b: vendor(id: $b) { number } c: vendor(id: $c) { number } }"
    data = await gw.data(
        query, {"a": vendors[0]["id"], "b": vendors[1]["id"], "c": vendors[2]["id"]}
    )
    assert [data[k]["number"] for k in "abc"] and await gw.upstream_requests() == 1
    missing = await gw.execute('{ vendor(id: "00000000-0000-0000-0000-0000000000ab") { number } }')
    assert missing.errors[0].extensions["code"] == "NOT_FOUND"
    # A bad literal fails validation; the same value in a variable is the client's input.
    bad = await gw.execute('{ vendor(id: "nope") { number } }')
    assert bad.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
    bad_variable = await gw.execute("query($i: UUID!) { vendor(id: $i) { number } }", {"i": "nope"})
    assert bad_variable.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_relations_load_in_batches_when_not_expanded(gw: Gateway) -> None:
    # vendor.purchaseInvoices has no BC navigation: the vendors' queries share a $batch,
    # and each invoice's vendor comes back through the expand of that query.
    await gw.reset_stats()
    data = await gw.data(
        "{ vendors(first: 10) { nodes { number purchaseInvoices(first: 2) { nodes { vendor { number } } } } } }"
    )
    for vendor in data["vendors"]["nodes"]:
        for invoice in vendor["purchaseInvoices"]["nodes"]:
            assert invoice["vendor"]["number"] == vendor["number"]
    assert await gw.upstream_requests() == 2


async def test_companies_and_balance_sheet(gw: Gateway) -> None:
    data = await gw.data(
        """{ companies { id name displayName }
             balanceSheet(date: "2020-12-30") { lineNumber display balance lineType indentation dateFilter } }"""
    )
    assert {c["name"] for c in data["companies"]} == {"CRONUS US", "CRONUS US TEST"}
    lines = data["balanceSheet"]
    assert [line["lineNumber"] for line in lines] == sorted(line["lineNumber"] for line in lines)
    assert {line["dateFilter"] for line in lines} == {"2020-12-30"}
    other = next(c for c in data["companies"] if c["id"] != gw.company_id)
    test_company = await gw.data(
        "query($c: UUID) { vendors(companyId: $c) { totalCount } }", {"c": other["id"]}
    )
    assert test_company["vendors"]["totalCount"] < 50


async def test_blank_values_are_null(gw: Gateway) -> None:
    data = await gw.data(
        """{ purchaseInvoiceLines: purchaseInvoices(first: 30) { nodes { lines { nodes { lineType accountId } } } } }"""
    )
    lines = [ln for inv in data["purchaseInvoiceLines"]["nodes"] for ln in inv["lines"]["nodes"]]
    items = [ln for ln in lines if ln["lineType"] == "ITEM"]
    assert items and all(ln["accountId"] is None for ln in items)


async def test_pages_follow_bcs_next_links() -> None:
    from sandbox.app import create_sandbox
    from sandbox.directory import CONTOSO_TENANT
    from sandbox.settings import LimitSettings
    from tests.conftest import ALICE, sandbox_settings
    from tests.graphql.conftest import gateway_for

    # A BC that pages every 20 rows: a page of 45 needs three calls, stitched in order.
    app = create_sandbox(sandbox_settings(limits=LimitSettings(max_page_size=20)))
    gw = await gateway_for(app, ALICE, CONTOSO_TENANT)
    try:
        await gw.reset_stats()
        data = await gw.data("{ vendors(first: 45) { pageInfo { hasNextPage } nodes { number } } }")
        numbers = [n["number"] for n in data["vendors"]["nodes"]]
        assert len(numbers) == 45 == len(set(numbers)) and numbers == sorted(numbers)
        assert data["vendors"]["pageInfo"]["hasNextPage"] is True
        assert await gw.upstream_requests() == 3
    finally:
        await gw.aclose()


async def test_by_id_lookups_share_the_batch_of_sibling_lists(gw: Gateway) -> None:
    vendors = (await gw.data("{ vendors(first: 2) { nodes { id } } }"))["vendors"]["nodes"]
    await gw.reset_stats()
    await gw.data(
        """query($a: UUID!, $b: UUID!) { a: vendor(id: $a) { displayName } b: vendor(id: $b) { displayName }
           companies { name } v: vendors(first: 3) { nodes { number paymentTerm { code } } } }""",
        {"a": vendors[0]["id"], "b": vendors[1]["id"]},
    )
    # The loader's `id eq a or id eq b` starts a few loop turns after the lists; the batch
    # session waits for it, so the whole document is one request to BC.
    stats = await gw.stats()
    assert stats["httpRequests"] == 1 and stats["batchOperations"] == 3


# Three levels of BC's navigations (invoice -> lines -> item) and one more (the item's
# category): nested $expand reads them all in the invoices' own call.
Q6 = """query($n: Int) { salesInvoices(first: $n) { nodes { number customer { displayName }
  lines { nodes { description item { number displayName itemCategory { code } } } } } } }"""


async def test_three_levels_of_navigation_cost_one_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(Q6, {"n": 10})
    assert await gw.upstream_requests() == 1
    invoices = data["salesInvoices"]["nodes"]
    assert invoices and all(i["customer"]["displayName"] for i in invoices)
    items = [
        line["item"] for i in invoices for line in i["lines"]["nodes"] if line["item"] is not None
    ]
    assert items and all(item["number"] and item["itemCategory"] for item in items)
