"""Shipping and invoicing a sales order (BC's Sales-Post with Ship and Invoice): a posted
shipment for what ships now, a sales invoice for what is invoiced now, posted exactly as
`postSalesInvoice` posts one (sales.py, sales_posting.py), and the order's lines moved on;
a fully shipped and invoiced order is deleted, as BC does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from bcmodel import entity as declared
from sandbox.invoicing import dec, wire_number
from sandbox.rules.base import WriteContext, blank_row, dialog, next_number, reference
from sandbox.rules.order_quantities import outstanding
from sandbox.rules.sales import SalesInvoiceRules
from sandbox.store import Record, Row

if TYPE_CHECKING:
    from sandbox.rules.sales_orders import SalesOrderRules

SHIPMENTS = "salesShipments"
SHIPMENT_LINES = "salesShipmentLines"
# BC's posted shipments' number series (S-SHPT).
FIRST_SHIPMENT = "102001"


def ship_and_invoice(ctx: WriteContext, rules: SalesOrderRules, record: Record) -> str:
    """Post the order; the id of the posted invoice."""
    from sandbox.rules.sales_orders import drop_document, made_from, store_document

    order = dict(record.row)
    # BC's page checks first that there is an item line and that every line has a quantity
    # (CheckDocumentIfNoItemsExists, SalesCheckAllLinesHaveQuantityAssigned).
    rules.require_lines(ctx, order)
    customer = rules.party_row(ctx, order)
    if customer.get("blocked") in rules.kind.blocked_by:
        raise dialog(
            f"You cannot post this type of document when Customer {customer['number']} is "
            f"blocked with type {customer['blocked']}"
        )
    lines = [dict(r.row) for r in rules.lines_of(ctx, order["id"])]
    ship_now: dict[str, int | float] = {}
    invoice_now: dict[str, int | float] = {}
    for line in lines:
        if line["lineType"] == "Comment":
            continue
        shipping = dec(line["shipQuantity"])
        billable = dec(line["shippedQuantity"]) + shipping - dec(line["invoicedQuantity"])
        ship_now[line["id"]] = wire_number(shipping)
        invoice_now[line["id"]] = wire_number(min(dec(line["invoiceQuantity"]), billable))
    if not any(ship_now.values()) and not any(invoice_now.values()):
        # BC: Sales-Post, DocumentErrorsMgt.GetNothingToPostErrorMsg.
        raise dialog("There is nothing to post.")
    posted_id = ""
    due = rules.due(ctx, order)
    if any(invoice_now.values()):
        invoiced = [
            {**line, "quantity": invoice_now.get(line["id"], line["quantity"])}
            for line in lines
            if line["lineType"] == "Comment" or invoice_now[line["id"]]
        ]
        invoice_rules = SalesInvoiceRules()
        invoice, invoice_lines = made_from(
            ctx,
            order,
            invoiced,
            invoice_rules,
            invoiceDate=order["orderDate"],
            postingDate=order["postingDate"],
            orderId=order["id"],
            orderNumber=order["number"],
        )
        draft = store_document(ctx, invoice_rules, invoice, invoice_lines)
        header = declared(invoice_rules.kind.header)
        posted = invoice_rules.post_draft(ctx, header, draft, sign=-1)
        posted_id, due = str(posted["id"]), str(posted["dueDate"])
    else:
        # BC posts the shipment, then its page finds no invoice of the order to answer with
        # (SalesInvoiceHeader.FindFirst): the AL runtime's error for an empty find, without
        # the filters it lists after it.
        ctx.after_commit.append(dialog("There is no Sales Invoice Header within the filter."))
    # The shipment lists what ships now, and the comments with it.
    shipped = [ln for ln in lines if ln["lineType"] == "Comment" or ship_now[ln["id"]]]
    _shipment(ctx, order, due, shipped, ship_now)
    for line in lines:
        if line["lineType"] == "Comment":
            continue
        line["shippedQuantity"] = wire_number(
            dec(line["shippedQuantity"]) + dec(ship_now[line["id"]])
        )
        line["invoicedQuantity"] = wire_number(
            dec(line["invoicedQuantity"]) + dec(invoice_now[line["id"]])
        )
        line["shipQuantity"] = outstanding(line, "shippedQuantity")
        line["invoiceQuantity"] = outstanding(line, "invoicedQuantity")
    if not any(line["shipQuantity"] or line["invoiceQuantity"] for line in lines):
        drop_document(ctx, rules, order["id"])
    else:
        order["fullyShipped"] = not any(line["shipQuantity"] for line in lines)
        order["lastModifiedDateTime"] = ctx.now
        rules.save_lines(ctx, rules.lines_of(ctx, order["id"]), lines)
        ctx.store.replace(ctx.scope, rules.kind.header, order)
    return posted_id


def _shipment(
    ctx: WriteContext,
    order: Row,
    due: str,
    lines: list[Row],
    ship_now: dict[str, int | float],
) -> None:
    """The posted shipment of what ships now (nothing when nothing ships)."""
    if not any(ship_now.values()):
        return
    shipment = blank_row(declared(SHIPMENTS))
    for name in shipment:
        if name in order:
            shipment[name] = order[name]
    numbers = [r.row["number"] for r in ctx.store.records(ctx.scope, SHIPMENTS)]
    terms = reference(ctx, "paymentTerms", str(order["paymentTermsId"]))
    method = reference(ctx, "shipmentMethods", str(order["shipmentMethodId"]))
    shipment.update(
        id=str(uuid.uuid4()),
        number=next_number(numbers, FIRST_SHIPMENT),
        invoiceDate=order["orderDate"],
        dueDate=due,
        orderNumber=order["number"],
        paymentTermsCode=terms.row["code"] if terms else "",
        shipmentMethodCode=method.row["code"] if method else "",
        lastModifiedDateTime=ctx.now,
    )
    ctx.store.insert(ctx.scope, SHIPMENTS, shipment)
    for line in lines:
        row = blank_row(declared(SHIPMENT_LINES))
        row.update({k: v for k, v in line.items() if k in row})
        row.update(
            id=str(uuid.uuid4()),
            documentId=shipment["id"],
            documentNo=shipment["number"],
            quantity=ship_now.get(line["id"], 0),
        )
        ctx.store.insert(ctx.scope, SHIPMENT_LINES, row, notify=False)
