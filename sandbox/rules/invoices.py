"""Purchase invoices and their lines: vendor defaults, totals from lines, due dates, posting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bcmodel import Entity, entity_by_set
from bcmodel.edm import EMPTY_GUID
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR
from sandbox.errors import ODataError
from sandbox.invoicing import due_date, invoice_totals, posting_entries
from sandbox.options import QueryOptions
from sandbox.rules import ledger
from sandbox.rules.base import (
    EntityRules,
    WriteContext,
    assign_number,
    dialog,
    missing_reference,
    new_row,
    reference,
)
from sandbox.rules.filters import filters_on
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import body_fields, today

POSTED = "The invoice has been posted and can no longer be modified."
LINES = "purchaseInvoiceLines"
INVOICES = "purchaseInvoices"
_VENDOR = PURCHASE_INVOICE.relation("vendor")


def _vendor(ctx: WriteContext, row: Row, changes: dict[str, Any]) -> Record:
    if changes.get("vendorId") not in (None, EMPTY_GUID):
        vendor = reference(ctx, "vendors", changes["vendorId"])
        if vendor is None:
            assert _VENDOR is not None and _VENDOR.checked
            raise missing_reference(_VENDOR)
        return vendor
    if changes.get("vendorNumber"):
        for candidate in ctx.store.records(ctx.scope, "vendors"):
            if candidate.row["number"] == changes["vendorNumber"]:
                return candidate
        raise dialog('The "vendorNumber" does not match to a Vendor.')
    existing = reference(ctx, "vendors", row["vendorId"])
    if existing is None:
        raise dialog('A "vendorNumber" or a "vendorID" must be provided.')
    return existing


def _copy_vendor(ctx: WriteContext, row: Row, vendor: Row, changes: dict[str, Any]) -> None:
    if vendor["blocked"] == "All":
        raise dialog(
            f"You cannot create this type of document when Vendor {vendor['number']} "
            "is blocked with type All"
        )
    row["vendorId"], row["vendorNumber"], row["vendorName"] = (
        vendor["id"],
        vendor["number"],
        vendor["displayName"],
    )
    for part, source in (
        ("AddressLine1", "addressLine1"),
        ("AddressLine2", "addressLine2"),
        ("City", "city"),
        ("Country", "country"),
        ("State", "state"),
        ("PostCode", "postalCode"),
    ):
        if f"buyFrom{part}" not in changes:
            row[f"buyFrom{part}"] = vendor[source]
        row[f"payTo{part}"] = vendor[source]
    row["payToVendorId"], row["payToVendorNumber"] = vendor["id"], vendor["number"]
    row["payToName"], row["payToContact"] = vendor["displayName"], vendor.get("_contact", "")
    if "currencyCode" not in changes:
        row["currencyId"], row["currencyCode"] = vendor["currencyId"], vendor["currencyCode"]


def _due(ctx: WriteContext, row: Row) -> str:
    # The vendor's terms: the vendor's declared relation to what carries a due-date formula.
    relation = next(r for r in VENDOR.relations if not r.many and _has_due_formula(r.target))
    terms = reference(ctx, relation.target, _vendor_row(ctx, row).get(relation.local_key, ""))
    formula = terms.row["dueDateCalculation"] if terms else ""
    return due_date(date.fromisoformat(row["invoiceDate"]), formula).isoformat()


def _has_due_formula(entity_set: str) -> bool:
    target = entity_by_set(entity_set)
    return target is not None and target.field("dueDateCalculation") is not None


def _vendor_row(ctx: WriteContext, row: Row) -> Row:
    vendor = reference(ctx, "vendors", row["vendorId"])
    return vendor.row if vendor else {}


def _require_draft(invoice: Row) -> None:
    if invoice["status"] != "Draft":
        raise dialog(POSTED)


def _lines_of(ctx: WriteContext, invoice_id: str) -> list[Record]:
    return sorted(
        (r for r in ctx.store.records(ctx.scope, LINES) if r.row["documentId"] == invoice_id),
        key=lambda r: r.row["sequence"],
    )


def recompute(ctx: WriteContext, invoice: Row, lines: list[Row]) -> tuple[Row, list[Row]]:
    """The invoice with totals from its lines, and the lines with their amounts."""
    try:
        fields, new_lines = invoice_totals(invoice, lines, ledger.tax_rates(ctx.store, ctx.scope))
    except ValueError as refusal:  # e.g. an invoice discount larger than the invoice
        raise dialog(str(refusal)) from None
    return {**invoice, **fields}, new_lines


def save_lines(ctx: WriteContext, old: list[Record], new: list[Row]) -> None:
    # Lines have no webhooks (BC's lines are a temporary table); their invoice notifies.
    by_id = {r.row["id"]: r for r in old}
    for line in new:
        current = by_id.get(line["id"])
        if current is None:
            ctx.store.insert(ctx.scope, LINES, line, notify=False)
        elif current.row != line:
            ctx.store.replace(ctx.scope, LINES, line, notify=False)


def touch_invoice(ctx: WriteContext, invoice_id: str) -> None:
    """A line changed: recompute the invoice and tell its subscribers it was updated."""
    invoice = ctx.store.get(ctx.scope, INVOICES, invoice_id)
    if invoice is None:
        return
    old_lines = _lines_of(ctx, invoice_id)
    row, lines = recompute(ctx, dict(invoice.row), [dict(r.row) for r in old_lines])
    row["lastModifiedDateTime"] = ctx.now
    save_lines(ctx, old_lines, lines)
    ctx.store.replace(ctx.scope, INVOICES, row)


class InvoiceRules(EntityRules):
    deep_insert = frozenset({LINES})

    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        row = new_row(ctx, entity, body, allow=self.deep_insert)
        row["lastModifiedDateTime"] = ctx.now
        vendor = _vendor(ctx, row, body)
        _copy_vendor(ctx, row, vendor.row, body)
        assign_number(ctx, entity, row)
        row["status"] = "Draft"
        row["discountAppliedBeforeTax"] = True
        if "invoiceDate" not in body:
            row["invoiceDate"] = today().isoformat()
        if "postingDate" not in body:
            row["postingDate"] = row["invoiceDate"]
        if "dueDate" not in body:
            row["dueDate"] = _due(ctx, row)
        raw_lines = body.get(LINES, [])
        if not isinstance(raw_lines, list):
            raise dialog("purchaseInvoiceLines must be an array of lines.")
        lines: list[Row] = []
        for raw in raw_lines:
            lines.append(new_line(ctx, row, raw, lines))
        # Deep insert: the header and its lines are one write (the caller's transaction).
        invoice, lines = recompute(ctx, row, lines)
        record = ctx.store.insert(ctx.scope, INVOICES, invoice)
        save_lines(ctx, [], lines)
        return record

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        _require_draft(old)
        if "vendorId" in changes or "vendorNumber" in changes:
            if "vendorId" in changes and "vendorNumber" in changes:
                changes = {k: v for k, v in changes.items() if k != "vendorNumber"}
            _copy_vendor(ctx, row, _vendor(ctx, row, changes).row, changes)
        if "invoiceDate" in changes and "dueDate" not in changes:
            row["dueDate"] = _due(ctx, row)
        old_lines = _lines_of(ctx, row["id"])
        invoice, lines = recompute(ctx, row, [dict(r.row) for r in old_lines])
        row.update(invoice)
        save_lines(ctx, old_lines, lines)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        if record.row["status"] != "Draft":
            raise dialog("You cannot delete a posted invoice.")
        for line in _lines_of(ctx, record.row["id"]):
            ctx.store.delete(ctx.scope, LINES, line.row["id"], ctx.now)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> None:
        invoice = dict(record.row)
        if invoice["status"] != "Draft":
            raise dialog("The action can be applied to a draft invoice only.")
        lines = [r.row for r in _lines_of(ctx, invoice["id"])]
        if not any(line["lineType"] != "Comment" for line in lines):
            raise dialog("There is nothing to post.")
        if not invoice["vendorInvoiceNumber"]:
            raise _field_error(
                "Vendor Invoice No.",
                f"Purchase Header: Document Type=Invoice, No.={invoice['number']}",
            )
        for line in lines:
            if line["lineType"] != "Comment" and Decimal(str(line["quantity"])) == 0:
                raise _field_error(
                    "Quantity",
                    f"Purchase Line: Document Type=Invoice, Document No.={invoice['number']}, "
                    f"Line No.={line['sequence']}",
                )
        vendor = _vendor_row(ctx, invoice)
        accounts = ledger.setup(ctx.store, ctx.scope)
        try:
            entries = posting_entries(
                invoice,
                lines,
                vendor,
                accounts["payablesAccountId"],
                inventory_account_id=accounts.get("inventoryAccountId", ""),
                tax_account_id=accounts.get("taxAccountId", ""),
            )
        except ValueError as refusal:
            # Posting checks BC makes that the checks above do not repeat (a blocked vendor).
            raise dialog(str(refusal)) from None
        for entry in entries:
            entry["lastModifiedDateTime"] = ctx.now
        ledger.post(
            ctx.store,
            ctx.scope,
            entries,
            vendor_id=invoice["vendorId"],
            amount=invoice["totalAmountIncludingTax"],
        )
        invoice["status"] = "Open"
        invoice["lastModifiedDateTime"] = ctx.now
        ctx.store.replace(ctx.scope, INVOICES, invoice)


def _field_error(field: str, where: str) -> ODataError:
    return ODataError(
        400,
        "Application_FieldValidationException",
        f"{field} must have a value in {where}. It cannot be zero or empty.",
    )


def new_line(ctx: WriteContext, invoice: Row, raw: Any, siblings: list[Row]) -> Row:
    """A line row from a client body, checked and defaulted; amounts come from recompute()."""
    if not isinstance(raw, dict):
        raise dialog("Each line must be a JSON object.")
    row = new_row(ctx, PURCHASE_INVOICE_LINE, raw)
    if "documentId" in raw and row["documentId"] != invoice["id"]:
        raise dialog("The documentId of a line must be the id of its invoice.")
    row["documentId"] = invoice["id"]
    sequences = [s["sequence"] for s in siblings]
    if row["sequence"]:
        if row["sequence"] in sequences:
            raise dialog("You cannot insert a line with a duplicate sequence number.")
    else:
        row["sequence"] = (max(sequences) if sequences else 0) + 10000
    _resolve_object(ctx, row, raw)
    return row


def _resolve_object(ctx: WriteContext, row: Row, raw: dict[str, Any]) -> None:
    has_item = row["itemId"] != EMPTY_GUID
    has_account = row["accountId"] != EMPTY_GUID
    if has_item and has_account:
        raise dialog("You cannot specify both an itemId and an accountId on a line.")
    line_type = raw.get("lineType")
    if has_item or (line_type == "Item" and row["lineObjectNumber"]):
        item = ledger.item(ctx.store, ctx.scope, row["itemId"], row["lineObjectNumber"])
        if item is None:
            raise dialog(
                "The item does not exist. Identification fields and values: Id='"
                f"{row['itemId'] if has_item else row['lineObjectNumber']}'"
            )
        row["lineType"], row["itemId"], row["lineObjectNumber"] = "Item", item["id"], item["number"]
        row["description"] = row["description"] or item["description"]
        if "unitCost" not in raw:
            row["unitCost"] = item["unitCost"]
        if "unitOfMeasureCode" not in raw:
            row["unitOfMeasureId"] = item.get("unitOfMeasureId", EMPTY_GUID)
            row["unitOfMeasureCode"] = item.get("unitOfMeasureCode", "")
        if "taxCode" not in raw:
            row["taxCode"] = item.get("taxCode", "")
        return
    if has_account or (line_type == "Account" and row["lineObjectNumber"]):
        account = _account(ctx, row["accountId"], row["lineObjectNumber"])
        row["lineType"], row["accountId"], row["lineObjectNumber"] = (
            "Account",
            account["id"],
            account["number"],
        )
        row["description"] = row["description"] or account["displayName"]
        return
    if line_type in (None, "Comment"):
        row["lineType"] = "Comment"
        return
    raise dialog(f"A line of type {line_type} needs an itemId, an accountId or a lineObjectNumber.")


def _account(ctx: WriteContext, account_id: str, number: str) -> Row:
    for record in ctx.store.records(ctx.scope, "accounts"):
        row = record.row
        if row["id"] == account_id or (account_id == EMPTY_GUID and row["number"] == number):
            if row["accountType"] != "Posting":
                raise dialog(
                    f"Account Type must be equal to 'Posting' in G/L Account: No.={row['number']}."
                )
            if row["blocked"]:
                raise dialog(f"Blocked must be equal to 'No' in G/L Account: No.={row['number']}.")
            return row
    raise dialog('The "accountId" does not match to a G/L Account.')


_FIXED_ON_LINES = ("documentId", "sequence", "lineObjectNumber", "itemId", "accountId", "lineType")


class LineRules(EntityRules):
    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        if not (filters_on(opts.filter, "documentId") or filters_on(opts.filter, "id")):
            # BC's page refuses to list every line of every invoice.
            raise dialog("You must specify an Id or a Document Id to get the lines.")
        return store.records(scope, entity.entity_set)

    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        invoice_id = parent_id
        if invoice_id is None:
            raw_id = body.get("documentId")
            if not raw_id:
                raise dialog("You must specify a documentId to create a line.")
            invoice_id = str(
                body_fields(entity, {"documentId": raw_id}, creating=True)["documentId"]
            )
        invoice = ctx.store.get(ctx.scope, INVOICES, invoice_id)
        if invoice is None:
            raise ODataError(
                404,
                "Internal_RecordNotFound",
                "The Purchase Header does not exist. "
                f"Identification fields and values: Id='{invoice_id}'",
            )
        _require_draft(invoice.row)
        existing = [r.row for r in _lines_of(ctx, invoice.row["id"])]
        row = new_line(ctx, invoice.row, body, existing)
        ctx.store.insert(ctx.scope, LINES, row, notify=False)
        touch_invoice(ctx, invoice.row["id"])
        saved = ctx.store.get(ctx.scope, LINES, row["id"])
        assert saved is not None
        return saved

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        invoice = ctx.store.get(ctx.scope, INVOICES, record.row["documentId"])
        if invoice is not None:
            _require_draft(invoice.row)
        for name in _FIXED_ON_LINES:
            if name in changes and changes[name] != record.row[name]:
                raise dialog(f"You cannot change the {name} of a line once it is set.")
        row = {**record.row, **changes}
        ctx.store.replace(ctx.scope, LINES, row, notify=False)
        touch_invoice(ctx, row["documentId"])
        saved = ctx.store.get(ctx.scope, LINES, row["id"])
        assert saved is not None
        return saved

    def delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        invoice = ctx.store.get(ctx.scope, INVOICES, record.row["documentId"])
        if invoice is not None:
            _require_draft(invoice.row)
        ctx.store.delete(ctx.scope, LINES, record.row["id"], ctx.now)
        touch_invoice(ctx, record.row["documentId"])
