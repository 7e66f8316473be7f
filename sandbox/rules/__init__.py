"""Each entity's rules: the plain ones from its declaration (`EntityRules`), or the
business logic its declaration names (`Entity.logic`), mapped here and nowhere else."""

from bcmodel import Entity, Logic
from sandbox.rules import reports
from sandbox.rules.attachments import (
    AttachmentRules,
    DocumentAttachmentRules,
    PdfDocumentRules,
)
from sandbox.rules.balance_sheets import BalanceSheetRules
from sandbox.rules.base import EntityRules, WriteContext
from sandbox.rules.dimension_sets import DimensionSetLineRules
from sandbox.rules.dimensions import DefaultDimensionRules
from sandbox.rules.gl_entries import GeneralLedgerEntryRules
from sandbox.rules.invoices import InvoiceRules, LineRules
from sandbox.rules.items import ItemRules, ItemVariantRules
from sandbox.rules.journals import JournalLineRules, JournalRules
from sandbox.rules.organisation import BankAccountRules, ContactRules, EmployeeRules
from sandbox.rules.parties import CustomerRules
from sandbox.rules.payments import PaymentJournalRules, PaymentRules
from sandbox.rules.purchase_credit_memos import (
    PurchaseCreditMemoLineRules,
    PurchaseCreditMemoRules,
)
from sandbox.rules.purchase_orders import PurchaseOrderLineRules, PurchaseOrderRules
from sandbox.rules.sales import (
    SalesCreditMemoLineRules,
    SalesCreditMemoRules,
    SalesInvoiceLineRules,
    SalesInvoiceRules,
)
from sandbox.rules.sales_orders import (
    SalesOrderLineRules,
    SalesOrderRules,
    SalesQuoteLineRules,
    SalesQuoteRules,
)
from sandbox.rules.vendors import VendorRules

PLAIN = EntityRules()

LOGIC: dict[Logic, EntityRules] = {
    Logic.NONE: PLAIN,
    Logic.VENDOR: VendorRules(),
    Logic.PURCHASE_INVOICE: InvoiceRules(),
    Logic.PURCHASE_INVOICE_LINE: LineRules(),
    Logic.BALANCE_SHEET: BalanceSheetRules(),
    Logic.CUSTOMER: CustomerRules(),
    Logic.SALES_INVOICE: SalesInvoiceRules(),
    Logic.SALES_INVOICE_LINE: SalesInvoiceLineRules(),
    Logic.SALES_CREDIT_MEMO: SalesCreditMemoRules(),
    Logic.SALES_CREDIT_MEMO_LINE: SalesCreditMemoLineRules(),
    Logic.SALES_QUOTE: SalesQuoteRules(),
    Logic.SALES_QUOTE_LINE: SalesQuoteLineRules(),
    Logic.SALES_ORDER: SalesOrderRules(),
    Logic.SALES_ORDER_LINE: SalesOrderLineRules(),
    Logic.ITEM: ItemRules(),
    Logic.ITEM_VARIANT: ItemVariantRules(),
    Logic.EMPLOYEE: EmployeeRules(),
    Logic.CONTACT: ContactRules(),
    Logic.BANK_ACCOUNT: BankAccountRules(),
    Logic.DEFAULT_DIMENSION: DefaultDimensionRules(),
    Logic.DIMENSION_SET_LINE: DimensionSetLineRules(),
    Logic.INCOME_STATEMENT: reports.INCOME_STATEMENT,
    Logic.TRIAL_BALANCE: reports.TRIAL_BALANCE,
    Logic.CASH_FLOW_STATEMENT: reports.CASH_FLOW_STATEMENT,
    Logic.RETAINED_EARNINGS: reports.RETAINED_EARNINGS,
    Logic.AGED_ACCOUNTS_PAYABLE: reports.AGED_ACCOUNTS_PAYABLE,
    Logic.VENDOR_PURCHASES: reports.VENDOR_PURCHASES,
    Logic.GENERAL_LEDGER_ENTRY: GeneralLedgerEntryRules(),
    Logic.JOURNAL: JournalRules(),
    Logic.JOURNAL_LINE: JournalLineRules(),
    Logic.PURCHASE_ORDER: PurchaseOrderRules(),
    Logic.PURCHASE_ORDER_LINE: PurchaseOrderLineRules(),
    Logic.PURCHASE_CREDIT_MEMO: PurchaseCreditMemoRules(),
    Logic.PURCHASE_CREDIT_MEMO_LINE: PurchaseCreditMemoLineRules(),
    Logic.PAYMENT_JOURNAL: PaymentJournalRules(),
    Logic.PAYMENT: PaymentRules(),
    Logic.AGED_ACCOUNTS_RECEIVABLE: reports.AGED_ACCOUNTS_RECEIVABLE,
    Logic.CUSTOMER_SALES: reports.CUSTOMER_SALES,
    Logic.CUSTOMER_FINANCIAL_DETAIL: reports.CUSTOMER_FINANCIAL_DETAIL,
    Logic.ATTACHMENT: AttachmentRules(),
    Logic.DOCUMENT_ATTACHMENT: DocumentAttachmentRules(),
    Logic.PDF_DOCUMENT: PdfDocumentRules(),
}


def rules_for(entity: Entity) -> EntityRules:
    return LOGIC[entity.logic]


__all__ = ["LOGIC", "EntityRules", "WriteContext", "rules_for"]
