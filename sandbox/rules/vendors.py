"""Vendors: the plain rules (number series, unique number, payment terms that exist), and
no deleting a vendor that invoices are still outstanding with."""

from __future__ import annotations

from bcmodel import Entity
from sandbox.rules.base import EntityRules, WriteContext, dialog
from sandbox.store import Record

INVOICES = "purchaseInvoices"


class VendorRules(EntityRules):
    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        vendor_id = record.row["id"]
        for invoice in ctx.store.records(ctx.scope, INVOICES):
            if invoice.row["vendorId"] == vendor_id and invoice.row["status"] in ("Draft", "Open"):
                raise dialog(
                    f"You cannot delete Vendor {record.row['number']} because there is at least "
                    "one outstanding Purchase Invoice for this vendor."
                )
