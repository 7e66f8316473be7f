"""BC's enum types used by the entities here (AL member names, decoded)."""

from bcmodel.model import EnumType

VENDOR_BLOCKED = EnumType("vendorBlocked", (" ", "Payment", "All"))
INVOICE_STATUS = EnumType(
    "invoiceEntityAggregateStatus",
    (" ", "Draft", "In Review", "Open", "Paid", "Canceled", "Corrective"),
)
LINE_TYPE = EnumType(
    "invoiceLineAggLineType",
    ("Comment", "Account", "Item", "Resource", "Fixed Asset", "Charge", "Allocation Account"),
)
ACCOUNT_CATEGORY = EnumType(
    "glAccountCategory",
    (" ", "Assets", "Liabilities", "Equity", "Income", "Cost of Goods Sold", "Expense"),
)
ACCOUNT_TYPE = EnumType(
    "glAccountType", ("Posting", "Heading", "Total", "Begin-Total", "End-Total")
)
TAX_TYPE = EnumType("taxBufferType", ("Sales Tax", "VAT"))

ALL_ENUMS = (VENDOR_BLOCKED, INVOICE_STATUS, LINE_TYPE, ACCOUNT_CATEGORY, ACCOUNT_TYPE, TAX_TYPE)
