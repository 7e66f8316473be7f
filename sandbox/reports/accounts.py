"""BC's trial balance: each G/L account's debits or credits in a period and its balance
at the period's end; totaling accounts sum their range of posting accounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from sandbox.invoicing import ZERO, wire_number
from sandbox.reports.lines import Period, changes
from sandbox.store import Row


def _split(amount: Decimal) -> tuple[int | float, int | float]:
    """(debit, credit): a debit-positive amount as BC's two columns."""
    return (wire_number(amount), 0) if amount > 0 else (0, wire_number(-amount))


def _per_number(
    accounts: Sequence[Mapping[str, object]], amounts: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    by_number: dict[str, Decimal] = {}
    for account in accounts:
        own = amounts.get(str(account["id"]), ZERO)
        totaling = str(account.get("_totaling") or "")
        if account.get("accountType") != "Posting" and totaling:
            low, high = totaling.split("..")
            own = sum(
                (
                    amounts.get(str(a["id"]), ZERO)
                    for a in accounts
                    if a.get("accountType") == "Posting" and low <= str(a["number"]) <= high
                ),
                ZERO,
            )
        by_number[str(account["number"])] = own
    return by_number


def trial_balance(
    accounts: Sequence[Mapping[str, object]],
    entries: Sequence[Mapping[str, object]],
    when: Period,
) -> list[Row]:
    ordered = sorted(accounts, key=lambda a: str(a["number"]))
    moved = _per_number(ordered, changes(entries, when.start, when.end))
    balance = _per_number(ordered, changes(entries, None, when.end))
    rows: list[Row] = []
    for account in ordered:
        number = str(account["number"])
        debit, credit = _split(moved[number])
        balance_debit, balance_credit = _split(balance[number])
        rows.append(
            {
                "number": number,
                "accountId": account["id"],
                "accountType": account["accountType"],
                "display": account["displayName"],
                "totalDebit": debit,
                "totalCredit": credit,
                "balanceAtDateDebit": balance_debit,
                "balanceAtDateCredit": balance_credit,
                "dateFilter": when.end.isoformat(),
            }
        )
    return rows
