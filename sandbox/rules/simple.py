"""Vendors, payment terms and tax groups: number series, unique codes, references."""

from __future__ import annotations

from datetime import date
from typing import Any

from bcmodel import Entity
from sandbox.invoicing import due_date
from sandbox.rules.base import (
    EntityRules,
    WriteContext,
    dialog,
    next_number,
    reference,
    require_field,
    require_unique,
)
from sandbox.store import Record, Row


class VendorRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if not row["number"]:
            numbers = [r.row["number"] for r in ctx.store.records(ctx.scope, entity.entity_set)]
            row["number"] = next_number(numbers, "V00010")
        self._check(ctx, entity, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        if "number" in changes and not row["number"]:
            require_field(row, "number")
        self._check(ctx, entity, row)

    def _check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        require_unique(ctx, entity, "number", row["number"], row["id"])
        terms = row["paymentTermsId"]
        if terms != entity.field("paymentTermsId").empty_value() and (  # type: ignore[union-attr]
            reference(ctx, "paymentTerms", terms) is None
        ):
            raise dialog('The "paymentTermsId" does not match to a Payment Terms.')

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        vendor_id = record.row["id"]
        for invoice in ctx.store.records(ctx.scope, "purchaseInvoices"):
            if invoice.row["vendorId"] == vendor_id and invoice.row["status"] in ("Draft", "Open"):
                raise dialog(
                    f"You cannot delete Vendor {record.row['number']} because there is at least "
                    "one outstanding Purchase Invoice for this vendor."
                )


def check_date_formula(name: str, formula: str) -> None:
    try:
        due_date(date(2000, 1, 1), formula)
    except ValueError:
        raise dialog(f"The date formula {formula} in {name} is not valid.") from None


class PaymentTermRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        self._check(ctx, entity, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        self._check(ctx, entity, row)

    def _check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        require_field(row, "code")
        require_unique(ctx, entity, "code", row["code"], row["id"])
        check_date_formula("dueDateCalculation", row["dueDateCalculation"])
        check_date_formula("discountDateCalculation", row["discountDateCalculation"])


class TaxGroupRules(EntityRules):
    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        require_field(row, "code")
        require_unique(ctx, entity, "code", row["code"], row["id"])
        # BC reads tax groups from Tax Group (sales-tax countries) or VAT Product
        # Posting Group (VAT countries): the company decides the type.
        existing = ctx.store.records(ctx.scope, entity.entity_set)
        row["taxType"] = existing[0].row["taxType"] if existing else "Sales_x0020_Tax"

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        require_field(row, "code")
        require_unique(ctx, entity, "code", row["code"], row["id"])
