"""The foreign currencies every demo company has (its local currency left out): seed data,
no code."""

from __future__ import annotations

# (code, displayName, symbol, amountDecimalPlaces, amountRoundingPrecision)
CURRENCIES = (
    ("CAD", "Canadian dollar", "$", "2:2", "0.01"),
    ("CHF", "Swiss franc", "CHF", "2:2", "0.01"),
    ("DKK", "Danish krone", "kr", "2:2", "0.01"),
    ("EUR", "Euro", "€", "2:2", "0.01"),
    ("GBP", "Pound sterling", "£", "2:2", "0.01"),
    ("JPY", "Japanese yen", "¥", "0:0", "1"),
    ("MXN", "Mexican peso", "$", "2:2", "0.01"),
    ("SEK", "Swedish krona", "kr", "2:2", "0.01"),
    ("USD", "US dollar", "$", "2:2", "0.01"),
)
