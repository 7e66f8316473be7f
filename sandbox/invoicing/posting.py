"""The G/L entries posting a document creates, for either side of the business: a
purchase invoice debits its lines and credits payables, a sales invoice credits its lines
and debits receivables, a sales credit memo the reverse of that."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sandbox.invoicing.amounts import ZERO, Row, dec, wire_number
from sandbox.invoicing.totals import is_comment

__all__ = ["EMPTY_GUID", "Posting", "document_entries"]

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

# Entry ids are uuid5s of (document id, index) under this namespace, so recomputing them
# gives the same ids (the namespace G/L entries have always had here).
_ID_NAMESPACE = uuid.UUID("5f0c3e9a-4d0b-4c1e-9a57-6b2f1d8e0c11")


@dataclass(frozen=True)
class Posting:
    """What differs between documents when they post.

    `sign` is +1 when the lines are debits (a purchase invoice, a sales credit memo) and
    -1 when they are credits (a sales invoice). `party_field` names the entry field that
    carries the party's id on the party's entry (`vendorId`, `customerId`).
    """

    sign: int
    party_field: str
    party_id: str
    party_account_id: str
    item_account_id: str = ""
    tax_account_id: str = ""
    caption: str = "Invoice"
    item_account_missing: str = "The item line cannot be posted: no inventory account is set up."


def _entry(
    document_id: str,
    index: int,
    account_id: str,
    posting_date: str,
    amount: Decimal,
    description: str,
    party: tuple[str, str],
) -> Row:
    return {
        "id": str(uuid.uuid5(_ID_NAMESPACE, f"glentry/{document_id}/{index}")),
        "accountId": account_id,
        "postingDate": posting_date,
        "amount": wire_number(amount),
        "documentId": document_id,
        party[0]: party[1],
        "description": description,
    }


def document_entries(
    document: Mapping[str, object], lines: Sequence[Mapping[str, object]], how: Posting
) -> list[Row]:
    """The G/L entries that posting `document` creates, dated its postingDate.

    `lines` must carry their amounts (the output of `invoice_totals`). Each line goes to
    its account (an Item line to `item_account_id`) by its net amount after the document
    discount, signed by `how.sign`; tax goes to `tax_account_id`, or with none it is added
    to the line's own entry (US sales tax set to Expense/Capitalize). The party's account
    takes the opposite of the sum, so the entries always sum to zero; only that entry
    carries the party's id. Entry ids derive from the document id.
    """
    document_id = str(document["id"])
    posting_date = str(document["postingDate"])
    description = f"{how.caption} {document.get('number', '')}".strip()
    blank = (how.party_field, EMPTY_GUID)
    entries: list[Row] = []
    total = ZERO
    tax_total = ZERO
    for line in sorted(lines, key=lambda ln: dec(ln.get("sequence", 0))):
        if is_comment(line):
            continue
        if not dec(line.get("quantity", 0)):
            raise ValueError(f"Quantity must have a value in line {line.get('sequence', '')}.")
        if line.get("lineType") == "Item":
            if not how.item_account_id:
                raise ValueError(how.item_account_missing)
            account_id = how.item_account_id
        else:
            account_id = str(line.get("accountId", EMPTY_GUID))
            if account_id == EMPTY_GUID:
                raise ValueError(f"Line {line.get('sequence', '')} has no account to post to.")
        amount = how.sign * dec(line.get("netAmount", 0))
        tax = how.sign * dec(line.get("netTaxAmount", 0))
        if how.tax_account_id:
            tax_total += tax
        else:
            amount += tax
        if amount:
            entries.append(
                _entry(
                    document_id, len(entries), account_id, posting_date, amount, description, blank
                )
            )
        total += amount
    if tax_total:
        entries.append(
            _entry(
                document_id,
                len(entries),
                how.tax_account_id,
                posting_date,
                tax_total,
                description,
                blank,
            )
        )
        total += tax_total
    if not entries:
        raise ValueError("There is nothing to post.")
    entries.append(
        _entry(
            document_id,
            len(entries),
            how.party_account_id,
            posting_date,
            -total,
            description,
            (how.party_field, how.party_id),
        )
    )
    # What the API's generalLedgerEntries show of the document (BC's document type is the
    # caption: Invoice, Credit Memo).
    for entry in entries:
        entry["documentNumber"] = str(document.get("number", ""))
        entry["documentType"] = how.caption
    return entries
