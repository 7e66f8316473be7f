"""Table relations of master data and lines, over the sandbox's HTTP API: a line's
taxCode (Tax Group or VAT Product Posting Group, by the company's setup) and an
employee's statisticsGroupCode (docs/sandbox.md lists each with its source)."""

from __future__ import annotations

import pytest

from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}
# (document set, party, line set, the line page's source table)
DOCUMENTS = (
    ("purchaseInvoices", {"vendorNumber": "20000"}, "purchaseInvoiceLines", "Purch. Inv."),
    ("purchaseOrders", {"vendorNumber": "20000"}, "purchaseOrderLines", "Purch. Inv."),
    ("purchaseCreditMemos", {"vendorNumber": "20000"}, "purchaseCreditMemoLines", "Purch. Inv."),
    ("salesInvoices", {"customerNumber": "C00020"}, "salesInvoiceLines", "Sales Invoice"),
    ("salesOrders", {"customerNumber": "C00020"}, "salesOrderLines", "Sales Invoice"),
    ("salesQuotes", {"customerNumber": "C00020"}, "salesQuoteLines", "Sales Invoice"),
    ("salesCreditMemos", {"customerNumber": "C00020"}, "salesCreditMemoLines", "Sales Invoice"),
)


async def _tax_code(bc: BC) -> str:
    return str((await bc.first("taxGroups"))["code"])


@pytest.mark.parametrize(("documents", "party", "lines", "table"), DOCUMENTS)
async def test_a_line_s_tax_code_must_name_a_tax_group(
    bc: BC, documents: str, party: dict[str, str], lines: str, table: str
) -> None:
    created = await bc.post(documents, json=party)
    assert created.status_code == 201, created.text
    path = f"{documents}({created.json()['id']})/{lines}"
    line = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1}
    refused = await bc.post(path, json={**line, "taxCode": "NOSUCH"})
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Tax Group Code of table {table} Line Aggregate contains a value (NOSUCH) "
        "that cannot be found in the related table (Tax Group).",
    )
    known = await _tax_code(bc)
    taken = await bc.post(path, json={**line, "taxCode": known.lower()})
    assert taken.status_code == 201, taken.text
    assert taken.json()["taxCode"] == known
    changed = await bc.patch(
        f"{lines}({taken.json()['id']})", json={"taxCode": "NOSUCH"}, headers=ANY
    )
    assert error(changed)[1] == "Internal_InvalidTableRelation"
    cleared = await bc.patch(f"{lines}({taken.json()['id']})", json={"taxCode": ""}, headers=ANY)
    assert cleared.status_code == 200, cleared.text


async def test_a_vat_company_s_tax_code_names_a_vat_product_posting_group(
    bc_fabrikam: BC,
) -> None:
    bc = bc_fabrikam
    vendor = await bc.first("vendors")
    line = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1, "taxCode": "XX"}
    body = {"vendorId": vendor["id"], "purchaseInvoiceLines": [line]}
    refused = await bc.post("purchaseInvoices", json=body)
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        "The field VAT Prod. Posting Group of table Purch. Inv. Line Aggregate contains a value "
        "(XX) that cannot be found in the related table (VAT Product Posting Group).",
    )
    line["taxCode"] = await _tax_code(bc)
    assert (await bc.post("purchaseInvoices", json=body)).status_code == 201


async def test_an_employee_s_statistics_group_must_exist(bc: BC) -> None:
    refused = await bc.post("employees", json={"givenName": "A", "statisticsGroupCode": "NOPE"})
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Statistics Group Code of table Employee contains a value (NOPE) that cannot "
        "be found in the related table (Employee Statistics Group).",
    )
    created = await bc.post("employees", json={"givenName": "A", "statisticsGroupCode": "hour"})
    assert created.status_code == 201, created.text
    assert created.json()["statisticsGroupCode"] == "HOUR"
    seeded = await bc.get("employees")
    assert {e["statisticsGroupCode"] for e in seeded.json()["value"]} <= {
        "MONTH",
        "14DAYS",
        "HOUR",
    }
    moved = await bc.patch(
        f"employees({created.json()['id']})", json={"statisticsGroupCode": "X"}, headers=ANY
    )
    assert error(moved)[1] == "Internal_InvalidTableRelation"
