"""BC's reports over GraphQL, each computed by the sandbox from what was posted: their
arguments become BC's filters, their lines add up, and posting moves them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import create_invoice

PERIOD = {"start": "2021-12-01", "end": "2021-12-31"}


async def post_rent(gw: Gateway, amount: str = "1000", day: str = "2021-12-15") -> None:
    """A journal paying rent from the checking account, posted."""
    cash = await gw.data('{ accounts(filter: {number: {eq: "10100"}}) { nodes { id } } }')
    created = await gw.data(
        """mutation($input: CreateJournalInput!) { createJournal(input: $input) { id } }""",
        {
            "input": {
                "code": "RENT",
                "balancingAccountId": cash["accounts"]["nodes"][0]["id"],
                "lines": [
                    {"accountNumber": "60100", "amount": amount, "postingDate": day},
                ],
            }
        },
    )
    await gw.data(
        "mutation($id: UUID!) { postJournal(id: $id) { id } }",
        {"id": created["createJournal"]["id"]},
    )


def by_display(lines: list[dict[str, Any]], field: str = "netChange") -> dict[str, Decimal]:
    return {line["display"]: Decimal(line[field]) for line in lines if line["display"]}


def ordered(lines: list[dict[str, Any]]) -> bool:
    numbers = [line["lineNumber"] for line in lines]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


SCHEDULE = "{ id lineNumber display netChange lineType indentation dateFilter }"


async def schedule(gw: Gateway, field: str, start: str, end: str) -> list[dict[str, Any]]:
    query = f"""query($s: Date, $e: Date) {{ {field}(startDate: $s, endDate: $e) {SCHEDULE} }}"""
    return list((await gw.data(query, {"s": start, "e": end}))[field])


async def test_income_statement_adds_up_and_reflects_a_posted_journal(gw: Gateway) -> None:
    before = await schedule(gw, "incomeStatement", PERIOD["start"], PERIOD["end"])
    assert ordered(before) and all(line["dateFilter"] == PERIOD["end"] for line in before)
    amounts = by_display(before)
    assert amounts["Gross Profit"] == amounts["Total Income"] - amounts["Total Cost of Goods Sold"]
    assert amounts["Net Income"] == amounts["Gross Profit"] - amounts["Total Expenses"]
    assert amounts["Total Income"] > 0
    await post_rent(gw)
    after = by_display(await schedule(gw, "incomeStatement", PERIOD["start"], PERIOD["end"]))
    assert after["Rent Expense"] == amounts["Rent Expense"] + 1000
    assert after["Net Income"] == amounts["Net Income"] - 1000
    # A period without the posting does not move; a line's id names the period.
    november = await schedule(gw, "incomeStatement", "2021-11-01", "2021-11-30")
    assert {line["id"] for line in november}.isdisjoint(line["id"] for line in before)


async def test_trial_balance_balances_and_reflects_a_posted_journal(gw: Gateway) -> None:
    query = """query($s: Date, $e: Date) { trialBalance(startDate: $s, endDate: $e) {
      number accountId accountType display totalDebit totalCredit balanceAtDateDebit
      balanceAtDateCredit dateFilter } }"""
    lines = (await gw.data(query, {"s": PERIOD["start"], "e": PERIOD["end"]}))["trialBalance"]
    numbers = [line["number"] for line in lines]
    assert numbers == sorted(numbers)
    posting = [line for line in lines if line["accountType"] == "POSTING"]
    debit = sum(Decimal(line["totalDebit"]) for line in posting)
    credit = sum(Decimal(line["totalCredit"]) for line in posting)
    assert debit == credit > 0
    assert sum(Decimal(line["balanceAtDateDebit"]) for line in posting) == sum(
        Decimal(line["balanceAtDateCredit"]) for line in posting
    )
    rent = next(line for line in lines if line["number"] == "60100")
    await post_rent(gw)
    after = (await gw.data(query, {"s": PERIOD["start"], "e": PERIOD["end"]}))["trialBalance"]
    moved = next(line for line in after if line["number"] == "60100")
    assert Decimal(moved["totalDebit"]) == Decimal(rent["totalDebit"]) + 1000


async def test_cash_flow_statement_explains_the_change_in_cash(gw: Gateway) -> None:
    before = by_display(await schedule(gw, "cashFlowStatement", PERIOD["start"], PERIOD["end"]))
    activities = (
        before["Net Cash Provided by Operating Activities"]
        + before["Net Cash Provided by Investing Activities"]
        + before["Net Cash Provided by Financing Activities"]
    )
    assert before["Net Change in Cash"] == activities
    assert (
        before["Cash at End of Period"]
        == before["Cash at Beginning of Period"] + before["Net Change in Cash"]
    )
    await post_rent(gw)
    after = by_display(await schedule(gw, "cashFlowStatement", PERIOD["start"], PERIOD["end"]))
    assert after["Net Change in Cash"] == before["Net Change in Cash"] - 1000
    assert after["Net Income"] == before["Net Income"] - 1000


async def test_retained_earnings_roll_forward_and_reflect_a_posted_journal(gw: Gateway) -> None:
    lines = await schedule(gw, "retainedEarnings", PERIOD["start"], PERIOD["end"])
    assert ordered(lines)
    before = by_display(lines)
    assert before["Retained Earnings, Period End"] == (
        before["Retained Earnings, Period Start"]
        + before["Net Income"]
        + before["Distributions to Shareholders"]
        + before["Other Changes"]
    )
    await post_rent(gw)
    after = by_display(await schedule(gw, "retainedEarnings", PERIOD["start"], PERIOD["end"]))
    assert after["Net Income"] == before["Net Income"] - 1000
    assert after["Retained Earnings, Period End"] == before["Retained Earnings, Period End"] - 1000
    # Next year starts where this one ended.
    january = by_display(await schedule(gw, "retainedEarnings", "2022-01-01", "2022-01-31"))
    full_year = by_display(await schedule(gw, "retainedEarnings", "2021-01-01", "2021-12-31"))
    assert january["Retained Earnings, Period Start"] == full_year["Retained Earnings, Period End"]


AGED = """query($d: Date, $p: String) { agedAccountsPayable(agedAsOfDate: $d, periodLength: $p) {
  vendorId vendorNumber name currencyCode balanceDue currentAmount period1Amount period2Amount
  period3Amount agedAsOfDate periodLengthFilter } }"""


async def test_aged_payables_age_open_invoices_and_reflect_a_posted_invoice(gw: Gateway) -> None:
    as_of = "2021-12-31"
    lines = (await gw.data(AGED, {"d": as_of, "p": "1M"}))["agedAccountsPayable"]
    assert lines and [line["vendorNumber"] for line in lines] == sorted(
        line["vendorNumber"] for line in lines
    )
    for line in lines:
        parts = ("currentAmount", "period1Amount", "period2Amount", "period3Amount")
        assert Decimal(line["balanceDue"]) == sum(Decimal(line[p]) for p in parts)
        assert line["agedAsOfDate"] == as_of and line["periodLengthFilter"] == "1M"
    before = next((line for line in lines if line["vendorNumber"] == "20000"), None)
    invoice = await create_invoice(gw)
    await gw.data("mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]})
    after = next(
        line
        for line in (await gw.data(AGED, {"d": as_of, "p": "1M"}))["agedAccountsPayable"]
        if line["vendorNumber"] == "20000"
    )
    total = Decimal(invoice["totalAmountIncludingTax"])
    old = Decimal(before["period3Amount"]) if before else Decimal(0)
    # Posted in 2019: long overdue by the end of 2021.
    assert Decimal(after["period3Amount"]) == old + total
    refused = await gw.execute(AGED, {"d": as_of, "p": "soon"})
    assert refused.errors and "not a valid date formula" in refused.errors[0].message


async def test_vendor_purchases_total_a_period_and_reflect_a_posted_invoice(gw: Gateway) -> None:
    query = """query($s: Date, $e: Date) { vendorPurchases(startDate: $s, endDate: $e) {
      vendorId vendorNumber name totalPurchaseAmount dateFilter } }"""
    window = {"s": "2019-01-01", "e": "2019-01-31"}
    lines = (await gw.data(query, window))["vendorPurchases"]
    vendors = await gw.data("{ vendors(first: 200) { totalCount } }")
    assert len(lines) == vendors["vendors"]["totalCount"]
    assert all(line["dateFilter"] == "2019-01-31" for line in lines)
    before = next(line for line in lines if line["vendorNumber"] == "20000")
    invoice = await create_invoice(gw)
    await gw.data("mutation($id: UUID!) { postInvoice(id: $id) { id } }", {"id": invoice["id"]})
    after = next(
        line
        for line in (await gw.data(query, window))["vendorPurchases"]
        if line["vendorNumber"] == "20000"
    )
    assert Decimal(after["totalPurchaseAmount"]) == Decimal(
        before["totalPurchaseAmount"]
    ) + Decimal(invoice["totalAmountExcludingTax"])
    elsewhere = (await gw.data(query, {"s": "2020-01-01", "e": "2020-01-31"}))["vendorPurchases"]
    assert next(x for x in elsewhere if x["vendorNumber"] == "20000") != after


async def test_the_balance_sheet_still_takes_one_date(gw: Gateway) -> None:
    sheet = await gw.data('{ balanceSheet(date: "2020-12-30") { id lineNumber display balance } }')
    lines = sheet["balanceSheet"]
    assert (
        ordered(lines)
        and by_display(lines, "balance")["Total Assets"]
        == by_display(lines, "balance")["Total Liabilities and Equity"]
    )


async def test_reports_left_without_arguments_take_bcs_defaults(gw: Gateway) -> None:
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date().isoformat()
    data = await gw.data(
        """{ incomeStatement { dateFilter } trialBalance { dateFilter }
             agedAccountsPayable { agedAsOfDate periodLengthFilter }
             vendorPurchases { dateFilter } }"""
    )
    assert {line["dateFilter"] for line in data["incomeStatement"]} == {today}
    assert {line["dateFilter"] for line in data["trialBalance"]} == {today}
    assert {line["dateFilter"] for line in data["vendorPurchases"]} == {today}
    assert {(x["agedAsOfDate"], x["periodLengthFilter"]) for x in data["agedAccountsPayable"]} <= {
        (today, "30D")
    }
