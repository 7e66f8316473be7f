"""Counts of what the sandbox served, for tests and benchmarks that count upstream calls."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_SET = re.compile(r"([A-Za-z$][A-Za-z0-9.$]*)(?:\([^)]*\))?")


def entity_set_of(api_path: str) -> str:
    """The last entity set or special segment named in a path (`…/purchaseInvoices(1)/vendor` ->
    `vendor`), so counts read as what was asked for."""
    names = [m.group(1) for m in _SET.finditer(api_path.split("?")[0]) if m.group(1)]
    names = [n for n in names if n not in ("$count",)]
    return names[-1] if names else "$service"


class Stats:
    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str, int, bool]] = Counter()
        self.webhooks: Counter[int | str] = Counter()

    def request(self, method: str, api_path: str, status: int, *, in_batch: bool = False) -> None:
        self.requests[(method, entity_set_of(api_path), status, in_batch)] += 1

    def webhook(self, outcome: int | str) -> None:
        self.webhooks[outcome] += 1

    def reset(self) -> None:
        self.requests.clear()
        self.webhooks.clear()

    def snapshot(self, peaks: dict[str, int]) -> dict[str, Any]:
        rows = [
            {"method": m, "entitySet": s, "status": st, "inBatch": b, "count": n}
            for (m, s, st, b), n in sorted(self.requests.items(), key=str)
        ]
        http = sum(n for (_m, _s, _st, b), n in self.requests.items() if not b)
        return {
            "httpRequests": http,
            "batchOperations": sum(n for (_m, _s, _st, b), n in self.requests.items() if b),
            "requests": rows,
            "webhookDeliveries": {str(k): v for k, v in self.webhooks.items()},
            "peakConcurrencyByUser": peaks,
        }
