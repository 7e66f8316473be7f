"""The seeded posted purchase receipts: in both main companies, each the goods of a posted
invoice whose order it names, line for line, and none posted to the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.directory import default_directory
from sandbox.seed import CRONUS_US_ID, FABRIKAM_LTD_ID, CompanySeed, build_seed


@pytest.fixture(scope="module")
def seeds() -> list[CompanySeed]:
    return build_seed(default_directory())


@pytest.mark.parametrize("company_id", [CRONUS_US_ID, FABRIKAM_LTD_ID])
def test_receipts_are_the_goods_of_posted_invoices(
    seeds: list[CompanySeed], company_id: str
) -> None:
    [seed] = [s for s in seeds if s.company["id"] == company_id]
    receipts = seed.rows["purchaseReceipts"]
    assert len(receipts) >= 2
    assert len({r["number"] for r in receipts}) == len(receipts)
    invoices = seed.rows["purchaseInvoices"]
    receipt_lines = seed.rows["purchaseReceiptLines"]
    invoice_lines = seed.rows["purchaseInvoiceLines"]
    ids = {str(r["id"]) for r in receipts}
    assert {str(ln["documentId"]) for ln in receipt_lines} == ids
    for receipt in receipts:
        [invoice] = [i for i in invoices if i["orderNumber"] == receipt["orderNumber"]]
        assert invoice["status"] != "Draft"
        assert (receipt["vendorNumber"], receipt["postingDate"]) == (
            invoice["vendorNumber"],
            invoice["postingDate"],
        )
        got = [
            (ln["lineObjectNumber"], Decimal(str(ln["quantity"])), Decimal(str(ln["unitCost"])))
            for ln in receipt_lines
            if ln["documentId"] == receipt["id"]
        ]
        billed = [
            (ln["lineObjectNumber"], Decimal(str(ln["quantity"])), Decimal(str(ln["unitCost"])))
            for ln in invoice_lines
            if ln["documentId"] == invoice["id"] and ln["lineType"] == "Item"
        ]
        assert got == billed and got
    # A receipt posts no G/L entry of its own.
    numbers = {r["number"] for r in receipts}
    assert not [e for e in seed.rows["_glEntries"] if e["documentNumber"] in numbers]
