"""Vendors: the plain rules (number series, unique number, payment terms that exist), and
no deleting a vendor that invoices or orders are still outstanding with (parties.py)."""

from __future__ import annotations

from sandbox.rules.parties import PartyRules


class VendorRules(PartyRules):
    def __init__(self) -> None:
        super().__init__(
            "Vendor",
            (
                ("purchaseInvoices", "vendorId", "Purchase Invoice"),
                ("purchaseOrders", "vendorId", "Purchase Order"),
            ),
        )
