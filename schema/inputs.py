"""Mutation inputs generated from bcmodel: only the properties BC lets a client write.

Read-only fields (totals, status, `number` of an invoice …) and the ones BC silently
ignores are not in these types, so a client cannot send them. Every field is optional:
on create BC fills what is left out, on update only the fields given are sent (null
clears a field to BC's blank). Which fields are required, and how long text may be, is
checked by resolvers/inputs.py before BC is called, so the refusal can name the field.
"""

from __future__ import annotations

from typing import Any

import strawberry

from bcmodel import Edm, Entity, Field
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from schema.generate import scalar_for

MODULE = "schema.inputs"
UNSET = strawberry.UNSET

# A line's invoice is the mutation's `invoiceId` (or the invoice it is created with), and
# BC refuses to move a line or renumber it: neither is a line input's business.
_LINE_PARENT = ("documentId",)
_LINE_FIXED = ("documentId", "sequence")


def describe(field: Field) -> str | None:
    if field.type is not Edm.STRING or field.max_length is None:
        return None
    if field.code:
        return f"A code of at most {field.max_length} characters; BC stores it uppercased."
    return f"At most {field.max_length} characters."


def input_type(
    name: str,
    entity: Entity,
    *,
    exclude: tuple[str, ...] = (),
    extra: dict[str, tuple[Any, str]] | None = None,
    description: str,
) -> Any:
    """An input with the entity's writable fields (minus `exclude`), all optional;
    `extra` adds fields that are not BC properties: name -> (type, description)."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for field in entity.writable_fields:
        if field.name in exclude:
            continue
        annotations[field.name] = scalar_for(field) | None
        namespace[field.name] = strawberry.field(default=UNSET, description=describe(field))
    for field_name, (kind, text) in (extra or {}).items():
        annotations[field_name] = kind | None
        namespace[field_name] = strawberry.field(default=UNSET, description=text)
    namespace.update({"__annotations__": annotations, "__module__": MODULE})
    return strawberry.input(type(name, (), namespace), description=description)


CreateVendorInput = input_type(
    "CreateVendorInput", VENDOR, description="A new vendor; BC's number series numbers it."
)
UpdateVendorInput = input_type(
    "UpdateVendorInput", VENDOR, description="Only the fields given change; null clears one."
)

CreatePurchaseInvoiceLineInput = input_type(
    "CreatePurchaseInvoiceLineInput",
    PURCHASE_INVOICE_LINE,
    exclude=_LINE_PARENT,
    description="A new invoice line: an item or account by id or number, or a comment.",
)
UpdatePurchaseInvoiceLineInput = input_type(
    "UpdatePurchaseInvoiceLineInput",
    PURCHASE_INVOICE_LINE,
    exclude=_LINE_FIXED,
    description="Only the fields given change; null clears one.",
)

CreatePurchaseInvoiceInput = input_type(
    "CreatePurchaseInvoiceInput",
    PURCHASE_INVOICE,
    extra={
        "lines": (
            list[CreatePurchaseInvoiceLineInput],
            "Lines created with the invoice, in one call to BC (a deep insert).",
        )
    },
    description="A new draft invoice; BC numbers it and computes its totals from its lines.",
)
UpdatePurchaseInvoiceInput = input_type(
    "UpdatePurchaseInvoiceInput",
    PURCHASE_INVOICE,
    description="Only the fields given change; null clears one. Lines change one by one.",
)

CreateTaxGroupInput = input_type(
    "CreateTaxGroupInput", TAX_GROUP, description="A new tax group; `code` is required."
)
UpdateTaxGroupInput = input_type(
    "UpdateTaxGroupInput", TAX_GROUP, description="Only the fields given change; null clears one."
)

CreatePaymentTermInput = input_type(
    "CreatePaymentTermInput", PAYMENT_TERM, description="New payment terms; `code` is required."
)
UpdatePaymentTermInput = input_type(
    "UpdatePaymentTermInput",
    PAYMENT_TERM,
    description="Only the fields given change; null clears one.",
)
