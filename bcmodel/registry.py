from bcmodel.accounts import ACCOUNT
from bcmodel.aged_accounts_payables import AGED_ACCOUNTS_PAYABLE
from bcmodel.aged_accounts_receivables import AGED_ACCOUNTS_RECEIVABLE
from bcmodel.attachments import ATTACHMENT
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
from bcmodel.document_attachments import DOCUMENT_ATTACHMENT
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
from bcmodel.pdf_documents import PDF_DOCUMENT
from bcmodel.purchase_credit_memo_lines import PURCHASE_CREDIT_MEMO_LINE
from bcmodel.purchase_credit_memos import PURCHASE_CREDIT_MEMO
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.purchase_order_lines import PURCHASE_ORDER_LINE
from bcmodel.purchase_orders import PURCHASE_ORDER
from bcmodel.purchase_receipt_lines import PURCHASE_RECEIPT_LINE
from bcmodel.purchase_receipts import PURCHASE_RECEIPT
from bcmodel.registries import Registry
from bcmodel.retained_earnings_statements import RETAINED_EARNINGS_STATEMENT
from bcmodel.sales_credit_memo_lines import SALES_CREDIT_MEMO_LINE
from bcmodel.sales_credit_memos import SALES_CREDIT_MEMO
from bcmodel.sales_invoice_lines import SALES_INVOICE_LINE
from bcmodel.sales_invoices import SALES_INVOICE
from bcmodel.sales_order_lines import SALES_ORDER_LINE
from bcmodel.sales_orders import SALES_ORDER
from bcmodel.sales_quote_lines import SALES_QUOTE_LINE
from bcmodel.sales_quotes import SALES_QUOTE
from bcmodel.sales_shipment_lines import SALES_SHIPMENT_LINE
from bcmodel.sales_shipments import SALES_SHIPMENT
from bcmodel.shipment_methods import SHIPMENT_METHOD
from bcmodel.subscriptions import SUBSCRIPTION
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.trial_balances import TRIAL_BALANCE
from bcmodel.units_of_measure import UNIT_OF_MEASURE
from bcmodel.vendor_payment_journals import VENDOR_PAYMENT_JOURNAL
from bcmodel.vendor_payments import VENDOR_PAYMENT
from bcmodel.vendor_purchases import VENDOR_PURCHASE
from bcmodel.vendors import VENDOR

# BC's standard API v2.0 entities. Extensions' APIs (custom APIs) are loaded at startup
# and added with `STANDARD.with_custom(...)`; generic code takes the registry it is given.
ENTITIES: tuple[Entity, ...] = (
    COMPANY,
    VENDOR,
    PURCHASE_INVOICE,
    PURCHASE_INVOICE_LINE,
    PURCHASE_ORDER,
    PURCHASE_ORDER_LINE,
    PURCHASE_CREDIT_MEMO,
    PURCHASE_CREDIT_MEMO_LINE,
    PURCHASE_RECEIPT,
    PURCHASE_RECEIPT_LINE,
    CUSTOMER,
    SALES_INVOICE,
    SALES_INVOICE_LINE,
    SALES_CREDIT_MEMO,
    SALES_CREDIT_MEMO_LINE,
    SALES_QUOTE,
    SALES_QUOTE_LINE,
    SALES_ORDER,
    SALES_ORDER_LINE,
    SALES_SHIPMENT,
    SALES_SHIPMENT_LINE,
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
    ATTACHMENT,
    DOCUMENT_ATTACHMENT,
    PDF_DOCUMENT,
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
