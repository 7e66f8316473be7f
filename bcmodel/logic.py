"""The business logic an entity declares (`Entity.logic`): what the sandbox runs beyond
plain create/update/delete, named here and mapped in sandbox/rules/__init__.py."""

from enum import Enum


class Logic(Enum):
    """Business logic BC runs on an entity beyond plain create/update/delete of its fields.

    Plain entities need none: the sandbox derives their rules from the declaration
    (required fields, the table key, number series, checked references). Each other
    member names rules the sandbox implements (sandbox/rules/__init__.py maps them).
    """

    NONE = "none"
    # A vendor with outstanding purchase invoices cannot be deleted.
    VENDOR = "vendor"
    # Purchase invoice headers: vendor defaults, totals from lines, due dates, posting.
    PURCHASE_INVOICE = "purchaseInvoice"
    # Their lines: amounts from items and accounts, and the invoice recomputed.
    PURCHASE_INVOICE_LINE = "purchaseInvoiceLine"
    # A report computed per request from the general ledger, not stored rows.
    BALANCE_SHEET = "balanceSheet"
    # Currency kept in step with its code; no deleting a customer with open documents.
    CUSTOMER = "customer"
    # Sales documents: customer defaults, totals from lines, due dates, posting (and for
    # invoices sending and canceling), with their lines as for purchase invoices.
    SALES_INVOICE = "salesInvoice"
    SALES_INVOICE_LINE = "salesInvoiceLine"
    SALES_CREDIT_MEMO = "salesCreditMemo"
    SALES_CREDIT_MEMO_LINE = "salesCreditMemoLine"
    # Sales quotes (made into invoices and orders, sent) and orders (shipped and invoiced
    # by posting), on the same document rules, with their lines.
    SALES_QUOTE = "salesQuote"
    SALES_QUOTE_LINE = "salesQuoteLine"
    SALES_ORDER = "salesOrder"
    SALES_ORDER_LINE = "salesOrderLine"
    # Items: category, tax group and base unit by id or code, inventory adjustments, no
    # deleting an item open documents buy.
    ITEM = "item"
    # Item variants: their item by id or number, the code unique per item.
    ITEM_VARIANT = "itemVariant"
    # An employee's displayName, joined from the first and last names.
    EMPLOYEE = "employee"
    # The contacts page's own messages for a contact without a name.
    CONTACT = "contact"
    # A bank account's currencyCode and currencyId: a currency that exists, the same one.
    BANK_ACCOUNT = "bankAccount"
    # A default dimension's parent, dimension and value: found, and agreeing.
    DEFAULT_DIMENSION = "defaultDimension"
    # A document's dimension set: dimension and value found and agreeing, saved back
    # into the document.
    DIMENSION_SET_LINE = "dimensionSetLine"
    INCOME_STATEMENT = "incomeStatement"
    TRIAL_BALANCE = "trialBalance"
    CASH_FLOW_STATEMENT = "cashFlowStatement"
    RETAINED_EARNINGS = "retainedEarnings"
    AGED_ACCOUNTS_PAYABLE = "agedAccountsPayable"
    VENDOR_PURCHASES = "vendorPurchases"
    # The G/L entries: read from the ledger that posting writes, numbered in posting order.
    GENERAL_LEDGER_ENTRY = "generalLedgerEntry"
    # Journal batches and their lines: lines take account numbers from ids (and back),
    # and posting a batch writes balanced G/L entries and removes its lines.
    JOURNAL = "journal"
    JOURNAL_LINE = "journalLine"
    # Purchase orders and credit memos on the document engine, with their lines: an
    # order is received and invoiced, a credit memo posted against the vendor's balance.
    PURCHASE_ORDER = "purchaseOrder"
    PURCHASE_ORDER_LINE = "purchaseOrderLine"
    PURCHASE_CREDIT_MEMO = "purchaseCreditMemo"
    PURCHASE_CREDIT_MEMO_LINE = "purchaseCreditMemoLine"
    # Customer and vendor payment journals and their payments: the party and the invoice
    # a payment applies to by id or number; posted through the journals' post action,
    # which closes the applied invoices and moves the party's balance.
    PAYMENT_JOURNAL = "paymentJournal"
    PAYMENT = "payment"
    AGED_ACCOUNTS_RECEIVABLE = "agedAccountsReceivable"
    CUSTOMER_SALES = "customerSales"
    # A customer's balance, sales and overdue amount, computed from its documents.
    CUSTOMER_FINANCIAL_DETAIL = "customerFinancialDetail"
    # Files: attachments refuse master records as parents and name an invalid file
    # filename.txt; document attachments are filed under their parent; a document's PDF
    # is printed when read.
    ATTACHMENT = "attachment"
    DOCUMENT_ATTACHMENT = "documentAttachment"
    PDF_DOCUMENT = "pdfDocument"
