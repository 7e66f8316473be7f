"""Deterministic demo data for the sandbox: companies with vendors, invoices and a ledger.

`build_seed(directory)` gives one `CompanySeed` per demo company whose tenant
and environment exist in the directory. Each company draws from its own
`random.Random` streams, seeded from the company id and a section name, so the
output is the same on every run and growing one company or one section leaves
the others as they were. Nothing reads the clock.

`CompanySeed.rows` maps entity set names to rows in BC wire form (every field
of the bcmodel entity, never None, no etags): `vendors`, `paymentTerms`,
`taxGroups`, `accounts`, `purchaseInvoices`, `purchaseInvoiceLines`.
`balanceSheets` is not stored: it is computed per request with
`invoicing.balance_sheet`. Hidden sets (names start with "_"; the API never
shows them):

* `_items`: id, number, description, unitCost, unitOfMeasureId,
  unitOfMeasureCode, taxCode. The catalog Item lines point at.
* `_glEntries`: id, accountId, postingDate, amount (debit-positive), documentId
  (invoice id or empty GUID), vendorId (set on payables entries), description.
  Opening balances, posted invoices (`invoicing.posting_entries`), their
  payments, and monthly sales, cost of sales, payroll and depreciation.
* `_taxRates`: id (the tax group's id), code, percent. The rate behind each
  tax group (`invoicing.tax_percents` turns them into the mapping
  `invoice_totals` takes).
* `_paymentMethods`: id, code, displayName. What vendor paymentMethodId points at.
* `_setup`: one row: id, payablesAccountId, inventoryAccountId, taxAccountId
  ("" where tax is capitalised, as in the US), cashAccountId. What
  `invoicing.posting_entries` needs.
* `_numberSeries`: id, code, lastNumber, incrementBy for "P-INV" (draft
  invoices), "P-INV+" (posted invoices) and "VEND" (vendors).

Every row, hidden ones too, has an `id` (the store keys rows by it).

Hidden keys on visible rows: vendors carry `_contact` (what an invoice's
payToContact copies); accounts carry `_totaling` ("60001..69999" on End-Total
and Total accounts, else ""), the range of posting accounts their netChange sums.
"""

from __future__ import annotations

import calendar
import random
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bcmodel.accounts import ACCOUNT
from bcmodel.companies import COMPANY
from bcmodel.model import EMPTY_GUID, Entity, encode_name
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT, Directory
from sandbox.invoicing import (
    ZERO,
    account_balances,
    dec,
    due_date,
    invoice_totals,
    posting_entries,
    round_amount,
    wire_number,
)

Row = dict[str, object]

CRONUS_US_ID = "824820a2-508c-ed11-aada-000d3a298ab3"
CRONUS_US_TEST_ID = "a3b1d7e0-508c-ed11-aada-000d3a298ab3"
FABRIKAM_LTD_ID = "5e2f8c40-7b1a-ed11-9f3c-000d3a4fab01"

# The ledger runs from the opening balances to SEED_AS_OF; account netChange
# and vendor balances are as of then. Row timestamps sit before SEED_TIME.
LEDGER_START = date(2019, 1, 1)
SEED_AS_OF = date(2021, 12, 31)
SEED_TIME = datetime(2022, 1, 3, 8, 0, tzinfo=UTC)
SYSTEM_VERSION = "27.0.38460.0"
DRAFT_SHARE = 0.35


@dataclass(frozen=True)
class CompanySeed:
    tenant_id: str
    environment: str
    company: Row  # a `companies` row
    rows: dict[str, list[Row]]  # entity set (or hidden set) -> rows


def blank_row(entity: Entity) -> Row:
    """A row of `entity` with every field at BC's blank value."""
    return {f.name: f.empty_value() for f in entity.fields}


# --- what differs between a US and a UK company -------------------------------


@dataclass(frozen=True)
class _Locale:
    country: str
    currency: str
    tax_type: str  # AL name of taxBufferType
    # (code, displayName, percent)
    tax_groups: tuple[tuple[str, str, str], ...]
    # tax class (see _ITEMS / _PURCHASE_ACCOUNTS) -> tax group code
    tax_codes: Mapping[str, str]
    # (city, state/county, postal code, phone prefix)
    cities: tuple[tuple[str, str, str, str], ...]
    streets: tuple[str, ...]
    vendor_names: tuple[str, ...]
    account_names: Mapping[str, str]  # chart overrides by number
    extra_accounts: tuple[tuple[str, str, str, str, str, bool, str], ...]
    tax_account: str  # "" = tax capitalised into the line's account
    ship_to: tuple[str, str, str, str, str]  # line1, line2, city, state, postcode
    us: bool


# Vendors every company has, at fixed numbers (docs and tests name them).
_FIXED_VENDORS = (
    "Fabrikam, Inc.",
    "First Up Consultants",
    "Wide World Importers",
    "Graphic Design Institute",
)
_COMMON_VENDORS = (
    "Nod Publishers",
    "O'Brien Supplies",
    "Müller GmbH",
    "Adatum Corporation",
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "City Power & Light",
    "Coho Winery",
    "Consolidated Messenger",
    "Contoso Pharmaceuticals",
    "Fourth Coffee",
    "Humongous Insurance",
    "Litware, Inc.",
    "Lucerne Publishing",
    "Margie's Travel",
    "Northwind Traders",
    "Proseware, Inc.",
    "Southridge Video",
    "Tailspin Toys",
    "Trey Research",
    "VanArsdel, Ltd.",
    "Woodgrove Bank",
    "Wingtip Toys",
    "Relecloud",
    "Bellows College",
    "School of Fine Art",
    "Café Olé Roasters",
)
_US_VENDORS = (
    "Olympia Office Furniture",
    "Summit Janitorial Services",
    "Lakeshore Paper Co.",
    "Redwood Freight Lines",
    "Granite State Hardware",
    "Prairie Wind Energy",
    "Harbor Point Logistics",
    "Cascade Water Systems",
    "Desert Rose Catering",
    "Peachtree Printing",
    "Keystone Plumbing Supply",
    "Magnolia Office Solutions",
    "Bluebonnet Cleaning Co.",
    "Evergreen Landscaping",
    "Big Sky Security Services",
    "Sunshine State Courier",
    "Great Lakes Tooling",
    "Old Dominion Signage",
    "Mountain View Telecom",
    "Gulf Coast Chemicals",
    "Heartland Packaging",
    "Pacific Crest Software",
    "Bayou Electric",
    "Cornerstone Staffing",
    "Ironwood Machine Works",
)
_UK_VENDORS = (
    "Thames Valley Office Supplies",
    "Pennine Haulage Ltd",
    "Cotswold Stationers",
    "Highland Timber Co.",
    "Mersey Print Works",
    "Wessex Cleaning Services",
    "Yorkshire Dales Catering",
    "Clyde Engineering Ltd",
    "Cornish Slate & Stone",
    "Kentish Courier Services",
    "Brighton Signs & Displays",
    "Lakeland Security Ltd",
    "Chiltern Software Ltd",
    "Fenland Packaging",
    "Welsh Marches Energy",
    "Tyneside Tooling",
    "Solent Marine Supplies",
    "Peak District Electrical",
    "Norfolk Broads Landscaping",
    "Midlands Staffing Solutions",
    "Humber Chemicals Ltd",
    "Ulster Linen Company",
    "Dorset Furniture Makers",
    "St Ives Telecom",
    "Fenwick & Hale Solicitors",
)

# Addresses of the fixed vendors in US companies, as BC's own demo data has them:
# number -> (line1, city, state, postcode, phone, contact, email, payment terms).
_US_FIXED_ADDRESSES: Mapping[str, tuple[str, str, str, str, str, str, str, str]] = {
    "10000": (
        "10 North Lake Avenue", "Atlanta", "GA", "31772", "4255550101",
        "Krystal York", "krystal.york@contoso.com", "1M(8D)",
    ),
    "20000": (
        "100 Day Drive", "Chicago", "IL", "61236", "4255550102",
        "Evan McIntosh", "evan.mcintosh@firstupconsultants.example.com", "30 DAYS",
    ),
    "30000": (
        "55 Industrial Park Road", "Seattle", "WA", "98101", "4255550103",
        "Toby Rhode", "toby.rhode@wideworldimporters.example.com", "14 DAYS",
    ),
    "40000": (
        "3 Willow Way", "Miami", "FL", "33131", "4255550104",
        "Jesse Homer", "jesse.homer@graphicdesigninstitute.example.com", "CM",
    ),
}  # fmt: skip
# A foreign vendor with non-ASCII address text, in every company.
_GERMAN_ADDRESS = ("Königstraße 15", "Stuttgart", "", "DE", "70173", "+49 711 5550142")

_US_CITIES = (
    ("Atlanta", "GA", "31772", "404"),
    ("Chicago", "IL", "61236", "312"),
    ("Seattle", "WA", "98101", "206"),
    ("Miami", "FL", "33131", "305"),
    ("Dallas", "TX", "75201", "214"),
    ("Houston", "TX", "77002", "713"),
    ("Denver", "CO", "80202", "303"),
    ("Phoenix", "AZ", "85004", "602"),
    ("Boston", "MA", "02108", "617"),
    ("New York", "NY", "10001", "212"),
    ("San Francisco", "CA", "94105", "415"),
    ("Los Angeles", "CA", "90012", "213"),
    ("Portland", "OR", "97204", "503"),
    ("Minneapolis", "MN", "55401", "612"),
    ("Detroit", "MI", "48226", "313"),
    ("Nashville", "TN", "37203", "615"),
    ("Charlotte", "NC", "28202", "704"),
    ("Columbus", "OH", "43215", "614"),
    ("Salt Lake City", "UT", "84101", "801"),
    ("Kansas City", "MO", "64105", "816"),
    ("Milwaukee", "WI", "53202", "414"),
    ("Baltimore", "MD", "21202", "410"),
    ("Richmond", "VA", "23219", "804"),
    ("Boise", "ID", "83702", "208"),
    ("Omaha", "NE", "68102", "402"),
    ("New Orleans", "LA", "70112", "504"),
    ("Albuquerque", "NM", "87102", "505"),
    ("Las Vegas", "NV", "89101", "702"),
    ("Pittsburgh", "PA", "15222", "412"),
    ("Indianapolis", "IN", "46204", "317"),
)
_US_STREETS = (
    "Main Street", "Oak Avenue", "Lakeview Drive", "Commerce Parkway", "Industrial Boulevard",
    "Maple Street", "Cedar Lane", "Market Street", "Washington Avenue", "Park Place",
    "River Road", "Highland Avenue", "Elm Street", "Harbor Way", "Pine Street",
    "Madison Avenue", "Franklin Street", "Broadway", "Airport Road", "Sunset Boulevard",
)  # fmt: skip
_UK_CITIES = (
    ("London", "Greater London", "EC1A 1BB", "020"),
    ("Manchester", "Greater Manchester", "M1 1AE", "0161"),
    ("Birmingham", "West Midlands", "B1 1BB", "0121"),
    ("Leeds", "West Yorkshire", "LS1 1UR", "0113"),
    ("Bristol", "Bristol", "BS1 4DJ", "0117"),
    ("Edinburgh", "Midlothian", "EH1 1YZ", "0131"),
    ("Glasgow", "Lanarkshire", "G1 1XQ", "0141"),
    ("Cardiff", "South Glamorgan", "CF10 1EP", "029"),
    ("Liverpool", "Merseyside", "L1 8JQ", "0151"),
    ("Newcastle upon Tyne", "Tyne and Wear", "NE1 7RU", "0191"),
    ("Oxford", "Oxfordshire", "OX1 1BX", "01865"),
    ("Cambridge", "Cambridgeshire", "CB2 1TN", "01223"),
    ("Reading", "Berkshire", "RG1 1AF", "0118"),
    ("Nottingham", "Nottinghamshire", "NG1 5FS", "0115"),
    ("Sheffield", "South Yorkshire", "S1 2HE", "0114"),
)
_UK_STREETS = (
    "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "King Street",
    "Queen's Road", "Park Road", "London Road", "The Green", "Bridge Street", "Market Place",
)  # fmt: skip
_FIRST_NAMES = (
    "Alex", "Jordan", "Maria", "Sam", "Priya", "Chen", "Olivia", "Liam", "Fatima", "Noah",
    "Grace", "Mateo", "Hannah", "Omar", "Sofia", "Ethan", "Aisha", "Lucas", "Emily", "Daniel",
)  # fmt: skip
_LAST_NAMES = (
    "Garcia", "Smith", "Nguyen", "Patel", "Johnson", "Kim", "Brown", "Martinez", "Wilson",
    "Okafor", "Anderson", "Rossi", "Taylor", "Schmidt", "Lee", "Clark", "Haddad", "Walker",
)  # fmt: skip

# (code, displayName, dueDateCalculation, discountDateCalculation, discountPercent, weight)
_PAYMENT_TERMS = (
    ("1M(8D)", "1 Month/2% 8 days", "1M", "8D", 2, 3),
    ("10 DAYS", "Net 10 days", "10D", "", 0, 2),
    ("14 DAYS", "Net 14 days", "14D", "", 0, 3),
    ("2 DAYS", "Net 2 days", "2D", "", 0, 1),
    ("21 DAYS", "Net 21 days", "21D", "", 0, 2),
    ("30 DAYS", "Net 30 days", "30D", "", 0, 8),
    ("60 DAYS", "Net 60 days", "60D", "", 0, 2),
    ("7 DAYS", "Net 7 days", "7D", "", 0, 1),
    ("CM", "Current month", "CM", "", 0, 2),
    ("CM+10D", "Current month + 10 days", "CM+10D", "", 0, 1),
    ("COD", "Cash on delivery", "0D", "", 0, 1),
)
_PAYMENT_METHODS = (
    ("BANK", "Bank transfer"),
    ("CHECK", "Check"),
    ("CASH", "Cash"),
    ("CARD", "Company credit card"),
)

# Chart of accounts, after CRONUS US:
# (number, name, AL account type, AL category, subCategory, directPosting, totaling).
_CHART: tuple[tuple[str, str, str, str, str, bool, str], ...] = (
    ("10000", "ASSETS", "Begin-Total", "Assets", "", False, ""),
    ("10100", "Checking Account", "Posting", "Assets", "Cash", True, ""),
    ("10200", "Savings Account", "Posting", "Assets", "Cash", True, ""),
    ("10300", "Petty Cash", "Posting", "Assets", "Cash", True, ""),
    ("10400", "Accounts Receivable", "Posting", "Assets", "Accounts Receivable", False, ""),
    ("10500", "Prepaid Rent", "Posting", "Assets", "Prepaid Expenses", True, ""),
    ("10600", "Prepaid Insurance", "Posting", "Assets", "Prepaid Expenses", True, ""),
    ("10700", "Inventory", "Posting", "Assets", "Inventory", False, ""),
    ("10800", "Equipment", "Posting", "Assets", "Equipment", True, ""),
    ("10900", "Accumulated Depreciation", "Posting", "Assets", "Accumulated Depreciation",
     True, ""),
    ("19999", "TOTAL ASSETS", "End-Total", "Assets", "", False, "10000..19999"),
    ("20000", "LIABILITIES", "Begin-Total", "Liabilities", "", False, ""),
    ("20100", "Accounts Payable", "Posting", "Liabilities", "Current Liabilities", False, ""),
    ("20200", "Purchase Discounts", "Posting", "Liabilities", "Current Liabilities", True, ""),
    ("20300", "Purchase Returns & Allowances", "Posting", "Liabilities", "Current Liabilities",
     True, ""),
    ("20400", "Deferred Revenue", "Posting", "Liabilities", "Current Liabilities", True, ""),
    ("20500", "Credit Cards", "Posting", "Liabilities", "Current Liabilities", True, ""),
    ("20600", "Sales Tax Payable", "Posting", "Liabilities", "Current Liabilities", True, ""),
    ("20700", "Accrued Salaries & Wages", "Posting", "Liabilities", "Payroll Liabilities",
     True, ""),
    ("20800", "Federal Withholding Payable", "Posting", "Liabilities", "Payroll Liabilities",
     True, ""),
    ("20900", "State Withholding Payable", "Posting", "Liabilities", "Payroll Liabilities",
     True, ""),
    ("21000", "Employee Benefits Payable", "Posting", "Liabilities", "Payroll Liabilities",
     True, ""),
    ("21100", "Vacation Compensation Payable", "Posting", "Liabilities", "Payroll Liabilities",
     True, ""),
    ("22100", "Notes Payable", "Posting", "Liabilities", "Long Term Liabilities", True, ""),
    ("29999", "TOTAL LIABILITIES", "End-Total", "Liabilities", "", False, "20000..29999"),
    ("30000", "EQUITY", "Begin-Total", "Equity", "", False, ""),
    ("30100", "Capital Stock", "Posting", "Equity", "Common Stock", True, ""),
    ("30200", "Retained Earnings", "Posting", "Equity", "Retained Earnings", True, ""),
    ("30300", "Distributions to Shareholders", "Posting", "Equity",
     "Distributions to Shareholders", True, ""),
    ("39999", "TOTAL EQUITY", "End-Total", "Equity", "", False, "30000..39999"),
    ("40000", "INCOME STATEMENT", "Heading", " ", "", False, ""),
    ("40001", "INCOME", "Begin-Total", "Income", "", False, ""),
    ("40100", "Income, Services", "Posting", "Income", "Income, Services", True, ""),
    ("40200", "Income, Product Sales", "Posting", "Income", "Income, Product Sales", True, ""),
    ("40300", "Sales Discounts", "Posting", "Income", "Sales Discounts", True, ""),
    ("40400", "Sales Returns & Allowances", "Posting", "Income", "Sales Returns & Allowances",
     True, ""),
    ("40500", "Interest Income", "Posting", "Income", "Interest Income", True, ""),
    ("49999", "TOTAL INCOME", "End-Total", "Income", "", False, "40001..49999"),
    ("50001", "COST OF GOODS SOLD", "Begin-Total", "Cost of Goods Sold", "", False, ""),
    ("50100", "Cost of Materials", "Posting", "Cost of Goods Sold", "Materials", True, ""),
    ("50200", "Cost of Labor", "Posting", "Cost of Goods Sold", "Labor", True, ""),
    ("59999", "TOTAL COST OF GOODS SOLD", "End-Total", "Cost of Goods Sold", "", False,
     "50001..59999"),
    ("60001", "EXPENSES", "Begin-Total", "Expense", "", False, ""),
    ("60100", "Rent Expense", "Posting", "Expense", "Rent Expense", True, ""),
    ("60200", "Advertising Expense", "Posting", "Expense", "Advertising Expense", True, ""),
    ("60300", "Interest Expense", "Posting", "Expense", "Interest Expense", True, ""),
    ("60400", "Bank Charges and Fees", "Posting", "Expense", "Fees Expense", True, ""),
    ("60500", "Payroll Expense", "Posting", "Expense", "Payroll Expense", True, ""),
    ("60600", "Health & Dental Insurance Expense", "Posting", "Expense", "Benefit Expense",
     True, ""),
    ("60700", "Insurance Expense", "Posting", "Expense", "Insurance Expense", True, ""),
    ("61000", "Repairs and Maintenance Expense", "Posting", "Expense",
     "Repairs and Maintenance Expense", True, ""),
    ("61100", "Utilities Expense", "Posting", "Expense", "Utilities Expense", True, ""),
    ("61200", "Office Supplies Expense", "Posting", "Expense", "Office Supplies Expense",
     True, ""),
    ("61300", "Travel Expense", "Posting", "Expense", "Travel Expense", True, ""),
    ("61400", "Vehicle Expenses", "Posting", "Expense", "Vehicle Expenses", True, ""),
    ("61500", "Professional Services", "Posting", "Expense", "Fees Expense", True, ""),
    ("61600", "Software Subscriptions", "Posting", "Expense", "Other Income & Expenses",
     True, ""),
    ("61700", "Depreciation, Equipment", "Posting", "Expense", "Depreciation Expense", True, ""),
    ("61800", "Miscellaneous Expense", "Posting", "Expense", "Other Income & Expenses", True, ""),
    ("69999", "TOTAL EXPENSES", "End-Total", "Expense", "", False, "60001..69999"),
    ("99999", "NET INCOME", "Total", " ", "", False, "40000..69999"),
)  # fmt: skip
# Accounts vendors invoice against: (number, tax class, weight). Tax classes
# map to a tax group per locale, so a UK invoice for power carries 5% VAT.
_PURCHASE_ACCOUNTS = (
    ("10600", "exempt", 1),
    ("10800", "materials", 1),
    ("50100", "materials", 3),
    ("50200", "labor", 2),
    ("60100", "zero", 2),
    ("60200", "supplies", 2),
    ("60700", "exempt", 1),
    ("61000", "labor", 3),
    ("61100", "energy", 3),
    ("61200", "supplies", 4),
    ("61300", "zero", 2),
    ("61400", "supplies", 1),
    ("61500", "labor", 3),
    ("61600", "supplies", 2),
)
# Item catalog, after CRONUS: (number, description, unit cost, tax class).
_ITEMS = (
    ("1896-S", "ATHENS Desk", "780.7", "goods"),
    ("1900-S", "PARIS Guest Chair, black", "125.1", "goods"),
    ("1906-S", "ATHENS Mobile Pedestal", "281.4", "goods"),
    ("1908-S", "LONDON Swivel Chair, blue", "123.3", "goods"),
    ("1920-S", "ANTWERP Conference Table", "420.4", "goods"),
    ("1928-S", "AMSTERDAM Lamp", "35.6", "goods"),
    ("1936-S", "BERLIN Guest Chair, yellow", "125.1", "goods"),
    ("1960-S", "ROME Guest Chair, green", "125.1", "goods"),
    ("1964-S", "TOKYO Guest Chair, blue", "125.1", "goods"),
    ("1968-S", "MEXICO Swivel Chair, black", "123.3", "goods"),
    ("1972-S", "MUNICH Swivel Chair, yellow", "123.3", "goods"),
    ("1980-S", "MOSCOW Swivel Chair, red", "123.3", "goods"),
    ("1988-S", "SEOUL Guest Chair, red", "125.1", "goods"),
    ("1996-S", "ATLANTA Whiteboard, base", "1145.2", "goods"),
    ("2000-S", "SYDNEY Swivel Chair, green", "123.3", "goods"),
    ("70000", "Side Panel", "12", "materials"),
    ("70001", "Base", "9.5", "materials"),
    ("70002", "Top Panel", "14.2", "materials"),
    ("70010", "Wooden Door", "38", "materials"),
    ("70104", "Glass Door", "32.5", "materials"),
    ("70100", "Paint, black", "4.6", "supplies"),
    ("70101", "Paint, red", "4.6", "supplies"),
)
_COMMENTS = (
    "Delivered to the main warehouse",
    "Backordered items to follow",
    "Price as agreed with purchasing",
    "Freight included",
    "See attached packing slip",
    "Partial delivery, balance next week",
)

# FURNITURE at 6.00006 % (the Olympic jurisdictions combined) is what BC's
# sample line shows: 4 x 780.7 -> 3122.8 + 187.37 tax.
_US = _Locale(
    country="US",
    currency="USD",
    tax_type="Sales Tax",
    tax_groups=(
        ("FURNITURE", "Taxable Olympic Furniture", "6.00006"),
        ("LABOR", "Labor on Job", "2.5"),
        ("MATERIALS", "Taxable Olympic Materials", "6.00006"),
        ("NONTAXABLE", "Nontaxable", "0"),
        ("SUPPLIES", "Taxable Olympic Supplies", "6.00006"),
    ),
    tax_codes={
        "goods": "FURNITURE",
        "materials": "MATERIALS",
        "supplies": "SUPPLIES",
        "labor": "LABOR",
        "energy": "NONTAXABLE",
        "zero": "NONTAXABLE",
        "exempt": "NONTAXABLE",
    },
    cities=_US_CITIES,
    streets=_US_STREETS,
    vendor_names=_FIXED_VENDORS + _COMMON_VENDORS + _US_VENDORS,
    account_names={},
    extra_accounts=(),
    tax_account="",
    ship_to=("7122 South Ashford Street", "Westminster", "Atlanta", "", "31772"),
    us=True,
)
_UK = _Locale(
    country="GB",
    currency="GBP",
    tax_type="VAT",
    tax_groups=(
        ("NO VAT", "Exempt from VAT", "0"),
        ("REDUCED", "Reduced VAT (5%)", "5"),
        ("STANDARD", "Standard VAT (20%)", "20"),
        ("ZERO", "Zero-rated VAT", "0"),
    ),
    tax_codes={
        "goods": "STANDARD",
        "materials": "STANDARD",
        "supplies": "STANDARD",
        "labor": "STANDARD",
        "energy": "REDUCED",
        "zero": "ZERO",
        "exempt": "NO VAT",
    },
    cities=_UK_CITIES,
    streets=_UK_STREETS,
    vendor_names=_FIXED_VENDORS + _COMMON_VENDORS + _UK_VENDORS,
    account_names={
        "20600": "VAT Payable",
        "20800": "PAYE Payable",
        "20900": "National Insurance Payable",
        "21100": "Holiday Pay Accrual",
        "30100": "Share Capital",
        "30300": "Dividends Paid",
    },
    # Input VAT is reclaimable, so it posts to its own account, not to cost.
    extra_accounts=(
        ("20610", "Purchase VAT", "Posting", "Liabilities", "Current Liabilities", False, ""),
    ),
    tax_account="20610",
    ship_to=("5 The Ring", "Westminster", "London", "", "W2 8HG"),
    us=False,
)


@dataclass(frozen=True)
class _CompanySpec:
    tenant_id: str
    environment: str
    id: str
    name: str
    display_name: str
    locale: _Locale
    vendors: int
    invoices: int
    created_at: datetime
    # The first US invoice is BC's documented sample (4 x ATHENS Desk).
    reference_invoice: bool


_COMPANIES = (
    _CompanySpec(
        CONTOSO_TENANT, "production", CRONUS_US_ID, "CRONUS US", "CRONUS USA, Inc.", _US,
        vendors=56, invoices=230, created_at=datetime(2018, 12, 18, 16, 55, 47, 367000, UTC),
        reference_invoice=True,
    ),
    _CompanySpec(
        CONTOSO_TENANT, "production", CRONUS_US_TEST_ID, "CRONUS US TEST", "CRONUS USA Test",
        _US, vendors=12, invoices=40,
        created_at=datetime(2018, 12, 19, 9, 12, 3, 120000, UTC), reference_invoice=True,
    ),
    _CompanySpec(
        FABRIKAM_TENANT, "production", FABRIKAM_LTD_ID, "Fabrikam Ltd", "Fabrikam Ltd", _UK,
        vendors=56, invoices=220, created_at=datetime(2018, 12, 20, 11, 4, 29, 845000, UTC),
        reference_invoice=False,
    ),
)  # fmt: skip


def build_seed(directory: Directory) -> list[CompanySeed]:
    """The demo companies of every tenant and environment the directory has."""
    seeds = []
    for spec in _COMPANIES:
        tenant = directory.tenant(spec.tenant_id)
        if tenant is not None and spec.environment in tenant.environments:
            seeds.append(_CompanyBuilder(spec).build())
    return seeds


# --- helpers ------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    """BC's datetime wire form: UTC, milliseconds, Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _before(rng: random.Random, moment: datetime, max_days: float) -> str:
    return _stamp(moment - timedelta(seconds=rng.uniform(60, max_days * 86400)))


def _on(rng: random.Random, day: date) -> str:
    """A time during office hours on `day`."""
    start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    return _stamp(start + timedelta(milliseconds=rng.randrange(9 * 3600 * 1000)))


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())


def _cents(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount between low and high, in whole cents."""
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


class _CompanyBuilder:
    """Builds one company's rows; lives only for the duration of `build()`."""

    def __init__(self, spec: _CompanySpec) -> None:
        self.spec = spec
        self.locale = spec.locale
        self.blank = {
            e.entity_set: blank_row(e)
            for e in (VENDOR, PURCHASE_INVOICE, PURCHASE_INVOICE_LINE, ACCOUNT, TAX_GROUP,
                      PAYMENT_TERM)
        }  # fmt: skip
        self.entries: list[Row] = []
        self.chart: list[Row] = []
        self.account_id: dict[str, str] = {}

    def rng(self, section: str) -> random.Random:
        # One stream per section: adding vendors must not reshuffle the ledger.
        return random.Random(f"{self.spec.id}/{section}")

    def row(self, entity_set: str, **values: object) -> Row:
        row = dict(self.blank[entity_set])
        row.update(values)
        return row

    def build(self) -> CompanySeed:
        company = self.company()
        terms = self.payment_terms()
        methods = self.payment_methods()
        tax_groups, tax_rates = self.tax_groups()
        accounts = self.chart = self.accounts()
        self.account_id = {str(a["number"]): str(a["id"]) for a in accounts}
        items = self.items()
        vendors = self.vendors(terms, methods)
        invoices, lines = self.invoices(vendors, terms, items, tax_rates)
        self.ledger()
        self.settle(accounts, vendors, invoices)
        setup_rng = self.rng("setup")
        setup: Row = {
            "id": _uuid(setup_rng),
            "payablesAccountId": self.account_id["20100"],
            "inventoryAccountId": self.account_id["10700"],
            "taxAccountId": self.account_id.get(self.locale.tax_account, ""),
            "cashAccountId": self.account_id["10100"],
        }
        drafts = [i for i in invoices if i["status"] == "Draft"]
        posted = [i for i in invoices if i["status"] != "Draft"]
        series = (
            ("P-INV", str(drafts[-1]["number"]) if drafts else "1000", 1),
            ("P-INV+", str(posted[-1]["number"]) if posted else "108000", 1),
            ("VEND", str(vendors[-1]["number"]), 10000),
        )
        number_series: list[Row] = [
            {"id": _uuid(setup_rng), "code": code, "lastNumber": last, "incrementBy": step}
            for code, last, step in series
        ]
        return CompanySeed(
            tenant_id=self.spec.tenant_id,
            environment=self.spec.environment,
            company=company,
            rows={
                "vendors": vendors,
                "paymentTerms": terms,
                "taxGroups": tax_groups,
                "accounts": accounts,
                "purchaseInvoices": invoices,
                "purchaseInvoiceLines": lines,
                "_items": items,
                "_glEntries": self.entries,
                "_taxRates": [
                    {
                        "id": g["id"],
                        "code": g["code"],
                        "percent": wire_number(tax_rates[str(g["code"])]),
                    }
                    for g in tax_groups
                ],
                "_paymentMethods": methods,
                "_setup": [setup],
                "_numberSeries": number_series,
            },
        )

    # --- setup data -------------------------------------------------------

    def company(self) -> Row:
        rng = self.rng("company")
        admin = _uuid(rng)
        created = _stamp(self.spec.created_at)
        row = blank_row(COMPANY)
        row.update(
            id=self.spec.id,
            systemVersion=SYSTEM_VERSION,
            timestamp=rng.randrange(40000, 90000),
            name=self.spec.name,
            displayName=self.spec.display_name,
            businessProfileId="",
            systemCreatedAt=created,
            systemCreatedBy=admin,
            systemModifiedAt=created,
            systemModifiedBy=admin,
        )
        return row

    def setup_time(self, rng: random.Random) -> str:
        # Setup tables were filled in the days after the company was created.
        return _stamp(self.spec.created_at + timedelta(seconds=rng.uniform(60, 5 * 86400)))

    def payment_terms(self) -> list[Row]:
        rng = self.rng("paymentTerms")
        return [
            self.row(
                "paymentTerms",
                id=_uuid(rng),
                code=code,
                displayName=name,
                dueDateCalculation=due,
                discountDateCalculation=discount_date,
                discountPercent=percent,
                calculateDiscountOnCreditMemos=False,
                lastModifiedDateTime=self.setup_time(rng),
            )
            for code, name, due, discount_date, percent, _ in _PAYMENT_TERMS
        ]

    def payment_methods(self) -> list[Row]:
        rng = self.rng("paymentMethods")
        return [
            {"id": _uuid(rng), "code": code, "displayName": name} for code, name in _PAYMENT_METHODS
        ]

    def tax_groups(self) -> tuple[list[Row], dict[str, Decimal]]:
        rng = self.rng("taxGroups")
        groups = [
            self.row(
                "taxGroups",
                id=_uuid(rng),
                code=code,
                displayName=name,
                taxType=encode_name(self.locale.tax_type),
                lastModifiedDateTime=self.setup_time(rng),
            )
            for code, name, _ in self.locale.tax_groups
        ]
        return groups, {code: Decimal(pct) for code, _, pct in self.locale.tax_groups}

    def accounts(self) -> list[Row]:
        rng = self.rng("accounts")
        chart = sorted(_CHART + self.locale.extra_accounts)
        return [
            self.row(
                "accounts",
                id=_uuid(rng),
                number=number,
                displayName=self.locale.account_names.get(number, name),
                category=encode_name(category),
                subCategory=sub,
                blocked=False,
                accountType=encode_name(account_type),
                directPosting=direct,
                consolidationTranslationMethod="Average_x0020_Rate_x0020__x0028_Manual_x0029_",
                excludeFromConsolidation=False,
                lastModifiedDateTime=self.setup_time(rng),
                _totaling=totaling,
            )
            for number, name, account_type, category, sub, direct, totaling in chart
        ]

    def items(self) -> list[Row]:
        rng = self.rng("items")
        unit_of_measure = _uuid(rng)
        return [
            {
                "id": _uuid(rng),
                "number": number,
                "description": description,
                "unitCost": wire_number(Decimal(cost)),
                "unitOfMeasureId": unit_of_measure,
                "unitOfMeasureCode": "PCS",
                "taxCode": self.locale.tax_codes[tax_class],
            }
            for number, description, cost, tax_class in _ITEMS
        ]

    # --- vendors ----------------------------------------------------------

    def vendors(self, terms: list[Row], methods: list[Row]) -> list[Row]:
        rng = self.rng("vendors")
        locale = self.locale
        term_by_code = {str(t["code"]): str(t["id"]) for t in terms}
        term_weights = [w for *_, w in _PAYMENT_TERMS]
        names = locale.vendor_names[: self.spec.vendors]
        # Blocks go to ordinary vendors, never to the fixed ones docs refer to.
        ordinary = range(len(_FIXED_VENDORS) + 1, len(names))
        blocked_count = 1 if len(names) < 20 else 5
        kinds = ("Payment", "All", "Payment", "Payment", "All")[:blocked_count]
        blocked = dict(zip(rng.sample(ordinary, blocked_count), kinds, strict=True))
        vendors = []
        for index, name in enumerate(names):
            number = str((index + 1) * 10000)
            city, state, postcode, area = rng.choice(locale.cities)
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            slug = _slug(name)
            country = locale.country
            line1 = f"{rng.randrange(1, 9000)} {rng.choice(locale.streets)}"
            line2 = rng.choice(("", "", "", "Suite 200", "Unit 4", "Floor 3"))
            if locale.us:
                phone = f"{area}555{rng.randrange(100, 200):04d}"
            else:
                phone = f"01632 960{rng.randrange(0, 1000):03d}"  # Ofcom's drama range
            contact = f"{first} {last}"
            email = f"{first}.{last}@{slug}.example.com".lower()
            term_code = rng.choices([t[0] for t in _PAYMENT_TERMS], term_weights)[0]
            fixed = _US_FIXED_ADDRESSES.get(number) if locale.us else None
            if fixed:
                line1, city, state, postcode, phone, contact, email, term_code = fixed
                line2 = ""
            elif name == "Müller GmbH":
                line1, city, state, country, postcode, phone = _GERMAN_ADDRESS
                line2 = ""
            elif index % 9 == 8:
                # Every ninth vendor is reached by phone only: BC's blank email is "".
                # (Not drawn from rng, so the rest of the seed stays as it was.)
                email = ""
            vendors.append(
                self.row(
                    "vendors",
                    id=_uuid(rng),
                    number=number,
                    displayName=name,
                    addressLine1=line1,
                    addressLine2=line2,
                    city=city,
                    state=state,
                    country=country,
                    postalCode=postcode,
                    phoneNumber=phone,
                    email=email,
                    website=f"www.{slug}.example.com" if rng.random() < 0.5 else "",
                    taxRegistrationNumber=""
                    if locale.us
                    else f"{country}{rng.randrange(100000000, 1000000000)}",
                    currencyCode=locale.currency,
                    irs1099Code=rng.choice(("NEC-01", "MISC-01", "MISC-07"))
                    if locale.us and rng.random() < 0.2
                    else "",
                    paymentTermsId=term_by_code[term_code],
                    paymentMethodId=str(rng.choice(methods)["id"]),
                    taxLiable=locale.us and rng.random() < 0.85,
                    blocked=blocked.get(index, "_x0020_"),
                    lastModifiedDateTime=_before(rng, SEED_TIME, 700),
                    _contact=contact,
                )
            )
        return vendors

    # --- invoices ---------------------------------------------------------

    def invoices(
        self,
        vendors: list[Row],
        terms: list[Row],
        items: list[Row],
        tax_rates: Mapping[str, Decimal],
    ) -> tuple[list[Row], list[Row]]:
        rng = self.rng("invoices")
        spec, locale = self.spec, self.locale
        term_by_id = {str(t["id"]): t for t in terms}
        # BC refuses to post for a vendor blocked with All, so they have no invoices.
        postable = [v for v in vendors if v["blocked"] != "All"]
        purchase_accounts = [self.account_id[n] for n, _, _ in _PURCHASE_ACCOUNTS]
        account_weights = [w for *_, w in _PURCHASE_ACCOUNTS]
        account_by_id = {self.account_id[n]: (n, c) for n, c, _ in _PURCHASE_ACCOUNTS}
        names = {str(a["id"]): str(a["displayName"]) for a in self.chart}
        span = (SEED_AS_OF - LEDGER_START).days + 1
        days = sorted(
            LEDGER_START + timedelta(days=rng.randrange(span)) for _ in range(spec.invoices)
        )
        drafts = set(rng.sample(range(spec.invoices), round(spec.invoices * DRAFT_SHARE)))
        if spec.reference_invoice:
            days[0] = LEDGER_START
            drafts.discard(0)

        invoices: list[Row] = []
        all_lines: list[Row] = []
        line1, line2, city, state, postcode = locale.ship_to
        ship_to = {
            "shipToAddressLine1": line1,
            "shipToAddressLine2": line2,
            "shipToCity": city,
            "shipToCountry": locale.country,
            "shipToState": state,
            "shipToPostCode": postcode,
        }
        posted_number, draft_number = 108000, 1000
        for index, day in enumerate(days):
            draft = index in drafts
            reference = spec.reference_invoice and index == 0
            vendor = vendors[1] if reference else rng.choice(postable)
            term = term_by_id[str(vendor["paymentTermsId"])]
            invoice_id = _uuid(rng)
            if reference:
                lines = [self.item_line(rng, invoice_id, 10000, day, items[0], Decimal(4), None)]
            else:
                lines = self.random_lines(
                    rng, invoice_id, day, items, purchase_accounts, account_weights,
                    account_by_id, names,
                )  # fmt: skip
            if draft:
                draft_number += 1
                number = str(draft_number)
            else:
                posted_number += 1
                number = str(posted_number)
            invoice = self.row(
                "purchaseInvoices",
                id=invoice_id,
                number=number,
                postingDate=day.isoformat(),
                invoiceDate=day.isoformat(),
                dueDate=due_date(day, str(term["dueDateCalculation"])).isoformat(),
                vendorInvoiceNumber=str(107000 + index + 1),
                vendorId=vendor["id"],
                vendorNumber=vendor["number"],
                vendorName=vendor["displayName"],
                payToName=vendor["displayName"],
                payToContact=vendor["_contact"],
                payToVendorId=vendor["id"],
                payToVendorNumber=vendor["number"],
                currencyCode=locale.currency,
                lastModifiedDateTime=_on(rng, day),
                **_address("buyFrom", vendor),
                **_address("payTo", vendor),
                **ship_to,
            )
            totals, lines = invoice_totals(invoice, lines, tax_rates)
            if not reference and rng.random() < 0.08 and dec(totals["totalAmountExcludingTax"]) > 0:
                # An invoice discount of a few percent, spread over the lines.
                base = dec(totals["totalAmountExcludingTax"])
                invoice["discountAmount"] = wire_number(
                    round_amount(base * rng.choice((1, 2, 3, 5)) / 100)
                )
                totals, lines = invoice_totals(invoice, lines, tax_rates)
            invoice.update(totals)
            invoice["status"] = "Draft" if draft else self.post(rng, invoice, lines, vendor, term)
            invoices.append(invoice)
            all_lines.extend(lines)
        return invoices, all_lines

    def item_line(
        self,
        rng: random.Random,
        invoice_id: str,
        sequence: int,
        day: date,
        item: Row,
        quantity: Decimal,
        unit_cost: Decimal | None,
    ) -> Row:
        return self.row(
            "purchaseInvoiceLines",
            id=_uuid(rng),
            documentId=invoice_id,
            sequence=sequence,
            itemId=item["id"],
            lineType="Item",
            lineObjectNumber=item["number"],
            description=item["description"],
            unitOfMeasureId=item["unitOfMeasureId"],
            unitOfMeasureCode=item["unitOfMeasureCode"],
            unitCost=item["unitCost"] if unit_cost is None else wire_number(unit_cost),
            quantity=wire_number(quantity),
            taxCode=item["taxCode"],
            expectedReceiptDate=day.isoformat(),
        )

    def random_lines(
        self,
        rng: random.Random,
        invoice_id: str,
        day: date,
        items: list[Row],
        purchase_accounts: list[str],
        account_weights: list[int],
        account_by_id: Mapping[str, tuple[str, str]],
        names: Mapping[str, str],
    ) -> list[Row]:
        count = rng.choices(range(1, 9), (18, 20, 18, 14, 10, 8, 6, 6))[0]
        lines: list[Row] = []
        for n in range(count):
            sequence = (n + 1) * 10000
            kind = rng.random()
            if n and kind < 0.08:
                lines.append(
                    self.row(
                        "purchaseInvoiceLines",
                        id=_uuid(rng),
                        documentId=invoice_id,
                        sequence=sequence,
                        lineType="Comment",
                        description=rng.choice(_COMMENTS),
                    )
                )
                continue
            if kind < 0.5:
                item = rng.choice(items)
                cost = dec(item["unitCost"])
                if rng.random() < 0.2:  # a negotiated price now and then
                    cost = round_amount(cost * Decimal(rng.randrange(90, 111)) / 100)
                line = self.item_line(
                    rng, invoice_id, sequence, day, item, Decimal(rng.randrange(1, 13)), cost
                )
            else:
                account_id = rng.choices(purchase_accounts, account_weights)[0]
                number, tax_class = account_by_id[account_id]
                line = self.row(
                    "purchaseInvoiceLines",
                    id=_uuid(rng),
                    documentId=invoice_id,
                    sequence=sequence,
                    accountId=account_id,
                    lineType="Account",
                    lineObjectNumber=number,
                    description=names[account_id],
                    unitCost=wire_number(_cents(rng, 20, 2500)),
                    quantity=rng.choice((1, 1, 1, 1, 2, 3, 5, 10)),
                    taxCode=self.locale.tax_codes[tax_class],
                    expectedReceiptDate=day.isoformat(),
                )
            if rng.random() < 0.1:
                line["discountPercent"] = rng.choice((2, 5, 10, 15))
            lines.append(line)
        return lines

    def post(
        self, rng: random.Random, invoice: Row, lines: list[Row], vendor: Row, term: Row
    ) -> str:
        """Post the invoice to the ledger, pay it if it is due; return its status."""
        day = date.fromisoformat(str(invoice["invoiceDate"]))
        self.entries.extend(
            posting_entries(
                invoice,
                lines,
                vendor,
                self.account_id["20100"],
                inventory_account_id=self.account_id["10700"],
                tax_account_id=self.account_id.get(self.locale.tax_account, ""),
            )
        )
        due = date.fromisoformat(str(invoice["dueDate"]))
        paid_on = max(day, due - timedelta(days=rng.randrange(0, 6)))
        if term["discountDateCalculation"] and rng.random() < 0.5:
            paid_on = due_date(day, str(term["discountDateCalculation"]))
        # Not yet due, vendor blocked for payment, or (rarely, more often when
        # recent) simply not paid yet.
        unpaid_share = 0.04 if (SEED_AS_OF - paid_on).days > 180 else 0.25
        if paid_on > SEED_AS_OF or vendor["blocked"] != "_x0020_" or rng.random() < unpaid_share:
            return "Open"
        total = dec(invoice["totalAmountIncludingTax"])
        text = f"Payment {invoice['number']}"
        for number, amount, vendor_id in (
            ("20100", total, str(vendor["id"])),
            ("10100", -total, EMPTY_GUID),
        ):
            self.entries.append(
                _gl(rng, self.account_id[number], paid_on, amount, text, str(invoice["id"]),
                    vendor_id)
            )  # fmt: skip
        return "Paid"

    # --- the rest of the ledger ---------------------------------------------

    def ledger(self) -> None:
        """Opening balances and each month's sales, cost of sales, payroll, depreciation.

        Purchases alone would drain the bank account and pile up inventory;
        these entries keep the balance sheet plausible. Every transaction
        balances on its own date, so the ledger balances on every date.
        """
        rng = self.rng("ledger")
        acct = self.account_id
        opening = {
            "10100": _cents(rng, 180000, 260000),
            "10200": _cents(rng, 200000, 300000),
            "10300": Decimal(500),
            "10400": _cents(rng, 60000, 120000),
            "10600": _cents(rng, 4000, 8000),
            "10700": _cents(rng, 90000, 150000),
            "10800": _cents(rng, 200000, 280000),
            "10900": -_cents(rng, 40000, 60000),
            "22100": -_cents(rng, 100000, 200000),
            "30100": -Decimal(300000),
        }
        opening["30200"] = -sum(opening.values(), ZERO)  # retained earnings balance it

        # What the invoices bought each month, to size sales and cost of sales.
        purchases: dict[str, Decimal] = defaultdict(lambda: ZERO)
        stocked: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for entry in self.entries:
            period = str(entry["postingDate"])[:7]
            amount = dec(entry["amount"])
            if entry["accountId"] == acct["20100"] and amount < 0:
                purchases[period] -= amount
            elif entry["accountId"] == acct["10700"]:
                stocked[period] += amount

        for number, amount in opening.items():
            self.entries.append(_gl(rng, acct[number], LEDGER_START, amount, "Opening balance"))
        month = LEDGER_START
        while month <= SEED_AS_OF:
            end = _month_end(month)
            key = month.isoformat()[:7]
            sales = round_amount(
                purchases[key] * Decimal(rng.randrange(110, 131)) / 100 + _cents(rng, 15000, 25000)
            )
            services = round_amount(sales * Decimal(rng.randrange(25, 41)) / 100)
            cost = round_amount(stocked[key] * Decimal(rng.randrange(75, 96)) / 100)
            payroll = _cents(rng, 18000, 24000)
            transactions = (
                ("Sales", (("10100", sales), ("40100", -services), ("40200", services - sales))),
                ("Cost of sales", (("50100", cost), ("10700", -cost))),
                ("Payroll", (("60500", payroll), ("10100", -payroll))),
                ("Depreciation", (("61700", Decimal(2000)), ("10900", Decimal(-2000)))),
            )
            for text, postings in transactions:
                for number, amount in postings:
                    if amount:
                        self.entries.append(_gl(rng, acct[number], end, amount, text))
            month = end + timedelta(days=1)
        self.entries.sort(key=lambda e: str(e["postingDate"]))

    def settle(self, accounts: list[Row], vendors: list[Row], invoices: list[Row]) -> None:
        """Fill the FlowFields: account netChange and vendor balance, as of SEED_AS_OF."""
        balances = account_balances(self.entries, SEED_AS_OF)
        by_number = {str(a["number"]): balances.get(str(a["id"]), ZERO) for a in accounts}
        for account in accounts:
            totaling = str(account["_totaling"])
            if account["accountType"] == "Posting":
                change = by_number[str(account["number"])]
            elif totaling:
                # Only posting accounts carry entries, so summing the range is enough.
                low, high = totaling.split("..")
                change = sum((b for n, b in by_number.items() if low <= n <= high), ZERO)
            else:
                change = ZERO
            account["netChange"] = wire_number(change)
        open_by_vendor: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for invoice in invoices:
            if invoice["status"] == "Open":
                open_by_vendor[str(invoice["vendorId"])] += dec(invoice["totalAmountIncludingTax"])
        for vendor in vendors:
            vendor["balance"] = wire_number(open_by_vendor[str(vendor["id"])])


def _address(prefix: str, vendor: Mapping[str, object]) -> Row:
    return {
        f"{prefix}AddressLine1": vendor["addressLine1"],
        f"{prefix}AddressLine2": vendor["addressLine2"],
        f"{prefix}City": vendor["city"],
        f"{prefix}Country": vendor["country"],
        f"{prefix}State": vendor["state"],
        f"{prefix}PostCode": vendor["postalCode"],
    }


def _gl(
    rng: random.Random,
    account_id: str,
    day: date,
    amount: Decimal,
    description: str,
    document_id: str = EMPTY_GUID,
    vendor_id: str = EMPTY_GUID,
) -> Row:
    return {
        "id": _uuid(rng),
        "accountId": account_id,
        "postingDate": day.isoformat(),
        "amount": wire_number(amount),
        "documentId": document_id,
        "vendorId": vendor_id,
        "description": description,
    }
