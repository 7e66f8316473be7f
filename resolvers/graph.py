"""How the contract's relation fields map onto BC: a navigation BC can `$expand`, or a
separate query on the target set (`vendor.purchaseInvoices`: BC has no such navigation)."""

from __future__ import annotations

from dataclasses import dataclass

from bcmodel import Entity
from bcmodel.accounts import ACCOUNT
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR


@dataclass(frozen=True)
class Relation:
    field: str  # the GraphQL field
    target: Entity
    local_key: str  # the field on this row that holds the link
    remote_key: str  # the field on the target that it matches
    nav: str | None  # BC's navigation property, when BC can expand it
    many: bool = False


RELATIONS: dict[tuple[str, str], Relation] = {
    (VENDOR.entity_set, "paymentTerm"): Relation(
        "paymentTerm", PAYMENT_TERM, "paymentTermsId", "id", "paymentTerm"
    ),
    (VENDOR.entity_set, "purchaseInvoices"): Relation(
        "purchaseInvoices", PURCHASE_INVOICE, "id", "vendorId", None, many=True
    ),
    (PURCHASE_INVOICE.entity_set, "vendor"): Relation("vendor", VENDOR, "vendorId", "id", "vendor"),
    (PURCHASE_INVOICE.entity_set, "lines"): Relation(
        "lines", PURCHASE_INVOICE_LINE, "id", "documentId", "purchaseInvoiceLines", many=True
    ),
    (PURCHASE_INVOICE_LINE.entity_set, "invoice"): Relation(
        "invoice", PURCHASE_INVOICE, "documentId", "id", "purchaseInvoice"
    ),
    (PURCHASE_INVOICE_LINE.entity_set, "account"): Relation(
        "account", ACCOUNT, "accountId", "id", "account"
    ),
}


def relation(entity: Entity, field: str) -> Relation | None:
    return RELATIONS.get((entity.entity_set, field))
