from bcmodel.accounts import ACCOUNT
from bcmodel.balance_sheets import BALANCE_SHEET
from bcmodel.companies import COMPANY
from bcmodel.currencies import CURRENCY
from bcmodel.model import Entity, Relation
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.registries import Registry
from bcmodel.subscriptions import SUBSCRIPTION
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR

# BC's standard API v2.0 entities. Extensions' APIs (custom APIs) are loaded at startup
# and added with `STANDARD.with_custom(...)`; generic code takes the registry it is given.
ENTITIES: tuple[Entity, ...] = (
    COMPANY,
    VENDOR,
    PURCHASE_INVOICE,
    PURCHASE_INVOICE_LINE,
    ACCOUNT,
    TAX_GROUP,
    PAYMENT_TERM,
    CURRENCY,
    BALANCE_SHEET,
    SUBSCRIPTION,
)

# The entity whose records are the companies: every company-scoped set is addressed
# under one of them (`companies({id})/vendors`) or with `?company=`.
COMPANIES: Entity = COMPANY

# Checks the declarations against each other at import: a relation to an undeclared set
# fails here, not on a request.
STANDARD = Registry(ENTITIES, COMPANIES)


# Look-ups among the standard declarations only, for code about standard entities (seed
# data, business rules); generic code uses the Registry it was given.


def entity_by_set(entity_set: str) -> Entity | None:
    return STANDARD.by_ref(entity_set)


def entity(entity_set: str) -> Entity:
    return STANDARD.entity(entity_set)


def parent_of(child: Entity) -> tuple[Entity, Relation] | None:
    return STANDARD.parent_of(child)


def children_of(parent: Entity) -> tuple[Entity, ...]:
    return STANDARD.children_of(parent)


def created_by(mutation: str) -> Entity | None:
    return STANDARD.created_by(mutation)
