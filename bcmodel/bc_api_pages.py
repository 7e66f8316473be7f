"""Every page and query of BC's API v2.0, as BC's source states them.

Read from the headers of the AL files in microsoft/ALAppExtensions,
`Apps/W1/APIV2/app/src/pages/` (115 files: 113 pages, of which one is a list part, and
2 queries). bcmodel/coverage.py compares them with bcgraph's declarations and writes
README's coverage table (`scripts/coverage-table`); tests/test_coverage_table.py fails
when the two disagree.
"""

from __future__ import annotations

from bcmodel.bc_api import ApiGroup, BcPage, Kind, RuntimeSet
from bcmodel.bc_api_other_pages import OTHER_GROUP_PAGES

B = ApiGroup.BUSINESS
RO = True  # BC allows no insert, modify or delete through the page
RW = False  # BC allows some of them (the description says when not all)
QUERY = Kind.QUERY

# The standard (business) group: /api/v2.0/companies({id})/<entity set>.
BUSINESS_PAGES: tuple[BcPage, ...] = (
    BcPage("accounts", "APIV2 - Accounts", B, RO, "G/L accounts: the chart of accounts."),
    BcPage("accountingPeriods", "APIV2 - Accounting Periods", B, RO, "Fiscal periods."),
    BcPage("agedAccountsPayables", "APIV2 - Aged AP", B, RO, "Vendor balances by age (report)."),
    BcPage(
        "agedAccountsReceivables", "APIV2 - Aged AR", B, RO, "Customer balances by age (report)."
    ),
    BcPage(
        "applyVendorEntries",
        "APIV2 - Apply Vendor Entries",
        B,
        RW,
        "Open vendor entries a vendor payment can apply to; modify only.",
    ),
    BcPage(
        "attachments", "APIV2 - Attachments", B, RW, "Files attached to journal lines and entries."
    ),
    BcPage("balanceSheets", "APIV2 - Balance Sheet", B, RO, "Balance sheet lines (report)."),
    BcPage("bankAccounts", "APIV2 - Bank Accounts", B, RW, "Bank accounts."),
    BcPage("cashFlowStatements", "APIV2 - Cash Flow Statement", B, RO, "Cash flow lines (report)."),
    BcPage(
        "companyInformation",
        "APIV2 - Company Information",
        B,
        RW,
        "The company's name, address and settings; modify only.",
    ),
    BcPage("contacts", "APIV2 - Contacts", B, RW, "CRM contacts: companies and persons."),
    BcPage(
        "contactsInformation",
        "APIV2 - Contacts Information",
        B,
        RO,
        "The contacts of one customer, vendor, employee or bank account.",
    ),
    BcPage("countriesRegions", "APIV2 - Countries/Regions", B, RW, "Countries and regions."),
    BcPage("currencies", "APIV2 - Currencies", B, RW, "Currencies."),
    BcPage(
        "currencyExchangeRates",
        "APIV2- Currency Exchange Rates",
        B,
        RO,
        "Exchange rates by currency and starting date.",
    ),
    BcPage(
        "customerContacts", "APIV2 - CustContacts", B, RW, "Customers' person contacts; no insert."
    ),
    BcPage(
        "customerFinancialDetails",
        "APIV2 - Cust Financial Details",
        B,
        RO,
        "A customer's balance, sales and overdue amount.",
    ),
    BcPage(
        "customerPaymentJournals",
        "APIV2 - Cust. Paym. Journals",
        B,
        RW,
        "Journal batches of the customer payments template.",
    ),
    BcPage("customerPayments", "APIV2 - Customer Payments", B, RW, "Customer payment lines."),
    BcPage("customerReturnReasons", "APIV2 - Cust. Return Reasons", B, RW, "Return reason codes."),
    BcPage("customerSales", "APIV2 - Customer Sales", B, RO, "Sales per customer (query).", QUERY),
    BcPage("customers", "APIV2 - Customers", B, RW, "Customers."),
    BcPage(
        "defaultDimensions",
        "APIV2 - Default Dimensions",
        B,
        RW,
        "The dimension values a master record posts with by default.",
    ),
    BcPage(
        "dimensionSetLines",
        "APIV2 - Dimension Set Lines",
        B,
        RW,
        "The dimensions of one document, line, entry or journal line.",
    ),
    BcPage("dimensionValues", "APIV2 Dimension Values Entity", B, RO, "Values of dimensions."),
    BcPage("dimensions", "APIV2 - Dimensions", B, RO, "Dimensions: axes of analysis."),
    BcPage("disputeStatus", "APIV2 - Dispute Status", B, RW, "Dispute status codes."),
    BcPage(
        "documentAttachments",
        "APIV2 - Document Attachments",
        B,
        RW,
        "Files attached to master records and documents.",
    ),
    BcPage("employees", "APIV2 - Employees", B, RW, "Employees."),
    BcPage("fixedAssetLocations", "APIV2 - FA Locations", B, RW, "Fixed asset locations."),
    BcPage("fixedAssets", "APIV2 - Fixed Assets", B, RW, "Fixed assets."),
    BcPage("generalLedgerEntries", "APIV2 - G/L Entries", B, RO, "Posted G/L entries."),
    BcPage(
        "generalLedgerSetup",
        "APIV2 - G/L Setup",
        B,
        RO,
        "General ledger setup: allowed posting dates, local currency, dimensions.",
    ),
    BcPage(
        "generalProductPostingGroups",
        "APIV2 - Gen. Prod. Post. Group",
        B,
        RO,
        "General product posting groups.",
    ),
    BcPage("incomeStatements", "APIV2 - Income Statement", B, RO, "Income statement (report)."),
    BcPage(
        "inventoryPostingGroups",
        "APIV2 - Inventory Post. Group",
        B,
        RO,
        "Inventory posting groups.",
    ),
    BcPage("itemCategories", "APIV2 - Item Categories", B, RW, "Item categories."),
    BcPage("itemLedgerEntries", "APIV2 - Item Ledger Entries", B, RO, "Posted item entries."),
    BcPage("itemVariants", "APIV2 - Item Variants", B, RW, "Variants of items."),
    BcPage("items", "APIV2 - Items", B, RW, "Items."),
    BcPage(
        "jobQueueEntries",
        "APIV2 - Job Queue Entries",
        B,
        RO,
        "Background jobs; the action restart re-queues one.",
    ),
    BcPage(
        "jobQueueLogEntries", "APIV2 - Job Queue Log Entries", B, RO, "Runs of background jobs."
    ),
    BcPage("journalLines", "APIV2 - JournalLines", B, RW, "Lines of general journals."),
    BcPage(
        "journals", "APIV2 - Journals", B, RW, "General journal batches; the action post posts."
    ),
    BcPage("locations", "APIV2 - Locations", B, RW, "Inventory locations."),
    BcPage("opportunities", "APIV2 - Opportunities", B, RW, "Sales opportunities."),
    BcPage("paymentMethods", "APIV2 - Payment Methods", B, RW, "Payment methods."),
    BcPage("paymentTerms", "APIV2 - Payment Terms", B, RW, "Payment terms."),
    BcPage("pdfDocument", "APIV2 - PDF Document", B, RO, "A sales or purchase document as PDF."),
    BcPage("pictures", "APIV2 - Pictures", B, RW, "Pictures of master records; no insert."),
    BcPage("projects", "APIV2 - Jobs", B, RW, "Projects (BC's jobs)."),
    BcPage(
        "purchaseCreditMemoLines",
        "APIV2 - Purch. Cr. Memo Lines",
        B,
        RW,
        "Lines of purchase credit memos.",
    ),
    BcPage("purchaseCreditMemos", "APIV2 - Purchase Credit Memos", B, RW, "Purchase credit memos."),
    BcPage(
        "purchaseInvoiceLines",
        "APIV2 - Purchase Invoice Lines",
        B,
        RW,
        "Lines of purchase invoices.",
    ),
    BcPage("purchaseInvoices", "APIV2 - Purchase Invoices", B, RW, "Purchase invoices."),
    BcPage(
        "purchaseOrderLines", "APIV2 - Purchase Order Lines", B, RW, "Lines of purchase orders."
    ),
    BcPage("purchaseOrders", "APIV2 - Purchase Orders", B, RW, "Purchase orders."),
    BcPage(
        "purchaseReceiptLines",
        "APIV2 - Purch Receipt Lines",
        B,
        RO,
        "Lines of posted purchase receipts.",
    ),
    BcPage("purchaseReceipts", "APIV2 - Purchase Receipts", B, RO, "Posted purchase receipts."),
    BcPage(
        "retainedEarningsStatements",
        "APIV2 - Retained Earnings",
        B,
        RO,
        "Retained earnings statement (report).",
    ),
    BcPage(
        "salesCreditMemoLines",
        "APIV2 - Sales Credit Mem Lines",
        B,
        RW,
        "Lines of sales credit memos.",
    ),
    BcPage("salesCreditMemos", "APIV2 - Sales Credit Memos", B, RW, "Sales credit memos."),
    BcPage("salesInvoiceLines", "APIV2 - Sales Invoice Lines", B, RW, "Lines of sales invoices."),
    BcPage("salesInvoices", "APIV2 - Sales Invoices", B, RW, "Sales invoices."),
    BcPage("salesOrderLines", "APIV2 - Sales Order Lines", B, RW, "Lines of sales orders."),
    BcPage("salesOrders", "APIV2 - Sales Orders", B, RW, "Sales orders."),
    BcPage("salesQuoteLines", "APIV2 - Sales Quote Lines", B, RW, "Lines of sales quotes."),
    BcPage("salesQuotes", "APIV2 - Sales Quotes", B, RW, "Sales quotes."),
    BcPage(
        "salesShipmentLines",
        "APIV2 - Sales Shipment Lines",
        B,
        RO,
        "Lines of posted sales shipments.",
    ),
    BcPage("salesShipments", "APIV2 - Sales Shipments", B, RO, "Posted sales shipments."),
    BcPage(
        "salespeoplePurchasers",
        "APIV2 - Salesperson/Purchaser",
        B,
        RW,
        "Salespeople and purchasers.",
    ),
    BcPage("shipmentMethods", "APIV2 - Shipment Methods", B, RW, "Shipment methods."),
    # Three names for one page in the source's history, under page ids BC also gave to
    # opportunities (30070) and salespeoplePurchasers (30075).
    BcPage(
        "sustainabilityAccounts", "APIV2 - Sust. Accounts", B, RW, "Sustainability (CO2) accounts."
    ),
    BcPage(
        "sustainabilityAccounts",
        "APIV2 - Sustainability Account",
        B,
        RW,
        "Sustainability (CO2) accounts.",
    ),
    BcPage(
        "sustainabilityAccounts",
        "APIV2 - Sustainability Accounts",
        B,
        RW,
        "Sustainability (CO2) accounts.",
    ),
    BcPage("taxAreas", "APIV2 - Tax Areas", B, RW, "Tax areas."),
    BcPage("taxGroups", "APIV2 - Tax Groups", B, RW, "Tax groups."),
    BcPage(
        "timeRegistrationEntries",
        "APIV2 - Time Registr. Entries",
        B,
        RW,
        "Employees' time sheet entries.",
    ),
    BcPage("trialBalances", "APIV2 - Trial Balance", B, RO, "Trial balance per account (report)."),
    BcPage("unitsOfMeasure", "APIV2 - Units of Measure", B, RW, "Units of measure."),
    BcPage(
        "vendorPaymentJournals",
        "APIV2 - Vendor Paym. Journals",
        B,
        RW,
        "Journal batches of the vendor payments template.",
    ),
    BcPage("vendorPayments", "APIV2 - Vendor Payments", B, RW, "Vendor payment lines."),
    BcPage(
        "vendorPurchases", "APIV2 - Vendor Purchases", B, RO, "Purchases per vendor (query).", QUERY
    ),
    BcPage("vendors", "APIV2 - Vendors", B, RW, "Vendors."),
)

BC_API_PAGES: tuple[BcPage, ...] = BUSINESS_PAGES + OTHER_GROUP_PAGES

# Entity sets of API v2.0 that no file of the APIV2 app declares: BC's platform serves
# them (bcgraph declares both).
RUNTIME_SETS: tuple[RuntimeSet, ...] = (
    RuntimeSet("companies", "The companies of the environment, at the API root."),
    RuntimeSet("subscriptions", "Webhook subscriptions, at the API root."),
)
