"""The demo vendors' names, the fixed vendors' addresses and contact names: seed data, no
code. Which of them a company gets is its locale's choice (locales.py)."""

from __future__ import annotations

from collections.abc import Mapping

# Vendors every company has, at fixed numbers (docs and tests name them).
FIXED_VENDORS = (
    "Fabrikam, Inc.",
    "First Up Consultants",
    "Wide World Importers",
    "Graphic Design Institute",
)
COMMON_VENDORS = (
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
US_VENDORS = (
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
UK_VENDORS = (
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
US_FIXED_ADDRESSES: Mapping[str, tuple[str, str, str, str, str, str, str, str]] = {
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
GERMAN_ADDRESS = ("Königstraße 15", "Stuttgart", "", "DE", "70173", "+49 711 5550142")

FIRST_NAMES = (
    "Alex", "Jordan", "Maria", "Sam", "Priya", "Chen", "Olivia", "Liam", "Fatima", "Noah",
    "Grace", "Mateo", "Hannah", "Omar", "Sofia", "Ethan", "Aisha", "Lucas", "Emily", "Daniel",
)  # fmt: skip
LAST_NAMES = (
    "Garcia", "Smith", "Nguyen", "Patel", "Johnson", "Kim", "Brown", "Martinez", "Wilson",
    "Okafor", "Anderson", "Rossi", "Taylor", "Schmidt", "Lee", "Clark", "Haddad", "Walker",
)  # fmt: skip
