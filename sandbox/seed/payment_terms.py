"""Payment terms and payment methods every demo company has: seed data, no code."""

from __future__ import annotations

# (code, displayName, dueDateCalculation, discountDateCalculation, discountPercent, weight)
PAYMENT_TERMS = (
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
PAYMENT_METHODS = (
    ("BANK", "Bank transfer"),
    ("CHECK", "Check"),
    ("CASH", "Cash"),
    ("CARD", "Company credit card"),
)
