from bcmodel.accounts import ACCOUNT
from bcmodel.balance_sheets import BALANCE_SHEET
from bcmodel.companies import COMPANY
from bcmodel.model import Entity
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.subscriptions import SUBSCRIPTION
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR

ENTITIES: tuple[Entity, ...] = (
    COMPANY,
    VENDOR,
    PURCHASE_INVOICE,
    PURCHASE_INVOICE_LINE,
    ACCOUNT,
    TAX_GROUP,
    PAYMENT_TERM,
    BALANCE_SHEET,
    SUBSCRIPTION,
)

_BY_SET = {e.entity_set: e for e in ENTITIES}


def entity_by_set(entity_set: str) -> Entity | None:
    return _BY_SET.get(entity_set)
