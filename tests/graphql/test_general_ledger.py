"""G/L entries over GraphQL: read-only, numbered in posting order, filtered and sorted,
read by id with their account, and moved by posting an invoice."""

from __future__ import annotations

from decimal import Decimal

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import create_invoice

ENTRIES = """query($filter: GeneralLedgerEntryFilter, $order: [GeneralLedgerEntryOrder!],
  $first: Int) {
  generalLedgerEntries(filter: $filter, orderBy: $order, first: $first) { totalCount
    nodes { id entryNumber postingDate documentNumber documentType accountId accountNumber
      description debitAmount creditAmount additionalCurrencyDebitAmount
      additionalCurrencyCreditAmount lastModifiedDateTime } } }"""


async def test_entries_are_numbered_in_posting_order(gw: Gateway) -> None:
    page = (await gw.data(ENTRIES, {"first": 200}))["generalLedgerEntries"]
    nodes = page["nodes"]
    assert page["totalCount"] > len(nodes) == 200
    numbers = [n["entryNumber"] for n in nodes]
    assert numbers == list(range(1, 201))
    dates = [n["postingDate"] for n in nodes]
    assert dates == sorted(dates)
    for node in nodes:
        debit, credit = Decimal(node["debitAmount"]), Decimal(node["creditAmount"])
        assert (debit == 0) != (credit == 0) and debit >= 0 and credit >= 0
        assert node["accountNumber"] and node["accountId"]


async def test_entries_are_filtered_and_sorted(gw: Gateway) -> None:
    found = await gw.data(
        ENTRIES,
        {
            "filter": {"accountNumber": {"eq": "20100"}, "documentType": "PAYMENT"},
            "order": [{"field": "ENTRY_NUMBER", "direction": "DESC"}],
            "first": 20,
        },
    )
    nodes = found["generalLedgerEntries"]["nodes"]
    assert nodes and all(n["accountNumber"] == "20100" for n in nodes)
    assert all(n["documentType"] == "PAYMENT" and n["documentNumber"] for n in nodes)
    # Paying an invoice debits payables.
    assert all(Decimal(n["debitAmount"]) > 0 for n in nodes)
    numbers = [n["entryNumber"] for n in nodes]
    assert numbers == sorted(numbers, reverse=True)


async def test_an_entry_is_read_by_id_with_its_account(gw: Gateway) -> None:
    first = (await gw.data(ENTRIES, {"first": 1}))["generalLedgerEntries"]["nodes"][0]
    one = await gw.data(
        """query($id: UUID!) { generalLedgerEntry(id: $id) { id entryNumber
             account { id number displayName } } }""",
        {"id": first["id"]},
    )
    entry = one["generalLedgerEntry"]
    assert entry["entryNumber"] == first["entryNumber"]
    assert entry["account"]["id"] == first["accountId"]
    assert entry["account"]["number"] == first["accountNumber"]


async def test_entries_cannot_be_written() -> None:
    from schema import build_schema

    sdl = build_schema().as_str()
    for name in (
        "createGeneralLedgerEntry",
        "updateGeneralLedgerEntry",
        "deleteGeneralLedgerEntry",
    ):
        assert name not in sdl


async def test_posting_an_invoice_adds_its_entries_with_the_next_numbers(gw: Gateway) -> None:
    last = await gw.data(
        ENTRIES, {"order": [{"field": "ENTRY_NUMBER", "direction": "DESC"}], "first": 1}
    )
    top = last["generalLedgerEntries"]["nodes"][0]["entryNumber"]
    invoice = await create_invoice(gw)
    posted = await gw.data(
        "mutation($id: UUID!) { postInvoice(id: $id) { number totalAmountIncludingTax } }",
        {"id": invoice["id"]},
    )
    number = posted["postInvoice"]["number"]
    entries = (await gw.data(ENTRIES, {"filter": {"documentNumber": {"eq": number}}, "first": 50}))[
        "generalLedgerEntries"
    ]["nodes"]
    assert [e["entryNumber"] for e in entries] == list(range(top + 1, top + 1 + len(entries)))
    assert all(e["documentType"] == "INVOICE" and e["postingDate"] == "2019-01-01" for e in entries)
    debits = sum(Decimal(e["debitAmount"]) for e in entries)
    credits = sum(Decimal(e["creditAmount"]) for e in entries)
    assert debits == credits == Decimal(posted["postInvoice"]["totalAmountIncludingTax"])
    payables = [e for e in entries if e["accountNumber"] == "20100"]
    assert len(payables) == 1 and Decimal(payables[0]["creditAmount"]) == credits


async def test_an_accounts_entries_are_read_from_the_account(gw: Gateway) -> None:
    data = await gw.data(
        """{ accounts(filter: {number: {eq: "60500"}}) { nodes { id netChange
             generalLedgerEntries(first: 100, orderBy: [{field: ENTRY_NUMBER, direction: ASC}]) {
               totalCount nodes { accountNumber debitAmount creditAmount } } } } }"""
    )
    account = data["accounts"]["nodes"][0]
    entries = account["generalLedgerEntries"]
    assert 0 < entries["totalCount"] <= 100
    assert all(e["accountNumber"] == "60500" for e in entries["nodes"])
    # The seed's net change is as of its last entry: the entries sum to it.
    total = sum(Decimal(e["debitAmount"]) - Decimal(e["creditAmount"]) for e in entries["nodes"])
    assert total == Decimal(account["netChange"])
