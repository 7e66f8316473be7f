from bcmodel.accounts import ACCOUNT
from bcmodel.aged_accounts_payables import AGED_ACCOUNTS_PAYABLE
from bcmodel.aged_accounts_receivables import AGED_ACCOUNTS_RECEIVABLE
from bcmodel.balance_sheets import BALANCE_SHEET
from bcmodel.bank_accounts import BANK_ACCOUNT
from bcmodel.cash_flow_statements import CASH_FLOW_STATEMENT
from bcmodel.companies import COMPANY
from bcmodel.company_information import COMPANY_INFORMATION
from bcmodel.contacts import CONTACT
from bcmodel.countries_regions import COUNTRY_REGION
from bcmodel.currencies import CURRENCY
from bcmodel.customer_financial_details import CUSTOMER_FINANCIAL_DETAIL
from bcmodel.customer_payment_journals import CUSTOMER_PAYMENT_JOURNAL
from bcmodel.customer_payments import CUSTOMER_PAYMENT
from bcmodel.customer_sales import CUSTOMER_SALE
from bcmodel.customers import CUSTOMER
from bcmodel.default_dimensions import DEFAULT_DIMENSION
from bcmodel.dimension_set_lines import DIMENSION_SET_LINE
from bcmodel.dimension_values import DIMENSION_VALUE
from bcmodel.dimensions import DIMENSION
from bcmodel.employees import EMPLOYEE
from bcmodel.general_ledger_entries import GENERAL_LEDGER_ENTRY
from bcmodel.income_statements import INCOME_STATEMENT
from bcmodel.item_categories import ITEM_CATEGORY
from bcmodel.item_variants import ITEM_VARIANT
from bcmodel.items import ITEM
from bcmodel.journal_lines import JOURNAL_LINE
from bcmodel.journals import JOURNAL
from bcmodel.locations import LOCATION
from bcmodel.model import Entity, Relation
from bcmodel.payment_methods import PAYMENT_METHOD
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.retained_earnings_statements import RETAINED_EARNINGS_STATEMENT
from bcmodel.sales_credit_memo_lines import SALES_CREDIT_MEMO_LINE
from bcmodel.sales_credit_memos import SALES_CREDIT_MEMO
from bcmodel.sales_invoice_lines import SALES_INVOICE_LINE
from bcmodel.sales_invoices import SALES_INVOICE
from bcmodel.shipment_methods import SHIPMENT_METHOD
from bcmodel.subscriptions import SUBSCRIPTION
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.trial_balances import TRIAL_BALANCE
from bcmodel.units_of_measure import UNIT_OF_MEASURE
from bcmodel.vendor_payment_journals import VENDOR_PAYMENT_JOURNAL
from bcmodel.vendor_payments import VENDOR_PAYMENT
from bcmodel.vendor_purchases import VENDOR_PURCHASE
from bcmodel.vendors import VENDOR

ENTITIES: tuple[Entity, ...] = (
    COMPANY,
    VENDOR,
    PURCHASE_INVOICE,
    PURCHASE_INVOICE_LINE,
    CUSTOMER,
    SALES_INVOICE,
    SALES_INVOICE_LINE,
    SALES_CREDIT_MEMO,
    SALES_CREDIT_MEMO_LINE,
    ACCOUNT,
    TAX_GROUP,
    EMPLOYEE,
    CONTACT,
    BANK_ACCOUNT,
    COMPANY_INFORMATION,
    DIMENSION,
    DIMENSION_VALUE,
    DEFAULT_DIMENSION,
    DIMENSION_SET_LINE,
    PAYMENT_TERM,
    CURRENCY,
    ITEM,
    ITEM_CATEGORY,
    ITEM_VARIANT,
    UNIT_OF_MEASURE,
    PAYMENT_METHOD,
    SHIPMENT_METHOD,
    COUNTRY_REGION,
    LOCATION,
    BALANCE_SHEET,
    GENERAL_LEDGER_ENTRY,
    JOURNAL,
    JOURNAL_LINE,
    INCOME_STATEMENT,
    TRIAL_BALANCE,
    CASH_FLOW_STATEMENT,
    RETAINED_EARNINGS_STATEMENT,
    AGED_ACCOUNTS_PAYABLE,
    VENDOR_PURCHASE,
    CUSTOMER_PAYMENT_JOURNAL,
    CUSTOMER_PAYMENT,
    VENDOR_PAYMENT_JOURNAL,
    VENDOR_PAYMENT,
    AGED_ACCOUNTS_RECEIVABLE,
    CUSTOMER_FINANCIAL_DETAIL,
    CUSTOMER_SALE,
    SUBSCRIPTION,
)

# The entity whose records are the companies: every company-scoped set is addressed
# under one of them (`companies({id})/vendors`) or with `?company=`.
COMPANIES: Entity = COMPANY

_BY_SET = {e.entity_set: e for e in ENTITIES}


def entity_by_set(entity_set: str) -> Entity | None:
    return _BY_SET.get(entity_set)


def entity(entity_set: str) -> Entity:
    """A registered entity, for sets that come from the declarations themselves."""
    found = _BY_SET.get(entity_set)
    if found is None:
        raise LookupError(f"no entity is declared for the entity set {entity_set!r}")
    return found


def parent_of(child: Entity) -> tuple[Entity, Relation] | None:
    """The entity a contained one lives under, and its relation that holds the children
    (`purchaseInvoices` and its `lines` for an invoice line)."""
    if child.parent is None:
        return None
    up = child.relation(child.parent)
    assert up is not None  # Entity checks its parent names a relation
    parent = entity(up.target)
    down = next((r for r in parent.relations if r.contained and r.target == child.entity_set), None)
    if down is None:
        raise LookupError(f"{parent.entity_set} declares no contained {child.entity_set}")
    return parent, down


def children_of(parent: Entity) -> tuple[Entity, ...]:
    """The entities whose changes are derived from this one's (Watch.PARENT)."""
    return tuple(e for e in ENTITIES if (p := parent_of(e)) is not None and p[0] is parent)


def created_by(mutation: str) -> Entity | None:
    """The entity a GraphQL create mutation creates."""
    return next((e for e in ENTITIES if e.api is not None and e.api.create == mutation), None)


def _check(entities: tuple[Entity, ...]) -> None:
    """What the declarations can get wrong between them: fail at import, not on a request."""
    for e in entities:
        where = f"entity {e.entity_set}"
        for rel in e.relations:
            target = _BY_SET.get(rel.target)
            if target is None:
                raise ValueError(f"{where}: relation {rel.field} targets no entity {rel.target}")
            if target.field(rel.remote_key) is None:
                raise ValueError(f"{where}: relation {rel.field} keys on no field of {rel.target}")
        for name in (*e.invalidates, *(n for a in e.actions for n in a.invalidates)):
            if name not in _BY_SET:
                raise ValueError(f"{where}: invalidates no entity {name}")
        parent_of(e)


_check(ENTITIES)
