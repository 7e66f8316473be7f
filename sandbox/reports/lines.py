"""What BC's account-schedule reports share: a period, account balances within it, and
lines numbered 10000, 20000, ... with ids that are the same whenever they are computed."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sandbox.invoicing import ZERO, dec, wire_number
from sandbox.store import Row

_ID_NAMESPACE = uuid.UUID("0d6f1f0e-2b8c-4f5e-9d3a-7c1b2a4e6f80")
PROFIT_AND_LOSS = ("Income", "Cost_x0020_of_x0020_Goods_x0020_Sold", "Expense")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period(start: date | None, end: date | None, today: date) -> Period:
    """BC's default period: from the first day of the last day's year through today."""
    last = end or today
    return Period(start or date(last.year, 1, 1), last)


def changes(
    entries: Iterable[Mapping[str, object]], first: date | None, last: date
) -> dict[str, Decimal]:
    """Debit-positive sum per account id of the entries dated first..last (no first: all
    entries up to last)."""
    low = first.isoformat() if first else ""
    high = last.isoformat()
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        # ISO dates compare correctly as strings, and this runs per request.
        if low <= str(entry["postingDate"]) <= high:
            sums[str(entry["accountId"])] += dec(entry["amount"])
    return dict(sums)


def by_sub_category(
    accounts: Iterable[Mapping[str, object]], amounts: Mapping[str, Decimal], category: str
) -> dict[str, Decimal]:
    """The amounts of the category's posting accounts, per subCategory in chart order."""
    groups: dict[str, Decimal] = {}
    for account in sorted(accounts, key=lambda a: str(a["number"])):
        if account.get("accountType") == "Posting" and account.get("category") == category:
            sub = str(account.get("subCategory") or category)
            groups[sub] = groups.get(sub, ZERO) + amounts.get(str(account["id"]), ZERO)
    return groups


@dataclass
class Lines:
    """A report's lines, added in order."""

    report: str
    company_id: str
    as_of: date
    amount_field: str = "netChange"
    rows: list[Row] = field(default_factory=list)

    def add(self, display: str, amount: Decimal, line_type: str, indentation: int) -> None:
        number = (len(self.rows) + 1) * 10000
        self.rows.append(
            {
                "id": str(uuid.uuid5(_ID_NAMESPACE, f"{self.report}/{self.company_id}/{number}")),
                "lineNumber": number,
                "display": display,
                self.amount_field: wire_number(amount),
                "lineType": line_type,
                "indentation": indentation,
                "dateFilter": self.as_of.isoformat(),
            }
        )

    def section(self, header: str, details: Mapping[str, Decimal], total: str) -> Decimal:
        """A header, a detail line per entry of `details`, and their total."""
        if self.rows:
            self.add("", ZERO, "spacer", 0)
        self.add(header, ZERO, "header", 0)
        for display, amount in details.items():
            self.add(display, amount, "detail", 1)
        summed = sum(details.values(), ZERO)
        self.add(total, summed, "total", 0)
        return summed
