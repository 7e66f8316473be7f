"""Each entity's write rules, by entity set. Entities without business rules use the plain ones."""

from sandbox.rules.base import EntityRules, WriteContext
from sandbox.rules.invoices import InvoiceRules, LineRules
from sandbox.rules.simple import PaymentTermRules, TaxGroupRules, VendorRules

RULES: dict[str, EntityRules] = {
    "vendors": VendorRules(),
    "paymentTerms": PaymentTermRules(),
    "taxGroups": TaxGroupRules(),
    "purchaseInvoices": InvoiceRules(),
    "purchaseInvoiceLines": LineRules(),
}

__all__ = ["RULES", "EntityRules", "WriteContext"]
