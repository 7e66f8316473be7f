"""The company data BC keeps but the API does not show (tax rates, G/L entries, setup),
and what document rules read from items.

Hidden data lives in the store as hidden sets (names starting with "_"), which no URL
reaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bcmodel.edm import EMPTY_GUID, encode_name
from sandbox.invoicing import balance_sheet
from sandbox.store import Row, Scope, Store
from sandbox.values import as_number, dec

ITEMS = "items"
GL_ENTRIES = "_glEntries"
TAX_RATES = "_taxRates"
SETUP = "_setup"


def tax_rates(store: Store, scope: Scope) -> Mapping[str, Decimal]:
    return {r.row["code"]: dec(r.row["percent"]) for r in store.records(scope, TAX_RATES)}


def uses_sales_tax(store: Store, scope: Scope) -> bool:
    """Whether the company taxes by sales tax (G/L Setup's UseVat() is false), as its tax
    groups' company-wide taxType says."""
    groups = store.records(scope, "taxGroups")
    return bool(groups) and groups[0].row["taxType"] == encode_name("Sales Tax")


def setup(store: Store, scope: Scope) -> Row:
    """The company's posting setup: payables, inventory, tax and cash accounts."""
    for record in store.records(scope, SETUP):
        return record.row
    raise LookupError("the company has no setup row")  # pragma: no cover - seeded


def item(store: Store, scope: Scope, item_id: str, number: str) -> Row | None:
    """The item a document line names, by id, or by number when the id is blank: the
    `items` row (BC's fields: displayName, unitCost, unitPrice, baseUnitOfMeasureId/Code,
    taxGroupCode...), plus what a line copies from it under the line's own names
    (description, unitOfMeasureId, unitOfMeasureCode, taxCode)."""
    for record in store.records(scope, ITEMS):
        row = record.row
        if (item_id != EMPTY_GUID and row["id"] == item_id) or (
            item_id == EMPTY_GUID and row["number"] == number.upper()
        ):
            return {
                **row,
                "description": row["displayName"],
                "unitOfMeasureId": row["baseUnitOfMeasureId"],
                "unitOfMeasureCode": row["baseUnitOfMeasureCode"],
                "taxCode": row["taxGroupCode"],
            }
    return None


def post(store: Store, scope: Scope, entries: list[Row], *, vendor_id: str, amount: Any) -> None:
    """Record a purchase document's G/L entries; the vendor's balance moves by `amount`."""
    post_entries(store, scope, entries, party=("vendors", vendor_id, "balance"), amount=amount)


def post_entries(
    store: Store, scope: Scope, entries: list[Row], *, party: tuple[str, str, str], amount: Any
) -> None:
    """Record G/L entries; move the party's balance (`party`: its entity set, id and balance
    field) by `amount`, and the accounts' net change by their entries.

    Balances are FlowFields in BC: they change the ETag but not lastModifiedDateTime,
    and do not fire webhooks.
    """
    for entry in entries:
        store.insert(scope, GL_ENTRIES, entry, notify=False)
    party_set, party_id, balance = party
    found = store.get(scope, party_set, party_id)
    if found is not None:
        row = {**found.row, balance: as_number(dec(found.row[balance]) + dec(amount))}
        store.replace(scope, party_set, row, notify=False)
    moved: dict[str, Decimal] = {}
    for entry in entries:
        moved[entry["accountId"]] = moved.get(entry["accountId"], Decimal(0)) + dec(entry["amount"])
    for account_id, delta in moved.items():
        account = store.get(scope, "accounts", account_id)
        if account is not None:
            row = {**account.row, "netChange": as_number(dec(account.row["netChange"]) + delta)}
            store.replace(scope, "accounts", row, notify=False)


def balance_sheet_rows(store: Store, scope: Scope, as_of: date) -> list[Row]:
    accounts = [r.row for r in store.records(scope, "accounts")]
    entries = [r.row for r in store.records(scope, GL_ENTRIES)]
    return balance_sheet(accounts, entries, as_of, company_id=scope.company_id)
