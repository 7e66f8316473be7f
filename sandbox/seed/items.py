"""The item catalog invoice lines buy from, and the texts of comment lines: seed data, no
code."""

from __future__ import annotations

# Item catalog, after CRONUS: (number, description, unit cost, tax class).
ITEMS = (
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
COMMENTS = (
    "Delivered to the main warehouse",
    "Backordered items to follow",
    "Price as agreed with purchasing",
    "Freight included",
    "See attached packing slip",
    "Partial delivery, balance next week",
)
