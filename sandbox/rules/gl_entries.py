"""The G/L entries as BC's API shows them, read from the ledger posting writes.

Posting (invoices, journals, and whatever posts later) records entries in the hidden set
`ledger.GL_ENTRIES` with a debit-positive `amount` and the document's id; these rules show
each as BC's G/L Entry: numbered in the order it was recorded (BC's Entry No. increases
with every posting), the account's number, the amount split into debit and credit. An
entry may carry `documentNumber`, `documentType` and `lastModifiedDateTime`; without them
it shows a blank document and its posting date at midnight.
"""

from __future__ import annotations

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID, encode_name
from sandbox.invoicing import wire_number
from sandbox.options import QueryOptions
from sandbox.rules import ledger
from sandbox.rules.base import EntityRules
from sandbox.store import Record, Row, Scope, Store, make_etag
from sandbox.values import dec

_BLANK_TYPE = encode_name(" ")


def public_rows(store: Store, scope: Scope) -> list[Row]:
    numbers = {r.row["id"]: str(r.row["number"]) for r in store.records(scope, "accounts")}
    return [
        shown(entry.row, index + 1, numbers)
        for index, entry in enumerate(store.records(scope, ledger.GL_ENTRIES))
    ]


def shown(entry: Row, number: int, account_numbers: dict[str, str]) -> Row:
    amount = dec(entry["amount"])
    return {
        "id": entry["id"],
        "entryNumber": number,
        "postingDate": entry["postingDate"],
        "documentNumber": entry.get("documentNumber", ""),
        "documentType": encode_name(str(entry.get("documentType", " "))) or _BLANK_TYPE,
        "accountId": entry.get("accountId", EMPTY_GUID),
        "accountNumber": account_numbers.get(str(entry.get("accountId")), ""),
        "description": entry.get("description", ""),
        "debitAmount": wire_number(amount) if amount > 0 else 0,
        "creditAmount": wire_number(-amount) if amount < 0 else 0,
        # The sandbox's companies set up no additional reporting currency.
        "additionalCurrencyDebitAmount": 0,
        "additionalCurrencyCreditAmount": 0,
        "lastModifiedDateTime": entry.get("lastModifiedDateTime")
        or f"{entry['postingDate']}T00:00:00Z",
    }


def _record(row: Row) -> Record:
    # Entries never change once posted: one version each.
    return Record(row, 1, make_etag(str(row["id"]), 1))


class GeneralLedgerEntryRules(EntityRules):
    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        return [_record(row) for row in public_rows(store, scope)]

    def fetched(self, store: Store, scope: Scope, entity: Entity, record_id: str) -> Record | None:
        wanted = record_id.lower()
        for row in public_rows(store, scope):
            if str(row["id"]).lower() == wanted:
                return _record(row)
        return None
