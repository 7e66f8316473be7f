"""The balance sheet: a report computed from the general ledger for each GET, never stored."""

from __future__ import annotations

from bcmodel import Entity
from sandbox.options import QueryOptions
from sandbox.rules import ledger
from sandbox.rules.base import EntityRules
from sandbox.rules.filters import date_equal
from sandbox.store import Record, Scope, Store, make_etag
from sandbox.values import today


class BalanceSheetRules(EntityRules):
    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        # Computed for `dateFilter eq <date>` (today when absent), as BC does.
        as_of = date_equal(opts.filter, "dateFilter") or today()
        rows = ledger.balance_sheet_rows(store, scope, as_of)
        return [Record(row, 1, make_etag(f"{row['id']}:{as_of}", 1)) for row in rows]
