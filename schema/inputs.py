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

from bcmodel import Entity
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from schema import descriptions
from schema.generate import scalar_for

MODULE = "schema.inputs"
UNSET = strawberry.UNSET

# A line's invoice is the mutation's `invoiceId` (or the invoice it is created with), and
# BC refuses to move a line or renumber it: neither is a line input's business.
_LINE_PARENT = ("documentId",)
_LINE_FIXED = ("documentId", "sequence")

DEFAULTS = "A field left out or null gets BC's default."


def input_type(
    name: str,
    entity: Entity,
    *,
    update: bool,
    exclude: tuple[str, ...] = (),
    extra: dict[str, tuple[Any, str]] | None = None,
    description: str,
) -> Any:
    """An input with the entity's writable fields (minus `exclude`), all optional;
    `extra` adds fields that are not BC properties: name -> (type, description)."""
    describe = descriptions.update_input if update else descriptions.create_input
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for field in entity.writable_fields:
        if field.name in exclude:
            continue
        annotations[field.name] = scalar_for(field) | None
        namespace[field.name] = strawberry.field(default=UNSET, description=describe(entity, field))
    for field_name, (kind, text) in (extra or {}).items():
        annotations[field_name] = kind | None
        namespace[field_name] = strawberry.field(default=UNSET, description=text)
    namespace.update({"__annotations__": annotations, "__module__": MODULE})
    return strawberry.input(type(name, (), namespace), description=description)


UPDATE = "Only the fields given change; null clears one where it can (see each field)."

CreateVendorInput = input_type(
    "CreateVendorInput",
    VENDOR,
    update=False,
    description=f"A new vendor; BC's number series numbers it unless `number` is given. {DEFAULTS}",
)
UpdateVendorInput = input_type("UpdateVendorInput", VENDOR, update=True, description=UPDATE)

CreatePurchaseInvoiceLineInput = input_type(
    "CreatePurchaseInvoiceLineInput",
    PURCHASE_INVOICE_LINE,
    update=False,
    exclude=_LINE_PARENT,
    description=f"A new invoice line: an item or account by id or number, or a comment. {DEFAULTS}",
)
UpdatePurchaseInvoiceLineInput = input_type(
    "UpdatePurchaseInvoiceLineInput",
    PURCHASE_INVOICE_LINE,
    update=True,
    exclude=_LINE_FIXED,
    description=UPDATE,
)

CreatePurchaseInvoiceInput = input_type(
    "CreatePurchaseInvoiceInput",
    PURCHASE_INVOICE,
    update=False,
    extra={
        "lines": (
            list[CreatePurchaseInvoiceLineInput],
            "Lines created with the invoice, in one call to BC (a deep insert); left out or "
            "null: none.",
        )
    },
    description="A new draft invoice, of the vendor given by vendorId or vendorNumber; BC "
    f"numbers it and computes its totals from its lines. {DEFAULTS}",
)
UpdatePurchaseInvoiceInput = input_type(
    "UpdatePurchaseInvoiceInput",
    PURCHASE_INVOICE,
    update=True,
    description=f"{UPDATE} Lines change one by one.",
)

CreateTaxGroupInput = input_type(
    "CreateTaxGroupInput",
    TAX_GROUP,
    update=False,
    description=f"A new tax group; `code` is required. {DEFAULTS}",
)
UpdateTaxGroupInput = input_type("UpdateTaxGroupInput", TAX_GROUP, update=True, description=UPDATE)

CreatePaymentTermInput = input_type(
    "CreatePaymentTermInput",
    PAYMENT_TERM,
    update=False,
    description=f"New payment terms; `code` is required. {DEFAULTS}",
)
UpdatePaymentTermInput = input_type(
    "UpdatePaymentTermInput", PAYMENT_TERM, update=True, description=UPDATE
)
