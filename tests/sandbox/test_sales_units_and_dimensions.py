"""Two checks the sales pages share with the purchase pages, over the sandbox's HTTP API: a
unit of measure only on an item's line, and a global dimension code that must be a value
of that dimension (docs/sandbox.md lists each with its source)."""

from __future__ import annotations

import pytest

from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}
DOCUMENTS = ["salesInvoices", "salesOrders", "salesQuotes", "salesCreditMemos"]
ITEM_LINE = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1}
ACCOUNT_LINE = {"lineType": "Account", "lineObjectNumber": "40100", "quantity": 1}


@pytest.mark.parametrize("documents", DOCUMENTS)
async def test_a_sales_line_s_unit_of_measure_is_only_for_item_lines(
    bc: BC, documents: str
) -> None:
    document = (await bc.post(documents, json={"customerNumber": "C00020"})).json()
    lines = f"{documents[:-1]}Lines"
    path = f"{documents}({document['id']})/{lines}"
    pieces = await bc.first("unitsOfMeasure", "&$filter=code eq 'PCS'")
    for unit in ({"unitOfMeasureCode": "PCS"}, {"unitOfMeasureId": pieces["id"]}):
        refused = await bc.post(path, json={**ACCOUNT_LINE, **unit})
        assert error(refused) == (
            400,
            "Application_DialogException",
            "Unit of Measure can be set only for lines with type Item.",
        )
    comment = await bc.post(path, json={"description": "Note", "unitOfMeasureCode": "PCS"})
    assert error(comment)[2] == "Unit of Measure can be set only for lines with type Item."
    item = await bc.post(path, json={**ITEM_LINE, "unitOfMeasureCode": "PCS"})
    assert item.status_code == 201, item.text
    plain = await bc.post(path, json=ACCOUNT_LINE)
    assert plain.status_code == 201, plain.text
    changed = await bc.patch(
        f"{path}({plain.json()['id']})", json={"unitOfMeasureCode": "PCS"}, headers=ANY
    )
    assert error(changed)[2] == "Unit of Measure can be set only for lines with type Item."


@pytest.mark.parametrize(
    ("documents", "table"),
    [
        ("salesInvoices", "Sales Invoice Entity Aggregate"),
        ("salesOrders", "Sales Order Entity Buffer"),
        ("salesQuotes", "Sales Quote Entity Buffer"),
        ("salesCreditMemos", "Sales Cr. Memo Entity Buffer"),
    ],
)
async def test_a_sales_document_s_global_dimension_code_must_be_a_value_of_it(
    bc: BC, documents: str, table: str
) -> None:
    # SALES is a DEPARTMENT value (global dimension 1), not a PROJECT one (2).
    refused = await bc.post(
        documents, json={"customerNumber": "C00020", "shortcutDimension2Code": "SALES"}
    )
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Shortcut Dimension 2 Code of table {table} contains a value (SALES) that "
        "cannot be found in the related table (Dimension Value).",
    )
    taken = await bc.post(
        documents, json={"customerNumber": "C00020", "shortcutDimension1Code": "sales"}
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["shortcutDimension1Code"] == "SALES"
    path = f"{documents}({taken.json()['id']})"
    moved = await bc.patch(path, json={"shortcutDimension1Code": "NOSUCH"}, headers=ANY)
    assert error(moved)[2] == (
        f"The field Shortcut Dimension 1 Code of table {table} contains a value (NOSUCH) "
        "that cannot be found in the related table (Dimension Value)."
    )
    cleared = await bc.patch(path, json={"shortcutDimension1Code": ""}, headers=ANY)
    assert cleared.status_code == 200, cleared.text
