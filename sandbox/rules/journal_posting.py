"""Posting a general journal batch (BC's Gen. Jnl.-Post, approximated): each line's amount
to its account and the opposite to its balancing account, as G/L entries; the lines of a
document with no balancing account must balance by posting date and document number.

BC's checks come from codeunits the API pages call but that are not public AL here
(Gen. Jnl.-Check Line, Gen. Jnl.-Post Batch): the messages follow BC's field-error and
TestField wording, the order of the checks is BC's as far as it shows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal

from bcmodel.edm import EMPTY_DATE, EMPTY_GUID, decode_name
from sandbox.errors import ODataError
from sandbox.invoicing import ZERO, wire_number
from sandbox.rules import ledger
from sandbox.rules.base import WriteContext, dialog
from sandbox.store import Row
from sandbox.values import dec

NOTHING_TO_POST = "There is nothing to post."


def post_journal(ctx: WriteContext, journal: Row, lines: list[Row]) -> None:
    """Write the journal's G/L entries and move the accounts; the caller removes the lines."""
    postable = [line for line in lines if not _empty(line)]
    if not postable:
        raise dialog(NOTHING_TO_POST)
    for line in postable:
        _check_line(ctx, journal, line)
    check_balance(postable)
    entries: list[Row] = []
    for line in postable:
        amount = dec(line["amount"])
        if not amount:
            continue
        if line["accountId"] != EMPTY_GUID:
            entries.append(gl_entry(ctx, line, str(line["accountId"]), amount))
        if line["balancingAccountId"] != EMPTY_GUID:
            entries.append(gl_entry(ctx, line, str(line["balancingAccountId"]), -amount))
    ledger.post(ctx.store, ctx.scope, entries, vendor_id=EMPTY_GUID, amount=0)


def _empty(line: Row) -> bool:
    # BC's batch posting skips lines with neither an account nor an amount.
    return line["accountId"] == EMPTY_GUID and not dec(line["amount"])


def line_where(journal: Row, line: Row) -> str:
    return (
        f"Gen. Journal Line: Journal Template Name={journal['templateDisplayName']}, "
        f"Journal Batch Name={journal['code']}, Line No.={line['lineNumber']}"
    )


def field_error(field: str, where: str) -> ODataError:
    return ODataError(
        400,
        "Application_FieldValidationException",
        f"{field} must have a value in {where}. It cannot be zero or empty.",
    )


def _check_line(ctx: WriteContext, journal: Row, line: Row) -> None:
    where = line_where(journal, line)
    if line["postingDate"] == EMPTY_DATE:
        raise field_error("Posting Date", where)
    if not line["documentNumber"]:
        raise field_error("Document No.", where)
    if line["accountId"] == EMPTY_GUID and line["balancingAccountId"] == EMPTY_GUID:
        raise field_error("Account No.", where)
    for account_id in (line["accountId"], line["balancingAccountId"]):
        if account_id != EMPTY_GUID:
            check_account(ctx, str(account_id))


def check_account(ctx: WriteContext, account_id: str) -> None:
    record = ctx.store.get(ctx.scope, "accounts", account_id)
    if record is None:
        raise dialog("The G/L Account does not exist.")
    account = record.row
    tests = (
        ("Blocked", "No", "Yes" if account["blocked"] else "No"),
        ("Account Type", "Posting", decode_name(str(account["accountType"]))),
        ("Direct Posting", "Yes", "Yes" if account["directPosting"] else "No"),
    )
    for caption, wanted, current in tests:
        if current != wanted:
            raise ODataError(
                400,
                "Application_TestFieldException",
                f"{caption} must be equal to '{wanted}'  in G/L Account: "
                f"No.={account['number']}. Current value is '{current}'.",
            )


def check_balance(lines: list[Row]) -> None:
    # Lines with a balancing account balance themselves; the others must balance per
    # document and date.
    open_amounts: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line["balancingAccountId"] == EMPTY_GUID:
            open_amounts[(str(line["postingDate"]), str(line["documentNumber"]))] += dec(
                line["amount"]
            )
    for (_, document), amount in open_amounts.items():
        if amount:
            raise dialog(
                f"Document No. {document} is out of balance by {amount:.2f}. Please check "
                "that Posting Date, Document Type, Document No. and Amount are correct for "
                "each line."
            )


def gl_entry(ctx: WriteContext, line: Row, account_id: str, amount: Decimal) -> Row:
    return {
        "id": str(uuid.uuid4()),
        "accountId": account_id,
        "postingDate": line["postingDate"],
        "amount": wire_number(amount),
        "documentId": EMPTY_GUID,
        "vendorId": EMPTY_GUID,
        "description": line["description"],
        "documentNumber": line["documentNumber"],
        "documentType": " ",
        "lastModifiedDateTime": ctx.now,
    }
