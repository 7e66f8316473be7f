"""The item catalog's master data every demo company has: categories, units, variants,
shipment methods, countries/regions and locations. Seed data, no code (catalog_rows.py
draws the rows; items.py lists the items themselves)."""

from __future__ import annotations

# (code, displayName)
ITEM_CATEGORIES = (
    ("CHAIR", "Office Chair"),
    ("DESK", "Office Desk"),
    ("MISC", "Miscellaneous"),
    ("PARTS", "Parts"),
    ("SUPPLIES", "Supplies"),
    ("TABLE", "Assorted Tables"),
)
# Item number -> category code; an item not named here is a chair.
ITEM_CATEGORY_OF = {
    "1896-S": "DESK",
    "1906-S": "DESK",
    "1920-S": "TABLE",
    "1928-S": "MISC",
    "1996-S": "MISC",
    "70000": "PARTS",
    "70001": "PARTS",
    "70002": "PARTS",
    "70010": "PARTS",
    "70104": "PARTS",
    "70100": "SUPPLIES",
    "70101": "SUPPLIES",
}
# Tax class (items.ITEMS) -> (item type, general product posting group, inventory posting
# group, sales price over unit cost). BC keeps no stock of supplies: non-inventory items,
# with no inventory posting group.
ITEM_CLASSES = {
    "goods": ("Inventory", "RETAIL", "RESALE", "1.282"),
    "materials": ("Inventory", "RAW MAT", "RAW MAT", "1.35"),
    "supplies": ("Non-Inventory", "MISC", "", "1.6"),
}
# (code, displayName, internationalStandardCode, symbol); items count in PCS.
UNITS_OF_MEASURE = (
    ("PCS", "Piece", "H87", ""),
    ("BOX", "Box", "BX", ""),
    ("CAN", "Can", "CA", ""),
    ("DAY", "Day", "DAY", ""),
    ("HOUR", "Hour", "HUR", "h"),
    ("KG", "Kilogram", "KGM", "kg"),
    ("L", "Liter", "LTR", "l"),
    ("PACK", "Pack", "PK", ""),
    ("SET", "Set", "SET", ""),
)
BASE_UNIT = "PCS"
# (item number, code, description)
ITEM_VARIANTS = (
    ("1896-S", "OAK", "ATHENS Desk, oak veneer"),
    ("1896-S", "WALNUT", "ATHENS Desk, walnut veneer"),
    ("1908-S", "FABRIC", "LONDON Swivel Chair, fabric seat"),
    ("1908-S", "LEATHER", "LONDON Swivel Chair, leather seat"),
    ("1928-S", "BRASS", "AMSTERDAM Lamp, brass finish"),
    ("1928-S", "CHROME", "AMSTERDAM Lamp, chrome finish"),
    ("70010", "LEFT", "Wooden Door, hinged left"),
    ("70010", "RIGHT", "Wooden Door, hinged right"),
)
# (code, displayName)
SHIPMENT_METHODS = (
    ("CIF", "Cost Insurance and Freight"),
    ("CIP", "Carriage and Insurance Paid"),
    ("DDP", "Delivered Duty Paid"),
    ("EXW", "Ex Warehouse"),
    ("FCA", "Free Carrier"),
    ("FOB", "Free on Board"),
    ("PICKUP", "Pickup at Location"),
)
# (code, displayName, addressFormat as BC's AL member name)
COUNTRIES_REGIONS = (
    ("AU", "Australia", "City+County+Post Code"),
    ("CA", "Canada", "City+County+Post Code"),
    ("CH", "Switzerland", "Post Code+City"),
    ("DE", "Germany", "Post Code+City"),
    ("DK", "Denmark", "Post Code+City"),
    ("ES", "Spain", "Post Code+City"),
    ("FR", "France", "Post Code+City"),
    ("GB", "Great Britain", "City+Post Code"),
    ("IT", "Italy", "Post Code+City"),
    ("JP", "Japan", "Post Code+City"),
    ("MX", "Mexico", "Post Code+City"),
    ("NL", "Netherlands", "Post Code+City"),
    ("SE", "Sweden", "Post Code+City"),
    ("US", "United States of America", "City+County+Post Code"),
)
# (code, displayName, contact, addressLine1, city, state, postalCode, phoneNumber)
US_LOCATIONS = (
    (
        "EAST",
        "East Coast Warehouse",
        "Dana Brooks",
        "200 Harbor Street",
        "Boston",
        "MA",
        "02108",
        "6175550110",
    ),
    (
        "MAIN",
        "Main Warehouse",
        "Alex Morgan",
        "1 Commerce Drive",
        "Atlanta",
        "GA",
        "31772",
        "4045550100",
    ),
    (
        "WEST",
        "West Coast Warehouse",
        "Sam Rivera",
        "48 Pier Avenue",
        "Seattle",
        "WA",
        "98101",
        "2065550120",
    ),
)
UK_LOCATIONS = (
    (
        "MAIN",
        "Main Warehouse",
        "Alex Morgan",
        "1 Commerce Way",
        "London",
        "",
        "EC1A 1BB",
        "01632 960100",
    ),
    (
        "NORTH",
        "Northern Warehouse",
        "Jamie Walsh",
        "12 Mill Lane",
        "Manchester",
        "",
        "M1 1AE",
        "01632 960120",
    ),
)
