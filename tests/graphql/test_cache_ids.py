"""Ids a normalised client cache can trust: one `__typename` and `id` names one content,
whatever arguments fetched it (dates, companies, filters, order, page, shape).

Apollo's InMemoryCache and urql's graphcache keep one object per type and id; `normalise`
below does the same and refuses an id that arrives with different content. Before the
balance sheet's ids named their date, BalanceSheetLine failed it: BC repeats a line's id on
every date, and a cache showed 2030's balances for 2020. (tests/e2e shows that with the
real caches; RecordEvent's ids are in tests/subscriptions/test_event_ids.py.)
"""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway

SHEET = """query($d: Date!, $c: UUID) { balanceSheet(date: $d, companyId: $c) {
  __typename id lineNumber display balance lineType dateFilter } }"""

# Every object type with an id, each read with different arguments (and both connection
# shapes); the companies of one connection are read in the same cache.
READS: list[tuple[str, dict[str, Any]]] = [
    (SHEET, {"d": "2030-12-31"}),
    (SHEET, {"d": "2020-12-31"}),
    (SHEET, {"d": "2020-12-31", "c": "other"}),
    ("{ companies { __typename id name displayName } }", {}),
    (
        """query($c: UUID) { vendors(first: 30, companyId: $c) { nodes { __typename id number
             displayName balance paymentTerm { __typename id code } } } }""",
        {},
    ),
    (
        """query($c: UUID) { vendors(first: 30, companyId: $c, orderBy: [{field: DISPLAY_NAME,
             direction: DESC}]) { edges { node { __typename id number displayName balance
             paymentTerm { __typename id code } } } } }""",
        {"c": "other"},
    ),
    (
        """{ purchaseInvoices(first: 20, filter: {status: OPEN}) { edges { node { __typename id
             number totalAmountIncludingTax vendor { __typename id displayName }
             lines { nodes { __typename id description quantity
             account { __typename id number netChange } } } } } } }""",
        {},
    ),
    (
        """{ purchaseInvoices(first: 20, orderBy: [{field: NUMBER, direction: DESC}]) { nodes {
             __typename id number totalAmountIncludingTax lines(first: 2) { edges { node {
             __typename id description quantity } } } } } }""",
        {},
    ),
    (
        """query($c: UUID) { accounts(first: 100, companyId: $c) { nodes { __typename id number
             displayName netChange } } taxGroups(companyId: $c) { nodes { __typename id code } }
             paymentTerms(companyId: $c) { nodes { __typename id code dueDateCalculation } } }""",
        {},
    ),
    (
        """query($c: UUID) { accounts(first: 100, companyId: $c) { nodes { __typename id number
             displayName netChange } } taxGroups(companyId: $c) { nodes { __typename id code } }
             paymentTerms(companyId: $c) { nodes { __typename id code dueDateCalculation } } }""",
        {"c": "other"},
    ),
]


def normalise(value: Any, cache: dict[tuple[str, str], dict[str, Any]], where: str) -> int:
    """Stores every object with a __typename and id, as a normalised cache would; a field
    already stored under that key with another value is the bug. Returns objects seen."""
    seen = 0
    if isinstance(value, list):
        return sum(normalise(item, cache, where) for item in value)
    if not isinstance(value, dict):
        return 0
    if "__typename" in value and "id" in value:
        seen += 1
        stored = cache.setdefault((value["__typename"], value["id"]), {})
        for name, field in value.items():
            if isinstance(field, dict | list):
                continue
            if name in stored:
                assert stored[name] == field, (
                    f"{value['__typename']}:{value['id']} has {name}={stored[name]!r} in one "
                    f"read and {field!r} in {where}"
                )
            stored[name] = field
    return seen + sum(normalise(field, cache, where) for field in value.values())


async def test_one_id_names_one_content_across_arguments(gw: Gateway) -> None:
    companies = (await gw.data("{ companies { id } }"))["companies"]
    other = next(c["id"] for c in companies if c["id"] != gw.company_id)
    cache: dict[tuple[str, str], dict[str, Any]] = {}
    for query, variables in READS:
        given = {k: other if v == "other" else v for k, v in variables.items()}
        seen = normalise(await gw.data(query, given), cache, f"{query[:60]}… {given}")
        assert seen, query  # every read brought objects to compare
    types = {typename for typename, _ in cache}
    assert types >= {
        "BalanceSheetLine",
        "Company",
        "Vendor",
        "PaymentTerm",
        "PurchaseInvoice",
        "PurchaseInvoiceLine",
        "Account",
        "TaxGroup",
    }


async def test_balance_sheet_line_ids_name_company_line_and_date(gw: Gateway) -> None:
    companies = (await gw.data("{ companies { id } }"))["companies"]
    other = next(c["id"] for c in companies if c["id"] != gw.company_id)

    async def sheet(date: str, company: str | None = None) -> list[dict[str, Any]]:
        lines: list[dict[str, Any]] = (await gw.data(SHEET, {"d": date, "c": company}))[
            "balanceSheet"
        ]
        assert len({line["id"] for line in lines}) == len(lines)
        return lines

    later, earlier = await sheet("2030-12-31"), await sheet("2020-12-31")
    again = await sheet("2020-12-31", gw.company_id.upper())
    elsewhere = await sheet("2020-12-31", other)
    # The case the caches got wrong: the dates' numbers differ, so must their ids.
    assert [ln["balance"] for ln in later] != [ln["balance"] for ln in earlier]
    assert not {ln["id"] for ln in later} & {ln["id"] for ln in earlier}
    assert not {ln["id"] for ln in elsewhere} & {ln["id"] for ln in earlier}
    # Stable: the same line of the same company on the same date (however the company id
    # was written) is the same id.
    assert [ln["id"] for ln in again] == [ln["id"] for ln in earlier]
    # Still a UUID string, as the contract types it.
    assert all(len(ln["id"]) == 36 and ln["id"].count("-") == 4 for ln in earlier)
