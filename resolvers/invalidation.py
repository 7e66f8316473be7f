"""What a write may have changed, dropped from the request's by-id loader caches, so that
fields resolved after a mutation read BC again instead of what was cached before it."""

from __future__ import annotations

from collections.abc import Iterable

from resolvers.context import Context

# A write to the key's entity set may change records of these sets too.
CHANGES: dict[str, tuple[str, ...]] = {
    "vendors": ("vendors",),
    # BC recomputes an invoice's lines when its header changes (discount allocation) ...
    "purchaseInvoices": ("purchaseInvoices", "purchaseInvoiceLines"),
    # ... and the invoice's totals and etag when a line changes.
    "purchaseInvoiceLines": ("purchaseInvoiceLines", "purchaseInvoices"),
    "taxGroups": ("taxGroups",),
    "paymentTerms": ("paymentTerms",),
}
# Posting writes ledger entries: the vendor's balance and accounts' net change move too.
POSTING = ("purchaseInvoices", "purchaseInvoiceLines", "vendors", "accounts")


def forget(ctx: Context, company: str, entity_sets: Iterable[str]) -> None:
    """Drops the loaders of these sets in this company (keys as resolvers.loaders makes
    them: ("by_id", entity set, company, plan signature)); later reads make new ones."""
    sets = set(entity_sets)
    stale = [
        key
        for key in ctx.loaders
        if isinstance(key, tuple)
        and len(key) > 2
        and key[0] == "by_id"
        and key[1] in sets
        and key[2] == company
    ]
    for key in stale:
        del ctx.loaders[key]
