"""The sandbox's demo data and the invoice arithmetic behind it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bcmodel import ENTITIES, Edm, entity_by_set
from bcmodel.balance_sheets import BALANCE_SHEET
from bcmodel.companies import COMPANY
from bcmodel.edm import EMPTY_GUID
from sandbox.directory import (
    CONTOSO_TENANT,
    FABRIKAM_TENANT,
    Directory,
    Tenant,
    default_directory,
)
from sandbox.invoicing import (
    allocate,
    balance_sheet,
    dec,
    due_date,
    invoice_totals,
    line_amounts,
    posting_entries,
    tax_percents,
)
from sandbox.seed import (
    CRONUS_US_ID,
    FABRIKAM_LTD_ID,
    SEED_AS_OF,
    CompanySeed,
    blank_row,
    build_seed,
)
from sandbox.store import record_key

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
FURNITURE = Decimal("6.00006")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds() -> list[CompanySeed]:
    return build_seed(default_directory())


@pytest.fixture(scope="module")
def by_id(seeds: list[CompanySeed]) -> dict[str, CompanySeed]:
    return {str(s.company["id"]): s for s in seeds}


def main_companies(by_id: dict[str, CompanySeed]) -> list[CompanySeed]:
    return [by_id[CRONUS_US_ID], by_id[FABRIKAM_LTD_ID]]


def canonical_sha(seeds: list[CompanySeed]) -> str:
    dump = json.dumps([asdict(s) for s in seeds], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(dump.encode()).hexdigest()


# --- determinism and shape ------------------------------------------------------


def test_two_builds_are_equal(seeds: list[CompanySeed]) -> None:
    assert build_seed(default_directory()) == seeds


def test_canonical_dump_is_stable_across_processes(seeds: list[CompanySeed]) -> None:
    # Another interpreter with another hash seed must produce the same bytes:
    # nothing may depend on set order, id(), or the clock.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.sandbox.test_seed_invoicing import canonical_sha;"
        "from sandbox.seed import build_seed;"
        "from sandbox.directory import default_directory;"
        "print(canonical_sha(build_seed(default_directory())))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    assert out.stdout.strip() == canonical_sha(seeds)


def test_companies(seeds: list[CompanySeed]) -> None:
    found = {
        (s.tenant_id, s.environment, s.company["name"], s.company["displayName"]) for s in seeds
    }
    assert found == {
        (CONTOSO_TENANT, "production", "CRONUS US", "CRONUS USA, Inc."),
        (CONTOSO_TENANT, "production", "CRONUS US TEST", "CRONUS USA Test"),
        (FABRIKAM_TENANT, "production", "Fabrikam Ltd", "Fabrikam Ltd"),
    }
    for seed in seeds:
        company = seed.company
        assert set(company) == set(COMPANY.field_names)
        assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", str(company["systemVersion"]))
        assert company["businessProfileId"] == ""
        assert DATETIME.match(str(company["systemCreatedAt"]))
        assert GUID.match(str(company["systemCreatedBy"]))


def test_only_companies_of_tenants_in_the_directory() -> None:
    directory = Directory(
        tenants=(Tenant(CONTOSO_TENANT, "contoso.example", "Contoso"),), users=(), clients=()
    )
    assert {s.company["name"] for s in build_seed(directory)} == {"CRONUS US", "CRONUS US TEST"}
    no_production = Directory(
        tenants=(Tenant(FABRIKAM_TENANT, "fabrikam.example", "Fabrikam", ("sandbox",)),),
        users=(),
        clients=(),
    )
    assert build_seed(no_production) == []


def test_companies_do_not_share_ids(seeds: list[CompanySeed]) -> None:
    seen: Counter[str] = Counter()
    for seed in seeds:
        for name, rows in seed.rows.items():
            if name != "_taxRates":  # keyed by the id of its tax group, checked below
                # What the store keys a row by: its id, or its `_key` where BC's id is
                # unique only under a parent (a dimension set line's is its dimension's).
                seen.update(record_key(r) for r in rows)
        assert {r["id"] for r in seed.rows["_taxRates"]} == {
            g["id"] for g in seed.rows["taxGroups"]
        }
    assert max(seen.values()) == 1


def test_counts(by_id: dict[str, CompanySeed]) -> None:
    for seed in main_companies(by_id):
        rows = seed.rows
        assert len(rows["vendors"]) >= 50
        assert len(rows["paymentTerms"]) >= 8
        assert len(rows["accounts"]) >= 40
        invoices = rows["purchaseInvoices"]
        assert len(invoices) >= 200
        per_invoice = Counter(str(line["documentId"]) for line in rows["purchaseInvoiceLines"])
        assert set(per_invoice) == {str(i["id"]) for i in invoices}
        assert 1 <= min(per_invoice.values()) and max(per_invoice.values()) <= 8
        statuses = Counter(str(i["status"]) for i in invoices)
        assert statuses["Open"] and statuses["Paid"]
        assert 0.3 <= statuses["Draft"] / len(invoices) <= 0.4
        assert set(statuses) <= {"Draft", "Open", "Paid"}
        years = {str(i["invoiceDate"])[:4] for i in invoices}
        assert years == {"2019", "2020", "2021"}
        kinds = Counter(str(line["lineType"]) for line in rows["purchaseInvoiceLines"])
        assert kinds["Item"] and kinds["Account"] and kinds["Comment"]
        assert any(i["discountAmount"] for i in invoices)
        assert any(line["discountPercent"] for line in rows["purchaseInvoiceLines"])


def test_cronus_vendors(by_id: dict[str, CompanySeed]) -> None:
    vendors = {str(v["number"]): v for v in by_id[CRONUS_US_ID].rows["vendors"]}
    assert vendors["10000"]["displayName"] == "Fabrikam, Inc."
    assert vendors["20000"]["displayName"] == "First Up Consultants"
    assert vendors["30000"]["displayName"] == "Wide World Importers"
    assert vendors["40000"]["displayName"] == "Graphic Design Institute"
    names = [str(v["displayName"]) for v in vendors.values()]
    assert "O'Brien Supplies" in names
    assert any(not n.isascii() for n in names)
    assert len({v["state"] for v in vendors.values() if v["country"] == "US"}) >= 15
    blocked = Counter(str(v["blocked"]) for v in vendors.values())
    assert blocked["_x0020_"] > 40 and blocked["Payment"] and blocked["All"]
    terms = {str(t["code"]): t for t in by_id[CRONUS_US_ID].rows["paymentTerms"]}
    assert terms["1M(8D)"]["discountDateCalculation"] == "8D"
    assert terms["1M(8D)"]["discountPercent"] == 2
    assert terms["COD"]["dueDateCalculation"] == "0D"
    assert terms["CM"]["dueDateCalculation"] == "CM"


def test_tax_groups_per_country(by_id: dict[str, CompanySeed]) -> None:
    us = {str(g["code"]): g for g in by_id[CRONUS_US_ID].rows["taxGroups"]}
    assert set(us) >= {"FURNITURE", "LABOR", "MATERIALS", "NONTAXABLE", "SUPPLIES"}
    assert {g["taxType"] for g in us.values()} == {"Sales_x0020_Tax"}
    uk = by_id[FABRIKAM_LTD_ID].rows
    assert {g["taxType"] for g in uk["taxGroups"]} == {"VAT"}
    assert {v["currencyCode"] for v in uk["vendors"]} == {"GBP"}
    assert tax_percents(by_id[CRONUS_US_ID].rows["_taxRates"])["FURNITURE"] == FURNITURE
    assert tax_percents(uk["_taxRates"])["STANDARD"] == 20


def _check_value(entity_set: str, name: str, value: object, field_type: Edm) -> None:
    where = f"{entity_set}.{name}={value!r}"
    assert value is not None, where
    if field_type is Edm.GUID:
        assert isinstance(value, str) and GUID.match(value), where
    elif field_type is Edm.DATE:
        assert isinstance(value, str) and DATE.match(value), where
    elif field_type is Edm.DATETIME:
        assert isinstance(value, str) and DATETIME.match(value), where
    elif field_type in (Edm.DECIMAL, Edm.INT32, Edm.INT64):
        assert isinstance(value, int | float) and not isinstance(value, bool), where
    elif field_type is Edm.BOOLEAN:
        assert isinstance(value, bool), where
    else:
        assert isinstance(value, str), where


def test_every_row_has_every_field_in_wire_form(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        for entity_set, rows in seed.rows.items():
            if entity_set.startswith("_"):
                for row in rows:
                    assert GUID.match(str(row["id"])), entity_set
                    assert None not in row.values(), entity_set
                continue
            entity = entity_by_set(entity_set)
            assert entity is not None, entity_set
            for row in rows:
                visible = {k for k in row if not k.startswith("_")}
                assert visible == set(entity.field_names), entity_set
                for field in entity.fields:
                    value = row[field.name]
                    _check_value(entity_set, field.name, value, field.type)
                    if field.enum is not None:
                        assert value in field.enum.wire_values, (entity_set, field.name, value)
                    if field.max_length is not None:
                        assert len(str(value)) <= field.max_length, (entity_set, field.name)
                    if field.code:
                        assert str(value) == str(value).upper(), (entity_set, field.name)


def test_money_has_at_most_two_decimals(seeds: list[CompanySeed]) -> None:
    money = (
        "totalAmountExcludingTax",
        "totalTaxAmount",
        "totalAmountIncludingTax",
        "discountAmount",
    )
    for seed in seeds:
        for invoice in seed.rows["purchaseInvoices"]:
            for name in money:
                assert dec(invoice[name]) == round(dec(invoice[name]), 2)
        for entry in seed.rows["_glEntries"]:
            assert dec(entry["amount"]) == round(dec(entry["amount"]), 2)


def test_blank_row_uses_blank_values() -> None:
    for entity in ENTITIES:
        row = blank_row(entity)
        assert set(row) == set(entity.field_names)
        assert None not in row.values()


# --- references -------------------------------------------------------------------


def test_references_resolve(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        rows = seed.rows
        terms = {t["id"] for t in rows["paymentTerms"]}
        methods = {m["id"] for m in rows["paymentMethods"]}
        vendors = {v["id"]: v for v in rows["vendors"]}
        accounts = {a["id"]: a for a in rows["accounts"]}
        items = {i["id"]: i for i in rows["items"]}
        tax_codes = {g["code"] for g in rows["taxGroups"]}
        invoices = {i["id"]: i for i in rows["purchaseInvoices"]}
        for vendor in vendors.values():
            assert vendor["paymentTermsId"] in terms
            assert vendor["paymentMethodId"] in methods
        for invoice in invoices.values():
            vendor = vendors[invoice["vendorId"]]
            assert invoice["vendorNumber"] == vendor["number"]
            assert invoice["vendorName"] == invoice["payToName"] == vendor["displayName"]
            assert invoice["payToVendorId"] == vendor["id"]
            assert invoice["payToContact"] == vendor["_contact"]
            assert invoice["buyFromCity"] == vendor["city"]
            assert invoice["payToPostCode"] == vendor["postalCode"]
            assert vendor["blocked"] != "All"
        for line in rows["purchaseInvoiceLines"]:
            assert line["documentId"] in invoices
            if line["lineType"] == "Item":
                item = items[line["itemId"]]
                assert line["lineObjectNumber"] == item["number"]
                assert line["unitOfMeasureId"] == item["baseUnitOfMeasureId"]
                assert line["accountId"] == EMPTY_GUID
            elif line["lineType"] == "Account":
                account = accounts[line["accountId"]]
                assert line["lineObjectNumber"] == account["number"]
                assert account["accountType"] == "Posting" and account["directPosting"]
                assert line["itemId"] == EMPTY_GUID
            else:
                assert line["itemId"] == line["accountId"] == EMPTY_GUID
                assert line["taxCode"] == "" and line["amountIncludingTax"] == 0
            if line["lineType"] != "Comment":
                assert line["taxCode"] in tax_codes
        setup = rows["_setup"][0]
        for key in ("payablesAccountId", "inventoryAccountId", "cashAccountId"):
            assert setup[key] in accounts
        for entry in rows["_glEntries"]:
            assert entry["accountId"] in accounts
            assert entry["documentId"] == EMPTY_GUID or entry["documentId"] in invoices


def test_lines_are_numbered_in_10000_steps(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        sequences: dict[str, list[int]] = defaultdict(list)
        for line in seed.rows["purchaseInvoiceLines"]:
            sequences[str(line["documentId"])].append(int(line["sequence"]))  # type: ignore[call-overload]
        for numbers in sequences.values():
            assert numbers == [10000 * (n + 1) for n in range(len(numbers))]


def test_invoice_numbers_follow_series(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        invoices = seed.rows["purchaseInvoices"]
        posted = [int(str(i["number"])) for i in invoices if i["status"] != "Draft"]
        drafts = [int(str(i["number"])) for i in invoices if i["status"] == "Draft"]
        assert posted == list(range(108001, 108001 + len(posted)))
        assert drafts == list(range(107001, 107001 + len(drafts)))
        series = {s["code"]: s for s in seed.rows["_numberSeries"]}
        assert series["purchaseInvoices+"]["lastNumber"] == str(max(posted))
        assert series["purchaseInvoices"]["lastNumber"] == str(max(drafts))


# --- amounts in the seed --------------------------------------------------------------


def test_invoice_totals_are_sums_of_lines(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        rates = tax_percents(seed.rows["_taxRates"])
        terms = {t["id"]: t for t in seed.rows["paymentTerms"]}
        vendors = {v["id"]: v for v in seed.rows["vendors"]}
        lines_of: dict[str, list[dict[str, object]]] = defaultdict(list)
        for line in seed.rows["purchaseInvoiceLines"]:
            lines_of[str(line["documentId"])].append(line)
        for invoice in seed.rows["purchaseInvoices"]:
            lines = lines_of[str(invoice["id"])]
            net = sum((dec(ln["netAmount"]) for ln in lines), Decimal(0))
            tax = sum((dec(ln["netTaxAmount"]) for ln in lines), Decimal(0))
            assert dec(invoice["totalAmountExcludingTax"]) == net
            assert dec(invoice["totalTaxAmount"]) == tax
            assert dec(invoice["totalAmountIncludingTax"]) == net + tax
            allocated = sum((dec(ln["invoiceDiscountAllocation"]) for ln in lines), Decimal(0))
            assert allocated == dec(invoice["discountAmount"])
            # Recomputing from scratch changes nothing.
            totals, recomputed = invoice_totals(invoice, lines, rates)
            assert {k: invoice[k] for k in totals} == totals
            assert recomputed == lines
            term = terms[vendors[invoice["vendorId"]]["paymentTermsId"]]
            expected_due = due_date(
                date.fromisoformat(str(invoice["invoiceDate"])), str(term["dueDateCalculation"])
            )
            assert invoice["dueDate"] == expected_due.isoformat()


def test_the_reference_invoice_is_seeded(by_id: dict[str, CompanySeed]) -> None:
    rows = by_id[CRONUS_US_ID].rows
    first = rows["purchaseInvoices"][0]
    assert (first["number"], first["vendorNumber"], first["invoiceDate"], first["dueDate"]) == (
        "108001",
        "20000",
        "2019-01-01",
        "2019-01-31",
    )
    assert (
        first["totalAmountExcludingTax"],
        first["totalTaxAmount"],
        first["totalAmountIncludingTax"],
    ) == (
        3122.8,
        187.37,
        3310.17,
    )
    [line] = [ln for ln in rows["purchaseInvoiceLines"] if ln["documentId"] == first["id"]]
    assert (line["lineObjectNumber"], line["description"], line["quantity"], line["unitCost"]) == (
        "1896-S",
        "ATHENS Desk",
        4,
        780.7,
    )
    assert line["taxPercent"] == 6.00006


def test_ledger_balances_and_flowfields(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        rows = seed.rows
        entries = rows["_glEntries"]
        by_day: dict[str, Decimal] = defaultdict(Decimal)
        for entry in entries:
            by_day[str(entry["postingDate"])] += dec(entry["amount"])
        assert set(by_day.values()) == {Decimal(0)}
        assert max(str(e["postingDate"]) for e in entries) <= SEED_AS_OF.isoformat()

        posted = {i["id"] for i in rows["purchaseInvoices"] if i["status"] != "Draft"}
        drafts = {i["id"] for i in rows["purchaseInvoices"] if i["status"] == "Draft"}
        documents = {e["documentId"] for e in entries}
        assert posted <= documents and not (drafts & documents)

        balances: dict[str, Decimal] = defaultdict(Decimal)
        for entry in entries:
            balances[str(entry["accountId"])] += dec(entry["amount"])
        accounts = {str(a["number"]): a for a in rows["accounts"]}
        for account in accounts.values():
            if account["accountType"] == "Posting":
                assert dec(account["netChange"]) == balances[str(account["id"])]
        ends = [a for a in accounts.values() if a["_totaling"]]
        assert ends
        for total in ends:
            low, high = str(total["_totaling"]).split("..")
            expected = sum(
                (balances[str(a["id"])] for n, a in accounts.items() if low <= n <= high),
                Decimal(0),
            )
            assert dec(total["netChange"]) == expected
        assert dec(accounts["19999"]["netChange"]) > 0  # assets
        assert dec(accounts["10100"]["netChange"]) > 0  # the bank account never goes dry

        # Vendor balance = open posted invoices = what payables owe the vendor.
        open_total: dict[str, Decimal] = defaultdict(Decimal)
        for invoice in rows["purchaseInvoices"]:
            if invoice["status"] == "Open":
                open_total[str(invoice["vendorId"])] += dec(invoice["totalAmountIncludingTax"])
        payables: dict[str, Decimal] = defaultdict(Decimal)
        for entry in entries:
            if entry["accountId"] == accounts["20100"]["id"]:
                payables[str(entry["vendorId"])] -= dec(entry["amount"])
        for vendor in rows["vendors"]:
            assert dec(vendor["balance"]) == open_total[str(vendor["id"])]
            assert payables[str(vendor["id"])] == open_total[str(vendor["id"])]
        assert dec(accounts["20100"]["netChange"]) == -sum(open_total.values(), Decimal(0))


# --- line and invoice arithmetic --------------------------------------------------------


def _line(**values: object) -> dict[str, object]:
    return {"lineType": "Item", "sequence": 10000, "quantity": 1, "unitCost": 0, **values}


def test_reference_sample_line() -> None:
    line = _line(quantity=4, unitCost=780.7, taxCode="FURNITURE")
    amounts = line_amounts(line, FURNITURE)
    assert amounts["amountExcludingTax"] == 3122.8
    assert amounts["totalTaxAmount"] == 187.37
    assert amounts["amountIncludingTax"] == 3310.17
    assert amounts["taxPercent"] == 6.00006
    assert (amounts["netAmount"], amounts["netTaxAmount"], amounts["netAmountIncludingTax"]) == (
        3122.8,
        187.37,
        3310.17,
    )
    assert amounts["discountAppliedBeforeTax"] is False
    totals, [priced] = invoice_totals({"discountAmount": 0}, [line], {"FURNITURE": FURNITURE})
    assert totals == {
        "discountAmount": 0,
        "discountAppliedBeforeTax": True,
        "totalAmountExcludingTax": 3122.8,
        "totalTaxAmount": 187.37,
        "totalAmountIncludingTax": 3310.17,
    }
    assert priced["amountIncludingTax"] == 3310.17
    # Numbers come back as BC prints them: whole numbers as ints.
    assert isinstance(totals["discountAmount"], int)


def test_line_discount_percent_sets_amount() -> None:
    amounts = line_amounts(_line(quantity=3, unitCost=33.33, discountPercent=10), Decimal(0))
    assert amounts["discountAmount"] == 10.0  # 99.99 x 10 % = 9.999
    assert amounts["amountExcludingTax"] == 89.99


def test_line_discount_amount_derives_percent() -> None:
    amounts = line_amounts(_line(quantity=2, unitCost=150, discountAmount=45), Decimal(10))
    assert amounts["discountPercent"] == 15
    assert amounts["amountExcludingTax"] == 255
    assert amounts["totalTaxAmount"] == 25.5
    # A kept percent wins, unless the client just wrote the amount.
    both = _line(quantity=2, unitCost=150, discountPercent=10, discountAmount=45)
    assert line_amounts(both, Decimal(0))["discountAmount"] == 30
    assert line_amounts(both, Decimal(0), prefer_amount=True)["discountPercent"] == 15
    cleared = line_amounts({**both, "discountAmount": 0}, Decimal(0), prefer_amount=True)
    assert (cleared["discountPercent"], cleared["amountExcludingTax"]) == (0, 300)


def test_bad_line_discounts() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        line_amounts(_line(quantity=1, unitCost=10, discountPercent=101), Decimal(0))
    with pytest.raises(ValueError, match="cannot be greater"):
        line_amounts(_line(quantity=1, unitCost=10, discountAmount=11), Decimal(0))


def test_comment_lines_carry_no_amounts() -> None:
    amounts = line_amounts({"lineType": "Comment", "description": "note"}, FURNITURE)
    assert all(v in (0, False) for v in amounts.values())
    totals, _ = invoice_totals({}, [{"lineType": "Comment", "sequence": 10000}], {})
    assert totals["totalAmountIncludingTax"] == 0


def test_prices_including_tax() -> None:
    line = _line(quantity=1, unitCost=120, taxCode="STANDARD")
    totals, [priced] = invoice_totals({"pricesIncludeTax": True}, [line], {"STANDARD": Decimal(20)})
    assert (
        priced["amountExcludingTax"],
        priced["totalTaxAmount"],
        priced["amountIncludingTax"],
    ) == (100, 20, 120)
    assert totals["discountAppliedBeforeTax"] is False
    assert totals["totalAmountIncludingTax"] == 120


def test_invoice_discount_allocation_sums_exactly() -> None:
    lines = [
        _line(sequence=(n + 1) * 10000, quantity=1, unitCost=100, taxCode="T") for n in range(3)
    ]
    totals, priced = invoice_totals({"discountAmount": 10}, lines, {"T": Decimal(7)})
    shares = [dec(ln["invoiceDiscountAllocation"]) for ln in priced]
    assert sum(shares) == 10 and set(shares) <= {Decimal("3.33"), Decimal("3.34")}
    assert totals["totalAmountExcludingTax"] == 290
    assert dec(totals["totalTaxAmount"]) == sum(
        (dec(ln["netTaxAmount"]) for ln in priced), Decimal(0)
    )
    for ln in priced:
        assert dec(ln["netAmount"]) == dec(ln["amountExcludingTax"]) - dec(
            ln["invoiceDiscountAllocation"]
        )


def test_allocation_property() -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        weights = [Decimal(rng.randrange(1, 100000)) / 100 for _ in range(rng.randrange(1, 9))]
        total = Decimal(rng.randrange(0, int(sum(weights) * 100))) / 100
        shares = allocate(total, weights)
        assert sum(shares) == total
        assert all(s >= 0 for s in shares)
    assert allocate(Decimal(5), [Decimal(0), Decimal(0)]) == [0, 0]


def test_comment_lines_get_no_discount_share() -> None:
    lines = [
        _line(sequence=10000, quantity=1, unitCost=50),
        {"lineType": "Comment", "sequence": 20000},
        _line(sequence=30000, quantity=1, unitCost=150),
    ]
    _, priced = invoice_totals({"discountAmount": 20}, lines, {})
    assert [ln["invoiceDiscountAllocation"] for ln in priced] == [5, 0, 15]


def test_invoice_discount_limits() -> None:
    lines = [_line(quantity=1, unitCost=10)]
    with pytest.raises(ValueError, match="cannot be greater"):
        invoice_totals({"discountAmount": 10.01}, lines, {})
    with pytest.raises(ValueError, match="negative"):
        invoice_totals({"discountAmount": -1}, lines, {})


def test_unknown_tax_code_counts_as_zero() -> None:
    totals, _ = invoice_totals({}, [_line(quantity=1, unitCost=10, taxCode="GONE")], {})
    assert totals["totalTaxAmount"] == 0


def test_inputs_are_not_modified() -> None:
    line = _line(quantity=2, unitCost=5)
    invoice = {"discountAmount": 1}
    snapshot = (dict(line), dict(invoice))
    invoice_totals(invoice, [line], {})
    assert (line, invoice) == snapshot


# --- date formulas --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "formula", "expected"),
    [
        (date(2021, 1, 5), "10D", date(2021, 1, 15)),
        (date(2021, 1, 5), "2W", date(2021, 1, 19)),
        (date(2021, 1, 31), "1M", date(2021, 2, 28)),
        (date(2020, 1, 31), "1M", date(2020, 2, 29)),
        (date(2021, 1, 15), "1Q", date(2021, 4, 15)),
        (date(2020, 2, 29), "1Y", date(2021, 2, 28)),
        (date(2021, 1, 15), "CM", date(2021, 1, 31)),
        (date(2021, 1, 15), "CM+1M", date(2021, 2, 28)),
        (date(2021, 1, 15), "1M+CM", date(2021, 2, 28)),
        (date(2021, 1, 15), "CM+10D", date(2021, 2, 10)),
        (date(2021, 1, 15), "cm+10d", date(2021, 2, 10)),
        (date(2021, 3, 1), "-1D", date(2021, 2, 28)),
        (date(2021, 1, 15), "-CM", date(2021, 1, 1)),
        (date(2021, 1, 13), "CW", date(2021, 1, 17)),  # a Wednesday; weeks end on Sunday
        (date(2021, 5, 2), "CQ", date(2021, 6, 30)),
        (date(2021, 5, 2), "CY", date(2021, 12, 31)),
        (date(2021, 5, 2), "CD", date(2021, 5, 2)),
        (date(2021, 5, 2), "0D", date(2021, 5, 2)),
        (date(2021, 5, 2), "", date(2021, 5, 2)),
        (date(2021, 5, 2), "<1M>", date(2021, 6, 2)),
        (date(2021, 5, 2), " 1M + 8D ", date(2021, 6, 10)),
    ],
)
def test_due_date(start: date, formula: str, expected: date) -> None:
    assert due_date(start, formula) == expected


@pytest.mark.parametrize(
    "formula", ["1X", "M", "C", "1M+", "++1D", "1M1D", "CM10D", "1.5D", "99999D"]
)
def test_bad_date_formula(formula: str) -> None:
    with pytest.raises(ValueError, match=r"The date formula .* is not valid"):
        due_date(date(2021, 1, 1), formula)


def test_date_formula_out_of_calendar() -> None:
    with pytest.raises(ValueError, match="not valid"):
        due_date(date(9999, 12, 1), "1M")


# --- posting -------------------------------------------------------------------------------------


def _posted(discount: float = 0) -> tuple[dict[str, object], list[dict[str, object]]]:
    invoice: dict[str, object] = {
        "id": "11111111-1111-4111-8111-111111111111",
        "number": "108500",
        "postingDate": "2020-06-30",
        "discountAmount": discount,
    }
    lines = [
        _line(sequence=10000, quantity=4, unitCost=780.7, taxCode="FURNITURE", itemId="i"),
        {
            **_line(sequence=20000, quantity=1, unitCost=99.99, taxCode="SUPPLIES"),
            "lineType": "Account",
            "accountId": "acc",
        },
        {"lineType": "Comment", "sequence": 30000},
    ]
    totals, priced = invoice_totals(invoice, lines, {"FURNITURE": FURNITURE, "SUPPLIES": FURNITURE})
    return {**invoice, **totals}, priced


VENDOR = {"id": "22222222-2222-4222-8222-222222222222", "number": "20000", "blocked": "_x0020_"}


def test_posting_entries_sum_to_zero() -> None:
    invoice, lines = _posted(discount=12.34)
    entries = posting_entries(invoice, lines, VENDOR, "ap", inventory_account_id="inv")
    assert sum(dec(e["amount"]) for e in entries) == 0
    payable = [e for e in entries if e["accountId"] == "ap"]
    assert len(payable) == 1
    assert dec(payable[0]["amount"]) == -dec(invoice["totalAmountIncludingTax"])
    assert payable[0]["vendorId"] == VENDOR["id"]
    assert {e["postingDate"] for e in entries} == {"2020-06-30"}
    assert {e["documentId"] for e in entries} == {invoice["id"]}
    assert {e["accountId"] for e in entries} == {"ap", "inv", "acc"}
    # Ids derive from the invoice, so posting twice would collide rather than duplicate.
    again = posting_entries(invoice, lines, VENDOR, "ap", inventory_account_id="inv")
    assert [e["id"] for e in entries] == [e["id"] for e in again]
    assert len({e["id"] for e in entries}) == len(entries)


def test_posting_with_a_tax_account() -> None:
    invoice, lines = _posted()
    entries = posting_entries(
        invoice, lines, VENDOR, "ap", inventory_account_id="inv", tax_account_id="tax"
    )
    amounts = {e["accountId"]: dec(e["amount"]) for e in entries}
    assert amounts["tax"] == dec(invoice["totalTaxAmount"])
    assert amounts["inv"] + amounts["acc"] == dec(invoice["totalAmountExcludingTax"])
    assert sum(amounts.values()) == 0


def test_posting_refusals() -> None:
    invoice, lines = _posted()
    with pytest.raises(ValueError, match="blocked with type All"):
        posting_entries(
            invoice, lines, {**VENDOR, "blocked": "All"}, "ap", inventory_account_id="inv"
        )
    with pytest.raises(ValueError, match="nothing to post"):
        posting_entries(invoice, [{"lineType": "Comment", "sequence": 10000}], VENDOR, "ap")
    with pytest.raises(ValueError, match="Quantity"):
        posting_entries(invoice, [{**lines[1], "quantity": 0}], VENDOR, "ap")
    with pytest.raises(ValueError, match="inventory account"):
        posting_entries(invoice, lines, VENDOR, "ap")


# --- balance sheet -------------------------------------------------------------------------------


def _sheet(seed: CompanySeed, as_of: date) -> list[dict[str, object]]:
    return balance_sheet(
        seed.rows["accounts"], seed.rows["_glEntries"], as_of, company_id=str(seed.company["id"])
    )


def _by_display(rows: list[dict[str, object]]) -> dict[str, Decimal]:
    return {str(r["display"]): dec(r["balance"]) for r in rows if r["display"]}


def test_balance_sheet_balances(seeds: list[CompanySeed]) -> None:
    for seed in seeds:
        rows = _sheet(seed, date(2020, 12, 30))
        assert [r["lineNumber"] for r in rows] == [10000 * (n + 1) for n in range(len(rows))]
        values = _by_display(rows)
        assert values["Total Assets"] > 0
        assert values["Total Liabilities and Equity"] > 0
        assert values["Total Assets"] == values["Total Liabilities and Equity"]
        assert (
            values["Total Liabilities and Equity"]
            == values["Total Liabilities"] + values["Total Equity"]
        )
        assert values["Current Year Earnings"] != 0
        for row in rows:
            assert set(row) == set(BALANCE_SHEET.field_names)
            assert row["lineType"] in ("header", "detail", "total", "spacer")
            assert row["dateFilter"] == "2020-12-30"
            assert GUID.match(str(row["id"]))
        assert rows[0]["display"] == "Assets" and rows[0]["lineType"] == "header"
        assert rows[1]["display"] == "Cash" and rows[1]["indentation"] == 1


def test_balance_sheet_balances_every_month(by_id: dict[str, CompanySeed]) -> None:
    seed = by_id[CRONUS_US_ID]
    for year in (2019, 2020, 2021):
        for month in range(1, 13):
            values = _by_display(_sheet(seed, date(year, month, 28)))
            assert values["Total Assets"] == values["Total Liabilities and Equity"]


def test_balance_sheet_ids_are_stable_per_company(by_id: dict[str, CompanySeed]) -> None:
    us, uk = by_id[CRONUS_US_ID], by_id[FABRIKAM_LTD_ID]
    first = [r["id"] for r in _sheet(us, date(2020, 12, 30))]
    assert first == [r["id"] for r in _sheet(us, date(2020, 12, 30))]
    assert first == [r["id"] for r in _sheet(us, date(2021, 6, 30))]
    assert not set(first) & {r["id"] for r in _sheet(uk, date(2020, 12, 30))}
    assert len(set(first)) == len(first)


def test_balance_sheet_of_an_empty_ledger(by_id: dict[str, CompanySeed]) -> None:
    rows = balance_sheet(by_id[CRONUS_US_ID].rows["accounts"], [], date(2018, 1, 1))
    assert {r["balance"] for r in rows} == {0}
