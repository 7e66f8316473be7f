"""What differs between a US and a UK company: currency, tax, addresses, vendors, chart
names. Seed data, no code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sandbox.seed.vendors import COMMON_VENDORS, FIXED_VENDORS, UK_VENDORS, US_VENDORS


@dataclass(frozen=True)
class Locale:
    country: str
    currency: str
    tax_type: str  # AL name of taxBufferType
    # (code, displayName, percent)
    tax_groups: tuple[tuple[str, str, str], ...]
    # tax class (see items.ITEMS, accounts.PURCHASE_ACCOUNTS) -> tax group code
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

# FURNITURE at 6.00006 % (the Olympic jurisdictions combined) is what BC's
# sample line shows: 4 x 780.7 -> 3122.8 + 187.37 tax.
US = Locale(
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
    vendor_names=FIXED_VENDORS + COMMON_VENDORS + US_VENDORS,
    account_names={},
    extra_accounts=(),
    tax_account="",
    ship_to=("7122 South Ashford Street", "Westminster", "Atlanta", "", "31772"),
    us=True,
)
UK = Locale(
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
    vendor_names=FIXED_VENDORS + COMMON_VENDORS + UK_VENDORS,
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
