"""BC's enum types used by the entities here (AL member names, decoded), each member with
what it means."""

from bcmodel.edm import EnumType


def _enum(name: str, description: str, members: dict[str, str], graphql: str = "") -> EnumType:
    return EnumType(name, tuple(members), description, tuple(members.values()), graphql)


VENDOR_BLOCKED = _enum(
    "vendorBlocked",
    "Which transactions a vendor is blocked for.",
    {
        " ": "Not blocked.",
        "Payment": "Blocked for payments: BC posts no payment to the vendor.",
        "All": "Blocked for all transactions.",
    },
)
INVOICE_STATUS = _enum(
    "invoiceEntityAggregateStatus",
    "Where a purchase invoice is in its life: a draft until posted, then open until paid.",
    {
        " ": "No status.",
        "Draft": "Not posted yet: it can still change, and `postInvoice` posts it.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Posted and not yet fully paid.",
        "Paid": "Posted and fully paid.",
        "Canceled": "Posted, then canceled by a corrective credit memo.",
        "Corrective": "Posted to cancel a posted credit memo.",
    },
    graphql="PurchaseInvoiceStatus",
)
LINE_TYPE = _enum(
    "invoiceLineAggLineType",
    "What an invoice line is for.",
    {
        "Comment": "Text only: no quantity or amount.",
        "Account": "A G/L account (`accountId`).",
        "Item": "An item (`itemId`).",
        "Resource": "A resource, such as a person's time or a machine.",
        "Fixed Asset": "A fixed asset.",
        "Charge": "An item charge, such as freight, that adds to the cost of items.",
        "Allocation Account": "An allocation account, which spreads the amount over "
        "other accounts.",
    },
    graphql="PurchaseInvoiceLineType",
)
ACCOUNT_CATEGORY = _enum(
    "glAccountCategory",
    "The category of a G/L account in the financial statements.",
    {
        " ": "No category.",
        "Assets": "Assets: what the company owns.",
        "Liabilities": "Liabilities: what the company owes.",
        "Equity": "Equity: the owners' share.",
        "Income": "Income.",
        "Cost of Goods Sold": "Cost of goods sold.",
        "Expense": "Expenses.",
    },
    graphql="AccountCategory",
)
ACCOUNT_TYPE = _enum(
    "glAccountType",
    "The role of a G/L account in the chart of accounts.",
    {
        "Posting": "An account entries are posted to.",
        "Heading": "A heading: no entries and no balance.",
        "Total": "Sums the accounts of its totaling range.",
        "Begin-Total": "Opens a range of accounts that the matching END_TOTAL sums.",
        "End-Total": "Sums the accounts since the matching BEGIN_TOTAL.",
    },
    graphql="AccountType",
)
TAX_TYPE = _enum(
    "taxBufferType",
    "Which tax system a tax group belongs to; BC sets it from the company's setup.",
    {
        "Sales Tax": "Sales tax (as in the US): the group is one of BC's Tax Groups.",
        "VAT": "VAT: the group is one of BC's VAT Product Posting Groups.",
    },
    graphql="TaxType",
)

CUSTOMER_BLOCKED = _enum(
    "customerBlocked",
    "Which transactions a customer is blocked for.",
    {
        " ": "Not blocked.",
        "Ship": "Blocked for shipping: BC ships nothing to the customer.",
        "Invoice": "Blocked for invoicing: BC creates and posts no sales document for it.",
        "All": "Blocked for all transactions.",
    },
)
# BC's enum "Contact Type", of customers and contacts alike.
CONTACT_TYPE = _enum(
    "contactType",
    "Whether a customer or contact is a company or a person.",
    {
        "Company": "A company; person contacts name it in companyNumber.",
        "Person": "A person, often at a company.",
    },
)
# BC's sales invoice aggregate has the same status enum as the purchase one; its own
# GraphQL name, since the members mean the sales side here.
SALES_INVOICE_STATUS = _enum(
    "invoiceEntityAggregateStatus",
    "Where a sales invoice is in its life: a draft until posted, then open until paid.",
    {
        " ": "No status.",
        "Draft": "Not posted yet: it can still change, and `postSalesInvoice` posts it.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Posted and not yet fully paid.",
        "Paid": "Posted and fully paid.",
        "Canceled": "Posted, then canceled by a corrective credit memo (`cancelSalesInvoice`).",
        "Corrective": "Posted to cancel a posted credit memo.",
    },
    graphql="SalesInvoiceStatus",
)
SALES_CREDIT_MEMO_STATUS = _enum(
    "salesCrMemoEntityBufferStatus",
    "Where a sales credit memo is in its life: a draft until posted, then open until used.",
    {
        " ": "No status.",
        "Draft": "Not posted yet: it can still change, and `postSalesCreditMemo` posts it.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Posted and not yet fully applied.",
        "Paid": "Posted and fully applied.",
        "Canceled": "Posted, then canceled by a corrective invoice.",
        "Corrective": "Posted to cancel a posted invoice (what `cancelSalesInvoice` makes).",
    },
    graphql="SalesCreditMemoStatus",
)
# BC's sales line aggregate shares the purchase lines' enum type.
SALES_LINE_TYPE = _enum(
    "invoiceLineAggLineType",
    "What a sales document line is for.",
    {
        "Comment": "Text only: no quantity or amount.",
        "Account": "A G/L account (`accountId`).",
        "Item": "An item (`itemId`).",
        "Resource": "A resource, such as a person's time or a machine.",
        "Fixed Asset": "A fixed asset.",
        "Charge": "An item charge, such as freight, that adds to the price of items.",
        "Allocation Account": "An allocation account, which spreads the amount over "
        "other accounts.",
    },
    graphql="SalesLineType",
)
SALES_QUOTE_STATUS = _enum(
    "salesQuoteEntityBufferStatus",
    "Where a sales quote is in its life.",
    {
        "Draft": "Not sent yet: it can change, and be made into an invoice or an order.",
        "Sent": "Sent to the customer (`sendSalesQuote`).",
        "Accepted": "Accepted by the customer.",
        "Expired": "Past its valid-until date.",
    },
    graphql="SalesQuoteStatus",
)
SALES_ORDER_STATUS = _enum(
    "salesOrderEntityBufferStatus",
    "Where a sales order is in its life.",
    {
        "Draft": "Open for changes: its lines can be added and changed.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Released for shipping.",
    },
    graphql="SalesOrderStatus",
)
ITEM_TYPE = _enum(
    "itemType",
    "What kind of item it is, which decides whether BC keeps stock of it.",
    {
        "Inventory": "A physical item BC keeps stock of: its inventory moves when it is "
        "bought and sold.",
        "Service": "A service: sold or bought, never stocked.",
        "Non-Inventory": "A physical item BC keeps no stock of, such as supplies.",
    },
)
ADDRESS_FORMAT = _enum(
    "countryRegionAddressFormat",
    "How BC lays out the city, county and postal code of an address in a country/region.",
    {
        "Post Code+City": "The postal code, then the city.",
        "City+Post Code": "The city, then the postal code.",
        "City+County+Post Code": "The city, the county (state), then the postal code.",
        "Blank Line+Post Code+City": "A blank line, then the postal code and the city.",
        "Custom": "A layout the country/region defines line by line.",
    },
    graphql="AddressFormat",
)

ALL_ENUMS = (
    VENDOR_BLOCKED,
    INVOICE_STATUS,
    LINE_TYPE,
    ACCOUNT_CATEGORY,
    ACCOUNT_TYPE,
    TAX_TYPE,
    CUSTOMER_BLOCKED,
    CONTACT_TYPE,
    SALES_INVOICE_STATUS,
    SALES_CREDIT_MEMO_STATUS,
    SALES_LINE_TYPE,
    SALES_QUOTE_STATUS,
    SALES_ORDER_STATUS,
    ITEM_TYPE,
    ADDRESS_FORMAT,
)
