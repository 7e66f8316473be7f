"""BC's financial statements over a period, from the chart and the G/L entries: the income
statement, the cash flow statement and the retained earnings statement. BC builds them
from account schedules a company can edit; these follow the layout of CRONUS's, with a
detail line per account subCategory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal

from sandbox.invoicing import ZERO
from sandbox.reports.lines import PROFIT_AND_LOSS, Lines, Period, by_sub_category, changes
from sandbox.store import Row

Accounts = Sequence[Mapping[str, object]]
Entries = Sequence[Mapping[str, object]]

COGS = "Cost_x0020_of_x0020_Goods_x0020_Sold"
# Balance-sheet subCategories by the cash flow activity their changes belong to; any
# other non-cash one counts as operating.
_INVESTING = frozenset({"Equipment"})
_FINANCING = frozenset(
    {"Long Term Liabilities", "Common Stock", "Retained Earnings", "Distributions to Shareholders"}
)
_CASH = "Cash"


def _negated(amounts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {k: -v for k, v in amounts.items()}


def income_statement(
    accounts: Accounts, entries: Entries, when: Period, *, company_id: str
) -> list[Row]:
    """Income, cost of goods sold, gross profit, expenses and net income for the period;
    income credit-positive, costs debit-positive on their own lines."""
    moved = changes(entries, when.start, when.end)
    lines = Lines("incomestatement", company_id, when.end)
    income = lines.section(
        "Income", _negated(by_sub_category(accounts, moved, "Income")), "Total Income"
    )
    cost = lines.section(
        "Cost of Goods Sold", by_sub_category(accounts, moved, COGS), "Total Cost of Goods Sold"
    )
    lines.add("", ZERO, "spacer", 0)
    lines.add("Gross Profit", income - cost, "total", 0)
    expenses = lines.section(
        "Expenses", by_sub_category(accounts, moved, "Expense"), "Total Expenses"
    )
    lines.add("", ZERO, "spacer", 0)
    lines.add("Net Income", income - cost - expenses, "total", 0)
    return lines.rows


def net_income(accounts: Accounts, moved: Mapping[str, Decimal]) -> Decimal:
    """Credit-positive profit of the amounts moved on profit-and-loss accounts."""
    ids = {str(a["id"]) for a in accounts if a.get("category") in PROFIT_AND_LOSS}
    return -sum((v for k, v in moved.items() if k in ids), ZERO)


def cash_flow_statement(
    accounts: Accounts, entries: Entries, when: Period, *, company_id: str
) -> list[Row]:
    """Net income, the cash each activity brought in (the opposite of the change of each
    non-cash balance-sheet subCategory), and cash at the period's start and end. The
    ledger balances, so net income plus the activities is the change in cash."""
    moved = changes(entries, when.start, when.end)
    before = changes(entries, None, when.start - timedelta(days=1))
    activities: dict[str, dict[str, Decimal]] = {"Operating": {}, "Investing": {}, "Financing": {}}
    cash_moved = ZERO
    for category in ("Assets", "Liabilities", "Equity"):
        for sub, amount in by_sub_category(accounts, moved, category).items():
            if sub == _CASH:
                cash_moved += amount
                continue
            kind = (
                "Investing"
                if sub in _INVESTING
                else "Financing"
                if sub in _FINANCING
                else "Operating"
            )
            activities[kind][sub] = activities[kind].get(sub, ZERO) - amount
    cash_before = by_sub_category(accounts, before, "Assets").get(_CASH, ZERO)
    lines = Lines("cashflowstatement", company_id, when.end)
    profit = net_income(accounts, moved)
    operating = {"Net Income": profit, **activities["Operating"]}
    total = lines.section(
        "Operating Activities", operating, "Net Cash Provided by Operating Activities"
    )
    total += lines.section(
        "Investing Activities",
        activities["Investing"],
        "Net Cash Provided by Investing Activities",
    )
    total += lines.section(
        "Financing Activities",
        activities["Financing"],
        "Net Cash Provided by Financing Activities",
    )
    lines.add("", ZERO, "spacer", 0)
    lines.add("Net Change in Cash", total, "total", 0)
    lines.add("Cash at Beginning of Period", cash_before, "total", 0)
    lines.add("Cash at End of Period", cash_before + cash_moved, "total", 0)
    return lines.rows


def retained_earnings(
    accounts: Accounts, entries: Entries, when: Period, *, company_id: str
) -> list[Row]:
    """Retained earnings at the period's start (every earlier profit included), the
    period's net income, distributions and other postings to retained earnings, and the
    result at its end; credit-positive."""
    moved = changes(entries, when.start, when.end)
    before = changes(entries, None, when.start - timedelta(days=1))
    kept = {
        str(a["id"])
        for a in accounts
        if a.get("accountType") == "Posting" and a.get("subCategory") == "Retained Earnings"
    }
    paid = {
        str(a["id"])
        for a in accounts
        if a.get("accountType") == "Posting"
        and a.get("subCategory") == "Distributions to Shareholders"
    }

    def credit(ids: set[str], amounts: Mapping[str, Decimal]) -> Decimal:
        return -sum((v for k, v in amounts.items() if k in ids), ZERO)

    opening = credit(kept | paid, before) + net_income(accounts, before)
    profit = net_income(accounts, moved)
    distributions = credit(paid, moved)
    adjustments = credit(kept, moved)
    lines = Lines("retainedearnings", company_id, when.end)
    lines.add("Retained Earnings, Period Start", opening, "total", 0)
    lines.add("Net Income", profit, "detail", 1)
    lines.add("Distributions to Shareholders", distributions, "detail", 1)
    lines.add("Other Changes", adjustments, "detail", 1)
    lines.add("", ZERO, "spacer", 0)
    closing = opening + profit + distributions + adjustments
    lines.add("Retained Earnings, Period End", closing, "total", 0)
    return lines.rows
